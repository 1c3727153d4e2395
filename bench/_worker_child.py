"""One worker process of `bench.worker`: the production `run_worker` with an LLM that takes 300 ms.

`python -m bench._worker_child --concurrency 64 --llm-ms 300 --metrics-port P`, settings from the
environment (the bench passes the run's). Kept apart from `bench.worker` so the process imports
only what a real worker imports: its RSS is the worker's. Stops on SIGTERM like the real one.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
from pathlib import Path

from orchestrator.integrations.llm import Interpretation
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, required=True)
    parser.add_argument("--llm-ms", type=float, required=True)
    parser.add_argument("--metrics-port", type=int, required=True)
    parser.add_argument("--profile", type=Path, help="write cProfile statistics of the whole run here")
    args = parser.parse_args()
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    configure_logging(settings)
    deps = WorkerDeps(interpreter=SlowRulesInterpreter(args.llm_ms / 1000))
    profile = cProfile.Profile() if args.profile else None
    if profile is not None:
        profile.enable()
    asyncio.run(run_worker(settings, deps, concurrency=args.concurrency, metrics_port=args.metrics_port))
    if profile is not None:
        profile.disable()
        profile.dump_stats(args.profile)


if __name__ == "__main__":
    main()
