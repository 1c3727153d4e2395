"""The worker processes of a load run: started as children (`bench._worker_child`), awaited until
they serve their metrics, scraped, stopped with SIGTERM as an operator would.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from orchestrator.devtools.localaws import free_port

START_SECONDS = 60.0

Worker = tuple[asyncio.subprocess.Process, int]  # a worker process and its metrics port


@dataclass(frozen=True)
class Fleet:
    """How many workers, each with what concurrency and LLM latency; where they write."""

    workers: int
    concurrency: int
    llm_seconds: float
    log_dir: Path
    profile_dir: Path | None = None  # cProfile each worker into this folder (slows them down)

    def command(self, n: int, port: int) -> list[str]:
        command = [
            *(sys.executable, "-m", "bench._worker_child", "--concurrency", str(self.concurrency)),
            *("--llm-ms", str(self.llm_seconds * 1000), "--metrics-port", str(port)),
            *("--calls-out", str(self.calls_path(n))),
        ]
        if self.profile_dir is not None:
            name = f"worker{n}-of-{self.workers}-c{self.concurrency}.prof"
            command += ["--profile", str(self.profile_dir / name)]
        return command

    def calls_path(self, n: int) -> Path:
        """Where worker `n` writes its AWS call timings as it exits."""
        return self.log_dir / f"worker{n}-calls.json"

    def log_path(self, n: int) -> Path:
        return self.log_dir / f"worker{n}.log"


def append_to(path: Path) -> IO[bytes]:
    return path.open("ab")


@asynccontextmanager
async def worker_processes(fleet: Fleet, env: dict[str, str]) -> AsyncIterator[list[Worker]]:
    """Start the workers (each with a metrics port); SIGTERM them at the end and wait for their exit.

    Their exit is awaited, never blocked on: the demo backend and the reply webhook live on this
    loop, and the workers' last turns still need them.
    """
    started: list[Worker] = []
    try:
        for n in range(fleet.workers):
            port = free_port()
            with append_to(fleet.log_path(n)) as log:  # the child keeps its own descriptor
                process = await asyncio.create_subprocess_exec(
                    *fleet.command(n, port), env=env, stdout=subprocess.DEVNULL, stderr=log
                )
            started.append((process, port))
        yield started
    finally:
        for process, _ in started:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process, _ in started:
            try:
                await asyncio.wait_for(process.wait(), timeout=40)
            except TimeoutError:
                process.kill()
                await process.wait()


async def scrape(port: int) -> dict[str, Any]:
    """The worker's own Prometheus figures: turns by outcome, mean turn time, lock-busy give-backs."""
    async with httpx.AsyncClient(timeout=5) as client:
        text = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }
    turns = {
        dict(labels)["outcome"]: int(value)
        for (name, labels), value in samples.items()
        if name == "orchestrator_turns_total"
    }
    count = samples.get(("orchestrator_turn_duration_seconds_count", ()), 0)
    total = samples.get(("orchestrator_turn_duration_seconds_sum", ()), 0)
    return {
        "turns_by_outcome": turns,
        "lock_busy": int(samples.get(("orchestrator_lock_busy_total", ()), 0)),
        "mean_turn_seconds": round(total / count, 3) if count else None,
    }


async def ready(process: asyncio.subprocess.Process, port: int) -> None:
    """Wait until the worker serves its metrics: its clients are open and its queue found."""
    deadline = time.monotonic() + START_SECONDS
    async with httpx.AsyncClient(timeout=1) as client:
        while True:
            if process.returncode is not None:
                raise RuntimeError(f"worker exited with {process.returncode} during start-up")
            try:
                await client.get(f"http://127.0.0.1:{port}/metrics")
                return
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)


def print_worker_logs(log_dir: Path) -> None:
    """The end of each worker's log, to see why a run failed."""
    for log in sorted(log_dir.glob("*.log")):
        print(f"--- {log.name} (last lines)\n" + "\n".join(log.read_text().splitlines()[-15:]))
