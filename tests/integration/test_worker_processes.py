"""Worker processes for real: `orchestrator worker` subprocesses against moto, the demo backend and the
reply sink served by this test; SIGKILL mid-run, SIGTERM with turns in flight, DLQ and redrive."""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from orchestrator import envelope
from orchestrator.clock import utc_now
from orchestrator.devtools.demo_backend import DEMO_PHONES, DemoShiftKind, schedule_body
from orchestrator.devtools.localaws import MotoServer, free_port
from orchestrator.integrations.backend import BackendClient, BackendUrls
from orchestrator.integrations.http import new_http_client
from orchestrator.integrations.queue import Queue
from orchestrator.models import BackendContract, EventKind, InboundEvent
from orchestrator.store.locks import DynamoLockStore
from tests.integration.scripted import Scripted, ScriptedServer
from tests.integration.stack import Stack, running_stack, wait_for
from worker.app import WorkerDeps, backend_urls

pytestmark = pytest.mark.slow

B = DEMO_PHONES[DemoShiftKind.CONFIRMED]
CLINICAL = BackendContract.UPDATE_CLINICAL
FULL_VITALS = "PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo e orientado"
SAVED = "salvos ✅"


def _add_confirmed_shifts(stack: Stack, count: int) -> list[str]:
    """Seed `count` more confirmed shifts (copies of B with their own ids); return their phones."""
    template = stack.demo.backend.shift(B)
    phones = []
    for n in range(count):
        phone = f"55119555{n:05d}"
        stack.demo.backend.shifts[phone] = template.model_copy(
            update={"schedule_id": f"S-{n}", "report_id": f"R-{n}", "caregiver_id": f"C-{n}"}
        )
        phones.append(phone)
    return phones


def _saved_reply_ids(stack: Stack, phone: str) -> set[str]:
    return {post["reply_id"] for post in stack.sink_posts(phone) if SAVED in post["text"]}


class TestKilledWorker:
    @pytest.mark.timeout(300)
    async def test_sigkill_mid_run_and_restart(
        self, moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str, tmp_path: Path
    ) -> None:
        """Two workers, one SIGKILLed mid-run and restarted, while 30 sessions confirm a measurement:
        every session ends with exactly one applied backend write and one "salvo" reply."""
        async with running_stack(
            moto_server.endpoint, scripted, table_prefix, visibility_timeout_seconds=6, lock_lease_seconds=2
        ) as stack:
            await self._scenario(stack, tmp_path)

    async def _scenario(self, stack: Stack, tmp_path: Path) -> None:
        phones = _add_confirmed_shifts(stack, 30)
        for phone in phones:
            assert (await stack.send("+" + phone, FULL_VITALS)).status_code == 202
        await stack.drain()  # every session has its measurement staged
        # One message per session in flight: moto (unlike SQS) may reorder a group whose several
        # in-flight messages reappear together after a crash.
        for phone in phones:
            assert (await stack.send("+" + phone, "sim")).status_code == 202
        log = tmp_path / "workers.log"
        victim = stack.start_worker(concurrency=8, log_path=log)
        stack.start_worker(concurrency=8, log_path=log)
        await wait_for(lambda: len(stack.writes(CLINICAL)) >= 3, timeout=90, what="work under way")
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        stack.start_worker(concurrency=8, log_path=log)

        await wait_for(
            lambda: all(_saved_reply_ids(stack, phone) for phone in phones), timeout=150, what="every session saved"
        )
        reports = [write["reportID"] for write in stack.writes(CLINICAL)]
        assert sorted(reports) == sorted(f"R-{n}" for n in range(30))  # one applied write each
        assert all(len(_saved_reply_ids(stack, phone)) == 1 for phone in phones)


class TestGracefulShutdown:
    @pytest.mark.timeout(300)
    async def test_sigterm_gives_back_what_it_cannot_finish(
        self, moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str
    ) -> None:
        """SIGTERM while turns wait on a slow backend: the worker exits 0, every message is visible
        again (none left invisible) and no session lock is left held. Every wait is on a condition
        (a loaded machine only makes it slower): the backend holds its answers until the test ends,
        so no turn can finish however long the shutdown takes."""
        async with running_stack(
            moto_server.endpoint, scripted, table_prefix, visibility_timeout_seconds=8, backend_timeout_seconds=120
        ) as stack:
            # getScheduleStarted never answers in time: the turns outlive the shutdown deadline (8 - 5 = 3 s).
            shift = Scripted.json(schedule_body(stack.demo.backend.shift(B)))
            scripted.default = Scripted(status=200, body=shift.body, held=True)
            stack.settings = stack.settings.model_copy(update={"lambda_get_schedule": f"{scripted.url}/schedule"})
            phones = _add_confirmed_shifts(stack, 5)
            for phone in phones:
                assert (await stack.send("+" + phone, "bom dia")).status_code == 202
            metrics_port = free_port()
            worker = stack.start_worker(concurrency=8, metrics_port=metrics_port)
            await wait_for(lambda: scripted.hits("/schedule") >= 5, timeout=120, what="turns in flight")
            async with httpx.AsyncClient() as client:
                exposition = (await client.get(f"http://127.0.0.1:{metrics_port}/metrics")).text
            assert "orchestrator_messages_in_flight 5.0" in exposition
            worker.send_signal(signal.SIGTERM)
            code = await asyncio.to_thread(worker.wait, 120)
            assert code == 0
            assert (await stack.queue_depths())["inbound"] == {"visible": 5, "in_flight": 0}
            locks = DynamoLockStore(stack.aws.dynamodb, stack.settings.table_prefix)
            for phone in phones:
                assert await locks.try_acquire(f"session#{phone}", "test") is not None


class TestDeadLetters:
    @pytest.mark.timeout(300)
    async def test_backend_down_until_dlq_then_redrive_writes_once(
        self, moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str
    ) -> None:
        """The backend fails until the "sim" lands in the DLQ (reason recorded, caregiver told once);
        `orchestrator dlq redrive` then leads to exactly one write and one "salvo"."""
        async with running_stack(
            moto_server.endpoint, scripted, table_prefix, visibility_timeout_seconds=5, max_receive_count=2
        ) as stack:
            await stack.say("+" + B, FULL_VITALS)
            assert (await stack.send("+" + B, "sim")).status_code == 202
            async with _clinical_backend_answering(stack, 503) as (down, deps):
                for _ in range(3):  # receive 1, receive 2, then the redrive policy moves it
                    await stack.drain(deps)
                    await stack.wait_until_offered()  # its visibility timeout ran out, or it was moved
                await stack.drain(deps)
            assert down.hits("/clinical") >= 2
            assert (await stack.queue_depths())["dlq"]["visible"] == 1
            assert stack.writes(CLINICAL) == []
            delayed = [post for post in stack.sink_posts("+" + B) if "instável" in post["text"]]
            assert len(delayed) == 1  # told once, not at every retry

            listing = await _cli(stack, "dlq", "list", "--json", "--reveal")  # session ids unmasked
            [letter] = json.loads(listing)
            assert letter["session_id"] == B and letter["receive_count"] >= 2
            assert "backend" in letter["reason"]

            await _cli(stack, "dlq", "redrive", "--session", B)
            await stack.drain()
            assert len(stack.writes(CLINICAL)) == 1
            assert len(_saved_reply_ids(stack, B)) == 1
            # The history reads as the caregiver lived it: "sim", the delay notice, then "salvos".
            texts = [turn["text"] for turn in await _history(stack, B)]
            assert texts[-3] == "sim" and "instável" in texts[-2] and "salvos ✅" in texts[-1]
            assert (await stack.queue_depths())["dlq"]["visible"] == 0

    @pytest.mark.timeout(120)
    async def test_backend_refusal_goes_to_the_dlq_without_waiting_and_says_so(
        self, moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str
    ) -> None:
        """A 4xx is permanent: no retry inside the worker, the message is made visible at once so the
        redrive policy moves it soon, the reason names the status, and the caregiver is told once
        that the team will look into it (not that the system will retry by itself)."""
        async with running_stack(
            moto_server.endpoint, scripted, table_prefix, visibility_timeout_seconds=30, max_receive_count=2
        ) as stack:
            await stack.say("+" + B, FULL_VITALS)
            assert (await stack.send("+" + B, "sim")).status_code == 202
            async with _clinical_backend_answering(stack, 422) as (refusing, deps):
                # Visible again at once after each refusal: one drain receives it until SQS moves it.
                await stack.drain(deps)
                await stack.drain(deps)  # the receive that finds the receive count spent
            assert (await stack.queue_depths())["dlq"]["visible"] == 1
            assert refusing.hits("/clinical") == 2  # one call per receive, none retried
            assert stack.writes(CLINICAL) == []
            posts = [post["text"] for post in stack.sink_posts("+" + B)][1:]
            assert len(posts) == 1 and "não aceitou" in posts[0] and "instável" not in posts[0]
            [letter] = json.loads(await _cli(stack, "dlq", "list", "--json"))
            assert "HTTP 422" in letter["reason"]
            # What the caregiver read is in the conversation history, after the "sim" it answers.
            texts = [turn["text"] for turn in await _history(stack, B)]
            assert texts[-2:] == ["sim", posts[0]]  # and no "salvos" the caregiver never read

    async def test_redriving_a_message_that_already_succeeded_changes_nothing(self, stack: Stack) -> None:
        """A copy of an already-processed "sim" found in the DLQ and redriven: no backend call, no reply."""
        await stack.say("+" + B, FULL_VITALS)
        await stack.say("+" + B, "sim")
        calls, posts = len(stack.demo.backend.calls()), len(stack.sink.received)
        inbound = await Queue.by_name(stack.aws.sqs, stack.settings.inbound_queue_name)
        dlq = await Queue.by_name(stack.aws.sqs, stack.settings.dlq_name)
        [processed] = [event for event in await _events_of(stack, B) if event.text == "sim"]
        await dlq.send_raw(envelope.encode(processed), group_id=B, deduplication_id="stale-copy")
        await _cli(stack, "dlq", "redrive")
        assert (await inbound.depth())["visible"] == 1
        await stack.drain()
        assert len(stack.demo.backend.calls()) == calls
        assert len(stack.sink.received) == posts
        assert (await inbound.depth()) == {"visible": 0, "in_flight": 0}


async def _cli(stack: Stack, *args: str) -> str:
    return await stack.cli(*args)


@asynccontextmanager
async def _clinical_backend_answering(stack: Stack, status: int) -> AsyncIterator[tuple[ScriptedServer, WorkerDeps]]:
    """Worker deps whose updateClinicalData always answers `status` (the other contracts stay real)."""
    server = ScriptedServer().start()
    server.default = Scripted(status=status)
    real = backend_urls(stack.settings).by_contract
    urls = BackendUrls(by_contract={**real, BackendContract.UPDATE_CLINICAL: f"{server.url}/clinical"})
    try:
        async with new_http_client(timeout=2) as http:
            yield server, WorkerDeps(aws=stack.aws, backend=BackendClient(http, urls, timeout=2))
    finally:
        server.stop()


async def _history(stack: Stack, phone: str) -> list[dict[str, Any]]:
    """The session's conversation as the admin route serves it."""
    response = await stack.http.get(
        f"/sessions/{phone}/conversation", headers={"Authorization": "Bearer admin-test-token"}
    )
    assert response.status_code == 200, response.text
    return list(response.json()["turns"])


async def _events_of(stack: Stack, phone: str) -> list[InboundEvent]:
    """The session's user turns as the events they came from (id and text)."""
    response = await stack.http.get(
        f"/sessions/{phone}/conversation", params={"limit": 50}, headers={"Authorization": "Bearer admin-test-token"}
    )
    return [
        InboundEvent(
            kind=EventKind.MESSAGE,
            event_id=turn["message_id"],
            session_id=phone,
            received_at=utc_now(),
            text=turn["text"],
        )
        for turn in response.json()["turns"]
        if turn["role"] == "user"
    ]
