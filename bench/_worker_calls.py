"""AWS calls and consumed capacity per message, ingress + worker, and what they cost.

Everything runs in this process so botocore event hooks can count the calls on the very clients
the ingress and the worker use (one `AwsClients` each): the ingress over real HTTP, the worker's
production `Consumer` (long polling, batched deletes), the demo backend, the reply webhook.
Phases: first message of each session, steady conversations (one message per session at a
time, as people type), the same on sessions with a full processed-ids list, and bursts.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench._aws_meters import Meters, cost_per_million
from bench._local_aws import REGION
from bench._worker_stack import (
    BURSTS,
    CLINICAL_SCRIPT,
    GREETING,
    LOOP_SCRIPT,
    PRESENCE_SCRIPT,
    ReplySinkServer,
    add_shifts,
    build_settings,
    message_id,
    phones,
    settings_values,
)
from ingress.app import create_app, run_ingress_in_loop
from ingress.deps import build_ingress_deps
from orchestrator.devtools.demo_backend import DemoBackendServer, DemoShiftKind
from orchestrator.ids import event_marker
from orchestrator.integrations.aws import AwsClients
from orchestrator.provision import provision
from orchestrator.settings import Settings
from orchestrator.store.base import SESSIONS_TABLE, CommitPlan, session_resource
from orchestrator.store.locks import DynamoLockStore
from orchestrator.store.session_item import MAX_PROCESSED
from orchestrator.store.sessions import DynamoSessionStore
from worker.app import WorkerDeps, open_consumer
from worker.consumer import Consumer

WAIT_SECONDS = 120.0


@dataclass
class Scenario:
    """One system under measurement: an in-process ingress and worker on metered clients."""

    settings: Settings
    http: httpx.AsyncClient
    worker_aws: AwsClients
    seeding_aws: AwsClients  # unmetered: writes that set the stage are not the system's calls
    ingress_meters: Meters
    worker_meters: Meters
    phones: list[str]
    started: float = field(default_factory=time.monotonic)

    async def send(self, messages: Sequence[tuple[str, str]], *, one_by_one: bool = False) -> None:
        """POST each (phone, text) to /webhook/ingest: all phones at once, or in the given order."""
        if one_by_one:
            for phone, text in messages:
                await self._post(phone, text)
        else:
            await asyncio.gather(*(self._post(phone, text) for phone, text in messages))

    async def _post(self, phone: str, text: str) -> None:
        body = {"message_id": message_id(), "phoneNumber": f"+{phone}", "text": text}
        response = await self.http.post("/webhook/ingest", json=body)
        if response.status_code != 202:
            raise RuntimeError(f"ingress answered {response.status_code}: {response.text}")

    def phase(self, name: str, messages: int, turns: int) -> dict[str, Any]:
        ingress = self.ingress_meters.per_message(messages)
        worker = self.worker_meters.per_message(messages)
        seconds, self.started = time.monotonic() - self.started, time.monotonic()
        return {
            "phase": name,
            "seconds": round(seconds, 1),
            "messages": messages,
            "turns": turns,
            "messages_per_turn": round(messages / turns, 2),
            "ingress": ingress,
            "worker": worker,
            "dynamodb_calls_per_message": round(ingress["dynamodb_calls"] + worker["dynamodb_calls"], 3),
            "sqs_calls_per_message": round(ingress["sqs_calls"] + worker["sqs_calls"], 3),
            "cost_per_million_messages": cost_per_million(ingress, worker),
        }


@asynccontextmanager
async def scenario(demo: DemoBackendServer, *, webhook: bool, sessions: int, run: int) -> AsyncIterator[Scenario]:
    """Fresh tables and queues, the ingress in this loop, shifts for `sessions` caregivers (a
    quarter of them unconfirmed, so presence is part of the mix)."""
    async with AsyncExitStack() as exits:
        sink = await ReplySinkServer().start()
        exits.push_async_callback(sink.stop)
        prefix = f"benchw{run}{uuid.uuid4().hex[:6]}_"
        settings = build_settings(settings_values(prefix, demo.url, sink.url if webhook else None))
        aws = [await AwsClients.create(region=REGION) for _ in range(3)]
        for clients in aws:
            exits.push_async_callback(clients.close)
        ingress_aws, worker_aws, seeding_aws = aws
        await provision(seeding_aws, settings)
        ingress_meters, worker_meters = Meters(), Meters()
        ingress_meters.attach(ingress_aws)
        worker_meters.attach(worker_aws)
        handle = await run_ingress_in_loop(create_app(settings, await build_ingress_deps(ingress_aws, settings)))
        exits.push_async_callback(handle.stop)
        # Idle connections dropped before uvicorn's 5 s keep-alive ends them under our feet.
        limits = httpx.Limits(keepalive_expiry=2)
        http = await exits.enter_async_context(httpx.AsyncClient(base_url=handle.url, timeout=30, limits=limits))
        caregivers = phones(run, sessions)
        unconfirmed = caregivers[: sessions // 4]
        add_shifts(demo.backend, caregivers[sessions // 4 :])
        add_shifts(demo.backend, unconfirmed, DemoShiftKind.UNCONFIRMED)
        ingress_meters.per_message(1)  # forget the start-up calls (queue URL lookups)
        worker_meters.per_message(1)
        yield Scenario(settings, http, worker_aws, seeding_aws, ingress_meters, worker_meters, caregivers)


@asynccontextmanager
async def running_worker(scene: Scenario) -> AsyncIterator[Consumer]:
    """The production consumer (long polls of RECEIVE_WAIT_SECONDS) running until the block ends."""
    async with open_consumer(scene.settings, WorkerDeps(aws=scene.worker_aws), concurrency=16) as consumer:
        runner = asyncio.create_task(consumer.run())
        try:
            yield consumer
        finally:
            await consumer.stop(deadline=30)
            # Not cancelled: a poll cut off client-side still takes messages server-side (they
            # would stay invisible a whole visibility timeout); it ends within one short poll.
            await asyncio.wait_for(runner, timeout=30)


async def processed(consumer: Consumer, count: int) -> int:
    """Wait until the consumer has finished `count` messages; return its turns so far."""
    deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
    while consumer.processed < count:
        if consumer.retried or consumer.failed or asyncio.get_running_loop().time() > deadline:
            raise RuntimeError(f"messages not processed as expected: {consumer!r}")
        await asyncio.sleep(0.02)
    return int(consumer.metrics.registry.get_sample_value("orchestrator_messages_per_turn_count") or 0)


async def seed_history(scene: Scenario) -> None:
    """Give every session a full processed list (the markers of MAX_PROCESSED wamids), as a caregiver
    has after a few days: the session item then weighs what it weighs in steady production."""
    sessions = DynamoSessionStore(scene.seeding_aws.dynamodb, scene.settings.table_prefix)
    locks = DynamoLockStore(scene.seeding_aws.dynamodb, scene.settings.table_prefix)
    for phone in scene.phones:
        lease = await locks.try_acquire(session_resource(phone), "bench-seed")
        if lease is None:
            raise RuntimeError("a session is still locked between phases")
        record = await sessions.load(phone)
        history = tuple(event_marker(message_id()) for _ in range(MAX_PROCESSED))
        plan = CommitPlan(
            record=record.model_copy(update={"processed": (*history, *record.processed)}),
            expected_version=record.version,
            lease=lease,
            request_token=uuid.uuid4().hex,
        )
        await sessions.commit(plan)


def _value_bytes(value: Any) -> int:
    """An attribute value's size: its JSON, a binary counted by its raw bytes (not its base64)."""
    if "B" in value:
        return len(value["B"])
    return len(json.dumps(value).encode())


async def session_item_bytes(scene: Scenario, phone: str) -> dict[str, Any]:
    """How big one session item is, attribute by attribute (its wire JSON: close to DynamoDB's own
    count of names plus values): what every commit and settle of that session pays for."""
    response = await scene.seeding_aws.dynamodb.get_item(
        TableName=f"{scene.settings.table_prefix}{SESSIONS_TABLE}", Key={"sessionId": {"S": phone}}
    )
    sizes = {name: len(name) + _value_bytes(value) for name, value in response["Item"].items()}
    return {"total": sum(sizes.values()), "by_attribute": dict(sorted(sizes.items(), key=lambda kv: -kv[1]))}


async def measure_calls(demo: DemoBackendServer, *, webhook: bool, sessions: int, run: int) -> list[dict[str, Any]]:
    """The phases of one scenario, each as calls, units and cost per message."""
    results = []
    async with scenario(demo, webhook=webhook, sessions=sessions, run=run) as scene:
        scripts = {
            phone: PRESENCE_SCRIPT if n < sessions // 4 else CLINICAL_SCRIPT for n, phone in enumerate(scene.phones)
        }
        async with running_worker(scene) as consumer:
            await scene.send([(phone, GREETING) for phone in scene.phones])
            first_turns = await processed(consumer, sessions)
            results.append(scene.phase("first_message", sessions, first_turns))
            done = sessions
            for step in range(max(len(script) for script in scripts.values())):
                round_ = [(phone, script[step]) for phone, script in scripts.items() if step < len(script)]
                await scene.send(round_)
                done += len(round_)
                turns = await processed(consumer, done)
            results.append(scene.phase("steady", done - sessions, turns - first_turns))
        results[-1]["session_item_bytes"] = await session_item_bytes(scene, scene.phones[-1])
        await seed_history(scene)
        async with running_worker(scene) as consumer:
            for step, text in enumerate(LOOP_SCRIPT, 1):
                await scene.send([(phone, text) for phone in scene.phones])
                turns = await processed(consumer, step * sessions)
        results.append(scene.phase("steady_full_history", len(LOOP_SCRIPT) * sessions, turns))
        results[-1]["session_item_bytes"] = await session_item_bytes(scene, scene.phones[-1])
        for burst in BURSTS:
            # Queued before a worker starts, each session's messages one after the other (as a
            # caregiver types them): its burst is waiting when its turn starts.
            await scene.send([(phone, text) for phone in scene.phones for text in burst], one_by_one=True)
            async with running_worker(scene) as consumer:
                turns = await processed(consumer, len(burst) * sessions)
            results.append(scene.phase(f"burst_of_{len(burst)}", len(burst) * sessions, turns))
    return results
