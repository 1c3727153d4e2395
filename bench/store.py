"""DynamoDB cost and latency of one message cycle, against Amazon's DynamoDB Local.

The cycle is what a worker does per turn: lock try_acquire, consistent load, and one commit
carrying the state, two turns and the lock release (SPEC target: 3 calls); settle is counted
apart. Calls and consumed capacity are read by botocore event hooks, not counted by hand.
Run: `python -m bench.store` (prints the figures, writes bench/results/store.json).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import statistics
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog

from bench._percentile import percentile
from orchestrator.clock import epoch_ms, utc_now
from orchestrator.devtools.localaws import LOCAL_CREDENTIALS, DynamoDBLocal, default_cache_dir
from orchestrator.integrations.aws import AwsClients
from orchestrator.machine.state import SessionState
from orchestrator.models import Role, Turn
from orchestrator.outbound import Reply
from orchestrator.store.base import CommitPlan, Settlement, session_resource
from orchestrator.store.locks import DynamoLockStore
from orchestrator.store.schema import ensure_tables
from orchestrator.store.sessions import DynamoSessionStore

RESULTS = Path(__file__).parent / "results" / "store.json"
PREFIX = "bench_"
WARMUP_CYCLES = 20
CYCLES_PER_RUN = 400  # split across the sessions of a run
_READ_OPERATIONS = frozenset({"GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems"})


_BEYOND_LARGEST = "bench_units_beyond_largest"


def units_beyond_largest(transact_items: list[dict[str, Any]]) -> dict[str, int]:
    """Per table, the write units of a transaction's items other than its largest one.

    DynamoDB Local reports a transaction's units per table as those of its largest item there, where
    DynamoDB charges every item (2 units per KB each). The meter adds the rest, sized here: a Put
    from its item (names + values, as on the wire), any other write at the 1 KB minimum.
    """
    per_table: dict[str, list[int]] = {}
    for entry in transact_items:
        [(kind, operation)] = entry.items()
        if kind == "Put":
            size = sum(len(name) + len(json.dumps(value).encode()) for name, value in operation["Item"].items())
        else:
            size = 1
        per_table.setdefault(operation["TableName"], []).append(2 * math.ceil(size / 1024))
    return {table: sum(units) - max(units) for table, units in per_table.items()}


@dataclass
class CallMeter:
    """botocore hooks: count each DynamoDB operation and sum the capacity it reports consuming."""

    operations: list[str] = field(default_factory=list)
    capacity: Counter[str] = field(default_factory=Counter)

    def ask_for_capacity(self, params: dict[str, Any], model: Any, context: dict[str, Any], **_: Any) -> None:
        if "ReturnConsumedCapacity" in model.input_shape.members:
            params.setdefault("ReturnConsumedCapacity", "TOTAL")
        if model.name == "TransactWriteItems":
            context[_BEYOND_LARGEST] = units_beyond_largest(params["TransactItems"])

    def count_call(self, model: Any, **_: Any) -> None:
        self.operations.append(model.name)

    def read_capacity(self, parsed: dict[str, Any], model: Any, context: dict[str, Any], **_: Any) -> None:
        # DynamoDB Local reports only CapacityUnits, so the split follows the operation's kind.
        kind = "read_units" if model.name in _READ_OPERATIONS else "write_units"
        consumed = parsed.get("ConsumedCapacity") or []
        beyond = context.get(_BEYOND_LARGEST, {})
        for entry in consumed if isinstance(consumed, list) else [consumed]:
            self.capacity[kind] += entry.get("CapacityUnits", 0) + beyond.get(entry.get("TableName"), 0)

    def attach(self, client: Any) -> None:
        client.meta.events.register("provide-client-params.dynamodb.*", self.ask_for_capacity)
        client.meta.events.register("before-call.dynamodb.*", self.count_call)
        client.meta.events.register("after-call.dynamodb.*", self.read_capacity)

    def take(self) -> dict[str, Any]:
        """What was measured since the last take, then reset."""
        taken = {"calls": len(self.operations), "operations": list(self.operations), **dict(self.capacity)}
        self.operations.clear()
        self.capacity.clear()
        return taken


class Cycle:
    """One session's message cycles with the real stores."""

    def __init__(self, client: Any, session_id: str) -> None:
        self.session_id = session_id
        self.sessions = DynamoSessionStore(client, PREFIX)
        self.locks = DynamoLockStore(client, PREFIX, lease_seconds=10)
        self.turn = 0

    async def run(self) -> None:
        """try_acquire, load, commit with two turns and the lock release."""
        lease = await self.locks.try_acquire(session_resource(self.session_id), "bench")
        if lease is None:
            raise RuntimeError("lock held: sessions of a run must not overlap")
        record = await self.sessions.load(self.session_id)
        self.turn += 1
        at_ms = max(epoch_ms(utc_now()), record.last_turn_ms + 1)
        event_id = f"wamid.{self.session_id}.{self.turn}"
        turns = (
            Turn(session_id=self.session_id, at_ms=at_ms, role=Role.USER, text="PA 12 por 8", message_id=event_id),
            Turn(session_id=self.session_id, at_ms=at_ms + 1, role=Role.BOT, text="Anotado.", message_id=event_id),
        )
        reply = Reply(reply_id=f"r-{event_id}", session_id=self.session_id, text="Anotado.", in_reply_to=event_id)
        updated = record.model_copy(
            update={
                "state": SessionState(schedule_id="sched-bench"),
                "processed": (*record.processed, event_id),
                "outbox": (reply,),
                "last_turn_ms": at_ms + 1,
            }
        )
        plan = CommitPlan(
            record=updated, expected_version=record.version, lease=lease, turns=turns, request_token=uuid.uuid4().hex
        )
        await self.sessions.commit(plan)


async def _latency(client: Any, sessions: int) -> dict[str, Any]:
    """Cycles of `sessions` sessions run concurrently, each session's cycles one after another."""
    cycles = [Cycle(client, f"55119{sessions:03d}{n:05d}") for n in range(sessions)]
    for cycle in cycles:
        for _ in range(max(1, WARMUP_CYCLES // sessions)):
            await cycle.run()
    samples: list[float] = []

    async def one_session(cycle: Cycle) -> None:
        for _ in range(CYCLES_PER_RUN // sessions):
            started = time.perf_counter()
            await cycle.run()
            samples.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(one_session(cycle) for cycle in cycles))
    elapsed = time.perf_counter() - started
    return {
        "sessions": sessions,
        "cycles": len(samples),
        "p50_ms": round(statistics.median(samples), 2),
        "p99_ms": round(percentile(samples, 0.99), 2),
        "cycles_per_second": round(len(samples) / elapsed, 1),
    }


async def measure(endpoint: str) -> dict[str, Any]:
    async with await AwsClients.create(
        region="sa-east-1", endpoint_url=endpoint, credentials=LOCAL_CREDENTIALS, max_connections=64
    ) as aws:
        await ensure_tables(aws.dynamodb, PREFIX)
        meter = CallMeter()
        meter.attach(aws.dynamodb)
        cycle = Cycle(aws.dynamodb, "5511900000000")
        await cycle.run()  # first message of a session: creates its item
        meter.take()
        await cycle.run()
        steady = meter.take()
        outbox = (await cycle.sessions.load(cycle.session_id)).outbox
        meter.take()
        await cycle.sessions.settle(cycle.session_id, Settlement(delivered=[reply.reply_id for reply in outbox]))
        settle = meter.take()
        latency = [await _latency(aws.dynamodb, sessions) for sessions in (1, 32)]
    return {"cycle": steady, "settle": settle, "latency": latency}


def main() -> None:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    server = DynamoDBLocal(cache_dir=default_cache_dir()).start()
    try:
        figures = asyncio.run(measure(server.endpoint))
    finally:
        server.stop()
    figures["backend"] = "DynamoDB Local (in memory)"
    figures["cpus"] = os.cpu_count()
    # The emulator shares the CPUs with this process (and whatever else runs): context for the figures.
    figures["load_average_1m"] = round(os.getloadavg()[0], 2)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    cycle = figures["cycle"]
    print(
        f"cycle: {cycle['calls']} calls {cycle['operations']}, "
        f"{cycle.get('read_units', 0)} RCU + {cycle.get('write_units', 0)} WCU"
    )
    print(f"settle: {figures['settle']['operations']}")
    for run in figures["latency"]:
        print(
            f"{run['sessions']:>2} sessions: p50 {run['p50_ms']} ms, p99 {run['p99_ms']} ms, "
            f"{run['cycles_per_second']} cycles/s ({run['cycles']} cycles)"
        )
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
