"""/webhook/whatsapp through real HTTP: the handshake, signatures on raw bytes, one event per message."""

from __future__ import annotations

import json

from structlog.testing import capture_logs

from ingress.admission import accepted_body, event_payload_hash
from ingress.meta import parse_meta_payload
from orchestrator.clock import utc_now
from orchestrator.models import EventKind
from orchestrator.store.base import StoredResponse
from tests.ingress.conftest import VERIFY_TOKEN, Ingress
from tests.ingress.meta_payloads import (
    PHONE_A,
    PHONE_B,
    interactive_message,
    status_update,
    text_message,
    value,
    webhook,
)


class TestHandshake:
    async def test_verify_token_echoes_challenge_as_plain_text(self, ingress: Ingress) -> None:
        """hub.mode=subscribe with WHATSAPP_VERIFY_TOKEN: 200 and the challenge as text/plain."""
        params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
        response = await ingress.client.get("/webhook/whatsapp", params=params)
        assert response.status_code == 200
        assert response.text == "1158201444"
        assert response.headers["content-type"].startswith("text/plain")

    async def test_wrong_token_is_403(self, ingress: Ingress) -> None:
        """Another verify token: 403."""
        params = {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"}
        assert (await ingress.client.get("/webhook/whatsapp", params=params)).status_code == 403


class TestSignature:
    async def test_missing_or_bad_signature_is_401_and_nothing_written(self, ingress: Ingress) -> None:
        """Unsigned, or signed with another secret: 401, no claim, no message."""
        payload = webhook(value([text_message("wamid.1", PHONE_A, "oi")]))
        unsigned = await ingress.client.post("/webhook/whatsapp", json=payload)
        forged = await ingress.post_meta(payload, secret="not-the-app-secret")
        assert (unsigned.status_code, forged.status_code) == (401, 401)
        assert await ingress.idempotency_items() == 0
        assert await ingress.inbound.depth() == 0

    async def test_a_refused_signature_is_logged_with_its_reason(self, ingress: Ingress) -> None:
        """The operator whose WHATSAPP_APP_SECRET is wrong sees why Meta's deliveries fail: each
        refusal is one warning naming the reason (Meta alone saw the 401's body), and no body text."""
        payload = webhook(value([text_message("wamid.1", PHONE_A, "PA 12/8")]))
        with capture_logs() as logs:
            await ingress.client.post("/webhook/whatsapp", json=payload)
            await ingress.post_meta(payload, secret="not-the-app-secret")
        refused = [entry for entry in logs if entry["event"] == "whatsapp_signature_refused"]
        assert [entry["log_level"] for entry in refused] == ["warning", "warning"]
        assert "missing" in refused[0]["reason"]
        assert "WHATSAPP_APP_SECRET" in refused[1]["reason"]
        assert not any("PA 12/8" in str(entry) or PHONE_A in str(entry) for entry in logs)

    async def test_emoji_and_accents_validate_on_raw_bytes(self, ingress: Ingress) -> None:
        """A UTF-8 body with emoji and accents, signed as sent: accepted, text intact."""
        body = json.dumps(
            webhook(value([text_message("wamid.e", PHONE_A, "Olá! Pressão ok 👍 ção")])), ensure_ascii=False
        )
        response = await ingress.post_meta(body.encode())
        assert response.status_code == 200
        (event,) = await ingress.inbound.drain()
        assert event.text == "Olá! Pressão ok 👍 ção"

    async def test_signed_invalid_json_is_400(self, ingress: Ingress) -> None:
        """A correctly signed body that is not JSON: 400 invalid_json."""
        response = await ingress.post_meta(b"{not json")
        assert (response.status_code, response.json()["error"]) == (400, "invalid_json")


class TestMessages:
    async def test_two_messages_become_two_events(self, ingress: Ingress) -> None:
        """One payload with two messages of two caregivers: two events, keyed by wamid, 200."""
        payload = webhook(value([text_message("wamid.1", PHONE_A, "sim"), text_message("wamid.2", PHONE_B, "FC 80")]))
        response = await ingress.post_meta(payload)
        assert response.status_code == 200
        assert response.json() == {"status": "accepted", "accepted": 2, "replayed": 0, "ignored": 0, "rejected": []}
        events = sorted(await ingress.inbound.drain(), key=lambda event: event.event_id)
        assert [(event.event_id, event.session_id, event.text) for event in events] == [
            ("wamid.1", PHONE_A, "sim"),
            ("wamid.2", PHONE_B, "FC 80"),
        ]

    async def test_status_callback_enqueues_nothing(self, ingress: Ingress) -> None:
        """A signed delivery-status callback: 200, counted as ignored, nothing claimed or sent."""
        response = await ingress.post_meta(webhook(value(statuses=[status_update("wamid.s", PHONE_A)])))
        assert response.status_code == 200
        assert response.json()["ignored"] == 1
        assert await ingress.idempotency_items() == 0
        assert await ingress.inbound.depth() == 0

    async def test_button_reply_carries_title_and_id(self, ingress: Ingress) -> None:
        """An interactive button reply: the title is the event text, the id is in metadata."""
        payload = webhook(value([interactive_message("wamid.i", PHONE_A, "button_reply", "yes-1", "Sim")]))
        await ingress.post_meta(payload)
        (event,) = await ingress.inbound.drain()
        assert (event.kind, event.text, event.metadata["reply_id"]) == (EventKind.MESSAGE, "Sim", "yes-1")

    async def test_redelivered_payload_is_replayed(self, ingress: Ingress) -> None:
        """Meta re-sending the same payload: 200, both messages replayed, still two queue messages."""
        payload = webhook(value([text_message("wamid.1", PHONE_A, "sim"), text_message("wamid.2", PHONE_A, "ok")]))
        await ingress.post_meta(payload)
        await ingress.claims_settled()
        again = await ingress.post_meta(payload)
        assert again.json() == {"status": "accepted", "accepted": 0, "replayed": 2, "ignored": 0, "rejected": []}
        assert await ingress.inbound.depth() == 2

    async def test_a_bad_sender_does_not_hold_back_the_others(self, ingress: Ingress) -> None:
        """An unusable `from` in the second message: the first is queued, the second is not and is
        named in the 200's `rejected` (it used to 400 the whole delivery, and Meta's retries of it
        kept the good message out for days)."""
        payload = webhook(value([text_message("wamid.1", PHONE_A, "sim"), text_message("wamid.2", "12", "x")]))
        response = await ingress.post_meta(payload)
        assert response.status_code == 200
        assert response.json()["accepted"] == 1
        (rejected,) = response.json()["rejected"]
        assert rejected["field"] == "entry[0].changes[0].value.messages[1].from"
        assert [event.event_id for event in await ingress.inbound.drain()] == ["wamid.1"]


class TestLargeDeliveries:
    async def test_each_caregivers_messages_keep_their_order(self, ingress: Ingress) -> None:
        """40 messages of 4 caregivers, interleaved, admitted concurrently: all queued, and each
        caregiver's FIFO group holds them in payload order."""
        senders = [f"55119888800{n:02d}" for n in range(4)]
        messages = [text_message(f"wamid.{n}", senders[n % 4], f"msg {n}") for n in range(40)]
        response = await ingress.post_meta(webhook(value(messages)))
        assert response.json() == {"status": "accepted", "accepted": 40, "replayed": 0, "ignored": 0, "rejected": []}
        by_session: dict[str, list[str]] = {}
        for event in await ingress.inbound.drain():
            by_session.setdefault(event.session_id, []).append(event.event_id)
        expected = {sender: [f"wamid.{n}" for n in range(i, 40, 4)] for i, sender in enumerate(senders)}
        assert by_session == expected

    async def test_a_message_still_being_queued_makes_the_delivery_409(self, ingress: Ingress) -> None:
        """The second of three messages of caregiver A is claimed by an earlier delivery still at work:
        the answer is 409 in_progress with Retry-After (Meta retries it). A's first message and B's are
        queued; A's third is not (it must not overtake the second) and its claim is released."""
        payload = webhook(
            value(
                [
                    text_message("wamid.a1", PHONE_A, "sim"),
                    text_message("wamid.a2", PHONE_A, "FC 80"),
                    text_message("wamid.a3", PHONE_A, "FR 18"),
                    text_message("wamid.b1", PHONE_B, "ok"),
                ]
            )
        )
        held = parse_meta_payload(payload, received_at=utc_now()).events[1]
        stored = StoredResponse(status_code=200, body=accepted_body(held.session_id, held.event_id))
        assert (await ingress.deps.idempotency.claim(held.event_id, event_payload_hash(held), stored)).won
        response = await ingress.post_meta(payload)
        assert (response.status_code, response.json()) == (409, {"error": "in_progress"})
        assert int(response.headers["Retry-After"]) > 0
        assert sorted(event.event_id for event in await ingress.inbound.drain()) == ["wamid.a1", "wamid.b1"]
        assert await ingress.idempotency_items() == 3  # a1 and b1 (queued), a2 (the other delivery's)
