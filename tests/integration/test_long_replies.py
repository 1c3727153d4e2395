"""A reply longer than WhatsApp's 4096 characters (the shift's summary with every topic told at
length) through the real ingress and worker on moto: sent whole as several Cloud API messages to a
fake Graph API (a real HTTP server on 127.0.0.1), in order, the question and its buttons on the
last; a redelivery after a failure halfway sends only the parts not sent; the webhook sink gets
the whole text in one POST."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from orchestrator.devtools.demo_backend import DEMO_PHONES, DemoShiftKind
from orchestrator.devtools.localaws import MotoServer
from orchestrator.integrations.cloud_api import CloudApiEndpoint
from orchestrator.integrations.http import RetryPolicy
from orchestrator.integrations.whatsapp import WhatsAppCloudSink
from orchestrator.integrations.whatsapp_messages import MAX_BODY, MAX_TEXT
from orchestrator.machine import replies
from orchestrator.models import BackendContract
from orchestrator.outbound import QuestionKind
from orchestrator.store.conversation import DynamoConversationStore
from tests.cloud_golden import YES_NO_ACTION
from tests.ingress.meta_payloads import interactive_message, value, webhook
from tests.integration.graph_answers import graph_sent, graph_throttled
from tests.integration.scripted import ScriptedServer
from tests.integration.stack import Stack, cloud_api, running_stack, wait_for
from worker.app import WorkerDeps

PHONE = DEMO_PHONES[DemoShiftKind.CONFIRMED]
FULL_VITALS = "PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo e orientado"
LABELS = ("alimentação", "eliminações", "sono", "humor", "medicações", "atividades", "informações adicionais")
LABELS += ("administrativo",)
QUESTION = f"Posso enviar? {replies.YES_NO}"
APP_SECRET = "meta-app-secret"
TOKEN = "EAAG-test-token"
MESSAGES_PATH = "/v21.0/PNID/messages"


def told_at_length(label: str) -> str:
    """One topic told in 489 characters (the machine keeps up to 500 of a topic)."""
    words = ""
    while len(words) < 460:
        words += " paciente tranquilo e bem disposto,"
    return f"{label}:{words.rstrip(',')}"


# The whole report in one message: its summary is over 4096 characters.
LONG_REPORT = "\n".join(told_at_length(label) for label in LABELS)


@pytest.fixture
async def cloud(moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str) -> AsyncIterator[Stack]:
    """The whole system with the Cloud API sink pointed at the fake Graph API; a message given
    back reappears after 5 s (the shortest visibility timeout), not 30."""
    overrides = cloud_api(
        f"{scripted.url}/v21.0",
        app_secret=APP_SECRET,
        token=TOKEN,
        phone_number_id="PNID",
        visibility_timeout_seconds=5,
        whatsapp_verify_token="verify",
        whatsapp_read_receipts=False,
    )
    async with running_stack(moto_server.endpoint, scripted, table_prefix, **overrides) as running:
        yield running


async def tap_yes(stack: Stack) -> None:
    """A signed Meta webhook delivery: the caregiver taps "Sim"."""
    tapped = interactive_message("wamid.IN-tap", PHONE, "button_reply", "yes", "Sim")
    await stack.deliver_meta(webhook(value(messages=[tapped])))


def graph_posts(scripted: ScriptedServer) -> list[dict[str, Any]]:
    return [request.json() for request in scripted.received if request.path == MESSAGES_PATH]


def text_of(post: dict[str, Any]) -> str:
    return str(post["text"]["body"] if post["type"] == "text" else post["interactive"]["body"]["text"])


async def say(stack: Stack, text: str, deps: WorkerDeps | None = None) -> None:
    assert (await stack.send("+" + PHONE, text)).status_code == 202
    await stack.drain(deps)


async def up_to_the_report(stack: Stack) -> None:
    """The measurement saved and the finalization asked for: three replies, one send each."""
    for text in (FULL_VITALS, "sim", "quero finalizar"):
        await say(stack, text)


async def summary_text(stack: Stack) -> str:
    turns = await DynamoConversationStore(stack.aws.dynamodb, stack.settings.table_prefix).last(PHONE, 3)
    return [turn.text for turn in turns if turn.role == "bot"][-1]


def bullets(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("•")]


class TestLongSummaryOnWhatsApp:
    async def test_sent_whole_in_order_with_the_buttons_on_the_last(
        self, cloud: Stack, scripted: ScriptedServer
    ) -> None:
        """The 4100-odd character summary goes as a text and then the buttons message ending with
        the question (it was cut at 4096, losing "Posso enviar?"); each wamid is kept, the yes/no
        on the last one; a tap on "Sim" sends the report."""
        scripted.script(*(graph_sent(f"wamid.OUT-{n}") for n in range(1, 6)))
        await up_to_the_report(cloud)
        await say(cloud, LONG_REPORT)
        summary = await summary_text(cloud)
        assert len(summary) > MAX_TEXT and summary.endswith(QUESTION)
        first, last = graph_posts(scripted)[3:]
        assert first["type"] == "text" and len(text_of(first)) <= MAX_TEXT
        assert text_of(first).startswith("Resumo do plantão:\n• Alimentação")
        assert last["type"] == "interactive" and last["interactive"]["action"] == YES_NO_ACTION
        assert len(text_of(last)) <= MAX_BODY and text_of(last).endswith(QUESTION)
        assert bullets(text_of(first)) + bullets(text_of(last)) == bullets(summary)  # each line whole, in order
        assert len(bullets(summary)) == len(LABELS)
        record = await cloud.sessions().load(PHONE)
        reply_id = record.sent[-1].reply_id
        assert [(e.wamid, e.reply_id, e.part, e.asks) for e in record.sent[-2:]] == [
            ("wamid.OUT-4", reply_id, 0, None),
            ("wamid.OUT-5", reply_id, 1, QuestionKind.YES_NO),
        ]
        assert record.outbox == ()

        await tap_yes(cloud)
        await cloud.drain()
        [report] = cloud.writes(BackendContract.UPDATE_SUMMARY)
        assert report["administrativeInfo"].startswith("paciente tranquilo")

    async def test_a_redelivery_sends_only_the_parts_not_sent(self, cloud: Stack, scripted: ScriptedServer) -> None:
        """Meta answers 429 to the second part past the send's budget: the first part's wamid is
        settled and the message goes back to the queue; the redelivery sends the second part only,
        so the caregiver gets each part once."""
        fast = RetryPolicy(attempts=3, wait_initial=0.01, wait_max=0.02, wait_jitter=0.01)
        sink = WhatsAppCloudSink(
            cloud.http, CloudApiEndpoint(f"{scripted.url}/v21.0", "PNID", TOKEN, timeout=2.0), retry=fast
        )
        deps = WorkerDeps(aws=cloud.aws, sink=sink)
        scripted.script(
            *(graph_sent(f"wamid.OUT-{n}") for n in range(1, 5)), *(graph_throttled() for _ in range(fast.attempts))
        )
        await up_to_the_report(cloud)
        await say(cloud, LONG_REPORT, deps)
        posts = graph_posts(scripted)
        assert len(posts) == 4 + fast.attempts and posts[3]["type"] == "text"
        left = await cloud.sessions().load(PHONE)
        [waiting] = left.outbox
        assert [(e.wamid, e.reply_id, e.part) for e in left.sent[-1:]] == [("wamid.OUT-4", waiting.reply_id, 0)]

        async def given_back() -> bool:
            return (await cloud.queue_depths())["inbound"]["visible"] == 1

        await wait_for(given_back, what="the message given back")
        scripted.script(graph_sent("wamid.OUT-5"))
        await cloud.drain(deps)
        posts = graph_posts(scripted)
        assert len(posts) == 4 + fast.attempts + 1
        assert posts[-1] == posts[-2] and posts[-1]["type"] == "interactive"  # the throttled part, once sent
        assert [text_of(post) for post in posts].count(text_of(posts[3])) == 1  # the first part: never again
        record = await cloud.sessions().load(PHONE)
        assert record.outbox == ()
        assert [(e.wamid, e.part) for e in record.sent if e.reply_id == waiting.reply_id] == [
            ("wamid.OUT-4", 0),
            ("wamid.OUT-5", 1),
        ]
        assert await cloud.queue_depths() == {
            "inbound": {"visible": 0, "in_flight": 0},
            "dlq": {"visible": 0, "in_flight": 0},
        }


class TestLongSummaryOnTheWebhook:
    async def test_the_whole_text_in_one_post(self, stack: Stack, scripted: ScriptedServer) -> None:
        """The webhook has no length limit: the flow behind it gets the summary whole, once, with
        its buttons."""
        for text in (FULL_VITALS, "sim", "quero finalizar"):
            await stack.say("+" + PHONE, text)
        summary = await stack.say("+" + PHONE, LONG_REPORT)
        assert len(summary) > MAX_TEXT and summary.endswith(QUESTION)
        [post] = [body for body in stack.sink_posts(PHONE) if body["text"] == summary]
        assert post["buttons"] == [{"id": "yes", "title": "Sim"}, {"id": "no", "title": "Não"}]
        assert len(stack.sink_posts(PHONE)) == 4
