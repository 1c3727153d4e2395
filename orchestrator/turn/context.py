"""What every part of a turn shares: its dependencies, its counters, and the few steps used both
before and after the commit (committing a plan, fetching the shift, deriving ids)."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import structlog

from orchestrator import machine
from orchestrator.clock import utc_now
from orchestrator.errors import (
    PermanentFailure,
    PermanentIntegrationError,
    RetryLater,
    TransientConflict,
    TransientIntegrationError,
    UnreadableAnswer,
)
from orchestrator.integrations.base import Backend, Interpreter, ReplySink
from orchestrator.models import Shift
from orchestrator.store.base import CommitPlan, LockStore, SessionRecord, SessionStore

log = structlog.get_logger(__name__)

# Retries of one commit cancelled by a concurrent transaction (same ClientRequestToken).
COMMIT_RETRIES = 3


@dataclass(frozen=True)
class TurnDeps:
    """What a turn needs; built once per worker process."""

    sessions: SessionStore
    locks: LockStore
    interpreter: Interpreter
    backend: Backend
    sink: ReplySink
    config: machine.MachineConfig
    owner: str
    clock: Callable[[], datetime] = utc_now


@dataclass
class TurnStats:
    """What happened in one turn, for metrics and tests (counts are deterministic)."""

    applied: int = 0
    duplicates: int = 0
    llm_calls: int = 0
    llm_fallbacks: int = 0
    shift_fetches: int = 0
    version_conflicts: int = 0
    executed: int = 0
    execution_failures: int = 0
    delivered: int = 0
    committed: bool = False
    backend_outcomes: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)  # action id -> why the backend refused it


async def commit_plan(sessions: SessionStore, plan: CommitPlan) -> SessionRecord:
    """Commit, retrying a transaction cancelled by a concurrent one with the same request token."""
    for attempt in range(COMMIT_RETRIES):
        try:
            return await sessions.commit(plan)
        except TransientConflict:
            if attempt == COMMIT_RETRIES - 1:
                raise
            await asyncio.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")


async def fetch_shift(backend: Backend, session_id: str, stats: TurnStats) -> Shift | None:
    """The caregiver's shift; None when the backend's answer could not be read at all (the machine
    then asks the caregiver to try again in a moment, and the message is done)."""
    stats.shift_fetches += 1
    try:
        return await backend.get_schedule(session_id)
    except UnreadableAnswer as exc:
        log.warning("shift_unreadable", reason=str(exc))
        return None
    except TransientIntegrationError as exc:
        raise RetryLater(f"getScheduleStarted failed: {exc}") from exc
    except PermanentIntegrationError as exc:
        raise PermanentFailure(f"getScheduleStarted rejected the request: {exc}") from exc


def derive_id(kind: str, *parts: str) -> str:
    """A deterministic id from its inputs: a redelivery reproduces it (32 hex chars fit every limit)."""
    digest = hashlib.sha256("\x1f".join((kind, *parts)).encode()).hexdigest()
    return digest[:32]
