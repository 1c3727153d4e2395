"""`process_turn`: one turn of one session, from lock to settle, phase by phase.

lease ┬ per event: [shift] understand step ─ COMMIT ─ [follow-up] ─ execute ─ deliver ─ settle ─ fate
load ─┘ (at once: one round trip; the load is dropped when the lock is busy)
└──────────── LeaseKeeper ───────────────────────────┘  (the commit releases the lock)
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from orchestrator import machine
from orchestrator.errors import PermanentFailure, RetryLater
from orchestrator.models import InboundEvent
from orchestrator.store.base import SessionRecord
from orchestrator.turn.apply import apply_events
from orchestrator.turn.context import TurnDeps, TurnStats
from orchestrator.turn.delivery import Delivery, deliver_replies
from orchestrator.turn.effects import Execution, execute_actions, follow_up, settle
from orchestrator.turn.lease import LeaseKeeper
from orchestrator.turn.steps import FailedEvent


async def process_turn(
    deps: TurnDeps, session_id: str, events: Sequence[InboundEvent], stats: TurnStats | None = None
) -> TurnStats:
    """Run one turn for `events` (in queue order) of one session.

    `stats` is filled as the turn goes, so a caller that passes its own sees what happened
    even when the turn raises.

    Raises:
        LockBusy: another live holder has the session; give the messages back for a moment.
        RetryLater: leave the messages on the queue (backend or sink failing, repeated conflicts).
        PermanentFailure: retrying cannot help (a refused action, an event that failed
            unexpectedly); the reason is recorded on the session.
    """
    stats = stats if stats is not None else TurnStats()
    # Started before the lock is asked for: both calls share one round trip.
    loading = asyncio.ensure_future(deps.sessions.load(session_id))
    try:
        async with LeaseKeeper.hold(deps.locks, session_id, deps.owner, deps.clock) as keeper:
            applied = await apply_events(deps, session_id, events, keeper, stats, loaded=loading)
    finally:
        _drop(loading)
    record, earlier = applied.record, Execution()
    if any(machine.needs_refresh_after(action) for action in record.unexecuted):
        record, earlier = await follow_up(deps, record, stats)
    pending = [action for action in record.unexecuted if action.action_id not in earlier.failed]
    execution = await execute_actions(deps, pending, stats)
    waiting = {action.action_id for action in record.unexecuted} - {a.action_id for a in execution.executed}
    everything = earlier + execution
    delivery = await deliver_replies(
        deps.sink, record, applied.unsent, waiting=waiting, refused=set(everything.refused), stats=stats
    )
    own_ids = {event.event_id for event in events}
    fate = _fate(record, own_ids, waiting=waiting, execution=everything, delivery=delivery, failed=applied.failed)
    # Messages processed by an earlier receive whose effects failed then (a reason was recorded)
    # and are done now: the settle clears the reason. (Those processed by this turn's commit were
    # cleared by it.) Without such a reason, no call is added.
    resolved = [] if fate is not None else [e.event_id for e in events if e.event_id in record.failed]
    if delivery or execution.executed or resolved:
        await asyncio.shield(settle(deps, record, delivery, execution.executed, list(dict.fromkeys(resolved))))
    if fate is not None:
        raise fate
    return stats


def _drop(loading: asyncio.Future[SessionRecord]) -> None:
    """A load the turn did not use (lock busy, or the lock call failed) is cancelled; its outcome,
    an error included, is taken so that asyncio does not report it as never retrieved."""
    if loading.done():
        _take_outcome(loading)
    else:
        loading.cancel()
        loading.add_done_callback(_take_outcome)


def _take_outcome(loading: asyncio.Future[SessionRecord]) -> None:
    if not loading.cancelled():
        loading.exception()


def _fate(
    record: SessionRecord,
    own_ids: set[str],
    *,
    waiting: set[str],
    execution: Execution,
    delivery: Delivery,
    failed: Sequence[FailedEvent],
) -> RetryLater | PermanentFailure | None:
    """What the worker must do with the turn's messages (the error to raise); None when they are done.

    `own_ids` are the events of this turn (fresh or redelivered): only a failure of the actions
    *they confirmed* keeps their messages on the queue; an older action's failure never fails
    another message (it is retried by every later turn and by a redrive).
    """
    own_failed = [a for a in record.unexecuted if a.action_id in waiting and a.confirmed_by in own_ids]
    refused = [a for a in own_failed if a.action_id in execution.refused]
    if refused:
        return PermanentFailure(f"{refused[0].kind} rejected by the backend: {execution.refused[refused[0].action_id]}")
    if own_failed:
        return RetryLater(f"{own_failed[0].kind} not executed: backend unavailable")
    if delivery.error is not None:
        return RetryLater(f"reply delivery failed: {delivery.error}")
    if failed:
        # Apologized for once and not marked processed: the message goes on to the DLQ within a
        # few quick receives, and a redrive after the fix replays it for real.
        return PermanentFailure(failed[0].reason)
    return None
