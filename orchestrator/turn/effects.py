"""After the commit: execute confirmed actions, deliver replies, settle, decide the messages' fate.

Runs without the session lock (the commit released it): SQS's FIFO group still keeps the
session's next message back until this one is deleted.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

import structlog

from orchestrator import machine
from orchestrator.clock import epoch_ms
from orchestrator.errors import (
    InvalidTransition,
    PermanentFailure,
    PermanentIntegrationError,
    RetryLater,
    TransientIntegrationError,
    VersionConflict,
)
from orchestrator.integrations.base import ReplySink
from orchestrator.machine.transition import PartKind, ReplyPart
from orchestrator.models import ActionChange, ActionStatus, PendingAction, Reply, Role, Turn
from orchestrator.store.base import CommitPlan, SessionRecord
from orchestrator.turn.context import TurnDeps, TurnStats, commit_plan, derive_id, fetch_shift

log = structlog.get_logger(__name__)


async def follow_up(deps: TurnDeps, record: SessionRecord, failed: set[str], stats: TurnStats) -> SessionRecord:
    """Execute first the actions whose outcome changes the conversation (a cancellation makes the
    backend offer substitutes), then let the machine react to the fresh shift, in a second commit.

    Runs for leftovers too, so a worker that died between the two commits is caught up."""
    follow_ups = [action for action in record.unexecuted if machine.needs_refresh_after(action)]
    executed = await _execute(deps, follow_ups, failed, stats)
    if not executed:
        return record
    now = deps.clock()
    shift = await fetch_shift(deps.backend, record.session_id, stats)
    state, parts = record.state, list[ReplyPart]()
    for action in executed:
        transition = machine.after_execution(state, action, shift, now, deps.config)
        state = transition.state
        parts.extend(transition.parts)
    done = {action.action_id for action in executed}
    outbox = tuple(
        reply.model_copy(
            update={
                "text": machine.compose([ReplyPart(code="previous", text=reply.text, kind=PartKind.NOTICE), *parts])
            }
        )
        if reply.after_actions and done & set(reply.after_actions)
        else reply
        for reply in record.outbox
    )
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
        for a in executed
    )
    plan = CommitPlan(
        record=new_record,
        expected_version=record.version,
        lease=None,
        actions=moves,
        request_token=derive_id("follow-up", record.session_id, str(record.version)),
    )
    try:
        return await commit_plan(deps.sessions, plan)
    except VersionConflict as exc:
        raise RetryLater("session changed during a follow-up") from exc


async def finish(deps: TurnDeps, record: SessionRecord, own_ids: set[str], failed: set[str], stats: TurnStats) -> None:
    """Execute confirmed actions, deliver ready replies, settle; then decide the messages' fate.

    `own_ids` are the events of this turn (fresh or redelivered): only a failure of the actions
    *they confirmed* keeps their messages on the queue; an older action's failure never fails
    another message (it is retried by every later turn and by a redrive).
    """
    pending = [action for action in record.unexecuted if action.action_id not in failed]
    executed = await _execute(deps, pending, failed, stats)
    done = {action.action_id for action in executed}
    waiting = {action.action_id for action in record.unexecuted} - done
    delivery = await _deliver(deps.sink, record, waiting, set(stats.rejected), stats)
    if delivery or executed:
        await asyncio.shield(_settle(deps, record, delivery, executed))
    own_failed = [a for a in record.unexecuted if a.action_id in waiting and a.confirmed_by in own_ids]
    rejected = [a for a in own_failed if a.action_id in stats.rejected]
    if rejected:
        raise PermanentFailure(f"{rejected[0].kind} rejected by the backend: {stats.rejected[rejected[0].action_id]}")
    if own_failed:
        raise RetryLater(f"{own_failed[0].kind} not executed: backend unavailable")
    if delivery.error is not None:
        raise RetryLater(f"reply delivery failed: {delivery.error}")


async def _settle(deps: TurnDeps, record: SessionRecord, delivery: _Delivery, executed: list[PendingAction]) -> None:
    """Record the turn's effects, with the texts sent outside the commit as conversation lines.
    If another executor recorded an action first (a duplicate turn raced us), its record stands
    and only our deliveries and notices remain to be recorded."""
    first = max(epoch_ms(deps.clock()), record.last_turn_ms + 1)
    lines = [
        Turn(
            session_id=record.session_id,
            at_ms=first + index,
            role=Role.BOT,
            text=reply.text,
            message_id=reply.in_reply_to,
        )
        for index, reply in enumerate(delivery.lines)
    ]
    settle = functools.partial(
        deps.sessions.settle, record.session_id, delivered=delivery.delivered, notified=delivery.notified, turns=lines
    )
    try:
        await settle(executed=executed)
    except InvalidTransition:
        log.info("settle_raced", actions=len(executed))
        await settle()


async def _execute(
    deps: TurnDeps, actions: Sequence[PendingAction], failed: set[str], stats: TurnStats
) -> list[PendingAction]:
    """Call the backend for each action (its Idempotency-Key is the action id); collect successes."""
    executed = []
    for action in actions:
        try:
            await deps.backend.execute(action)
        except TransientIntegrationError:
            outcome = "transient_error"
        except PermanentIntegrationError as exc:
            outcome = "rejected"
            stats.rejected[action.action_id] = f"HTTP {exc.status_code}"
        else:
            outcome = "ok"
            executed.append(action)
        stats.backend_outcomes.append(outcome)
        if outcome != "ok":
            failed.add(action.action_id)
            stats.execution_failures += 1
            log.warning("action_not_executed", action_id=action.action_id, kind=action.kind, outcome=outcome)
    stats.executed += len(executed)
    return executed


@dataclass
class _Delivery:
    """What the caregiver was sent by one `_deliver`."""

    delivered: list[str] = field(default_factory=list)  # outbox replies done with (sent or refused for good)
    notified: list[str] = field(default_factory=list)  # actions the caregiver was told are not saved yet
    lines: list[Reply] = field(default_factory=list)  # sent texts the commit did not put in the conversation
    error: str | None = None

    def __bool__(self) -> bool:
        return bool(self.delivered or self.notified or self.lines)


async def _deliver(
    sink: ReplySink, record: SessionRecord, waiting: set[str], rejected: set[str], stats: TurnStats
) -> _Delivery:
    """Deliver outbox replies in order. A reply whose actions are still waiting is held back;
    the caregiver hears once, instead, that saving is delayed (or, when the backend refused an
    action, that the team will look into it). Stops at the first failure."""
    done = _Delivery()
    for reply in record.outbox:
        blocked = [action_id for action_id in reply.after_actions if action_id in waiting]
        try:
            if not blocked:
                await sink.deliver(reply)
                stats.delivered += 1
                done.delivered.append(reply.reply_id)
                if reply.after_actions:  # held replies enter the conversation when actually sent
                    done.lines.append(reply)
            elif reply.delayed_text and not set(blocked) <= set(record.delay_notified):
                text = machine.as_rejected(reply.delayed_text) if rejected & set(blocked) else reply.delayed_text
                notice = reply.model_copy(update={"reply_id": f"{reply.reply_id}-delayed", "text": text})
                await sink.deliver(notice)
                done.notified.extend(blocked)
                done.lines.append(notice)
        except TransientIntegrationError as exc:
            done.error = str(exc)
            return done
        except PermanentIntegrationError as exc:
            # The sink refuses this reply for good (e.g. an invalid number): holding it would
            # block every later reply of the session. It is kept in ConversationBuffer.
            log.error("reply_rejected", reply_id=reply.reply_id, status=exc.status_code)
            done.delivered.append(reply.reply_id)
            if reply.after_actions:
                done.lines.append(reply)
    return done
