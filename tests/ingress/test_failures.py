"""Failures after the claim: an enqueue failure releases the claim (503, retry works); an abandoned
claim is taken over and its event sent."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid

from ingress.admission import accepted_body, event_payload_hash
from ingress.deps import IngressDeps
from orchestrator.clock import utc_now
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import Queue, QueueSpec, ensure_queues
from orchestrator.models import EventKind, InboundEvent
from orchestrator.settings import Settings
from orchestrator.store.base import StoredResponse
from orchestrator.store.idempotency import DynamoIdempotencyStore
from tests.ingress.conftest import IngressFactory

MESSAGE = {"message_id": "m-503", "phoneNumber": "5511999990001", "text": "sim"}


class TestEnqueueFailure:
    async def test_failed_send_is_503_releases_claim_and_retry_succeeds(self, serve_ingress: IngressFactory) -> None:
        """SendMessage to a queue that does not exist: 503 with Retry-After and no claim left; once
        the queue exists, the sender's retry is a first delivery (202, not a replay) and is enqueued."""
        late_name = f"late{uuid.uuid4().hex[:8]}.fifo"
        missing: dict[str, Queue] = {}

        def missing_queue(deps: IngressDeps, aws: AwsClients, _: Settings) -> IngressDeps:
            assert isinstance(deps.inbound, Queue)
            # moto's URLs are <endpoint>/<account>/<name>: where the queue will be once created.
            missing["queue"] = Queue(aws.sqs, deps.inbound.url.rsplit("/", 1)[0] + "/" + late_name)
            return dataclasses.replace(deps, inbound=missing["queue"])

        ingress = await serve_ingress(deps_override=missing_queue)
        failed = await ingress.client.post("/webhook/ingest", json=MESSAGE)
        assert failed.status_code == 503
        assert failed.json()["error"] == "enqueue_failed"
        assert int(failed.headers["Retry-After"]) > 0
        assert await ingress.idempotency_items() == 0

        spec = QueueSpec(late_name, late_name.replace(".fifo", "-dlq.fifo"), 5, 30)
        await ensure_queues(ingress.aws.sqs, spec)
        retried = await ingress.client.post("/webhook/ingest", json=MESSAGE)
        assert retried.status_code == 202
        assert "Idempotent-Replayed" not in retried.headers
        messages = await missing["queue"].receive(wait_seconds=0)
        assert len(messages) == 1
        await ingress.aws.sqs.delete_queue(QueueUrl=missing["queue"].url)


class TestAbandonedClaim:
    async def test_claim_past_its_deadline_is_taken_over_and_sent(self, serve_ingress: IngressFactory) -> None:
        """A claim whose process died before sending (in progress, deadline passed): the next delivery
        claims it again and the event reaches the queue."""

        def zero_deadline(deps: IngressDeps, aws: AwsClients, settings: Settings) -> IngressDeps:
            store = DynamoIdempotencyStore(aws.dynamodb, settings.table_prefix, in_progress_seconds=0)
            return dataclasses.replace(deps, idempotency=store)

        ingress = await serve_ingress(deps_override=zero_deadline)

        session = MESSAGE["phoneNumber"]
        dead = InboundEvent(
            kind=EventKind.MESSAGE,
            event_id="m-503",
            session_id=session,
            received_at=utc_now(),
            text="sim",
            metadata={"source": "ingest", "message_id": "m-503"},
        )
        stored = StoredResponse(status_code=202, body=accepted_body(session, "m-503"))
        claim = await ingress.deps.idempotency.claim("m-503", event_payload_hash(dead), stored)
        assert claim.won
        await asyncio.sleep(0.01)  # past the (zero) in-progress deadline, at millisecond precision

        response = await ingress.client.post("/webhook/ingest", json=MESSAGE)
        assert response.status_code == 202
        assert "Idempotent-Replayed" not in response.headers
        assert [event.event_id for event in await ingress.inbound.drain()] == ["m-503"]
        metrics = (await ingress.client.get("/metrics")).text
        assert 'ingress_duplicates_total{outcome="takeover"} 1.0' in metrics
