"""One worker run for `bench/tracing.py`: drain the queue, report this process's CPU seconds.

Tracing is configured from the environment exactly as `orchestrator worker` does
(`OTEL_TRACES_EXPORTER`); the console exporter's output goes wherever the parent sent stdout.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import dataclass

from orchestrator.devtools.demo_backend import DEMO_PHONES, DemoBackend, DemoShiftKind
from orchestrator.models import PendingAction, Shift
from orchestrator.observability.tracing import configure_tracing, stop_tracing
from orchestrator.settings import Settings
from worker.app import WorkerDeps, open_consumer


@dataclass
class InMemoryBackend:
    """The demo's confirmed shift for every phone, without HTTP: the bench measures the worker."""

    shift: Shift

    async def get_schedule(self, phone_number: str) -> Shift:
        return self.shift.model_copy(update={"schedule_id": f"S-{phone_number}"})

    async def execute(self, action: PendingAction) -> None:
        return None


async def drain(settings: Settings) -> float:
    """CPU seconds of draining the queue, tracing's flush included; start-up (imports, clients) excluded."""
    backend = InMemoryBackend(DemoBackend().shift(DEMO_PHONES[DemoShiftKind.CONFIRMED]))
    async with open_consumer(settings, WorkerDeps(backend=backend), concurrency=16) as consumer:
        started = time.process_time()
        await consumer.drain()
        stop_tracing()  # flush what the batch processor still holds: part of the cost
        return time.process_time() - started


def main() -> None:
    settings = Settings.model_validate_json(sys.argv[1])
    tracing = configure_tracing("orchestrator-worker")
    cpu = asyncio.run(drain(settings))
    print(json.dumps({"tracing": tracing, "cpu_seconds": cpu}), file=sys.stderr)


if __name__ == "__main__":
    main()
