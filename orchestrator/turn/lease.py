"""`LeaseKeeper`: holds a session's lock lease for the part of a turn that needs it.

```
 acquire ─ renew every lease/3 ─ ... ─ commit (releases the lock in its transaction)
    └── LockBusy when another live holder has it      └── or `release` on the way out
```
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import datetime

import structlog

from orchestrator.errors import LockBusy, LockLost
from orchestrator.store.base import Lease, LockStore, session_resource

log = structlog.get_logger(__name__)

# Renewal never waits less than this, however short the lease.
_MIN_PERIOD = 0.5


class LeaseKeeper:
    """The current lease of one session, renewed in the background while held.

    A failed renewal is only logged: the commit's fence is what stops a holder that lost the lock.
    """

    def __init__(self, locks: LockStore, lease: Lease, clock: Callable[[], datetime]) -> None:
        self._locks = locks
        self._lease = lease
        self._clock = clock
        self._released = False
        self._renewer: asyncio.Task[None] | None = None

    @classmethod
    @contextlib.asynccontextmanager
    async def hold(
        cls, locks: LockStore, session_id: str, owner: str, clock: Callable[[], datetime]
    ) -> AsyncIterator[LeaseKeeper]:
        """Acquire the session's lease for the body, renew it, and release it on the way out
        unless a commit released it already (`released_by_commit`).

        Raises:
            LockBusy: another live holder has the session.
        """
        lease = await locks.try_acquire(session_resource(session_id), owner)
        if lease is None:
            raise LockBusy(session_id)
        keeper = cls(locks, lease, clock)
        keeper._renewer = asyncio.create_task(keeper._renew())
        try:
            yield keeper
        finally:
            await keeper._stop_renewing()
            if not keeper._released:
                await asyncio.shield(locks.release(keeper.lease))

    @property
    def lease(self) -> Lease:
        """The lease as last renewed: what a commit is fenced with."""
        return self._lease

    def released_by_commit(self) -> None:
        """A commit released the lock in its transaction: nothing is left to release or renew."""
        self._released = True

    async def _renew(self) -> None:
        period = max((self._lease.expires_at - self._clock()).total_seconds() / 3, _MIN_PERIOD)
        while not self._released:
            await asyncio.sleep(period)
            try:
                self._lease = await self._locks.heartbeat(self._lease)
            except LockLost:
                log.warning("session_lock_lost")
                return

    async def _stop_renewing(self) -> None:
        if self._renewer is not None:
            self._renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._renewer
