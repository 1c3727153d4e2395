"""Concurrency, on the fakes and for real against the servers: conditional writes decide, exactly one wins."""

from __future__ import annotations

import asyncio
import uuid

from orchestrator.errors import InvalidTransition, TransientConflict, VersionConflict
from orchestrator.machine.state import SessionState
from orchestrator.models import ActionStatus
from orchestrator.store.base import (
    LOCKS_TABLE,
    CommitPlan,
    IdempotencyStatus,
    SessionStore,
    Settlement,
    StoredResponse,
    session_resource,
)
from tests.store.conftest import SESSION, Dynamo, Stores, make_action, make_turn, put_actions

ACCEPTED = StoredResponse(status_code=202, body={"status": "accepted"})


async def _commit_until_decided(sessions: SessionStore, plan: CommitPlan) -> bool:
    """Commit as a worker would: retry the same plan on a transient cancellation; True if it won."""
    while True:
        try:
            await sessions.commit(plan)
        except VersionConflict:
            return False
        except TransientConflict:
            await asyncio.sleep(0.01)
            continue
        return True


class TestConcurrency:
    async def test_twenty_lock_acquirers_one_holder(self, stores: Stores) -> None:
        """20 concurrent try_acquire calls on one lock: exactly one lease, the one stored."""
        locks = stores.locks()
        leases = await asyncio.gather(*(locks.try_acquire(session_resource(SESSION), f"worker-{n}") for n in range(20)))
        holders = [lease for lease in leases if lease is not None]
        assert len(holders) == 1
        (stored,) = await stores.stored(LOCKS_TABLE)
        assert (stored["owner"], stored["token"]) == (holders[0].owner, holders[0].token)

    async def test_ten_versioned_writers_one_wins_per_version(self, stores: Stores) -> None:
        """For each of three versions, 10 writers commit concurrently from it: exactly one wins,
        and the stored state is the winner's."""
        sessions = stores.sessions()
        for version in range(3):
            loaded = await sessions.load(SESSION)
            assert loaded.version == version
            plans = [
                CommitPlan(
                    record=loaded.model_copy(update={"state": SessionState(schedule_id=f"v{version}-w{n}")}),
                    expected_version=version,
                    lease=None,
                    turns=(make_turn(1_000 * version + n),),
                    request_token=uuid.uuid4().hex,
                )
                for n in range(10)
            ]
            outcomes = await asyncio.gather(*(_commit_until_decided(sessions, plan) for plan in plans))
            assert outcomes.count(True) == 1
            winner = plans[outcomes.index(True)].record.state
            assert (await sessions.load(SESSION)).state == winner

    async def test_two_settles_one_executes(self, stores: Stores) -> None:
        """Two concurrent settles of one executed action: one transaction wins, the other fails."""
        sessions = stores.sessions()
        action = make_action(stores.clock, status=ActionStatus.CONFIRMED)
        await put_actions(stores, action)
        record = (await sessions.load(SESSION)).model_copy(update={"unexecuted": (action,)})
        await sessions.commit(CommitPlan(record=record, expected_version=1, lease=None, request_token=uuid.uuid4().hex))
        outcomes = await asyncio.gather(
            *(sessions.settle(SESSION, Settlement(executed=[action])) for _ in range(2)), return_exceptions=True
        )
        assert outcomes.count(None) == 1
        assert all(isinstance(o, InvalidTransition | TransientConflict) for o in outcomes if o is not None)

    async def test_twenty_idempotency_claims_one_winner(self, dynamo: Dynamo) -> None:
        """20 concurrent claims of one key with one payload: one wins, 19 replay its record."""
        store = dynamo.idempotency()
        claims = await asyncio.gather(*(store.claim("key-1", "hash-a", ACCEPTED) for _ in range(20)))
        winners = [claim for claim in claims if claim.won]
        assert len(winners) == 1
        assert all(claim.record == winners[0].record for claim in claims)
        assert all(claim.record.status is IdempotencyStatus.IN_PROGRESS for claim in claims)
