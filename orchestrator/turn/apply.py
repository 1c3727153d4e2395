"""Before the lease is given up: load, step the new events, commit once; on a version conflict,
load again and re-run."""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from dataclasses import dataclass

import structlog

from orchestrator.errors import LockLost, RetryLater, VersionConflict
from orchestrator.models import InboundEvent
from orchestrator.outbound import Reply
from orchestrator.store.base import SessionRecord
from orchestrator.turn.context import TurnDeps, TurnStats, commit
from orchestrator.turn.lease import LeaseKeeper
from orchestrator.turn.plan import fresh_events, plan_turn
from orchestrator.turn.steps import FailedEvent, step_events

log = structlog.get_logger(__name__)

# Attempts at a turn that keeps meeting version conflicts (someone else committed meanwhile).
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Applied:
    """The session after the commit, the reply the commit did not keep in the outbox (to deliver
    now; nothing to settle for it), and the events that failed unexpectedly."""

    record: SessionRecord
    unsent: Reply | None = None
    failed: tuple[FailedEvent, ...] = ()


async def apply_events(
    deps: TurnDeps,
    session_id: str,
    events: Sequence[InboundEvent],
    keeper: LeaseKeeper,
    stats: TurnStats,
    *,
    loaded: Awaitable[SessionRecord] | None = None,
) -> Applied:
    """Load, step the events not yet processed, commit (which releases the lease).

    `loaded` is a load started alongside the lock: it may predate the previous holder's commit,
    which the commit's version condition catches (a conflict loads again, as for any other).

    Raises:
        RetryLater: the lease was lost before the commit, or conflicts kept coming.
    """
    for _ in range(MAX_ATTEMPTS):
        record = await (loaded or deps.sessions.load(session_id))
        loaded = None
        fresh = fresh_events(record, events)
        stats.duplicates = len(events) - len(fresh)
        if not fresh:
            return Applied(record)
        now = deps.clock()
        stepped = await step_events(deps, record, fresh, now, stats)
        plan = plan_turn(record, fresh, stepped, keeper.lease, keep_reply=deps.sink.external, now=now)
        if plan.commit is None:
            return Applied(record, failed=tuple(stepped.failed))
        try:
            stored = await commit(deps.sessions, plan.commit)
        except VersionConflict:
            stats.version_conflicts += 1
            log.info("turn_version_conflict", version=record.version)
            continue
        except LockLost as exc:
            raise RetryLater("session lock lost before commit") from exc
        keeper.released_by_commit()
        stats.applied = len(stepped.applied)
        unsent = plan.reply if plan.reply is not None and plan.reply not in stored.outbox else None
        return Applied(stored, unsent, tuple(stepped.failed))
    raise RetryLater(f"version conflicts in {MAX_ATTEMPTS} attempts")
