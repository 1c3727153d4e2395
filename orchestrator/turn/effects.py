"""After the commit: execute confirmed actions, deliver replies, settle, decide the messages' fate.

Runs without the session lock (the commit released it): SQS's FIFO group still keeps the
session's next message back until this one is deleted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import structlog

from orchestrator import machine
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
from orchestrator.models import ActionChange, ActionStatus, PendingAction
from orchestrator.store.base import CommitPlan, SessionRecord, SessionStore
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
    delivered, notified, delivery_error = await _deliver(deps.sink, record, waiting, set(stats.rejected), stats)
    if delivered or executed or notified:
        await asyncio.shield(_settle(deps.sessions, record.session_id, delivered, executed, notified))
    own_failed = [a for a in record.unexecuted if a.action_id in waiting and a.confirmed_by in own_ids]
    rejected = [a for a in own_failed if a.action_id in stats.rejected]
    if rejected:
        raise PermanentFailure(f"{rejected[0].kind} rejected by the backend: {stats.rejected[rejected[0].action_id]}")
    if own_failed:
        raise RetryLater(f"{own_failed[0].kind} not executed: backend unavailable")
    if delivery_error is not None:
        raise RetryLater(f"reply delivery failed: {delivery_error}")


async def _settle(
    sessions: SessionStore,
    session_id: str,
    delivered: list[str],
    executed: list[PendingAction],
    notified: list[str],
) -> None:
    """Record the turn's effects. If another executor recorded an action first (a duplicate turn
    raced us), its record stands and only our deliveries and notices remain to be recorded."""
    try:
        await sessions.settle(session_id, delivered=delivered, executed=executed, notified=notified)
    except InvalidTransition:
        log.info("settle_raced", actions=len(executed))
        await sessions.settle(session_id, delivered=delivered, notified=notified)


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


async def _deliver(
    sink: ReplySink, record: SessionRecord, waiting: set[str], rejected: set[str], stats: TurnStats
) -> tuple[list[str], list[str], str | None]:
    """Deliver outbox replies in order. A reply whose actions are still waiting is held back;
    the caregiver hears once, instead, that saving is delayed (or, when the backend refused an
    action, that the team will look into it). Stops at the first failure."""
    delivered: list[str] = []
    notified: list[str] = []
    for reply in record.outbox:
        blocked = [action_id for action_id in reply.after_actions if action_id in waiting]
        try:
            if not blocked:
                await sink.deliver(reply)
                delivered.append(reply.reply_id)
                stats.delivered += 1
            elif reply.delayed_text and not set(blocked) <= set(record.delay_notified):
                text = machine.as_rejected(reply.delayed_text) if rejected & set(blocked) else reply.delayed_text
                notice = reply.model_copy(update={"reply_id": f"{reply.reply_id}-delayed", "text": text})
                await sink.deliver(notice)
                notified.extend(blocked)
        except TransientIntegrationError as exc:
            return delivered, notified, str(exc)
        except PermanentIntegrationError as exc:
            # The sink refuses this reply for good (e.g. an invalid number): holding it would
            # block every later reply of the session. It stays in ConversationBuffer.
            log.error("reply_rejected", reply_id=reply.reply_id, status=exc.status_code)
            delivered.append(reply.reply_id)
    return delivered, notified, None
