"""What a sender reads when its request is refused: the header or field by the name it sent, the
limit it broke, and the difference between "missing" and "wrong". Through real HTTP; nothing written."""

from __future__ import annotations

import json
from typing import Any

from structlog.contextvars import merge_contextvars
from structlog.testing import capture_logs

from ingress.auth import sign_meta_body
from orchestrator.logs import redact_phi
from tests.ingress.conftest import ADMIN_TOKEN, APP_SECRET, VERIFY_TOKEN, Ingress, IngressFactory
from tests.ingress.meta_payloads import status_update, text_message, value, webhook

PHONE_A = "5511987654321"
PHONE_B = "5511976543210"
VALID = {"message_id": "m-1", "phoneNumber": "+5511999999999", "text": "oi"}
TEMPLATE = {"phoneNumber": "+5511999999999", "template": "confirmar_presenca"}


class TestIdempotencyHeaders:
    async def test_an_over_long_ingest_key_names_the_header_and_its_limit(self, ingress: Ingress) -> None:
        """`X-Idempotency-Key` of 257 characters: 400 naming `X-Idempotency-Key` (not the handler's
        `idempotency_key`) and the 256-character limit in words."""
        headers = {"X-Idempotency-Key": "k" * 257}
        response = await ingress.client.post("/webhook/ingest", json=VALID, headers=headers)
        assert (response.status_code, response.json()) == (
            400,
            {
                "error": "invalid_field",
                "field": "X-Idempotency-Key",
                "detail": "longer than the limit of 256 characters",
            },
        )
        await ingress.assert_nothing_written()

    async def test_an_over_long_template_key_names_its_header(self, ingress: Ingress) -> None:
        """The same for `X-Template-Idempotency-Key` on /hooks/template-fired."""
        headers = {"X-Template-Idempotency-Key": "k" * 1000}
        response = await ingress.client.post("/hooks/template-fired", json=TEMPLATE, headers=headers)
        assert response.status_code == 400
        assert response.json()["field"] == "X-Template-Idempotency-Key"
        assert "256 characters" in response.json()["detail"]
        await ingress.assert_nothing_written()

    async def test_a_blank_message_id_is_refused(self, ingress: Ingress) -> None:
        """A `message_id` of spaces (an n8n expression that found nothing) was accepted as the key
        "  ": the sender's next message with the same blank id was then a replay (202, nothing
        queued) or a key reuse (422), so every message after the first was lost."""
        response = await ingress.client.post("/webhook/ingest", json=VALID | {"message_id": "   "})
        assert response.status_code == 400
        assert response.json()["field"] == "message_id"
        await ingress.assert_nothing_written()

    async def test_a_key_at_the_limit_is_accepted(self, ingress: Ingress) -> None:
        """256 characters is within the limit: 202."""
        response = await ingress.client.post("/webhook/ingest", json=VALID, headers={"X-Idempotency-Key": "k" * 256})
        assert response.status_code == 202


def _signed_headers(body: bytes, signature: str | None) -> dict[str, str]:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return headers


class TestMetaSignature:
    BODY = json.dumps(webhook(value([text_message("wamid.1", PHONE_A, "oi")]))).encode()

    async def test_a_missing_signature_says_it_is_missing(self, ingress: Ingress) -> None:
        """No `X-Hub-Signature-256`: 401 saying the header is missing (it said "does not match")."""
        response = await ingress.client.post("/webhook/whatsapp", content=self.BODY, headers=_signed_headers(b"", None))
        assert response.status_code == 401
        assert response.json()["detail"].startswith("the X-Hub-Signature-256 header is missing")
        await ingress.assert_nothing_written()

    async def test_a_wrong_signature_says_it_does_not_match(self, ingress: Ingress) -> None:
        """Signed with another secret: 401 "does not match", pointing at WHATSAPP_APP_SECRET."""
        signature = sign_meta_body(self.BODY, "another-secret")
        response = await ingress.client.post(
            "/webhook/whatsapp", content=self.BODY, headers=_signed_headers(self.BODY, signature)
        )
        assert response.status_code == 401
        assert response.json()["detail"].startswith("X-Hub-Signature-256 does not match the body")
        await ingress.assert_nothing_written()

    async def test_a_signature_without_its_prefix_names_the_format(self, ingress: Ingress) -> None:
        """The bare hex digest (no `sha256=`): 401 stating the expected form."""
        signature = sign_meta_body(self.BODY, APP_SECRET).removeprefix("sha256=")
        response = await ingress.client.post(
            "/webhook/whatsapp", content=self.BODY, headers=_signed_headers(self.BODY, signature)
        )
        assert response.status_code == 401
        assert response.json()["detail"] == "X-Hub-Signature-256 must be sha256=<hex HMAC-SHA256 of the body>"


HANDSHAKE = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}


class TestHandshake:
    async def test_without_a_verify_token_the_answer_says_verification_is_not_configured(
        self, serve_ingress: IngressFactory
    ) -> None:
        """WHATSAPP_VERIFY_TOKEN unset: 403 `verification_not_configured` naming the variable (it was
        a bare "verification failed"), and a warning at start-up and on the refusal."""
        with capture_logs() as logs:
            ingress = await serve_ingress(whatsapp_verify_token=None)
            response = await ingress.client.get("/webhook/whatsapp", params=HANDSHAKE)
        assert response.status_code == 403
        assert response.json()["error"] == "verification_not_configured"
        assert response.json()["detail"].startswith("WHATSAPP_VERIFY_TOKEN is not set on the ingress")
        events = [(entry["event"], entry["log_level"]) for entry in logs if entry["event"].startswith("whatsapp_")]
        assert events == [
            ("whatsapp_handshake_not_configured", "warning"),
            ("whatsapp_handshake_refused", "warning"),
        ]

    async def test_the_refusal_names_what_is_wrong(self, ingress: Ingress) -> None:
        """Wrong token, wrong mode, no challenge: 403 `forbidden`, each with its own reason."""
        cases = {
            "hub.verify_token does not match WHATSAPP_VERIFY_TOKEN": {**HANDSHAKE, "hub.verify_token": "nope"},
            "hub.mode must be 'subscribe'": {**HANDSHAKE, "hub.mode": "unsubscribe"},
            "hub.challenge is missing": {k: v for k, v in HANDSHAKE.items() if k != "hub.challenge"},
            "hub.verify_token is missing": {k: v for k, v in HANDSHAKE.items() if k != "hub.verify_token"},
        }
        for detail, params in cases.items():
            response = await ingress.client.get("/webhook/whatsapp", params=params)
            assert (response.status_code, response.json()) == (403, {"error": "forbidden", "detail": detail})

    async def test_the_right_token_echoes_the_challenge(self, ingress: Ingress) -> None:
        """The contract's success path is unchanged: 200 with the challenge as plain text."""
        response = await ingress.client.get("/webhook/whatsapp", params=HANDSHAKE)
        assert (response.status_code, response.text) == (200, "1158201444")

    async def test_a_fully_configured_ingress_logs_nothing_about_it(self, serve_ingress: IngressFactory) -> None:
        """Both Meta secrets set: no start-up line about the WhatsApp routes."""
        with capture_logs() as logs:
            await serve_ingress()
        assert not [entry for entry in logs if entry["event"].startswith("whatsapp_")]


class TestBodyLimit:
    async def test_413_states_the_limit(self, ingress: Ingress) -> None:
        """Over 64 KiB: 413 whose detail gives the limit (it said "Request Entity Too Large")."""
        body = b'{"text": "' + b"x" * (64 * 1024) + b'"}'
        response = await ingress.client.post(
            "/webhook/ingest", content=body, headers={"Content-Type": "application/json"}
        )
        assert (response.status_code, response.json()) == (
            413,
            {"error": "payload_too_large", "detail": "the body is larger than the limit of 64 KiB (65536 bytes)"},
        )
        await ingress.assert_nothing_written()


def _metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(f"{name} "):
            return float(line.split()[1])
    raise AssertionError(f"{name} not exposed")


class TestMetaBatchWithABadItem:
    async def test_a_malformed_message_is_set_aside_and_the_others_are_queued(self, ingress: Ingress) -> None:
        """Two caregivers' messages around a text message without its body: 200, both good ones
        queued, the bad one named in `rejected`, logged with its path only, and counted."""
        bad = {"from": PHONE_B, "id": "wamid.bad", "type": "text"}
        payload = webhook(
            value([text_message("wamid.a", PHONE_A, "PA 120x80"), bad, text_message("wamid.b", PHONE_B, "ok")])
        )
        with capture_logs(processors=[merge_contextvars, redact_phi]) as logs:
            response = await ingress.post_meta(payload)
        assert response.status_code == 200
        assert response.json() == {
            "status": "accepted",
            "accepted": 2,
            "replayed": 0,
            "ignored": 0,
            "rejected": [{"field": "entry[0].changes[0].value.messages[1].text", "detail": "expected an object"}],
        }
        assert sorted(event.event_id for event in await ingress.inbound.drain()) == ["wamid.a", "wamid.b"]
        (line,) = [entry for entry in logs if entry["event"] == "whatsapp_item_rejected"]
        assert line["field"] == "entry[0].changes[0].value.messages[1].text"
        rendered = json.dumps(logs, default=str)
        for phi in (PHONE_A, PHONE_B, "120x80"):
            assert phi not in rendered
        metrics = (await ingress.client.get("/metrics")).text
        assert _metric(metrics, "orchestrator_whatsapp_items_rejected_total") == 1

    async def test_a_malformed_change_does_not_sink_the_other_entries(self, ingress: Ingress) -> None:
        """A second entry whose `changes` is not a list: the first entry's message is queued."""
        payload: dict[str, Any] = webhook(value([text_message("wamid.a", PHONE_A, "oi")]))
        payload["entry"].append({"id": "WABA", "changes": "oops"})
        payload["entry"].append({"id": "WABA", "changes": [{"value": {"messages": "oops"}}]})
        response = await ingress.post_meta(payload)
        assert response.status_code == 200
        assert response.json()["accepted"] == 1
        assert [item["field"] for item in response.json()["rejected"]] == [
            "entry[1].changes",
            "entry[2].changes[0].value.messages",
        ]
        assert [event.event_id for event in await ingress.inbound.drain()] == ["wamid.a"]

    async def test_a_malformed_status_does_not_sink_the_messages(self, ingress: Ingress) -> None:
        """A `failed` status without a recipient beside a message and a good status: the message is
        queued, the good status counted, the bad one rejected."""
        bad_status = {"id": "wamid.s2", "status": "failed"}
        payload = webhook(
            value([text_message("wamid.a", PHONE_A, "oi")], statuses=[status_update("wamid.s1", PHONE_A), bad_status])
        )
        response = await ingress.post_meta(payload)
        assert response.status_code == 200
        body = response.json()
        assert (body["accepted"], body["ignored"]) == (1, 1)
        assert [item["field"] for item in body["rejected"]] == ["entry[0].changes[0].value.statuses[1].recipient_id"]

    async def test_a_delivery_with_nothing_readable_is_still_400(self, ingress: Ingress) -> None:
        """Only a malformed message: 400 naming its path, as before; nothing written."""
        payload = webhook(value([{"from": PHONE_A, "id": "wamid.bad", "type": "text"}]))
        response = await ingress.post_meta(payload)
        assert (response.status_code, response.json()["field"]) == (400, "entry[0].changes[0].value.messages[0].text")
        await ingress.assert_nothing_written()


class TestQueryBounds:
    async def test_conversation_limit_states_its_range(self, ingress: Ingress) -> None:
        """`?limit=` that is not a number or outside 1..200: 400 naming `limit` and the range (it said
        "Expected `int`, got `str`")."""
        headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        for raw in ("abc", "0", "-1", "100000", "1.5"):
            response = await ingress.client.get(
                "/sessions/5511900000002/conversation", params={"limit": raw}, headers=headers
            )
            assert (response.status_code, response.json()) == (
                400,
                {"error": "invalid_field", "field": "limit", "detail": "expected a whole number from 1 to 200"},
            ), raw


class TestDetailsInWords:
    """A refusal's `detail` is the rule in words, without pydantic's "Value error, " prefix."""

    async def test_blank_text(self, ingress: Ingress) -> None:
        response = await ingress.client.post("/webhook/ingest", json=VALID | {"text": " \n "})
        assert response.json() == {
            "error": "invalid_field",
            "field": "text",
            "detail": "must contain more than whitespace",
        }

    async def test_a_meta_message_from_nobody(self, ingress: Ingress) -> None:
        payload = webhook(value([text_message("wamid.a", PHONE_A, "oi"), text_message("wamid.b", "", "oi")]))
        response = await ingress.post_meta(payload)
        assert response.json()["rejected"] == [
            {"field": "entry[0].changes[0].value.messages[1].from", "detail": "expected a non-empty string"}
        ]
