"""The Cloud API sink against a fake Graph API (a real HTTP server on 127.0.0.1): the exact request
bodies, the wamid of each send, Meta's rate-limit answers retried, pacing per phone-number id,
and the webhook sink's additive `buttons` / `options`."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from orchestrator.errors import PermanentIntegrationError, TransientIntegrationError
from orchestrator.integrations.cloud_api import CloudApiEndpoint
from orchestrator.integrations.http import RetryPolicy, new_http_client
from orchestrator.integrations.sinks import WebhookSink
from orchestrator.integrations.whatsapp import SendPacer, WhatsAppCloudSink
from orchestrator.machine import replies
from orchestrator.models import Shift, Substitute
from orchestrator.outbound import PartKind, Reply, ReplyPart
from orchestrator.settings import Settings
from tests.cloud_golden import YES_NO_ACTION
from tests.integration.graph_answers import graph_sent
from tests.integration.scripted import Scripted, ScriptedServer
from tests.shifts import SHIFT_B
from worker.app import _sink_for

FAST = RetryPolicy(attempts=4, wait_initial=0.01, wait_max=0.02, wait_jitter=0.01)
TIMEOUT = 1.0
TOKEN = "EAAG-secret-token"
SHIFT = Shift.model_validate(SHIFT_B)
QUESTION = Reply(
    reply_id="rep-q", session_id="5511900000002", in_reply_to="wamid.in", parts=(replies.presence_question(SHIFT),)
)
SENT = graph_sent("wamid.OUT1")


def meta_error(code: int, status: int = 400) -> Scripted:
    return Scripted.json({"error": {"message": "slow down", "type": "OAuthException", "code": code}}, status=status)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with new_http_client(timeout=TIMEOUT) as client:
        yield client


def graph(http: httpx.AsyncClient, server: ScriptedServer, pacer: SendPacer | None = None) -> WhatsAppCloudSink:
    return WhatsAppCloudSink(
        http,
        CloudApiEndpoint(server.url + "/v21.0", "1234", TOKEN, timeout=TIMEOUT),
        retry=FAST,
        pacer=pacer,
    )


class TestCloudSends:
    async def test_buttons_request_and_its_wamid(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        """The yes/no question is POSTed as reply buttons; `messages[0].id` comes back."""
        scripted.default = SENT
        wamid = await graph(http, scripted).deliver(QUESTION)
        (request,) = scripted.received
        assert (request.path, request.headers["authorization"]) == ("/v21.0/1234/messages", f"Bearer {TOKEN}")
        assert request.json() == {
            "messaging_product": "whatsapp",
            "to": "5511900000002",
            "type": "interactive",
            "interactive": {
                "type": "button",
                "body": {"text": QUESTION.text},
                "action": YES_NO_ACTION,
            },
        }
        assert wamid == "wamid.OUT1"

    async def test_a_text_over_4096_characters_is_sent_whole_in_parts(
        self, http: httpx.AsyncClient, scripted: ScriptedServer
    ) -> None:
        """A reply longer than Meta's 4096-character text limit (a long report summary) goes as
        several texts, split between paragraphs, in order, nothing cut: it was truncated at 4096,
        and the caregiver never saw the question at its end. Each part has its wamid."""
        summary = "\n\n".join(f"Tópico {n}: " + "a" * 480 for n in range(10))
        text = f"{summary}\n\nPosso enviar o relatório? Responda *sim* ou *não*."
        long = Reply(
            reply_id="rep-long",
            session_id="5511900000002",
            in_reply_to="wamid.in",
            parts=(ReplyPart(code="report_summary", text=text),),
        )
        assert len(long.text) > 4096
        scripted.script(SENT, graph_sent("wamid.OUT2"))
        sink = graph(http, scripted)
        wamids = [await sink.deliver(message) for message in sink.messages(long)]
        bodies = [request.json()["text"]["body"] for request in scripted.received]
        assert len(bodies) == 2 and all(len(body) <= 4096 for body in bodies)
        assert "\n\n".join(bodies) == long.text
        assert wamids == ["wamid.OUT1", "wamid.OUT2"]

    async def test_a_long_confirmation_keeps_its_buttons_on_the_question(
        self, http: httpx.AsyncClient, scripted: ScriptedServer
    ) -> None:
        """A report summary over Meta's 1024-character button body: its start goes as text, then
        its closing lines, the question last, with the Sim/Não buttons (it all went as one text, and the
        caregiver had to type the answer). The wamid is the question's, which a tap refers to."""
        topics = "\n".join(f"• Tópico {n}: " + "dormiu bem " * 12 for n in range(8))
        confirmation = replies.report_confirmation(topics)
        long = QUESTION.model_copy(update={"parts": (confirmation,)})
        assert len(long.text) > 1024 and long.question is not None
        scripted.script(SENT, graph_sent("wamid.Q"))
        sink = graph(http, scripted)
        wamids = [await sink.deliver(message) for message in sink.messages(long)]
        summary, question = (request.json() for request in scripted.received)
        head, last = summary["text"]["body"], question["interactive"]["body"]["text"]
        assert summary["type"] == "text" and f"{head}\n{last}".split() == long.text.split()
        assert len(last) <= 1024 and last.endswith(confirmation.text.rpartition("\n")[2])
        assert question["interactive"] == {"type": "button", "body": {"text": last}, "action": YES_NO_ACTION}
        assert wamids[-1] == "wamid.Q"

    async def test_sent_to_the_wa_id_as_meta_sent_it(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        """A reply addressed to a 12-digit wa_id (no 9th digit) goes there, not to the session id."""
        await graph(http, scripted).deliver(QUESTION.model_copy(update={"to": "551190000002"}))
        assert scripted.received[0].json()["to"] == "551190000002"

    async def test_an_answer_without_messages_gives_no_wamid(
        self, http: httpx.AsyncClient, scripted: ScriptedServer
    ) -> None:
        assert await graph(http, scripted).deliver(QUESTION) is None

    async def test_429_then_200_sends_once(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        """HTTP 429 is retried with the very same body; the 200's wamid is returned."""
        scripted.script(meta_error(130429, status=429), SENT)
        assert await graph(http, scripted).deliver(QUESTION) == "wamid.OUT1"
        first, second = scripted.received
        assert first.body == second.body

    # 4: the app's Graph API call limit, and 2: Meta's service down or overloaded, both answered
    # as a 400 (the reply was dropped as refused for good, the caregiver left without it).
    @pytest.mark.parametrize("code", [130429, 131056, 80007, 4, 2])
    async def test_rate_limit_codes_in_a_400_are_retried(
        self, http: httpx.AsyncClient, scripted: ScriptedServer, code: int
    ) -> None:
        """Meta's "slow down" and "try again later" codes in a 400: retried, then sent."""
        scripted.script(meta_error(code), meta_error(code), SENT)
        assert await graph(http, scripted).deliver(QUESTION) == "wamid.OUT1"
        assert scripted.hits() == 3

    async def test_refused_buttons_are_sent_again_as_text(
        self, http: httpx.AsyncClient, scripted: ScriptedServer
    ) -> None:
        """Meta refusing the interactive form for good (131009) does not lose the reply: the same
        text goes as a plain message, and its wamid is the one kept."""
        scripted.script(meta_error(131009), SENT)
        assert await graph(http, scripted).deliver(QUESTION) == "wamid.OUT1"
        refused, plain = (request.json() for request in scripted.received)
        assert refused["type"] == "interactive"
        assert plain == {
            "messaging_product": "whatsapp",
            "to": "5511900000002",
            "type": "text",
            "text": {"body": QUESTION.text},
        }

    async def test_other_meta_errors_are_permanent(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        """131009 (a parameter Meta refuses) on a text message will never pass: one hit,
        PermanentIntegrationError."""
        scripted.default = meta_error(131009)
        plain = QUESTION.model_copy(update={"parts": (ReplyPart(code="x", text="ok", kind=PartKind.NOTICE),)})
        with pytest.raises(PermanentIntegrationError):
            await graph(http, scripted).deliver(plain)
        assert scripted.hits() == 1

    async def test_still_rate_limited_gives_up_as_transient(
        self, http: httpx.AsyncClient, scripted: ScriptedServer
    ) -> None:
        """Every attempt answered 429: TransientIntegrationError (the turn leaves the reply in the
        outbox for the redelivery), after exactly the policy's attempts."""
        scripted.default = meta_error(130429, status=429)
        with pytest.raises(TransientIntegrationError):
            await graph(http, scripted).deliver(QUESTION)
        assert scripted.hits() == FAST.attempts


class FakeTime:
    """A clock that only moves when the pacer sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))


class TestPacing:
    async def test_sends_are_spread_per_phone_number_id(self) -> None:
        """At 4 per second, a burst of three waits 0, 0.25 and 0.5 s; another number is not held up."""
        time = FakeTime()
        pacer = SendPacer(4.0, clock=time.clock, sleep=time.sleep)
        for _ in range(3):
            await pacer.wait("1234")
        await pacer.wait("5678")
        assert time.sleeps == [0.25, 0.5]

    async def test_a_quiet_number_sends_at_once(self) -> None:
        time = FakeTime()
        pacer = SendPacer(4.0, clock=time.clock, sleep=time.sleep)
        await pacer.wait("1234")
        time.now += 10
        await pacer.wait("1234")
        assert time.sleeps == []

    async def test_the_sink_waits_for_its_slot(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        time = FakeTime()
        sink = graph(http, scripted, SendPacer(2.0, clock=time.clock, sleep=time.sleep))
        await sink.deliver(QUESTION)
        await sink.deliver(QUESTION)
        assert (time.sleeps, scripted.hits()) == ([0.5], 2)

    async def test_the_workers_sink_is_paced_by_the_setting(
        self, http: httpx.AsyncClient, scripted: ScriptedServer
    ) -> None:
        """WHATSAPP_MAX_SENDS_PER_SECOND=5 reaches the sink the worker builds: three sends to one
        phone-number id take at least two intervals of 0.2 s (real clock, real HTTP)."""
        scripted.default = SENT
        settings = Settings(
            _env_file=None,
            whatsapp_access_token=SecretStr(TOKEN),
            whatsapp_phone_number_id="1234",
            whatsapp_api_base=scripted.url + "/v21.0",
            whatsapp_max_sends_per_second=5,
        )
        sink = _sink_for(settings, http)
        started = time.monotonic()
        for _ in range(3):
            await sink.deliver(QUESTION)
        assert time.monotonic() - started >= 0.4
        assert [request.path for request in scripted.received] == ["/v21.0/1234/messages"] * 3


class TestWebhookChoices:
    async def test_yes_no_adds_buttons(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        await WebhookSink(http, f"{scripted.url}/reply", timeout=TIMEOUT, retry=FAST).deliver(QUESTION)
        assert scripted.received[0].json() == {
            "session_id": "5511900000002",
            "phoneNumber": "5511900000002",
            "text": QUESTION.text,
            "in_reply_to": "wamid.in",
            "reply_id": "rep-q",
            "buttons": [{"id": "yes", "title": "Sim"}, {"id": "no", "title": "Não"}],
        }

    async def test_substitutes_add_options(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        offered = [Substitute.model_validate({"caregiverIdentifier": "c1", "caregiverName": "Ana Souza"})]
        reply = QUESTION.model_copy(update={"parts": (replies.substitutes(offered),)})
        await WebhookSink(http, f"{scripted.url}/reply", timeout=TIMEOUT, retry=FAST).deliver(reply)
        body = scripted.received[0].json()
        assert body["options"] == [{"id": "choice-1", "title": "Ana Souza"}, {"id": "choice-none", "title": "Nenhum"}]
        assert "buttons" not in body

    async def test_plain_text_adds_nothing(self, http: httpx.AsyncClient, scripted: ScriptedServer) -> None:
        reply = QUESTION.model_copy(update={"parts": (ReplyPart(code="x", text="ok", kind=PartKind.NOTICE),)})
        await WebhookSink(http, f"{scripted.url}/reply", timeout=TIMEOUT, retry=FAST).deliver(reply)
        assert set(scripted.received[0].json()) == {"session_id", "phoneNumber", "text", "in_reply_to", "reply_id"}
