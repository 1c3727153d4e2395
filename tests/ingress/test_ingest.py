"""POST /webhook/ingest through real HTTP against moto: accept, replay, reuse, concurrency, auth."""

from __future__ import annotations

import asyncio

from orchestrator.models import EventKind
from tests.ingress.conftest import Ingress, IngressFactory

PHONE = "+55 (11) 99999-9999"
SESSION = "5511999999999"


def message(message_id: str = "msg-1", text: str = "PA 12/8", phone: str = PHONE) -> dict[str, object]:
    return {"message_id": message_id, "phoneNumber": phone, "text": text}


class TestAccept:
    async def test_first_delivery_is_202_and_one_event(self, ingress: Ingress) -> None:
        """202 with the contract body; exactly one event, in the session's group, keyed by message_id."""
        response = await ingress.client.post("/webhook/ingest", json={**message(), "meta": {"channel": "n8n"}})
        assert response.status_code == 202
        assert response.json() == {"status": "accepted", "session_id": SESSION, "idempotency_key": "msg-1"}
        assert "Idempotent-Replayed" not in response.headers
        (event,) = await ingress.inbound.drain()
        assert (event.kind, event.event_id, event.session_id, event.text) == (
            EventKind.MESSAGE,
            "msg-1",
            SESSION,
            "PA 12/8",
        )
        assert event.metadata["meta"] == {"channel": "n8n"}

    async def test_header_key_wins_over_message_id(self, ingress: Ingress) -> None:
        """X-Idempotency-Key is the key (and event id) when present."""
        response = await ingress.client.post(
            "/webhook/ingest", json=message(), headers={"X-Idempotency-Key": "key-from-header"}
        )
        assert response.json()["idempotency_key"] == "key-from-header"
        (event,) = await ingress.inbound.drain()
        assert event.event_id == "key-from-header"

    async def test_national_number_gets_the_country_code_once(self, ingress: Ingress) -> None:
        """`11 99999-9999` and `5511999999999` are the same session."""
        first = await ingress.client.post("/webhook/ingest", json=message("a", phone="(11) 99999-9999"))
        second = await ingress.client.post("/webhook/ingest", json=message("b", phone="5511999999999"))
        assert first.json()["session_id"] == second.json()["session_id"] == SESSION


class TestIdempotency:
    async def test_replay_returns_stored_response_and_sends_nothing(self, ingress: Ingress) -> None:
        """Same key and payload again: same body, `Idempotent-Replayed: true`, still one message."""
        first = await ingress.client.post("/webhook/ingest", json=message())
        replay = await ingress.client.post("/webhook/ingest", json=message())
        assert replay.status_code == first.status_code == 202
        assert replay.json() == first.json()
        assert replay.headers["Idempotent-Replayed"] == "true"
        assert await ingress.inbound.depth() == 1

    async def test_same_payload_with_another_phone_spelling_is_a_replay(self, ingress: Ingress) -> None:
        """The hash is over the normalized payload: a differently formatted phone is the same payload."""
        await ingress.client.post("/webhook/ingest", json=message(phone=PHONE))
        replay = await ingress.client.post("/webhook/ingest", json=message(phone=SESSION))
        assert replay.headers["Idempotent-Replayed"] == "true"

    async def test_key_reuse_with_other_payload_is_422(self, ingress: Ingress) -> None:
        """Same key, different text: 422 idempotency_key_reused, nothing more enqueued."""
        await ingress.client.post("/webhook/ingest", json=message())
        reused = await ingress.client.post("/webhook/ingest", json=message(text="FC 80"))
        assert reused.status_code == 422
        assert reused.json() == {"error": "idempotency_key_reused"}
        assert await ingress.inbound.depth() == 1

    async def test_twenty_parallel_identical_posts_enqueue_once(self, ingress: Ingress) -> None:
        """20 concurrent identical deliveries: one 202 first delivery, 19 replays, one SQS message."""
        responses = await asyncio.gather(*(ingress.client.post("/webhook/ingest", json=message()) for _ in range(20)))
        assert [response.status_code for response in responses] == [202] * 20
        replayed = [response.headers.get("Idempotent-Replayed") for response in responses]
        assert replayed.count("true") == 19
        assert replayed.count(None) == 1
        assert len(await ingress.inbound.drain()) == 1


class TestAuth:
    async def test_ingest_token_required_when_set(self, serve_ingress: IngressFactory) -> None:
        """With INGEST_TOKEN: no or wrong bearer is 401 and nothing written; the right one is 202."""
        ingress = await serve_ingress(ingest_token="ingest-secret")
        missing = await ingress.client.post("/webhook/ingest", json=message())
        wrong = await ingress.client.post("/webhook/ingest", json=message(), headers={"Authorization": "Bearer nope"})
        assert (missing.status_code, wrong.status_code) == (401, 401)
        assert missing.json()["error"] == "unauthorized"
        assert await ingress.idempotency_items() == 0
        assert await ingress.inbound.depth() == 0
        right = await ingress.client.post(
            "/webhook/ingest", json=message(), headers={"Authorization": "Bearer ingest-secret"}
        )
        assert right.status_code == 202
