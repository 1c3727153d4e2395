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
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bench._local_aws import REGION, LocalAws, cpu_seconds, rss_mb
from bench._worker_stack import (
    LOOP_SCRIPT,
    ReplySinkServer,
    add_shifts,
    build_settings,
    message_event,
    phones,
    settings_environment,
    settings_values,
)
from orchestrator.demo_backend import DemoBackendServer
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.localaws import free_port
from orchestrator.integrations.queue import Queue
from orchestrator.provision import provision

START_SECONDS = 60.0
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
        # More sessions than turns in flight, so a message is always waiting for a free slot.
        return self.workers * self.concurrency * 3 // 2

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
    sending: set[asyncio.Task[None]] = field(default_factory=set)
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

    def _sent(self, task: asyncio.Task[Any]) -> None:
        self.sending.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self.errors.append(task.exception())  # type: ignore[arg-type]
            self.changed.set()

    async def until(self, replies: int, workers: list[subprocess.Popen[bytes]]) -> None:
        """Wait for `replies` replies in all; fail early when a send or a worker failed."""
        deadline = time.monotonic() + WAIT_SECONDS
        while self.replies < replies:
            if self.errors:
                raise RuntimeError(f"sending failed: {self.errors[0]!r}")
            if any(worker.poll() is not None for worker in workers):
                raise RuntimeError("a worker process exited during the run")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.replies} of {replies} replies within {WAIT_SECONDS:.0f} s")
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), timeout=1)
            except TimeoutError:
                pass


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


@contextmanager
def worker_processes(plan: LoadPlan, env: dict[str, str], log_dir: Path) -> Iterator[list[tuple[subprocess.Popen[bytes], int]]]:
    """Start the workers (each with a metrics port); SIGTERM them at the end and wait for their exit."""
    started: list[tuple[subprocess.Popen[bytes], int]] = []
    try:
        for n in range(plan.workers):
            port = free_port()
            command = [sys.executable, "-m", "bench._worker_child", "--concurrency", str(plan.concurrency),
                       "--llm-ms", str(plan.llm_seconds * 1000), "--metrics-port", str(port)]  # fmt: skip
            if plan.profile_dir is not None:
                command += ["--profile", str(plan.profile_dir / f"worker{n}-of-{plan.workers}-c{plan.concurrency}.prof")]
            with (log_dir / f"worker{n}.log").open("ab") as log:  # the child keeps its own descriptor
                process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
            started.append((process, port))
        yield started
    finally:
        for process, _ in started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process, _ in started:
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def scrape(port: int) -> dict[str, Any]:
    """The worker's own Prometheus figures: turns by outcome, mean turn time, lock-busy give-backs."""
    async with httpx.AsyncClient(timeout=5) as client:
        text = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }
    turns = {dict(labels)["outcome"]: int(value) for (name, labels), value in samples.items() if name == "orchestrator_turns_total"}
    count = samples.get(("orchestrator_turn_seconds_count", ()), 0)
    return {
        "turns_by_outcome": turns,
        "lock_busy": int(samples.get(("orchestrator_lock_busy_total", ()), 0)),
        "mean_turn_seconds": round(samples.get(("orchestrator_turn_seconds_sum", ()), 0) / count, 3) if count else None,
    }


async def ready(process: subprocess.Popen[bytes], port: int) -> None:
    """Wait until the worker serves its metrics: its clients are open and its queue found."""
    deadline = time.monotonic() + START_SECONDS
    async with httpx.AsyncClient(timeout=1) as client:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"worker exited with {process.returncode} during start-up")
            try:
                await client.get(f"http://127.0.0.1:{port}/metrics")
                return
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)


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
        caregivers = phones(run, plan.sessions)
        add_shifts(demo.backend, caregivers)
        loop = ClosedLoop(await Queue.by_name(clients.sqs, settings.inbound_queue_name), caregivers)
        sink.on_reply = loop.on_reply
        env = {**os.environ, **aws.environment(), **settings_environment(values)}
        log_dir = Path(exits.enter_context(tempfile.TemporaryDirectory(prefix="bench-worker-")))
        with worker_processes(plan, env, log_dir) as workers:
            try:
                return await _measure(plan, aws, loop, workers)
            except BaseException:
                for log in sorted(log_dir.glob("*.log")):
                    print(f"--- {log.name} (last lines)\n" + "\n".join(log.read_text().splitlines()[-15:]))
                raise
            finally:
                loop.stopped = True
                # Sends still under way would reopen the SQS client's session after it closed.
                await asyncio.gather(*loop.sending, return_exceptions=True)
    raise AssertionError("unreachable")


async def _measure(
    plan: LoadPlan, aws: LocalAws, loop: ClosedLoop, workers: list[tuple[subprocess.Popen[bytes], int]]
) -> dict[str, Any]:
    processes = [process for process, _ in workers]
    for process, port in workers:
        await ready(process, port)
    idle_rss = rss_mb(processes[0].pid)
    loop.start()
    await loop.until(plan.sessions, processes)  # every session's first message (shift fetched, item created)
    cpu = CpuClock({
        "workers": [process.pid for process in processes],
        "dynamodb_local": [aws.dynamodb_pid],
        "moto_sqs": [aws.sqs_pid],
        "bench_process": [os.getpid()],  # load generator, demo backend, reply webhook
    })  # fmt: skip
    cpu.start()
    started, first = time.monotonic(), loop.replies
    samples = [(0, rss_mb(processes[0].pid))]
    target = first + plan.messages
    step = plan.rss_every or plan.messages
    while loop.replies < target:
        await loop.until(min(target, loop.replies - (loop.replies - first) % step + step), processes)
        if plan.rss_every:
            samples.append((loop.replies - first, rss_mb(processes[0].pid)))
    seconds = time.monotonic() - started
    measured = loop.replies - first
    result: dict[str, Any] = {
        "workers": plan.workers,
        "concurrency": plan.concurrency,
        "sessions": plan.sessions,
        "messages": measured,
        "seconds": round(seconds, 2),
        "messages_per_second": round(measured / seconds, 1),
        "bound_messages_per_second": round(plan.bound, 1),
        "ratio_to_bound": round(measured / seconds / plan.bound, 3),
        "cpu_ms_per_message": cpu.ms_per_message(measured),
        "worker_metrics": [await scrape(port) for _, port in workers],
        "idle_rss_mb": round(idle_rss, 1),
    }
    if plan.rss_every:
        result["rss"] = rss_summary(samples)
    return result
