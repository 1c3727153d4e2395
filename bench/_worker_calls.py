"""AWS calls and consumed capacity per message, ingress + worker, and what they cost.

Everything runs in this process so botocore event hooks can count the calls on the very clients
the ingress and the worker use (one `AwsClients` each): the ingress over real HTTP, the worker's
production `Consumer` (long polling, batched deletes), the demo backend, the reply webhook.
Phases: first message of each session, steady conversations (one message per session at a
time, as people type), the same on sessions with a full processed-ids list, and bursts.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

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
from bench.store import CallMeter
from ingress.app import create_app, run_ingress_in_loop
from ingress.deps import build_ingress_deps
from orchestrator.demo_backend import DemoBackendServer, DemoShiftKind
from orchestrator.integrations.aws import AwsClients
from orchestrator.provision import provision
from orchestrator.settings import Settings
from orchestrator.store.base import CommitPlan
from orchestrator.store.locks import DynamoLockStore, session_resource
from orchestrator.store.session_item import MAX_PROCESSED
from orchestrator.store.sessions import DynamoSessionStore
from worker.app import WorkerDeps, open_consumer
from worker.consumer import Consumer

# Assumed list prices (USD). Region and date are stated in the results; re-price for yours.
PRICES: dict[str, Any] = {
    "region": "us-east-1",
    "as_of": "list prices after the November 2024 DynamoDB on-demand reduction; sa-east-1 (the "
    "default AWS_REGION) lists DynamoDB about 1.5x higher",
    "dynamodb_per_million_write_request_units": 0.625,
    "dynamodb_per_million_read_request_units": 0.125,
    "sqs_fifo_per_million_requests": 0.50,
    "notes": [
        "one write request unit per 1 KB of item written; transactional writes cost 2 per KB",
        "an UpdateItem is charged on the larger of the item before and after the update",
        "one read request unit per 4 KB for a strongly consistent read",
        "an SQS request is one API call (batches of up to 10 included) per 64 KB of payload; "
        "empty long polls are billed requests too",
        "storage, data transfer and the free tiers are left out",
    ],
}
WAIT_SECONDS = 120.0


@dataclass
class SqsMeter:
    """botocore hooks on the SQS client: calls by operation, and receives that returned nothing."""

    operations: Counter[str] = field(default_factory=Counter)
    empty_receives: int = 0

    def count_call(self, model: Any, **_: Any) -> None:
        if model.name != "GetQueueUrl":  # once per client start-up, not per message
            self.operations[model.name] += 1

    def check_receive(self, parsed: dict[str, Any], **_: Any) -> None:
        if not parsed.get("Messages"):
            self.empty_receives += 1

    def attach(self, client: Any) -> None:
        client.meta.events.register("before-call.sqs.*", self.count_call)
        client.meta.events.register("after-call.sqs.ReceiveMessage", self.check_receive)

    def take(self) -> dict[str, Any]:
        taken = {"operations": dict(self.operations), "empty_receives": self.empty_receives}
        self.operations.clear()
        self.empty_receives = 0
        return taken


@dataclass
class UnitsMeter(CallMeter):
    """The store bench's meter, also telling which operation consumed the units."""

    units_by_operation: Counter[str] = field(default_factory=Counter)

    def read_capacity(self, parsed: dict[str, Any], model: Any, **kwargs: Any) -> None:
        before = sum(self.capacity.values())
        super().read_capacity(parsed, model, **kwargs)
        self.units_by_operation[model.name] += sum(self.capacity.values()) - before

    def take(self) -> dict[str, Any]:
        taken = {**super().take(), "units_by_operation": dict(self.units_by_operation)}
        self.units_by_operation.clear()
        return taken


@dataclass
class Meters:
    """Both meters of one side (ingress or worker)."""

    dynamodb: UnitsMeter = field(default_factory=UnitsMeter)
    sqs: SqsMeter = field(default_factory=SqsMeter)

    def attach(self, aws: AwsClients) -> None:
        self.dynamodb.attach(aws.dynamodb)
        self.sqs.attach(aws.sqs)

    def per_message(self, messages: int) -> dict[str, Any]:
        """What was measured since the last call, divided by `messages`; then reset."""
        dynamodb, sqs = self.dynamodb.take(), self.sqs.take()
        sqs_calls = sum(sqs["operations"].values())
        return {
            "dynamodb_calls": round(dynamodb["calls"] / messages, 3),
            "dynamodb_by_operation": _per(Counter(dynamodb["operations"]), messages),
            "write_units": round(dynamodb.get("write_units", 0) / messages, 3),
            "read_units": round(dynamodb.get("read_units", 0) / messages, 3),
            "units_by_operation": _per(Counter(dynamodb["units_by_operation"]), messages),
            "sqs_calls": round(sqs_calls / messages, 3),
            "sqs_by_operation": _per(Counter(sqs["operations"]), messages),
            "sqs_empty_receives": round(sqs["empty_receives"] / messages, 3),
        }


def _per(counts: Counter[str], messages: int) -> dict[str, float]:
    return {name: round(count / messages, 3) for name, count in sorted(counts.items())}


def cost_per_million(ingress: dict[str, Any], worker: dict[str, Any]) -> dict[str, float]:
    """USD per million messages: request units and SQS requests per message, at PRICES."""
    write = ingress["write_units"] + worker["write_units"]
    read = ingress["read_units"] + worker["read_units"]
    sqs = ingress["sqs_calls"] + worker["sqs_calls"]
    dynamodb_usd = (
        write * PRICES["dynamodb_per_million_write_request_units"]
        + read * PRICES["dynamodb_per_million_read_request_units"]
    )
    sqs_usd = sqs * PRICES["sqs_fifo_per_million_requests"]
    return {
        "dynamodb_usd": round(dynamodb_usd, 3),
        "sqs_usd": round(sqs_usd, 3),
        "total_usd": round(dynamodb_usd + sqs_usd, 3),
    }


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
    """Give every session a full processed-ids list (MAX_PROCESSED wamids), as a caregiver has
    after a few days: the session item then weighs what it weighs in steady production."""
    sessions = DynamoSessionStore(scene.seeding_aws.dynamodb, scene.settings.table_prefix)
    locks = DynamoLockStore(scene.seeding_aws.dynamodb, scene.settings.table_prefix)
    for phone in scene.phones:
        lease = await locks.try_acquire(session_resource(phone), "bench-seed")
        record = await sessions.load(phone)
        history = tuple(message_id() for _ in range(MAX_PROCESSED))
        plan = CommitPlan(
            record=record.model_copy(update={"processed": (*history, *record.processed)}),
            expected_version=record.version,
            lease=lease,
            request_token=uuid.uuid4().hex,
        )
        await sessions.commit(plan)


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
        await seed_history(scene)
        async with running_worker(scene) as consumer:
            for step, text in enumerate(LOOP_SCRIPT, 1):
                await scene.send([(phone, text) for phone in scene.phones])
                turns = await processed(consumer, step * sessions)
        results.append(scene.phase("steady_full_history", len(LOOP_SCRIPT) * sessions, turns))
        for burst in BURSTS:
            # Queued before a worker starts, each session's messages one after the other (as a
            # caregiver types them): its burst is waiting when its turn starts.
            await scene.send([(phone, text) for phone in scene.phones for text in burst], one_by_one=True)
            async with running_worker(scene) as consumer:
                turns = await processed(consumer, len(burst) * sessions)
            results.append(scene.phase(f"burst_of_{len(burst)}", len(burst) * sessions, turns))
    return results
