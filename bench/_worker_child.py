"""One worker process of `bench.worker`: the production `run_worker` with an LLM that takes 300 ms.

`python -m bench._worker_child --concurrency 64 --llm-ms 300 --metrics-port P --calls-out F`,
settings from the environment (the bench passes the run's). Kept apart from `bench.worker` so the
process imports only what a real worker imports: its RSS is the worker's. Stops on SIGTERM like
the real one, then writes how long its AWS calls took, by operation, to F.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.base import Interpretation
from orchestrator.logs import configure_logging
from orchestrator.machine import Expectation, read_rules
from orchestrator.settings import Settings
from worker.app import WorkerDeps, run_worker


class SlowRulesInterpreter:
    """An LLM consulted on every message: `latency` seconds of waiting, then the rules' reading."""

    def __init__(self, latency: float) -> None:
        self._latency = latency

    async def interpret(self, text: str, expectation: Expectation) -> Interpretation:
        await asyncio.sleep(self._latency)
        return Interpretation(reading=read_rules(text, expectation), llm_called=True)


class CallClock:
    """botocore hooks timing each AWS call from `before-call` to `after-call` (retries included)."""

    def __init__(self) -> None:
        self.calls: defaultdict[str, list[float]] = defaultdict(lambda: [0, 0.0])

    def started(self, context: dict[str, Any], **_: Any) -> None:
        context["bench_started"] = time.perf_counter()

    def ended(self, context: dict[str, Any], model: Any, **_: Any) -> None:
        if "bench_started" in context:
            entry = self.calls[model.name]
            entry[0] += 1
            entry[1] += time.perf_counter() - context.pop("bench_started")

    def attach(self, client: Any) -> None:
        client.meta.events.register("before-call.*.*", self.started)
        client.meta.events.register("after-call.*.*", self.ended)

    def summary(self) -> dict[str, dict[str, float]]:
        return {
            name: {"calls": int(count), "mean_ms": round(seconds * 1000 / count, 2)}
            for name, (count, seconds) in sorted(self.calls.items())
        }


async def serve(settings: Settings, concurrency: int, latency: float, metrics_port: int, clock: CallClock) -> None:
    # The clients `open_consumer` would build (same pool size), opened here to time their calls.
    async with await AwsClients.create(
        region=settings.aws_region, endpoint_url=settings.aws_endpoint_url, max_connections=concurrency + 16
    ) as aws:
        clock.attach(aws.dynamodb)
        clock.attach(aws.sqs)
        deps = WorkerDeps(aws=aws, interpreter=SlowRulesInterpreter(latency))
        await run_worker(settings, deps, concurrency=concurrency, metrics_port=metrics_port)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, required=True)
    parser.add_argument("--llm-ms", type=float, required=True)
    parser.add_argument("--metrics-port", type=int, required=True)
    parser.add_argument("--calls-out", type=Path, required=True, help="where to write the AWS call timings")
    parser.add_argument("--profile", type=Path, help="write cProfile statistics of the whole run here")
    args = parser.parse_args()
    settings = Settings(_env_file=None)
    configure_logging(settings)
    clock = CallClock()
    profile = cProfile.Profile() if args.profile else None
    if profile is not None:
        profile.enable()
    asyncio.run(serve(settings, args.concurrency, args.llm_ms / 1000, args.metrics_port, clock))
    if profile is not None:
        profile.disable()
        profile.dump_stats(args.profile)
    args.calls_out.write_text(json.dumps(clock.summary()))


if __name__ == "__main__":
    main()
