"""LockStore: lease lock with owner and token; takeover only after the lease passed."""

from __future__ import annotations

import pytest

from orchestrator.errors import LockLost
from orchestrator.store.base import LOCKS_TABLE, session_resource
from tests.store.conftest import LEASE_SECONDS, SESSION, Stores

RESOURCE = session_resource(SESSION)


class TestTryAcquire:
    async def test_free_lock_is_acquired(self, stores: Stores) -> None:
        """A free lock gives a lease for the caller, ending a lease length from now."""
        lease = await stores.locks().try_acquire(RESOURCE, "worker-1")
        assert lease is not None
        assert (lease.resource, lease.owner) == ("session#" + SESSION, "worker-1")
        assert abs((lease.expires_at - stores.clock()).total_seconds() - LEASE_SECONDS) < 0.01

    async def test_held_lock_is_refused(self, stores: Stores) -> None:
        """While the lease runs, another owner gets None."""
        locks = stores.locks()
        assert await locks.try_acquire(RESOURCE, "worker-1") is not None
        stores.clock.advance(seconds=LEASE_SECONDS - 1)
        assert await locks.try_acquire(RESOURCE, "worker-2") is None

    async def test_taken_over_after_lease(self, stores: Stores) -> None:
        """Once the holder's lease passed, another owner takes the lock with a new token."""
        locks = stores.locks()
        first = await locks.try_acquire(RESOURCE, "worker-1")
        stores.clock.advance(seconds=LEASE_SECONDS + 1)
        second = await locks.try_acquire(RESOURCE, "worker-2")
        assert first is not None and second is not None and second.token != first.token


class TestHeartbeatAndRelease:
    async def test_heartbeat_extends_the_lease(self, stores: Stores) -> None:
        """A heartbeat moves the lease end, so the lock is not taken when the old end passes."""
        locks = stores.locks()
        lease = await locks.try_acquire(RESOURCE, "worker-1")
        assert lease is not None
        stores.clock.advance(seconds=LEASE_SECONDS - 2)
        renewed = await locks.heartbeat(lease)
        stores.clock.advance(seconds=4)
        assert renewed.expires_at > lease.expires_at
        assert await locks.try_acquire(RESOURCE, "worker-2") is None

    async def test_heartbeat_with_wrong_token_is_lost(self, stores: Stores) -> None:
        """A holder whose lease was taken over gets LockLost on heartbeat."""
        locks = stores.locks()
        old = await locks.try_acquire(RESOURCE, "worker-1")
        assert old is not None
        stores.clock.advance(seconds=LEASE_SECONDS + 1)
        assert await locks.try_acquire(RESOURCE, "worker-2") is not None
        with pytest.raises(LockLost):
            await locks.heartbeat(old)

    async def test_release_with_wrong_token_keeps_the_lock(self, stores: Stores) -> None:
        """Releasing a lease that is no longer ours leaves the new holder's lock in place."""
        locks = stores.locks()
        old = await locks.try_acquire(RESOURCE, "worker-1")
        assert old is not None
        stores.clock.advance(seconds=LEASE_SECONDS + 1)
        new = await locks.try_acquire(RESOURCE, "worker-2")
        await locks.release(old)
        assert len(await stores.stored(LOCKS_TABLE)) == 1
        assert new is not None
        await locks.release(new)
        assert await stores.stored(LOCKS_TABLE) == []

    async def test_release_frees_the_lock(self, stores: Stores) -> None:
        """After release, another owner acquires at once."""
        locks = stores.locks()
        lease = await locks.try_acquire(RESOURCE, "worker-1")
        assert lease is not None
        await locks.release(lease)
        assert await locks.try_acquire(RESOURCE, "worker-2") is not None
