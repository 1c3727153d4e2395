"""A backend that refuses the schedule read (any 4xx, SPEC section 7: permanent) still leaves no
caregiver without an answer (SPEC section 6, "Never silent": a shift that cannot be loaded gets a
short "try again in a moment" answer). Real HTTP backend, moto's SQS and DynamoDB, the worker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from orchestrator.devtools.demo_backend import DEMO_PHONES, DemoShiftKind
from orchestrator.devtools.localaws import MotoServer
from orchestrator.machine import replies
from tests.integration.scripted import Scripted, ScriptedServer
from tests.integration.stack import running_stack

B = DEMO_PHONES[DemoShiftKind.CONFIRMED]
TRY_AGAIN = replies.shift_unavailable().text


@pytest.fixture
def refusing_backend() -> Iterator[ScriptedServer]:
    """A second scripted server: the schedule read's URL (the first one is the reply sink)."""
    server = ScriptedServer().start()
    yield server
    server.stop()


class TestScheduleReadRefused:
    @pytest.mark.parametrize("status", [400, 404, 429])
    async def test_a_refused_schedule_read_is_answered_and_the_message_done(
        self,
        moto_server: MotoServer,
        scripted: ScriptedServer,
        refusing_backend: ScriptedServer,
        table_prefix: str,
        status: int,
    ) -> None:
        """getScheduleStarted answers 4xx: asked once (never retried), the caregiver gets the
        "try again in a moment" reply, and the message is done (neither queued nor dead-lettered)."""
        refusing_backend.default = Scripted.json({"message": "refused"}, status=status)
        async with running_stack(
            moto_server.endpoint,
            scripted,
            table_prefix,
            lambda_get_schedule=f"{refusing_backend.url}/getScheduleStarted",
            max_receive_count=2,
        ) as stack:
            assert (await stack.send("+" + B, "FC 80")).status_code == 202
            await stack.drain()
            assert [reply["text"] for reply in stack.replies(B)] == [TRY_AGAIN]
            assert refusing_backend.hits() == 1
            assert await stack.queue_depths() == {
                "inbound": {"visible": 0, "in_flight": 0},
                "dlq": {"visible": 0, "in_flight": 0},
            }
