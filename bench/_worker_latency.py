"""Turn latency with a fixed delay on every AWS call (issue 15): what a caregiver waits for, less
the LLM, when DynamoDB and SQS answer in `delay_ms` as they do from inside an AWS region.

Turns run one at a time through the production `process_turn` (lock and load, commit, delivery to
the reply webhook, settle), with the rules interpreter (no LLM), the demo backend and a local
webhook; every DynamoDB call waits `delay_ms` before it is sent (a botocore `before-send` hook).
Each session's first message (shift fetched, item created) is left out of the figures.

DynamoDB Local itself answers in 5-25 ms on a loaded machine, on top of the injected delay, so the
raw figures are mostly the emulator's. `as_if_aws_answered_in` replaces it: each turn's time less
its DynamoDB round trips on the wire (from the request signed to the answer read; concurrent ones, as
the lock and the load, merged into one), plus `delay_ms` per round trip.
"""

from __future__ import annotations

import statistics
import time
import uuid
from typing import Any

from bench._local_aws import REGION
from bench._percentile import percentile
from bench._worker_stack import (
    GREETING,
    LOOP_SCRIPT,
    ReplySinkServer,
    add_caregivers,
    build_settings,
    message_event,
    settings_values,
)
from bench.ingress_targets import add_latency
from orchestrator.devtools.demo_backend import DemoBackendServer
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.backend import BackendClient
from orchestrator.integrations.http import new_http_client
from orchestrator.integrations.llm import RulesInterpreter
from orchestrator.integrations.sinks import WebhookSink
from orchestrator.provision import provision
from orchestrator.store.locks import DynamoLockStore
from orchestrator.store.sessions import DynamoSessionStore
from orchestrator.turn import TurnDeps, process_turn
from worker.app import backend_urls, machine_config


class WireClock:
    """The spans of a client's requests on the wire: from the request signed (`before-send`, first;
    before any injected delay) to `needs-retry` (the answer read and parsed), per attempt. Counts the
    calls of the thin path (integrations/aws_json.py), whose signed request carries the call's context."""

    def __init__(self) -> None:
        self.spans: list[tuple[float, float]] = []

    def attach(self, client: Any) -> None:
        client.meta.events.register_first("before-send.*.*", self._sent)
        client.meta.events.register_first("needs-retry.*.*", self._answered)

    def _sent(self, request: Any, **_: Any) -> None:
        context = getattr(request, "context", None)
        if context is not None:
            context["bench_sent"] = time.perf_counter()

    def _answered(self, request_dict: dict[str, Any], **_: Any) -> None:
        # The request's context is the dict the request was built with.
        sent = request_dict["context"].pop("bench_sent", None)
        if sent is not None:
            self.spans.append((sent, time.perf_counter()))

    def round_trips(self, since: float) -> tuple[int, float]:
        """Round trips since `since` (overlapping spans merged) and the seconds they covered."""
        merged: list[list[float]] = []
        for start, end in sorted(span for span in self.spans if span[0] >= since):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return len(merged), sum(end - start for start, end in merged)


async def measure_turn_latency(
    demo: DemoBackendServer, *, sessions: int, loops: int, delay_ms: float, run: int
) -> dict[str, Any]:
    """p50/p99 of `process_turn` over `loops` passes of LOOP_SCRIPT for each of `sessions` caregivers."""
    sink = await ReplySinkServer().start()
    values = settings_values(f"benchlat{run}{uuid.uuid4().hex[:6]}_", demo.url, sink.url)
    settings = build_settings(values)
    caregivers = add_caregivers(demo.backend, run, sessions)
    try:
        async with await AwsClients.create(region=REGION) as aws, new_http_client() as http:
            await provision(aws, settings)
            add_latency(aws.dynamodb, delay_ms)
            wire = WireClock()
            wire.attach(aws.dynamodb)
            deps = TurnDeps(
                sessions=DynamoSessionStore(aws.dynamodb, settings.table_prefix),
                locks=DynamoLockStore(aws.dynamodb, settings.table_prefix, lease_seconds=settings.lock_lease_seconds),
                interpreter=RulesInterpreter(),
                backend=BackendClient(http, backend_urls(settings), timeout=settings.backend_timeout_seconds),
                sink=WebhookSink(http, sink.url, timeout=settings.backend_timeout_seconds),
                config=machine_config(settings),
                owner="bench-latency",
            )
            for phone in caregivers:  # first messages: not measured
                await process_turn(deps, phone, [message_event(phone, GREETING)])
            seconds: list[float] = []
            modelled: list[float] = []
            round_trips: list[int] = []
            for _ in range(loops):
                for text in LOOP_SCRIPT:
                    for phone in caregivers:
                        started = time.perf_counter()
                        await process_turn(deps, phone, [message_event(phone, text)])
                        took = time.perf_counter() - started
                        trips, on_wire = wire.round_trips(since=started)
                        seconds.append(took)
                        modelled.append(took - on_wire + trips * delay_ms / 1000)
                        round_trips.append(trips)
    finally:
        await sink.stop()
    return {
        "delay_ms_per_aws_call": delay_ms,
        "turns": len(seconds),
        **_summary(seconds),
        "dynamodb_round_trips_per_turn": round(statistics.fmean(round_trips), 2),
        "as_if_aws_answered_in_delay": _summary(modelled),
        "note": "one turn at a time, rules only (no LLM); demo backend and reply webhook in the bench's "
        "process; each session's first message left out; as_if_aws_answered_in_delay: each DynamoDB "
        "round trip (concurrent ones merged) counted as delay_ms instead of the emulator's time",
    }


def _summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {
        "p50_ms": round(percentile(ordered, 0.5) * 1000, 2),
        "p99_ms": round(percentile(ordered, 0.99) * 1000, 2),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2),
    }
