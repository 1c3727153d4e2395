"""`process_turn`: one turn of one session, from lock to settle.

lock ─ load ─ [shift] ─ interpret+step per event ─ COMMIT ─ execute ─ deliver ─ settle
└──────────── lease held ─────────────────────────┘  (the commit releases it)
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence

import structlog

from orchestrator import machine
from orchestrator.clock import utc_now
from orchestrator.errors import LockBusy, LockLost
from orchestrator.models import InboundEvent
from orchestrator.store.base import Lease, LockStore
from orchestrator.turn.apply import apply_events
from orchestrator.turn.context import TurnDeps, TurnStats
from orchestrator.turn.effects import finish, follow_up

log = structlog.get_logger(__name__)


async def process_turn(
    deps: TurnDeps, session_id: str, events: Sequence[InboundEvent], stats: TurnStats | None = None
) -> TurnStats:
    """Run one turn for `events` (in queue order) of one session.

    `stats` is filled as the turn goes, so a caller that passes its own sees what happened
    even when the turn raises.

    Raises:
        LockBusy: another live holder has the session; give the messages back for a moment.
        RetryLater: leave the messages on the queue (backend or sink failing, repeated conflicts).
        PermanentFailure: retrying cannot help; the reason is recorded on the session.
    """
    stats = stats if stats is not None else TurnStats()
    lease = await deps.locks.try_acquire(f"session#{session_id}", deps.owner)
    if lease is None:
        raise LockBusy(session_id)
    held = [lease]
    try:
        async with renewed_lease(deps.locks, held):
            record = await apply_events(deps, session_id, events, held, stats)
    finally:
        if not stats.committed:  # the commit releases the lease itself
            await asyncio.shield(deps.locks.release(held[0]))
    failed: set[str] = set()
    if any(machine.needs_refresh_after(action) for action in record.unexecuted):
        record = await follow_up(deps, record, failed, stats)
    await finish(deps, record, {event.event_id for event in events}, failed, stats)
    return stats


@contextlib.asynccontextmanager
async def renewed_lease(locks: LockStore, held: list[Lease]) -> AsyncIterator[None]:
    """Keep the lease in `held[0]` alive while the body runs, renewing it at a third of its length.

    A failed renewal is only logged: the commit's fence is what stops a holder that lost the lock.
    """
    period = max((held[0].expires_at - utc_now()).total_seconds() / 3, 0.5)

    async def renew() -> None:
        while True:
            await asyncio.sleep(period)
            try:
                held[0] = await locks.heartbeat(held[0])
            except LockLost:
                log.warning("session_lock_lost")
                return

    task = asyncio.create_task(renew())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
