"""Throughput and memory of worker processes under a closed-loop load of many caregivers.

Workers run as child processes (`bench._worker_child`: the real `run_worker`, an LLM of 300 ms
on every message). This process is the load generator, the demo backend and the reply webhook:
each caregiver sends its next message straight to SQS as soon as the reply to the previous one
arrives (people wait for the answer), so at most one message per session is queued or in flight
and turns never become bursts. Throughput is replies per second after every session's first
message; RSS is read from /proc while the load runs.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import tempfile
import time
import uuid
from contextlib import AsyncExitStack, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench._local_aws import REGION, LocalAws, cpu_seconds, process_tree, rss_mb
from bench._worker_fleet import Fleet, Worker, print_worker_logs, ready, scrape, worker_processes
from bench._worker_stack import (
    LOOP_SCRIPT,
    ReplySinkServer,
    add_caregivers,
    build_settings,
    message_event,
    settings_environment,
    settings_values,
)
from orchestrator.devtools.demo_backend import DemoBackendServer
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import Queue
from orchestrator.provision import provision

WAIT_SECONDS = 600.0


@dataclass(frozen=True)
class LoadPlan:
    workers: int
    concurrency: int
    messages: int  # measured, after each session's first message
    llm_seconds: float = 0.3
    rss_every: int = 0  # sample the first worker's RSS every this many replies (0: never)
    profile_dir: Path | None = None  # cProfile each worker into this folder (slows them down)

    @property
    def sessions(self) -> int:
        # Twice the turns in flight, so messages are waiting whenever a slot frees up (moto skips,
        # for a whole poll, sessions whose previous message was still in flight when it began).
        return self.workers * self.concurrency * 2

    @property
    def bound(self) -> float:
        """Messages per second if every slot were always busy and a turn cost only the LLM."""
        return self.workers * self.concurrency / self.llm_seconds


@dataclass
class ClosedLoop:
    """Caregivers that each send their next message when the reply to the last one arrives."""

    queue: Queue
    phones: list[str]
    replies: int = 0
    step: dict[str, int] = field(default_factory=dict)
    sending: set[asyncio.Task[str]] = field(default_factory=set)
    errors: list[BaseException] = field(default_factory=list)
    stopped: bool = False
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def start(self) -> None:
        for phone in self.phones:
            self._send_next(phone)

    def on_reply(self, phone: str, _reply_id: str) -> None:
        self.replies += 1
        self.changed.set()
        if not self.stopped:
            self._send_next(phone)

    def _send_next(self, phone: str) -> None:
        step = self.step.get(phone, 0)
        self.step[phone] = step + 1
        task = asyncio.create_task(self.queue.send_event(message_event(phone, LOOP_SCRIPT[step % len(LOOP_SCRIPT)])))
        self.sending.add(task)
        task.add_done_callback(self._sent)

    def _sent(self, task: asyncio.Task[str]) -> None:
        self.sending.discard(task)
        error = None if task.cancelled() else task.exception()
        if error is not None:
            self.errors.append(error)
            self.changed.set()

    async def until(self, replies: int, workers: list[asyncio.subprocess.Process]) -> None:
        """Wait for `replies` replies in all; fail early when a send or a worker failed."""
        deadline = time.monotonic() + WAIT_SECONDS
        while self.replies < replies:
            if self.errors:
                raise RuntimeError(f"sending failed: {self.errors[0]!r}")
            if any(worker.returncode is not None for worker in workers):
                raise RuntimeError("a worker process exited during the run")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.replies} of {replies} replies within {WAIT_SECONDS:.0f} s")
            self.changed.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), timeout=1)


@dataclass
class CpuClock:
    """CPU seconds of each process of interest, read at the start and the end of the window."""

    pids: dict[str, list[int]]
    started: dict[str, float] = field(default_factory=dict)

    def _now(self) -> dict[str, float]:
        return {name: sum(cpu_seconds(pid) for pid in pids) for name, pids in self.pids.items()}

    def start(self) -> None:
        self.started = self._now()

    def ms_per_message(self, messages: int) -> dict[str, float]:
        return {name: round((spent - self.started[name]) * 1000 / messages, 2) for name, spent in self._now().items()}


def rss_summary(samples: list[tuple[int, float]]) -> dict[str, Any]:
    """First, last and max RSS over the measured window, and the growth per 1,000 messages (slope)."""
    replies = [float(n) for n, _ in samples]
    values = [mb for _, mb in samples]
    slope = statistics.linear_regression(replies, values).slope if len(samples) > 2 else 0.0
    return {
        "samples": [[n, round(mb, 1)] for n, mb in samples],
        "first_mb": round(values[0], 1),
        "last_mb": round(values[-1], 1),
        "max_mb": round(max(values), 1),
        "growth_mb_per_1000_messages": round(slope * 1000, 3),
    }


async def run_load(plan: LoadPlan, aws: LocalAws, demo: DemoBackendServer, run: int) -> dict[str, Any]:
    """One closed-loop run: start the workers, warm every session up, measure `plan.messages` replies."""
    async with AsyncExitStack() as exits:
        sink = await ReplySinkServer().start()
        exits.push_async_callback(sink.stop)
        prefix = f"benchl{run}{uuid.uuid4().hex[:6]}_"
        values = settings_values(prefix, demo.url, sink.url, worker_concurrency=plan.concurrency)
        settings = build_settings(values)
        clients = await AwsClients.create(region=REGION)
        exits.push_async_callback(clients.close)
        await provision(clients, settings)
        caregivers = add_caregivers(demo.backend, run, plan.sessions)
        loop = ClosedLoop(await Queue.by_name(clients.sqs, settings.inbound_queue_name), caregivers)
        sink.on_reply = loop.on_reply
        env = {**os.environ, **aws.environment(), **settings_environment(values)}
        log_dir = Path(exits.enter_context(tempfile.TemporaryDirectory(prefix="bench-worker-")))
        fleet = Fleet(plan.workers, plan.concurrency, plan.llm_seconds, log_dir, plan.profile_dir)
        try:
            async with worker_processes(fleet, env) as workers:
                try:
                    result = await _measure(plan, aws, loop, workers)
                finally:
                    loop.stopped = True
                    # Sends still under way would reopen the SQS client's session after it closed.
                    await asyncio.gather(*loop.sending, return_exceptions=True)
        except BaseException:
            print_worker_logs(log_dir)
            raise
        # Written by each worker as it exits: its AWS calls over the whole run, warm-up included.
        result["worker_aws_call_ms"] = [json.loads(fleet.calls_path(n).read_text()) for n in range(plan.workers)]
        return result


async def _measure(plan: LoadPlan, aws: LocalAws, loop: ClosedLoop, workers: list[Worker]) -> dict[str, Any]:
    processes = [process for process, _ in workers]
    for process, port in workers:
        await ready(process, port)
    idle_rss = rss_mb(processes[0].pid)
    loop.start()
    await loop.until(plan.sessions, processes)  # every session's first message (shift fetched, item created)
    cpu = CpuClock({
        "workers": [process.pid for process in processes],
        "dynamodb_local": [aws.dynamodb_pid],
        "moto_sqs": process_tree(aws.sqs_pid),  # granian's process and its worker
        "bench_process": [os.getpid()],  # load generator, demo backend, reply webhook
    })  # fmt: skip
    cpu.start()
    started, first = time.monotonic(), loop.replies
    samples = [(0, rss_mb(processes[0].pid))]
    target = first + plan.messages
    step = plan.rss_every or plan.messages
    while loop.replies < target:
        next_sample = first + ((loop.replies - first) // step + 1) * step
        await loop.until(min(target, next_sample), processes)
        if plan.rss_every:
            samples.append((loop.replies - first, rss_mb(processes[0].pid)))
    seconds = time.monotonic() - started
    measured = loop.replies - first
    cpu_ms = cpu.ms_per_message(measured)
    total_cpu_ms = sum(cpu_ms.values())
    result: dict[str, Any] = {
        "workers": plan.workers,
        "concurrency": plan.concurrency,
        "sessions": plan.sessions,
        "messages": measured,
        "seconds": round(seconds, 2),
        "messages_per_second": round(measured / seconds, 1),
        "bound_messages_per_second": round(plan.bound, 1),
        "ratio_to_bound": round(measured / seconds / plan.bound, 3),
        "cpu_ms_per_message": cpu_ms,
        # What the CPUs allow: every process of the run sharing this machine's cores, and the
        # workers alone with a core each (a worker spends `workers` ms on each message it handles).
        "cpu_ceiling_messages_per_second": {
            "this_machine": round((os.cpu_count() or 1) * 1000 / total_cpu_ms, 1),
            "workers_with_a_core_each": round(plan.workers * 1000 / cpu_ms["workers"], 1),
        },
        "worker_metrics": [await scrape(port) for _, port in workers],
        "idle_rss_mb": round(idle_rss, 1),
    }
    if plan.rss_every:
        result["rss"] = rss_summary(samples)
    return result
