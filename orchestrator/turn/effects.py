"""After the commit: execute confirmed actions (follow-ups first), and settle what was done.

Runs without the session lock (the commit released it): SQS's FIFO group still keeps the
session's next message back until this one is deleted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import structlog

from orchestrator import machine
from orchestrator.clock import epoch_ms
from orchestrator.errors import (
    InvalidTransition,
    PermanentIntegrationError,
    RetryLater,
    TransientIntegrationError,
    VersionConflict,
)
from orchestrator.ids import derive_id
from orchestrator.models import ActionChange, ActionStatus, PendingAction
from orchestrator.store.base import CommitPlan, SessionRecord, Settlement
from orchestrator.turn import channel
from orchestrator.turn.context import TurnDeps, TurnStats, commit, fetch_shift
from orchestrator.turn.delivery import Delivery

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Execution:
    """What calling the backend for some confirmed actions came to."""

    executed: tuple[PendingAction, ...] = ()
    failed: frozenset[str] = frozenset()  # ids of actions not executed (backend down or refusing)
    refused: Mapping[str, str] = field(default_factory=dict)  # id -> why the backend refused it (4xx)

    def __add__(self, later: Execution) -> Execution:
        return Execution(
            executed=(*self.executed, *later.executed),
            failed=self.failed | later.failed,
            refused={**self.refused, **later.refused},
        )


async def execute_actions(deps: TurnDeps, actions: Sequence[PendingAction], stats: TurnStats) -> Execution:
    """Call the backend for each action (its Idempotency-Key is the action id)."""
    executed: list[PendingAction] = []
    failed: set[str] = set()
    refused: dict[str, str] = {}
    for action in actions:
        try:
            await deps.backend.execute(action)
        except TransientIntegrationError:
            outcome = "transient_error"
        except PermanentIntegrationError as exc:
            outcome = "rejected"
            refused[action.action_id] = f"HTTP {exc.status_code}"
        else:
            outcome = "ok"
            executed.append(action)
        if outcome != "ok":
            failed.add(action.action_id)
            log.warning("action_not_executed", action_id=action.action_id, kind=action.kind, outcome=outcome)
    return Execution(executed=tuple(executed), failed=frozenset(failed), refused=refused)


async def follow_up(deps: TurnDeps, record: SessionRecord, stats: TurnStats) -> tuple[SessionRecord, Execution]:
    """Execute first the actions whose outcome changes the conversation (a cancellation makes the
    backend offer substitutes), then let the machine react to the fresh shift, in a second commit.

    Runs for leftovers too, so a worker that died between the two commits is caught up.

    Raises:
        RetryLater: the session changed meanwhile; the next turn catches up.
    """
    follow_ups = [action for action in record.unexecuted if machine.needs_refresh_after(action)]
    execution = await execute_actions(deps, follow_ups, stats)
    if not execution.executed:
        return record, execution
    now = deps.clock()
    shift = await fetch_shift(deps.backend, record.session_id)
    state, parts = record.state, list[machine.ReplyPart]()
    for action in execution.executed:
        transition = machine.after_execution(state, action, shift, now, deps.config)
        state = transition.state
        parts.extend(transition.parts)
    done = {action.action_id for action in execution.executed}
    outbox = tuple(reply.followed_by(parts) if done & set(reply.after_actions) else reply for reply in record.outbox)
    new_record = record.model_copy(
        update={
            "state": state,
            "unexecuted": tuple(a for a in record.unexecuted if a.action_id not in done),
            "outbox": outbox,
            "updated_at": now,
        }
    )
    moves = tuple(
        ActionChange(action=a.model_copy(update={"status": ActionStatus.EXECUTED}), previous=ActionStatus.CONFIRMED)
        for a in execution.executed
    )
    plan = CommitPlan(
        record=new_record,
        expected_version=record.version,
        lease=None,
        actions=moves,
        request_token=derive_id("follow-up", record.session_id, str(record.version)),
    )
    try:
        return await commit(deps.sessions, plan), execution
    except VersionConflict as exc:
        raise RetryLater("session changed during a follow-up") from exc


async def settle(
    deps: TurnDeps,
    record: SessionRecord,
    delivery: Delivery,
    executed: Sequence[PendingAction],
    resolved: Sequence[str] = (),
) -> None:
    """Record the turn's effects, with the texts sent outside the commit as conversation lines,
    and clear the failure reasons of the `resolved` events (done now).
    If another executor recorded an action first (a duplicate turn raced us), its record stands
    and only our deliveries and notices remain to be recorded."""
    first = max(epoch_ms(deps.clock()), record.last_turn_ms + 1)
    lines = [channel.bot_line(reply, first + index) for index, reply in enumerate(delivery.lines)]
    settlement = Settlement(
        delivered=delivery.delivered,
        executed=executed,
        notified=delivery.notified,
        turns=lines,
        sent=delivery.sent,
        resolved=tuple(resolved),
    )
    try:
        await deps.sessions.settle(record.session_id, settlement)
    except InvalidTransition:
        log.info("settle_raced", actions=len(executed))
        await deps.sessions.settle(record.session_id, settlement.model_copy(update={"executed": ()}))
