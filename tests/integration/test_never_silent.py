"""Never silent, never a crash loop, end to end (SPEC 6): a worker whose interpreter raises on one
message, over real SQS/DynamoDB endpoints (moto), the real reply sink over HTTP and the
`orchestrator dlq` command as an operator runs it."""

from __future__ import annotations

import json

import pytest

from orchestrator.devtools.demo_backend import DEMO_PHONES, DemoShiftKind
from orchestrator.devtools.localaws import MotoServer
from orchestrator.machine import replies
from tests.fakes.ports import ExplodingInterpreter
from tests.integration.scripted import ScriptedServer
from tests.integration.stack import Stack, running_stack
from worker.app import WorkerDeps

pytestmark = pytest.mark.slow

B = DEMO_PHONES[DemoShiftKind.CONFIRMED]
APOLOGY = replies.unexpected_error().text
BUG = "quebra"


def _apologies(stack: Stack) -> int:
    return sum(APOLOGY in post["text"] for post in stack.sink_posts("+" + B))


async def _drain_and_reply(stack: Stack, deps: WorkerDeps, text: str) -> str:
    before = len(stack.replies(B))
    assert (await stack.send("+" + B, text)).status_code == 202
    await stack.drain(deps)
    replies_now = stack.replies(B)
    assert len(replies_now) == before + 1, replies_now[before:]
    return str(replies_now[-1]["text"])


class TestUnexpectedErrorInATurn:
    @pytest.mark.timeout(180)
    async def test_one_apology_dead_lettered_at_once_listed_and_the_session_goes_on(
        self, moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str
    ) -> None:
        """The interpreter raises on one message. The caregiver gets one apology; the message reaches
        the DLQ through quick receives (its 30 s visibility timeout is never waited out), `dlq list`
        shows the reason, and the session's next message is answered by the same worker. A redrive
        with the bug gone replays the message for real and clears its recorded failure."""
        async with running_stack(
            moto_server.endpoint, scripted, table_prefix, visibility_timeout_seconds=30, max_receive_count=2
        ) as stack:
            exploding = ExplodingInterpreter(trigger=BUG)
            deps = WorkerDeps(aws=stack.aws, interpreter=exploding)
            assert "sinais vitais" in (await _drain_and_reply(stack, deps, "como funciona?")).lower()

            assert await _drain_and_reply(stack, deps, f"FC 80 {BUG}") == APOLOGY
            await stack.drain(deps)  # the receive that finds the receive count spent
            assert (await stack.queue_depths()) == {
                "inbound": {"visible": 0, "in_flight": 0},
                "dlq": {"visible": 1, "in_flight": 0},
            }
            assert exploding.calls >= 3  # interpreted at each receive: one per receive, no waiting
            assert _apologies(stack) == 1
            [letter] = json.loads(await stack.cli("dlq", "list", "--json", "--reveal"))
            assert (letter["session_id"], letter["reason"]) == (B, "unexpected IndexError in the turn")
            assert list((await stack.sessions().failures(B)).values()) == ["unexpected IndexError in the turn"]

            assert "sinais vitais" in (await _drain_and_reply(stack, deps, "como funciona?")).lower()

            await stack.cli("dlq", "redrive", "--session", B)
            await stack.drain()  # the bug is fixed: the rules alone
            assert "FC 80" in stack.replies(B)[-1]["text"]
            assert (await stack.queue_depths())["dlq"]["visible"] == 0
            assert _apologies(stack) == 1
            # Processed now: the admin state no longer lists the failure (cleared by the commit).
            assert await stack.sessions().failures(B) == {}
