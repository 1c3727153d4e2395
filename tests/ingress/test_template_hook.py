"""/hooks/template-fired through real HTTP: a template_fired event in the session's FIFO group."""

from __future__ import annotations

from orchestrator.models import EventKind, Template
from tests.ingress.conftest import Ingress, IngressFactory

BODY = {"phoneNumber": "+55 11 98888-0001", "template": "pedir_sinais_vitais", "metadata": {"scheduleID": "S1"}}


class TestTemplateFired:
    async def test_enqueues_template_event_in_session_group(self, ingress: Ingress) -> None:
        """202 with the accepted body; one template_fired event keyed by the header, grouped by session."""
        response = await ingress.client.post(
            "/hooks/template-fired", json=BODY, headers={"X-Template-Idempotency-Key": "tpl-1"}
        )
        assert response.status_code == 202
        assert response.json() == {"status": "accepted", "session_id": "5511988880001", "idempotency_key": "tpl-1"}
        messages = await ingress.inbound.queue.receive(wait_seconds=0)
        assert [message.group_id for message in messages] == ["5511988880001"]
        assert await ingress.inbound.depth() == 1

    async def test_event_carries_template_and_metadata(self, ingress: Ingress) -> None:
        """The event names the template and keeps the backend's metadata."""
        await ingress.client.post("/hooks/template-fired", json=BODY, headers={"X-Template-Idempotency-Key": "tpl-2"})
        (event,) = await ingress.inbound.drain()
        assert (event.kind, event.template, event.event_id) == (EventKind.TEMPLATE_FIRED, Template.ASK_VITALS, "tpl-2")
        assert event.metadata["metadata"] == {"scheduleID": "S1"}

    async def test_replay_sends_nothing(self, ingress: Ingress) -> None:
        """The same key and body twice: the second is a replay and the queue holds one message."""
        headers = {"X-Template-Idempotency-Key": "tpl-3"}
        await ingress.client.post("/hooks/template-fired", json=BODY, headers=headers)
        await ingress.claims_settled()
        replay = await ingress.client.post("/hooks/template-fired", json=BODY, headers=headers)
        assert (replay.status_code, replay.headers["Idempotent-Replayed"]) == (202, "true")
        assert await ingress.inbound.depth() == 1

    async def test_needs_the_ingest_token_when_set(self, serve_ingress: IngressFactory) -> None:
        """With INGEST_TOKEN set, the template hook without the bearer is 401."""
        ingress = await serve_ingress(ingest_token="ingest-secret")
        response = await ingress.client.post(
            "/hooks/template-fired", json=BODY, headers={"X-Template-Idempotency-Key": "tpl-4"}
        )
        assert response.status_code == 401
        assert await ingress.inbound.depth() == 0
