"""Reply sinks against a scripted HTTP server: request shapes, idempotency, retries, and the choice of sink."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from structlog.testing import capture_logs

from orchestrator.errors import ConfigurationError, PermanentIntegrationError, TransientIntegrationError
from orchestrator.integrations.cloud_api import CloudApiEndpoint
from orchestrator.integrations.http import RetryPolicy, new_http_client
from orchestrator.integrations.sinks import LogSink, WebhookSink, WhatsAppCloudSink, pick_sink
from orchestrator.outbound import Reply
from tests.integration.scripted import Scripted, ScriptedServer

FAST = RetryPolicy(attempts=3, wait_initial=0.01, wait_max=0.02, wait_jitter=0.0)
TIMEOUT = 1.0  # generous: a busy CI machine must not turn a quick answer into a timeout
TOKEN = "EAAG-secret-token"
REPLY = Reply(
    reply_id="rep-1",
    session_id="5511900000002",
    text="Sinais vitais salvos ✅ PA 120x80, FC 76",
    in_reply_to="wamid.1",
)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with new_http_client(timeout=TIMEOUT) as client:
        yield client


def webhook(http: httpx.AsyncClient, server: ScriptedServer) -> WebhookSink:
    return WebhookSink(http, f"{server.url}/reply", timeout=TIMEOUT, retry=FAST)


def whatsapp(http: httpx.AsyncClient, server: ScriptedServer, base: str = "/v21.0") -> WhatsAppCloudSink:
    return WhatsAppCloudSink(http, CloudApiEndpoint(server.url + base, "1234", TOKEN, timeout=TIMEOUT), retry=FAST)


class TestWebhookSink:
    async def test_posts_the_contract_body(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        """POST {session_id, phoneNumber, text, in_reply_to, reply_id}; phoneNumber is the session's digits."""
        await webhook(http, scripted).deliver(REPLY)
        (received,) = scripted.received
        assert received.path == "/reply"
        assert received.json() == {
            "session_id": "5511900000002",
            "phoneNumber": "5511900000002",
            "text": REPLY.text,
            "in_reply_to": "wamid.1",
            "reply_id": "rep-1",
        }

    async def test_phone_number_is_the_wa_id_meta_sent(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        """A caregiver whose WhatsApp lacks the 9th digit: `phoneNumber` is the `wa_id` as Meta sent it
        (SPEC 12: replies go there), `session_id` stays the canonical 13-digit number (it sent the
        canonical number, which that account may not answer to)."""
        await webhook(http, scripted).deliver(
            REPLY.model_copy(update={"to": "551187650002", "session_id": "5511987650002"})
        )
        body = scripted.received[0].json()
        assert (body["session_id"], body["phoneNumber"]) == ("5511987650002", "551187650002")

    async def test_carries_the_reply_id_as_idempotency_key(
        self, http: httpx.AsyncClient, scripted: ScriptedServer
    ) -> None:
        """Header `Idempotency-Key: <reply_id>`."""
        await webhook(http, scripted).deliver(REPLY)
        assert scripted.received[0].headers["idempotency-key"] == "rep-1"

    async def test_5xx_and_timeouts_are_retried_with_the_same_key(
        self, http: httpx.AsyncClient, scripted: ScriptedServer
    ) -> None:
        """503, then a timeout, then 200: delivered after three hits, each with the same key."""
        scripted.script(Scripted(status=503), Scripted(delay=TIMEOUT * 2), Scripted(status=200))
        await webhook(http, scripted).deliver(REPLY)
        assert scripted.hits() == 3
        assert {request.headers["idempotency-key"] for request in scripted.received} == {"rep-1"}

    async def test_persistent_5xx_is_transient(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        """Still failing after every attempt -> TransientIntegrationError."""
        scripted.default = Scripted(status=500)
        with pytest.raises(TransientIntegrationError):
            await webhook(http, scripted).deliver(REPLY)
        assert scripted.hits() == FAST.attempts

    async def test_4xx_is_permanent_and_not_retried(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        """A 404 -> PermanentIntegrationError(404) after one hit."""
        scripted.default = Scripted(status=404)
        with pytest.raises(PermanentIntegrationError) as info:
            await webhook(http, scripted).deliver(REPLY)
        assert (info.value.status_code, scripted.hits()) == (404, 1)

    async def test_logs_never_carry_the_text_or_phone(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        """Delivery logs name the reply id; the reply text and the phone appear in no log value."""
        with capture_logs() as logs:
            await webhook(http, scripted).deliver(REPLY)
        assert any(entry.get("reply_id") == "rep-1" for entry in logs)
        values = " ".join(str(value) for entry in logs for value in entry.values())
        assert REPLY.text not in values
        assert REPLY.session_id not in values


class TestWhatsAppCloudSink:
    async def test_posts_a_text_message(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        """POST {base}/{phone_number_id}/messages with the Cloud API's text-message body."""
        await whatsapp(http, scripted).deliver(REPLY)
        (received,) = scripted.received
        assert received.path == "/v21.0/1234/messages"
        assert received.json() == {
            "messaging_product": "whatsapp",
            "to": "5511900000002",
            "type": "text",
            "text": {"body": REPLY.text},
        }

    async def test_authenticates_with_the_bearer_token(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        """`Authorization: Bearer <WHATSAPP_ACCESS_TOKEN>`."""
        await whatsapp(http, scripted).deliver(REPLY)
        assert scripted.received[0].headers["authorization"] == f"Bearer {TOKEN}"

    async def test_base_url_with_trailing_slash(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        """WHATSAPP_API_BASE ending in '/' still gives a single slash before the phone number id."""
        await whatsapp(http, scripted, base="/v21.0/").deliver(REPLY)
        assert scripted.received[0].path == "/v21.0/1234/messages"

    async def test_5xx_is_retried(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        """A 500 then 200: delivered after two hits."""
        scripted.script(Scripted(status=500), Scripted(status=200))
        await whatsapp(http, scripted).deliver(REPLY)
        assert scripted.hits() == 2

    async def test_4xx_is_permanent_and_not_retried(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        """Meta's 401 (bad token) -> PermanentIntegrationError after one hit."""
        scripted.default = Scripted.json({"error": {"code": 190}}, status=401)
        with pytest.raises(PermanentIntegrationError) as info:
            await whatsapp(http, scripted).deliver(REPLY)
        assert (info.value.status_code, scripted.hits()) == (401, 1)

    def test_repr_hides_the_token(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        """The access token never shows in the sink's repr."""
        assert TOKEN not in repr(whatsapp(http, scripted))


class TestLogSink:
    async def test_logs_id_and_length_only(self) -> None:
        """The log-only sink records reply id and length, never the text; it is not external."""
        sink = LogSink()
        with capture_logs() as logs:
            await sink.deliver(REPLY)
        assert logs == [{"event": "reply_logged", "log_level": "info", "reply_id": "rep-1", "length": len(REPLY.text)}]
        assert sink.external is False


class TestPickSink:
    def test_webhook_wins(self, http: httpx.AsyncClient) -> None:
        """REPLY_WEBHOOK_URL is used even when WhatsApp is configured too."""
        sink = pick_sink(
            http,
            reply_webhook_url="http://127.0.0.1:9/reply",
            whatsapp_access_token=TOKEN,
            whatsapp_phone_number_id="1234",
        )
        assert isinstance(sink, WebhookSink)
        assert sink.external is True

    def test_whatsapp_when_token_and_phone_id(self, http: httpx.AsyncClient) -> None:
        """Token + phone number id without a webhook -> the Cloud API sink."""
        sink = pick_sink(http, whatsapp_access_token=TOKEN, whatsapp_phone_number_id="1234")
        assert isinstance(sink, WhatsAppCloudSink)
        assert sink.external is True

    def test_log_only_when_nothing_configured(self, http: httpx.AsyncClient) -> None:
        """Neither configured -> log only (the dev default)."""
        assert isinstance(pick_sink(http), LogSink)

    @pytest.mark.parametrize(
        ("token", "phone_id", "missing"),
        [(TOKEN, None, "WHATSAPP_PHONE_NUMBER_ID"), (None, "1234", "WHATSAPP_ACCESS_TOKEN")],
    )
    def test_half_configured_whatsapp_refuses(
        self, http: httpx.AsyncClient, token: str | None, phone_id: str | None, missing: str
    ) -> None:
        """One WhatsApp variable without the other is a configuration error naming the missing one."""
        with pytest.raises(ConfigurationError, match=missing):
            pick_sink(http, whatsapp_access_token=token, whatsapp_phone_number_id=phone_id)

    async def test_picked_whatsapp_sink_uses_the_configured_base(
        self, http: httpx.AsyncClient, scripted: ScriptedServer
    ) -> None:
        """WHATSAPP_API_BASE points delivery at a local server."""
        sink = pick_sink(
            http,
            whatsapp_access_token=TOKEN,
            whatsapp_phone_number_id="777",
            whatsapp_api_base=scripted.url + "/graph",
            timeout=TIMEOUT,
            retry=FAST,
        )
        await sink.deliver(REPLY)
        assert scripted.received[0].path == "/graph/777/messages"
