"""A worker dying at a chosen point of a turn, around any `SessionStore` or `Backend`.

A crash is `Crash`, a BaseException, so no `except Exception` in the worker swallows it: nothing
after that point runs, and the message is neither deleted nor given back, as after a SIGKILL.
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestrator.integrations.base import Backend
from orchestrator.models import PendingAction, Shift
from orchestrator.store.base import CommitPlan, SessionRecord, SessionStore, Settlement


class Crash(BaseException):
    """The process dies here."""


@dataclass
class CrashingSessions:
    """A session store dying once at `point`: "before_commit", "after_commit" or "after_settle"."""

    real: SessionStore
    point: str
    crashed: bool = False

    async def load(self, session_id: str) -> SessionRecord:
        return await self.real.load(session_id)

    async def commit(self, plan: CommitPlan) -> SessionRecord:
        self._maybe_crash("before_commit")
        stored = await self.real.commit(plan)
        self._maybe_crash("after_commit")
        return stored

    async def settle(self, session_id: str, settlement: Settlement) -> None:
        await self.real.settle(session_id, settlement)
        self._maybe_crash("after_settle")

    async def record_failure(self, session_id: str, event_id: str, reason: str) -> None:
        await self.real.record_failure(session_id, event_id, reason)

    async def failures(self, session_id: str) -> dict[str, str]:
        return await self.real.failures(session_id)

    def _maybe_crash(self, point: str) -> None:
        if point == self.point and not self.crashed:
            self.crashed = True
            raise Crash(point)


@dataclass
class CrashingBackend:
    """A backend dying once, right after it answered an action (the write was applied)."""

    real: Backend
    crashed: bool = False

    async def get_schedule(self, phone_number: str) -> Shift:
        return await self.real.get_schedule(phone_number)

    async def execute(self, action: PendingAction) -> None:
        await self.real.execute(action)
        if not self.crashed:
            self.crashed = True
            raise Crash("after_backend")
