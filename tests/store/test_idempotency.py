"""DynamoIdempotencyStore: one conditional write per claim; replay, in progress, reuse, takeover,
its own retried write, completion and release by claim token, expiry."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from orchestrator.devtools.localaws import LOCAL_CREDENTIALS
from orchestrator.errors import KeyReused
from orchestrator.integrations.aws import AwsClients
from orchestrator.store.base import IDEMPOTENCY_TABLE, IdempotencyStatus, StoredResponse
from orchestrator.store.idempotency import DynamoIdempotencyStore
from tests.faultproxy import Fault, FaultProxy
from tests.store.conftest import Dynamo

ACCEPTED = StoredResponse(status_code=202, body={"status": "accepted", "eventId": "wamid.1", "score": 0.5})


class TestClaim:
    async def test_first_claim_wins(self, dynamo: Dynamo) -> None:
        """A new key is claimed in progress with the response stored at once, in one call."""
        dynamo.calls.clear()
        claim = await dynamo.idempotency().claim("key-1", "hash-a", ACCEPTED)
        assert dynamo.calls.operations == ["PutItem"]
        assert (claim.won, claim.previous, claim.record.status) == (True, None, IdempotencyStatus.IN_PROGRESS)
        assert claim.record.response == ACCEPTED

    async def test_replay_returns_existing_without_a_read(self, dynamo: Dynamo) -> None:
        """The same key and payload again loses and returns the stored record, in one call."""
        store = dynamo.idempotency()
        first = await store.claim("key-1", "hash-a", ACCEPTED)
        await store.complete(first.record)
        dynamo.calls.clear()
        again = await store.claim("key-1", "hash-a", StoredResponse(status_code=500, body={}))
        assert dynamo.calls.operations == ["PutItem"]
        assert not again.won
        assert again.record == first.record.model_copy(update={"status": IdempotencyStatus.COMPLETED})

    async def test_in_flight_duplicate_sees_the_claim_in_progress(self, dynamo: Dynamo) -> None:
        """Within the in-progress deadline a duplicate neither takes the claim over nor gets a
        completed record to replay: it is told the claim is still in progress (the ingress: 409)."""
        store = dynamo.idempotency()
        first = await store.claim("key-1", "hash-a", ACCEPTED)
        dynamo.clock.advance(seconds=9)
        duplicate = await store.claim("key-1", "hash-a", ACCEPTED)
        assert not duplicate.won
        assert duplicate.record.status is IdempotencyStatus.IN_PROGRESS
        assert duplicate.record.token == first.record.token

    async def test_different_payload_is_key_reused(self, dynamo: Dynamo) -> None:
        """The same key with another payload hash raises KeyReused, even past the deadline."""
        store = dynamo.idempotency()
        await store.claim("key-1", "hash-a", ACCEPTED)
        with pytest.raises(KeyReused):
            await store.claim("key-1", "hash-b", ACCEPTED)
        dynamo.clock.advance(seconds=30)
        with pytest.raises(KeyReused):
            await store.claim("key-1", "hash-b", ACCEPTED)

    async def test_abandoned_claim_is_taken_over(self, dynamo: Dynamo) -> None:
        """An in-progress claim past its deadline is won again, naming the previous record."""
        store = dynamo.idempotency()
        first = await store.claim("key-1", "hash-a", ACCEPTED)
        dynamo.clock.advance(seconds=11)
        takeover = await store.claim("key-1", "hash-a", ACCEPTED)
        assert takeover.won and takeover.previous == first.record
        assert takeover.record.in_progress_until > first.record.in_progress_until
        assert takeover.record.token != first.record.token

    async def test_completed_is_never_taken_over(self, dynamo: Dynamo) -> None:
        """A completed record replays until it expires, whatever its in-progress deadline."""
        store = dynamo.idempotency()
        first = await store.claim("key-1", "hash-a", ACCEPTED)
        await store.complete(first.record)
        dynamo.clock.advance(minutes=9)
        assert not (await store.claim("key-1", "hash-a", ACCEPTED)).won

    async def test_expired_record_is_absent(self, dynamo: Dynamo) -> None:
        """Past its 10-minute expiry a stored record counts as absent: a new claim wins fresh,
        even with another payload."""
        store = dynamo.idempotency()
        first = await store.claim("key-1", "hash-a", ACCEPTED)
        await store.complete(first.record)
        dynamo.clock.advance(minutes=10, seconds=2)
        claim = await store.claim("key-1", "hash-b", ACCEPTED)
        assert (claim.won, claim.previous) == (True, None)


@pytest.fixture
async def lossy(dynamo: Dynamo) -> AsyncIterator[tuple[DynamoIdempotencyStore, FaultProxy]]:
    """The store on a client whose calls pass through a fault proxy in front of the backend."""
    proxy = await FaultProxy(dynamo.client.meta.endpoint_url).start()
    clients = await AwsClients.create(region="sa-east-1", endpoint_url=proxy.url, credentials=LOCAL_CREDENTIALS)
    try:
        yield DynamoIdempotencyStore(clients.dynamodb, dynamo.prefix, clock=dynamo.clock), proxy
    finally:
        await clients.close()
        await proxy.stop()


class TestOwnRetriedWrite:
    async def test_claim_whose_response_was_lost_is_won_on_botocore_retry(
        self, dynamo: Dynamo, lossy: tuple[DynamoIdempotencyStore, FaultProxy]
    ) -> None:
        """The claim's PutItem is applied but its answer lost; botocore sends the same request again,
        which meets the claim it wrote itself: won (not a duplicate, not a takeover)."""
        store, proxy = lossy
        proxy.inject("PutItem", Fault.LOSE_RESPONSE)
        claim = await store.claim("key-1", "hash-a", ACCEPTED)
        assert proxy.seen == ["PutItem", "PutItem"]
        assert (claim.won, claim.previous) == (True, None)
        (item,) = await dynamo.scan(IDEMPOTENCY_TABLE)
        assert item["claimToken"]["S"] == claim.record.token

    async def test_another_request_never_passes_for_the_claimant(self, dynamo: Dynamo) -> None:
        """Two claims of one key carry different tokens: the second one loses."""
        store = dynamo.idempotency()
        first = await store.claim("key-1", "hash-a", ACCEPTED)
        second = await store.claim("key-1", "hash-a", ACCEPTED)
        assert first.won and not second.won
        assert second.record.token == first.record.token


class TestCompleteAndRelease:
    async def test_complete_makes_the_duplicate_a_replay(self, dynamo: Dynamo) -> None:
        """Once completed, the same key and payload loses with a completed record (the replay)."""
        store = dynamo.idempotency()
        first = await store.claim("key-1", "hash-a", ACCEPTED)
        await store.complete(first.record)
        again = await store.claim("key-1", "hash-a", ACCEPTED)
        assert (again.won, again.record.status) == (False, IdempotencyStatus.COMPLETED)

    async def test_release_lets_the_retry_claim(self, dynamo: Dynamo) -> None:
        """Releasing our in-progress claim deletes it, so the sender's retry wins."""
        store = dynamo.idempotency()
        claim = await store.claim("key-1", "hash-a", ACCEPTED)
        await store.release(claim.record)
        assert (await store.claim("key-1", "hash-a", ACCEPTED)).won

    async def test_release_spares_a_takeover(self, dynamo: Dynamo) -> None:
        """A late release of a claim that was taken over leaves the new claim in place."""
        store = dynamo.idempotency()
        old = await store.claim("key-1", "hash-a", ACCEPTED)
        dynamo.clock.advance(seconds=11)
        await store.claim("key-1", "hash-a", ACCEPTED)
        await store.release(old.record)
        assert len(await dynamo.scan(IDEMPOTENCY_TABLE)) == 1

    async def test_late_complete_spares_a_takeover(self, dynamo: Dynamo) -> None:
        """The original claimant completing after a takeover leaves the takeover's claim in progress:
        only the request that sent it may say its event is queued."""
        store = dynamo.idempotency()
        old = await store.claim("key-1", "hash-a", ACCEPTED)
        dynamo.clock.advance(seconds=11)
        takeover = await store.claim("key-1", "hash-a", ACCEPTED)
        await store.complete(old.record)
        dynamo.clock.advance(seconds=1)
        duplicate = await store.claim("key-1", "hash-a", ACCEPTED)
        assert (duplicate.won, duplicate.record.status) == (False, IdempotencyStatus.IN_PROGRESS)
        assert duplicate.record.token == takeover.record.token

    async def test_release_spares_a_completed_record(self, dynamo: Dynamo) -> None:
        """Release after complete leaves the completed record."""
        store = dynamo.idempotency()
        claim = await store.claim("key-1", "hash-a", ACCEPTED)
        await store.complete(claim.record)
        await store.release(claim.record)
        assert len(await dynamo.scan(IDEMPOTENCY_TABLE)) == 1

    async def test_complete_never_creates_a_record(self, dynamo: Dynamo) -> None:
        """Completing a claim that is no longer stored (released) writes nothing."""
        store = dynamo.idempotency()
        claim = await store.claim("key-1", "hash-a", ACCEPTED)
        await store.release(claim.record)
        await store.complete(claim.record)
        assert await dynamo.scan(IDEMPOTENCY_TABLE) == []
