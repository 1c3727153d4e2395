"""A 2xx only for what is queued: the ingress under faults, over real HTTP, with its AWS calls going
through a fault proxy in front of moto (tests/faultproxy.py).

The triggers that once answered 202 for a message never queued: (a) a duplicate while the first
request's SendMessage is still failing; (b) the claim's PutItem applied but its answer lost, so
botocore retries it. Trigger (c), a process killed between claim and send, is in
test_claims_killed.py. Also: bounded waits when DynamoDB or SQS stall, a retried SendMessage, the
completion off the answer's path, and a takeover racing a late original.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from ingress.admission import CALL_DEADLINE_SECONDS
from ingress.deps import INGRESS_ATTEMPTS, INGRESS_READ_TIMEOUT_SECONDS, IngressDeps
from orchestrator.integrations.aws import AwsClients
from orchestrator.settings import Settings
from orchestrator.store.base import Claim, IdempotencyRecord, IdempotencyStore, StoredResponse
from orchestrator.store.idempotency import IN_PROGRESS_SECONDS, DynamoIdempotencyStore
from tests.faultproxy import Fault, FaultProxy
from tests.ingress.conftest import Ingress, IngressFactory

MESSAGE = {"message_id": "m-claims", "phoneNumber": "5511999990001", "text": "sim"}


def test_a_live_claim_outlasts_its_request() -> None:
    """The claim's in-progress window is longer than claim + send at their deadlines, so a request
    still at work is never taken over by its sender's retry; and a read may time out and be retried
    within a call's deadline."""
    assert 2 * CALL_DEADLINE_SECONDS < IN_PROGRESS_SECONDS
    assert INGRESS_READ_TIMEOUT_SECONDS < CALL_DEADLINE_SECONDS and INGRESS_ATTEMPTS > 1


@dataclass
class Proxied:
    ingress: Ingress
    proxy: FaultProxy

    async def post(self) -> tuple[int, dict[str, str], dict[str, object]]:
        response = await self.ingress.client.post("/webhook/ingest", json=MESSAGE)
        return response.status_code, dict(response.headers), response.json()


@pytest.fixture
async def proxied(
    serve_ingress: IngressFactory, proxy: FaultProxy, proxied_clients: AwsClients
) -> AsyncIterator[Proxied]:
    """The app on the proxied clients; stopped before they close, so its last completions finish."""
    ingress = await serve_ingress(aws=proxied_clients)
    yield Proxied(ingress, proxy)
    await ingress.stop()


class TestNeverAckWhatWasNotQueued:
    async def test_duplicate_while_the_send_is_still_failing_is_409(self, proxied: Proxied) -> None:
        """Trigger (a): SQS stalls; the sender retries while the first request is still trying to
        send. The retry gets 409 in_progress (not the stored 202); the first gives up with 503 and
        releases its claim; once SQS is back the next retry is a first delivery, queued once."""
        proxied.proxy.inject("SendMessage", Fault.STALL, times=None)
        first = asyncio.create_task(proxied.post())
        await proxied.proxy.arrived("SendMessage")

        status, headers, body = await proxied.post()
        assert (status, body) == (409, {"error": "in_progress"})
        assert int(headers["retry-after"]) > 0

        status, headers, body = await first
        assert (status, body["error"]) == (503, "enqueue_failed")
        assert int(headers["retry-after"]) > 0
        assert await proxied.ingress.inbound.depth() == 0
        assert await proxied.ingress.idempotency_items() == 0

        proxied.proxy.heal()
        status, headers, _ = await proxied.post()
        assert (status, "idempotent-replayed" in headers) == (202, False)
        assert [event.event_id for event in await proxied.ingress.inbound.drain()] == ["m-claims"]

    async def test_claim_applied_but_its_answer_lost_is_still_sent(self, proxied: Proxied) -> None:
        """Trigger (b): the claim's PutItem reaches DynamoDB but its answer is lost; botocore sends
        the same PutItem again, which meets the claim it wrote. That is this request's own claim:
        the event is sent and the answer is a first delivery."""
        proxied.proxy.inject("PutItem", Fault.LOSE_RESPONSE, contains=b"Idempotency")
        status, headers, _ = await proxied.post()
        assert proxied.proxy.seen.count("PutItem") == 2
        assert (status, "idempotent-replayed" in headers) == (202, False)
        assert [event.event_id for event in await proxied.ingress.inbound.drain()] == ["m-claims"]

    async def test_retried_send_yields_one_delivery(self, proxied: Proxied) -> None:
        """SendMessage reaches SQS but its answer is lost; botocore's retry carries the same
        deduplication id, so SQS keeps one message."""
        proxied.proxy.inject("SendMessage", Fault.LOSE_RESPONSE)
        status, _, _ = await proxied.post()
        assert (status, proxied.proxy.seen.count("SendMessage")) == (202, 2)
        assert [event.event_id for event in await proxied.ingress.inbound.drain()] == ["m-claims"]


class TestBoundedWaits:
    """A stalled endpoint costs the sender one call's deadline (a few seconds), not botocore's 30 s
    reads: the test client gives up after 15 s, so an unbounded wait fails these tests."""

    async def test_stalled_dynamodb_is_503_with_retry_after(self, proxied: Proxied) -> None:
        """Every PutItem hangs: 503 idempotency_unavailable with Retry-After, nothing queued."""
        proxied.proxy.inject("PutItem", Fault.STALL, times=None)
        response = await proxied.ingress.client.post("/webhook/ingest", json=MESSAGE, timeout=15)
        assert (response.status_code, response.json()["error"]) == (503, "idempotency_unavailable")
        assert int(response.headers["Retry-After"]) > 0
        assert await proxied.ingress.inbound.depth() == 0

    async def test_stalled_sqs_is_503_and_the_claim_released(self, proxied: Proxied) -> None:
        """Every SendMessage hangs: 503 enqueue_failed with Retry-After, and no claim left behind."""
        proxied.proxy.inject("SendMessage", Fault.STALL, times=None)
        response = await proxied.ingress.client.post("/webhook/ingest", json=MESSAGE, timeout=15)
        assert (response.status_code, response.json()["error"]) == (503, "enqueue_failed")
        assert int(response.headers["Retry-After"]) > 0
        assert await proxied.ingress.idempotency_items() == 0

    async def test_meta_delivery_with_dynamodb_stalled_is_503(self, proxied: Proxied) -> None:
        """A 30-message Meta delivery while DynamoDB hangs: one 503 for the delivery, bounded by one
        call's deadline (no claim starts once one failed), nothing queued."""
        proxied.proxy.inject("PutItem", Fault.STALL, times=None)
        response = await asyncio.wait_for(proxied.ingress.post_meta(delivery(30)), timeout=15)
        assert (response.status_code, response.json()["error"]) == (503, "idempotency_unavailable")
        assert await proxied.ingress.inbound.depth() == 0


def delivery(messages: int, senders: int | None = None) -> dict[str, object]:
    """A Meta delivery of text messages, round-robin over `senders` caregivers (default: one each)."""
    senders = senders or messages
    batch = [
        {"from": f"55119{n % senders:08d}", "id": f"wamid.{n}", "type": "text", "text": {"body": f"m{n}"}}
        for n in range(messages)
    ]
    return {"entry": [{"changes": [{"value": {"messages": batch}}]}]}


def refuse_every_entry(body: bytes) -> tuple[int, bytes]:
    """SQS answering a SendMessageBatch with every entry failed (an internal error on each)."""
    entries = json.loads(body)["Entries"]
    failed = [{"Id": entry["Id"], "SenderFault": False, "Code": "InternalError"} for entry in entries]
    return 200, json.dumps({"Successful": [], "Failed": failed}).encode()


class TestBatchedDelivery:
    """A Meta delivery's messages are sent 10 per SendMessageBatch, each caregiver's in order."""

    async def test_stalled_batch_send_is_503_releases_every_claim_and_the_retry_queues_all(
        self, proxied: Proxied
    ) -> None:
        """SendMessageBatch hangs: 503 within a call's deadline, nothing more sent after it, every
        claim released; Meta's retry once SQS is back queues each message once."""
        proxied.proxy.inject("SendMessageBatch", Fault.STALL, times=None)
        failed = await asyncio.wait_for(proxied.ingress.post_meta(delivery(30, senders=10)), timeout=15)
        assert (failed.status_code, failed.json()["error"]) == (503, "enqueue_failed")
        assert proxied.proxy.calls("SendMessageBatch") == 1
        assert await proxied.ingress.idempotency_items() == 0

        proxied.proxy.heal()
        retried = await proxied.ingress.post_meta(delivery(30, senders=10))
        assert retried.json() == {"status": "accepted", "accepted": 30, "replayed": 0, "ignored": 0, "rejected": []}
        assert sorted(event.event_id for event in await proxied.ingress.inbound.drain()) == sorted(
            f"wamid.{n}" for n in range(30)
        )

    async def test_entries_refused_by_sqs_are_503_and_released(self, proxied: Proxied) -> None:
        """SQS answers but fails every entry: 503, the claims released, nothing more sent."""
        proxied.proxy.inject("SendMessageBatch", refuse_every_entry)
        failed = await proxied.ingress.post_meta(delivery(12))
        assert (failed.status_code, failed.json()["error"]) == (503, "enqueue_failed")
        assert proxied.proxy.calls("SendMessageBatch") == 1
        assert await proxied.ingress.idempotency_items() == 0
        assert await proxied.ingress.inbound.depth() == 0

    async def test_retried_batch_yields_one_delivery_each(self, proxied: Proxied) -> None:
        """A SendMessageBatch applied but its answer lost: botocore's retry carries the same
        deduplication ids, so SQS keeps one message each."""
        proxied.proxy.inject("SendMessageBatch", Fault.LOSE_RESPONSE)
        response = await proxied.ingress.post_meta(delivery(10))
        assert (response.status_code, proxied.proxy.seen.count("SendMessageBatch")) == (200, 2)
        assert len(await proxied.ingress.inbound.drain()) == 10


@dataclass
class HeldCompletions:
    """The real store, whose `complete` waits for the test's go-ahead (and says how it ended)."""

    real: IdempotencyStore
    go: asyncio.Event = dataclasses.field(default_factory=asyncio.Event)
    started: int = 0
    finished: int = 0
    cancelled: int = 0

    async def claim(self, key: str, payload_hash: str, response: StoredResponse) -> Claim:
        return await self.real.claim(key, payload_hash, response)

    async def release(self, record: IdempotencyRecord) -> None:
        await self.real.release(record)

    async def complete(self, record: IdempotencyRecord) -> None:
        self.started += 1
        try:
            await self.go.wait()
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        await self.real.complete(record)
        self.finished += 1


class TestCompletion:
    async def test_the_answer_does_not_wait_for_the_completion(self, serve_ingress: IngressFactory) -> None:
        """The 202 arrives while the claim's completion is still pending (not awaited, not cut off);
        until it lands a duplicate gets 409, and after it the replay."""
        held: dict[str, HeldCompletions] = {}

        def hold(deps: IngressDeps, _: AwsClients, __: Settings) -> IngressDeps:
            held["store"] = HeldCompletions(deps.idempotency)
            return dataclasses.replace(deps, idempotency=held["store"])

        ingress = await serve_ingress(deps_override=hold)
        store = held["store"]
        first = await ingress.client.post("/webhook/ingest", json=MESSAGE)
        assert first.status_code == 202
        async with asyncio.timeout(10):
            while store.started == 0:
                await asyncio.sleep(0.01)
        assert (store.finished, store.cancelled) == (0, 0)
        assert (await ingress.client.post("/webhook/ingest", json=MESSAGE)).status_code == 409

        store.go.set()
        await ingress.claims_settled()
        replay = await ingress.client.post("/webhook/ingest", json=MESSAGE)
        assert (replay.status_code, replay.headers["Idempotent-Replayed"]) == (202, "true")
        assert store.finished == 1
        assert await ingress.inbound.depth() == 1


class TestTakeover:
    async def test_takeover_and_late_original_answer_2xx_only_for_a_queued_event(
        self, serve_ingress: IngressFactory, proxy: FaultProxy, proxied_clients: AwsClients
    ) -> None:
        """The original's send hangs past its claim's (shortened) deadline; the sender's retry takes
        the claim over and sends. Whatever the original then answers, a 2xx only ever comes with the
        event on the queue (once: same deduplication id), and the key ends completed (replay)."""

        def short_deadline(deps: IngressDeps, aws: AwsClients, settings: Settings) -> IngressDeps:
            store = DynamoIdempotencyStore(aws.dynamodb, settings.table_prefix, in_progress_seconds=0.5)
            return dataclasses.replace(deps, idempotency=store)

        ingress = await serve_ingress(deps_override=short_deadline, aws=proxied_clients)
        try:
            await self._race(Proxied(ingress, proxy))
        finally:
            await ingress.stop()  # before the proxied clients close

    async def _race(self, proxied: Proxied) -> None:
        ingress, proxy = proxied.ingress, proxied.proxy
        proxy.inject("SendMessage", Fault.STALL)  # the original's first attempt only
        original = asyncio.create_task(proxied.post())
        await proxy.arrived("SendMessage")
        await asyncio.sleep(0.6)  # past the claim's deadline, as if its process had died
        takeover_status, takeover_headers, _ = await proxied.post()
        original_status, _, _ = await original

        assert (takeover_status, "idempotent-replayed" in takeover_headers) == (202, False)
        assert original_status in (202, 503)  # 202 only if its own retried send went through
        await ingress.claims_settled()
        replay_status, replay_headers, _ = await proxied.post()
        assert (replay_status, replay_headers["idempotent-replayed"]) == (202, "true")
        assert [event.event_id for event in await ingress.inbound.drain()] == ["m-claims"]
