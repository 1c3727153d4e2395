"""POST /webhook/ingest through real HTTP against moto: accept, replay, reuse, concurrency, auth."""

from __future__ import annotations

import asyncio

from ingress.admission import accepted_body, event_payload_hash
from orchestrator.clock import utc_now
from orchestrator.models import EventKind, InboundEvent
from orchestrator.phones import normalize_phone
from orchestrator.store.base import StoredResponse
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
        await ingress.claims_settled()
        replay = await ingress.client.post("/webhook/ingest", json=message())
        assert replay.status_code == first.status_code == 202
        assert replay.json() == first.json()
        assert replay.headers["Idempotent-Replayed"] == "true"
        assert await ingress.inbound.depth() == 1

    async def test_same_payload_with_another_phone_spelling_is_a_replay(self, ingress: Ingress) -> None:
        """The hash is over the normalized payload: a differently formatted phone is the same payload."""
        await ingress.client.post("/webhook/ingest", json=message(phone=PHONE))
        await ingress.claims_settled()
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
        """20 concurrent identical deliveries: one 202 first delivery; each other one is a 409
        in_progress (with Retry-After) or, once the first completed, a replay; one SQS message.
        A 409'd sender that retries gets the replay."""
        responses = await asyncio.gather(*(ingress.client.post("/webhook/ingest", json=message()) for _ in range(20)))
        first = [r for r in responses if r.status_code == 202 and "Idempotent-Replayed" not in r.headers]
        in_progress = [r for r in responses if r.status_code == 409]
        replays = [r for r in responses if r.headers.get("Idempotent-Replayed") == "true"]
        assert (len(first), len(in_progress) + len(replays)) == (1, 19)
        assert all(r.json() == {"error": "in_progress"} and int(r.headers["Retry-After"]) > 0 for r in in_progress)
        assert all(r.status_code == 202 and r.json() == first[0].json() for r in replays)
        await ingress.claims_settled()
        retried = await ingress.client.post("/webhook/ingest", json=message())
        assert (retried.status_code, retried.headers["Idempotent-Replayed"]) == (202, "true")
        assert len(await ingress.inbound.drain()) == 1

    async def test_duplicate_while_the_first_is_in_progress_is_409(self, ingress: Ingress) -> None:
        """A claim still in progress (its holder has not queued the event yet): 409 in_progress with
        Retry-After, never the stored 202, and nothing sent."""
        await _claim_without_sending(ingress, message())
        duplicate = await ingress.client.post("/webhook/ingest", json=message())
        assert (duplicate.status_code, duplicate.json()) == (409, {"error": "in_progress"})
        assert int(duplicate.headers["Retry-After"]) > 0
        assert await ingress.inbound.depth() == 0


async def _claim_without_sending(ingress: Ingress, body: dict[str, object]) -> None:
    """What a request holding the claim looks like from outside: claimed, not yet sent."""
    session = normalize_phone(str(body["phoneNumber"]))
    key = str(body["message_id"])
    event = InboundEvent(
        kind=EventKind.MESSAGE,
        event_id=key,
        session_id=session,
        received_at=utc_now(),
        text=str(body["text"]),
        metadata={"source": "ingest", "message_id": key},
    )
    stored = StoredResponse(status_code=202, body=accepted_body(session, key))
    assert (await ingress.deps.idempotency.claim(key, event_payload_hash(event), stored)).won


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
