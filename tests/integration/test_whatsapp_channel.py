"""The WhatsApp channel through the real ingress and worker on moto, replies sent to a fake Graph
API (a real HTTP server on 127.0.0.1): the exact request bodies, the tap that confirms, the wamids
kept, Meta's rate limits, and a 131047 failure answered by the reengagement template once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from orchestrator.devtools.demo_backend import DEMO_PHONES, DemoShiftKind
from orchestrator.devtools.localaws import MotoServer
from orchestrator.integrations.cloud_api import CloudApiEndpoint
from orchestrator.integrations.http import RetryPolicy
from orchestrator.integrations.whatsapp import WhatsAppCloudSink
from orchestrator.models import BackendContract
from orchestrator.outbound import QuestionKind
from orchestrator.store.conversation import DynamoConversationStore
from tests.cloud_golden import YES_NO_ACTION
from tests.ingress.meta_golden import message, status
from tests.ingress.meta_payloads import interactive_message, value, webhook
from tests.integration.graph_answers import graph_sent, graph_throttled
from tests.integration.scripted import Scripted, ScriptedServer
from tests.integration.stack import Stack, cloud_api, running_stack, wait_for
from worker.app import WorkerDeps

PHONE = DEMO_PHONES[DemoShiftKind.CONFIRMED]
FULL_VITALS = "PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo e orientado"
APP_SECRET = "meta-app-secret"
TOKEN = "EAAG-test-token"
TEMPLATE = "retomar_conversa"
MESSAGES_PATH = "/v21.0/PNID/messages"


@pytest.fixture
async def cloud(moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str) -> AsyncIterator[Stack]:
    """The whole system with the Cloud API sink pointed at the fake Graph API."""
    overrides = cloud_api(
        f"{scripted.url}/v21.0",
        app_secret=APP_SECRET,
        token=TOKEN,
        phone_number_id="PNID",
        whatsapp_verify_token="verify",
        whatsapp_reengage_template=TEMPLATE,
        # The scripted answers are the sends' (read receipts have their own tests: test_voice_notes).
        whatsapp_read_receipts=False,
    )
    async with running_stack(moto_server.endpoint, scripted, table_prefix, **overrides) as running:
        yield running


async def post_meta(stack: Stack, change: dict[str, Any]) -> None:
    """A signed Meta webhook delivery with one change."""
    await stack.deliver_meta(webhook(change))


async def tap(stack: Stack, wamid: str, reply_id: str, title: str) -> None:
    await post_meta(stack, value(messages=[interactive_message(wamid, PHONE, "button_reply", reply_id, title)]))


def graph_posts(scripted: ScriptedServer) -> list[dict[str, Any]]:
    return [request.json() for request in scripted.received if request.path == MESSAGES_PATH]


async def last_bot_text(stack: Stack) -> str:
    turns = await DynamoConversationStore(stack.aws.dynamodb, stack.settings.table_prefix).last(PHONE, 5)
    return [turn.text for turn in turns if turn.role == "bot"][-1]


class TestCloudChannel:
    async def test_question_buttons_tap_and_a_131047_failure(self, cloud: Stack, scripted: ScriptedServer) -> None:
        """The measurement's question goes out as reply buttons; a tapped "Sim" writes it once (its
        reply sent once through a 429); a 131047 failure of that reply is recorded and answered by
        the template, once."""
        scripted.script(
            graph_sent("wamid.OUT-1"),
            graph_throttled(),
            graph_sent("wamid.OUT-2"),
            graph_sent("wamid.OUT-3"),
        )
        assert (await cloud.send("+" + PHONE, FULL_VITALS)).status_code == 202
        await cloud.drain()
        [question] = graph_posts(scripted)
        assert scripted.received[0].headers["authorization"] == f"Bearer {TOKEN}"
        assert question == {
            "messaging_product": "whatsapp",
            "to": PHONE,
            "type": "interactive",
            "interactive": {
                "type": "button",
                "body": {"text": await last_bot_text(cloud)},
                "action": YES_NO_ACTION,
            },
        }
        record = await cloud.sessions().load(PHONE)
        assert [(entry.wamid, entry.asks) for entry in record.sent] == [("wamid.OUT-1", QuestionKind.YES_NO)]

        await tap(cloud, "wamid.IN-tap", "yes", "Sim")
        await cloud.drain()
        [write] = cloud.writes(BackendContract.UPDATE_CLINICAL)
        assert (write["bloodPressure"], write["heartRate"]) == ("120x80", 76)
        _, throttled_send, saved = graph_posts(scripted)
        assert throttled_send == saved and saved["type"] == "text"
        assert saved["text"]["body"] == await last_bot_text(cloud)
        record = await cloud.sessions().load(PHONE)
        assert record.outbox == () and record.sent[-1].wamid == "wamid.OUT-2"

        failure = status("wamid.OUT-2", "failed", recipient=PHONE, errors=[{"code": 131047, "title": "Re-engagement"}])
        await post_meta(cloud, value(statuses=[failure]))
        await cloud.drain()
        assert graph_posts(scripted)[-1] == {
            "messaging_product": "whatsapp",
            "to": PHONE,
            "type": "template",
            "template": {"name": TEMPLATE, "language": {"code": "pt_BR"}},
        }
        await post_meta(cloud, value(statuses=[failure]))  # Meta's callback again
        await cloud.drain()
        assert len(graph_posts(scripted)) == 4  # nothing more: the template went once for that reply
        state = await cloud.http.get(f"/sessions/{PHONE}/state", headers={"Authorization": "Bearer admin-test-token"})
        [recorded] = state.json()["delivery_failures"]
        assert recorded == {
            "wamid": "wamid.OUT-2",
            "reply_id": record.sent[-1].reply_id,
            "code": 131047,
            "title": "Re-engagement",  # Meta's words: what the code means, for the operator
            "failed_at": "2024-05-29T16:26:40Z",
        }
        assert await cloud.queue_depths() == {
            "inbound": {"visible": 0, "in_flight": 0},
            "dlq": {"visible": 0, "in_flight": 0},
        }

    async def test_a_tap_on_the_reengagement_template_resumes_the_question(
        self, cloud: Stack, scripted: ScriptedServer
    ) -> None:
        """The caregiver taps the reengagement template's quick reply ("Continuar") after a 131047:
        greeted, and the measurement waiting is asked again with its buttons (it answered "Não
        entendi" to the button we sent)."""
        scripted.script(graph_sent("wamid.OUT-1"), graph_sent("wamid.OUT-2"), graph_sent("wamid.OUT-3"))
        assert (await cloud.send("+" + PHONE, FULL_VITALS)).status_code == 202
        await cloud.drain()
        failure = status("wamid.OUT-1", "failed", recipient=PHONE, errors=[{"code": 131047, "title": "Re-engagement"}])
        await post_meta(cloud, value(statuses=[failure]))
        await cloud.drain()
        assert graph_posts(scripted)[-1]["type"] == "template"
        tap = message("wamid.IN-continue", "button", {"payload": "Continuar", "text": "Continuar"}, sender=PHONE)
        await post_meta(cloud, value(messages=[tap | {"context": {"from": "15550001111", "id": "wamid.OUT-2"}}]))
        await cloud.drain()
        resumed = graph_posts(scripted)[-1]
        assert resumed["type"] == "interactive", resumed
        body = resumed["interactive"]["body"]["text"]
        assert "Não entendi" not in body and "120x80" in body and "Posso salvar?" in body
        assert cloud.writes() == []

    async def test_a_thumbs_up_on_the_question_confirms(self, cloud: Stack, scripted: ScriptedServer) -> None:
        """👍 on the question's own message (as Meta reports it) saves the measurement once; a ❤️
        before it changed nothing and got no reply."""
        scripted.script(graph_sent("wamid.OUT-1"), graph_sent("wamid.OUT-2"))
        assert (await cloud.send("+" + PHONE, FULL_VITALS)).status_code == 202
        await cloud.drain()
        for wamid, emoji in (("wamid.IN-heart", "❤️"), ("wamid.IN-thumbs", "👍")):
            body = {"message_id": "wamid.OUT-1", "emoji": emoji}
            await post_meta(cloud, value(messages=[message(wamid, "reaction", body, sender=PHONE)]))
            await cloud.drain()
            if emoji == "❤️":
                assert len(graph_posts(scripted)) == 1 and cloud.writes() == []
        [write] = cloud.writes(BackendContract.UPDATE_CLINICAL)
        assert write["heartRate"] == 76
        assert len(graph_posts(scripted)) == 2 and "salvos" in graph_posts(scripted)[-1]["text"]["body"]

    @pytest.mark.parametrize("shape", ["edit", "unsupported_edit"])
    async def test_an_edited_message_is_answered_as_an_edit(
        self, cloud: Stack, scripted: ScriptedServer, shape: str
    ) -> None:
        """A message the caregiver edited (Meta's `edit`, or an `unsupported` one of type `edit`, as
        Meta delivers edits for now) is not re-applied (it may already be saved): the caregiver is
        told to send the correction as a new message, not that the bot reads only text."""
        edited = {"original_message_id": "wamid.IN-0", "message": {"type": "text", "text": {"body": "FC 88"}}}
        payload = (
            message("wamid.IN-edit", "edit", edited, sender=PHONE)
            if shape == "edit"
            else message("wamid.IN-edit", "unsupported", {"type": "edit"}, sender=PHONE)
            | {"errors": [{"code": 131051, "title": "Message type unknown"}]}
        )
        scripted.script(graph_sent("wamid.OUT-1"))
        await post_meta(cloud, value(messages=[payload]))
        await cloud.drain()
        [answer] = graph_posts(scripted)
        assert "editada" in answer["text"]["body"] and "nova mensagem" in answer["text"]["body"]
        assert cloud.writes() == []

    async def test_an_expired_access_token_keeps_the_reply_for_the_redelivery(
        self, cloud: Stack, scripted: ScriptedServer
    ) -> None:
        """Meta refusing our token (401, code 190: it expired) refuses every reply, not this one: the
        message goes back to the queue with its reply kept (it was marked done, the reply dropped,
        so every caregiver went unanswered until a restart, and their messages were lost); once the
        token works, the redelivery sends it, once."""
        expired = Scripted.json(
            {"error": {"message": "Error validating access token: Session has expired", "code": 190}}, status=401
        )
        scripted.script(expired, graph_sent("wamid.OUT-1"))
        assert (await cloud.send("+" + PHONE, "bom dia")).status_code == 202
        await cloud.drain()
        left = await cloud.sessions().load(PHONE)
        assert len(left.outbox) == 1 and left.sent == ()

        async def given_back() -> bool:
            return (await cloud.queue_depths())["inbound"]["visible"] == 1

        await wait_for(given_back, what="the message given back")
        await cloud.drain()
        posts = graph_posts(scripted)
        assert len(posts) == 2 and posts[0] == posts[1]
        record = await cloud.sessions().load(PHONE)
        assert record.outbox == () and [entry.wamid for entry in record.sent] == ["wamid.OUT-1"]

    async def test_rate_limited_past_the_budget_is_redelivered_and_sent_once(
        self, cloud: Stack, scripted: ScriptedServer
    ) -> None:
        """Meta answers 429 past the send's whole retry budget: the message goes back to the queue
        with its reply still in the outbox; on the redelivery the reply is sent, once."""
        fast = RetryPolicy(attempts=3, wait_initial=0.01, wait_max=0.02, wait_jitter=0.01)
        sink = WhatsAppCloudSink(
            cloud.http,
            CloudApiEndpoint(f"{scripted.url}/v21.0", "PNID", TOKEN, timeout=2.0),
            retry=fast,
        )
        scripted.script(
            graph_throttled(), graph_throttled(400), graph_throttled(), graph_throttled(), graph_sent("wamid.OUT-1")
        )
        assert (await cloud.send("+" + PHONE, "bom dia")).status_code == 202
        deps = WorkerDeps(aws=cloud.aws, sink=sink)
        await cloud.drain(deps)
        assert len(graph_posts(scripted)) == fast.attempts
        left = await cloud.sessions().load(PHONE)
        assert len(left.outbox) == 1 and left.sent == ()  # committed, kept for the redelivery

        async def given_back() -> bool:
            return (await cloud.queue_depths())["inbound"]["visible"] == 1

        await wait_for(given_back, what="the message given back")
        await cloud.drain(deps)
        posts = graph_posts(scripted)
        assert len(posts) == 5 and all(post == posts[0] for post in posts)
        record = await cloud.sessions().load(PHONE)
        assert record.outbox == () and [entry.wamid for entry in record.sent] == ["wamid.OUT-1"]
