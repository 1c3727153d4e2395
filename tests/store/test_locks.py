"""DynamoLockStore: lease lock with owner and token; takeover only after the lease passed."""

from __future__ import annotations

import asyncio

import pytest

from orchestrator.errors import LockBusy, LockLost
from orchestrator.store.base import LOCKS_TABLE
from orchestrator.store.locks import session_resource
from tests.store.conftest import LEASE_SECONDS, SESSION, Dynamo

RESOURCE = session_resource(SESSION)


class TestTryAcquire:
    async def test_free_lock_is_acquired(self, dynamo: Dynamo) -> None:
        """A free lock gives a lease for the caller, ending a lease length from now."""
        lease = await dynamo.locks().try_acquire(RESOURCE, "worker-1")
        assert lease is not None
        assert (lease.resource, lease.owner) == ("session#" + SESSION, "worker-1")
        assert abs((lease.expires_at - dynamo.clock()).total_seconds() - LEASE_SECONDS) < 0.01

    async def test_held_lock_is_refused(self, dynamo: Dynamo) -> None:
        """While the lease runs, another owner gets None."""
        locks = dynamo.locks()
        assert await locks.try_acquire(RESOURCE, "worker-1") is not None
        dynamo.clock.advance(seconds=LEASE_SECONDS - 1)
        assert await locks.try_acquire(RESOURCE, "worker-2") is None

    async def test_taken_over_after_lease(self, dynamo: Dynamo) -> None:
        """Once the holder's lease passed, another owner takes the lock with a new token."""
        locks = dynamo.locks()
        first = await locks.try_acquire(RESOURCE, "worker-1")
        dynamo.clock.advance(seconds=LEASE_SECONDS + 1)
        second = await locks.try_acquire(RESOURCE, "worker-2")
        assert first is not None and second is not None and second.token != first.token


class TestHeartbeatAndRelease:
    async def test_heartbeat_extends_the_lease(self, dynamo: Dynamo) -> None:
        """A heartbeat moves the lease end, so the lock is not taken when the old end passes."""
        locks = dynamo.locks()
        lease = await locks.try_acquire(RESOURCE, "worker-1")
        assert lease is not None
        dynamo.clock.advance(seconds=LEASE_SECONDS - 2)
        renewed = await locks.heartbeat(lease)
        dynamo.clock.advance(seconds=4)
        assert renewed.expires_at > lease.expires_at
        assert await locks.try_acquire(RESOURCE, "worker-2") is None

    async def test_heartbeat_with_wrong_token_is_lost(self, dynamo: Dynamo) -> None:
        """A holder whose lease was taken over gets LockLost on heartbeat."""
        locks = dynamo.locks()
        old = await locks.try_acquire(RESOURCE, "worker-1")
        assert old is not None
        dynamo.clock.advance(seconds=LEASE_SECONDS + 1)
        assert await locks.try_acquire(RESOURCE, "worker-2") is not None
        with pytest.raises(LockLost):
            await locks.heartbeat(old)

    async def test_release_with_wrong_token_keeps_the_lock(self, dynamo: Dynamo) -> None:
        """Releasing a lease that is no longer ours leaves the new holder's lock in place."""
        locks = dynamo.locks()
        old = await locks.try_acquire(RESOURCE, "worker-1")
        assert old is not None
        dynamo.clock.advance(seconds=LEASE_SECONDS + 1)
        new = await locks.try_acquire(RESOURCE, "worker-2")
        await locks.release(old)
        assert len(await dynamo.scan(LOCKS_TABLE)) == 1
        assert new is not None
        await locks.release(new)
        assert await dynamo.scan(LOCKS_TABLE) == []

    async def test_release_frees_the_lock(self, dynamo: Dynamo) -> None:
        """After release, another owner acquires at once."""
        locks = dynamo.locks()
        lease = await locks.try_acquire(RESOURCE, "worker-1")
        assert lease is not None
        await locks.release(lease)
        assert await locks.try_acquire(RESOURCE, "worker-2") is not None


class TestAcquire:
    async def test_busy_until_timeout(self, dynamo: Dynamo) -> None:
        """acquire() raises LockBusy when the holder keeps the lease past the timeout."""
        locks = dynamo.locks()
        assert await locks.try_acquire(RESOURCE, "worker-1") is not None
        with pytest.raises(LockBusy):
            await locks.acquire(RESOURCE, "worker-2", timeout=0.2)

    async def test_waits_for_release(self, dynamo: Dynamo) -> None:
        """acquire() retries with backoff and gets the lock once the holder releases it."""
        locks = dynamo.locks()
        held = await locks.try_acquire(RESOURCE, "worker-1")
        assert held is not None
        waiter = asyncio.create_task(locks.acquire(RESOURCE, "worker-2", timeout=30))
        await asyncio.sleep(0.1)
        assert not waiter.done()
        await locks.release(held)
        assert (await waiter).owner == "worker-2"
