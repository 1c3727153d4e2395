"""Exactly-once effects under crashes, redelivery, duplicates and bursts (worker in-process, real SQS/DynamoDB
endpoints on moto, real HTTP to the demo backend and the reply sink).

A crash is simulated by raising `Crash` (`tests/fakes/crashes.py`): nothing after that point runs,
the SQS message is neither deleted nor given back, and it reappears after the visibility timeout,
as after a SIGKILL.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from orchestrator import envelope
from orchestrator.clock import utc_now
from orchestrator.devtools.demo_backend import DEMO_PHONES, DemoShiftKind
from orchestrator.integrations.backend import BackendClient
from orchestrator.integrations.http import new_http_client
from orchestrator.integrations.queue import Queue
from orchestrator.models import BackendContract, EventKind, InboundEvent
from orchestrator.store.locks import DynamoLockStore
from tests.fakes.crashes import CrashingBackend, CrashingSessions
from tests.integration.stack import Stack
from worker.app import WorkerDeps, backend_urls

B = "+" + DEMO_PHONES[DemoShiftKind.CONFIRMED]
CLINICAL = BackendContract.UPDATE_CLINICAL
FULL_VITALS = "PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo e orientado"
VISIBILITY = 5  # the smallest the settings allow: each redelivery waits this long


async def _stage_measurement(stack: Stack) -> None:
    await stack.say(B, FULL_VITALS)
    assert stack.writes() == []


def _saved_replies(stack: Stack) -> list[dict[str, Any]]:
    return [post for post in stack.sink_posts(B) if "salvos ✅" in post["text"]]


@pytest.fixture
async def slow_stack(moto_server: Any, scripted: Any, table_prefix: str) -> Any:
    from tests.integration.stack import running_stack

    async with running_stack(
        moto_server.endpoint, scripted, table_prefix, visibility_timeout_seconds=VISIBILITY, lock_lease_seconds=2
    ) as running:
        yield running


class TestCrashAtEveryPoint:
    @pytest.mark.parametrize("point", ["before_commit", "after_commit", "after_settle"])
    async def test_session_store_crash_points(self, slow_stack: Stack, point: str) -> None:
        """A worker dying before/after the commit or after settling: the redelivered "sim" ends with
        exactly one backend write and exactly one "salvo" reply."""
        stack = slow_stack
        await _stage_measurement(stack)
        crashing = CrashingSessions(stack.sessions(), point)
        assert (await stack.send(B, "sim")).status_code == 202
        await stack.drain(WorkerDeps(aws=stack.aws, sessions=crashing))
        assert crashing.crashed
        await asyncio.sleep(VISIBILITY + 0.5)  # the message reappears
        await stack.drain()
        assert len(stack.demo.backend.calls(CLINICAL)) == 1  # not merely deduplicated by the backend
        assert len(_saved_replies(stack)) == 1
        assert (await stack.queue_depths())["inbound"] == {"visible": 0, "in_flight": 0}

    async def test_crash_after_backend_call(self, slow_stack: Stack) -> None:
        """Dying after the backend applied the write: the redelivery calls it again with the same
        Idempotency-Key, the backend applies nothing new, and "salvo" is sent once."""
        stack = slow_stack
        await _stage_measurement(stack)
        async with new_http_client() as http:
            crashing = CrashingBackend(BackendClient(http, backend_urls(stack.settings)))
            assert (await stack.send(B, "sim")).status_code == 202
            await stack.drain(WorkerDeps(aws=stack.aws, backend=crashing))
        assert crashing.crashed
        await asyncio.sleep(VISIBILITY + 0.5)
        await stack.drain()
        calls = stack.demo.backend.calls(CLINICAL)
        assert len(calls) == 2 and len({call.idempotency_key for call in calls}) == 1
        assert len(stack.writes(CLINICAL)) == 1
        assert len(_saved_replies(stack)) == 1


class TestDuplicates:
    async def test_same_message_six_times_concurrently(self, stack: Stack) -> None:
        """The same "sim" posted 6 times at once and also enqueued 6 more times behind the ingress's
        back (as redrives would), consumed by two workers at once: one write, one reply."""
        await _stage_measurement(stack)
        posts = await asyncio.gather(*(stack.send(B, "sim", message_id="same-sim") for _ in range(6)))
        # One first delivery; each other one met its claim in progress (409) or completed (a replay).
        first = [post for post in posts if post.status_code == 202 and "Idempotent-Replayed" not in post.headers]
        assert len(first) == 1
        assert all(post.status_code in (202, 409) for post in posts)
        event = InboundEvent(
            kind=EventKind.MESSAGE, event_id="same-sim", session_id=B.lstrip("+"), received_at=utc_now(), text="sim"
        )
        queue = await Queue.by_name(stack.aws.sqs, stack.settings.inbound_queue_name)
        for copy in range(6):
            await queue.send_raw(envelope.encode(event), group_id=event.session_id, deduplication_id=f"copy-{copy}")
        await asyncio.gather(stack.drain(), stack.drain())
        assert len(stack.demo.backend.calls(CLINICAL)) == 1
        assert len(_saved_replies(stack)) == 1


class TestBursts:
    async def test_seven_fragments_back_to_back(self, stack: Stack) -> None:
        """Seven fragments sent back to back: none lost, kept in order, one summary; "sim" saves all."""
        fragments = ["PA 12/8", "FC 80", "FR 18", "sat 97", "temp 36,5", "ar ambiente", "paciente dormindo bem"]
        for fragment in fragments:
            assert (await stack.send(B, fragment)).status_code == 202
        await stack.drain()
        turns = await _user_turns(stack)
        assert turns == fragments
        summary = stack.replies(B)[-1]["text"]
        for fact in ("120x80", "80", "18", "97", "36.5", "Ar ambiente"):
            assert fact in summary
        await stack.say(B, "sim")
        [write] = stack.writes(CLINICAL)
        assert (write["bloodPressure"], write["heartRate"], write["respRate"]) == ("120x80", 80, 18)
        assert (write["saturationO2"], write["temperature"]) == (97, 36.5)
        assert "dormindo" in write["clinicalNote"]


async def _user_turns(stack: Stack) -> list[str]:
    response = await stack.http.get(
        f"/sessions/{B.lstrip('+')}/conversation",
        params={"limit": 50},
        headers={"Authorization": f"Bearer {_admin(stack)}"},
    )
    return [turn["text"] for turn in response.json()["turns"] if turn["role"] == "user"]


def _admin(stack: Stack) -> str:
    assert stack.settings.admin_token is not None
    return stack.settings.admin_token.get_secret_value()


class TestLockedSession:
    async def test_busy_session_is_given_back_then_processed(self, stack: Stack) -> None:
        """While another holder has the session lock, the message is given back for a moment (not
        waited on in the loop); once the lock is free it is processed normally."""
        await stack.say(B, "como funciona?")
        locks = DynamoLockStore(stack.aws.dynamodb, stack.settings.table_prefix)
        lease = await locks.try_acquire(f"session#{B.lstrip('+')}", "someone-else")
        assert lease is not None
        assert (await stack.send(B, "FC 80")).status_code == 202
        await stack.drain()
        depths = await stack.queue_depths()
        assert depths["inbound"] == {"visible": 0, "in_flight": 1}  # given back with a short delay
        assert len(stack.replies(B)) == 1
        await locks.release(lease)
        await stack.wait_until_offered()  # the given-back message, after its short delay
        await stack.drain()
        assert len(stack.replies(B)) == 2
        assert (await stack.queue_depths())["inbound"] == {"visible": 0, "in_flight": 0}
