"""DynamoIdempotencyStore: one conditional write per claim; replay, reuse, takeover, expiry."""

from __future__ import annotations

import pytest

from orchestrator.errors import KeyReused
from orchestrator.store.base import IDEMPOTENCY_TABLE, IdempotencyStatus, StoredResponse
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
        await store.complete("key-1")
        dynamo.calls.clear()
        again = await store.claim("key-1", "hash-a", StoredResponse(status_code=500, body={}))
        assert dynamo.calls.operations == ["PutItem"]
        assert not again.won
        assert again.record == first.record.model_copy(update={"status": IdempotencyStatus.COMPLETED})

    async def test_in_flight_duplicate_is_a_replay(self, dynamo: Dynamo) -> None:
        """Within the in-progress deadline a duplicate does not take the claim over."""
        store = dynamo.idempotency()
        await store.claim("key-1", "hash-a", ACCEPTED)
        dynamo.clock.advance(seconds=9)
        assert not (await store.claim("key-1", "hash-a", ACCEPTED)).won

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

    async def test_completed_is_never_taken_over(self, dynamo: Dynamo) -> None:
        """A completed record replays until it expires, whatever its in-progress deadline."""
        store = dynamo.idempotency()
        await store.claim("key-1", "hash-a", ACCEPTED)
        await store.complete("key-1")
        dynamo.clock.advance(minutes=9)
        assert not (await store.claim("key-1", "hash-a", ACCEPTED)).won

    async def test_expired_record_is_absent(self, dynamo: Dynamo) -> None:
        """Past its 10-minute expiry a stored record counts as absent: a new claim wins fresh,
        even with another payload."""
        store = dynamo.idempotency()
        await store.claim("key-1", "hash-a", ACCEPTED)
        await store.complete("key-1")
        dynamo.clock.advance(minutes=10, seconds=2)
        claim = await store.claim("key-1", "hash-b", ACCEPTED)
        assert (claim.won, claim.previous) == (True, None)


class TestCompleteAndRelease:
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

    async def test_release_spares_a_completed_record(self, dynamo: Dynamo) -> None:
        """Release after complete leaves the completed record."""
        store = dynamo.idempotency()
        claim = await store.claim("key-1", "hash-a", ACCEPTED)
        await store.complete("key-1")
        await store.release(claim.record)
        assert len(await dynamo.scan(IDEMPOTENCY_TABLE)) == 1

    async def test_complete_never_creates_a_record(self, dynamo: Dynamo) -> None:
        """Completing a key that is not stored writes nothing."""
        await dynamo.idempotency().complete("missing")
        assert await dynamo.scan(IDEMPOTENCY_TABLE) == []
