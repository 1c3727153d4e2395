"""Tracing overhead: worker CPU per message with `OTEL_TRACES_EXPORTER=none` vs `console`.

The same queue load (messages of many sessions answered from an in-memory backend, log-only replies)
is drained by a fresh worker process per run, modes alternating; moto serves DynamoDB and SQS in a
process of its own, so only the worker's CPU is counted (`time.process_time` of the drain, all its
threads, tracing's export and final flush included; start-up excluded). Writes `bench/results/tracing.json`.

    python -m bench.tracing [--messages 400] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import uuid
from pathlib import Path

from orchestrator.clock import utc_now
from orchestrator.devtools.localaws import LOCAL_CREDENTIALS, MotoProcess
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import Queue
from orchestrator.models import EventKind, InboundEvent
from orchestrator.provision import provision
from orchestrator.settings import Settings

RESULTS = Path(__file__).resolve().parent / "results" / "tracing.json"
REGION = "sa-east-1"
MODES = ("none", "console")


async def enqueue(settings: Settings, messages: int) -> None:
    """Provision this run's tables and queues and send `messages` greetings from 50 sessions."""
    async with await AwsClients.create(
        region=REGION, endpoint_url=settings.aws_endpoint_url, credentials=LOCAL_CREDENTIALS
    ) as aws:
        await provision(aws, settings)
        queue = await Queue.by_name(aws.sqs, settings.inbound_queue_name)
        for n in range(messages):
            phone = f"55119{n % 50:08d}"
            event = InboundEvent(
                kind=EventKind.MESSAGE,
                event_id=f"m-{uuid.uuid4().hex}",
                session_id=phone,
                received_at=utc_now(),
                text="oi",
            )
            await queue.send_event(event)


def run_worker(settings: Settings, mode: str) -> float:
    environment = {
        **os.environ,
        "OTEL_TRACES_EXPORTER": mode,
        "AWS_ACCESS_KEY_ID": LOCAL_CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": LOCAL_CREDENTIALS["aws_secret_access_key"],
    }
    done = subprocess.run(
        [sys.executable, "-m", "bench._tracing_child", settings.model_dump_json()],
        env=environment,
        stdout=subprocess.DEVNULL,  # the console exporter's spans: formatted and written, then dropped
        stderr=subprocess.PIPE,
        check=True,
        text=True,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["tracing"] is (mode != "none"), report
    return float(report["cpu_seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    moto = MotoProcess().start()
    port = moto.port
    cpu: dict[str, list[float]] = {mode: [] for mode in MODES}
    try:
        for run in range(args.runs):
            for mode in MODES:
                prefix = f"bt{run}{mode[:2]}{uuid.uuid4().hex[:6]}_"
                settings = Settings(
                    _env_file=None,
                    aws_endpoint_url=f"http://127.0.0.1:{port}",
                    aws_region=REGION,
                    table_prefix=prefix,
                    inbound_queue_name=f"{prefix}inbound.fifo",
                    receive_wait_seconds=0,
                )
                asyncio.run(enqueue(settings, args.messages))
                cpu[mode].append(run_worker(settings, mode))
    finally:
        moto.stop()
    per_message = {mode: [round(seconds / args.messages * 1000, 3) for seconds in runs] for mode, runs in cpu.items()}
    medians = {mode: statistics.median(values) for mode, values in per_message.items()}
    result = {
        "command": f"python -m bench.tracing --messages {args.messages} --runs {args.runs}",
        "messages_per_run": args.messages,
        "worker_cpu_ms_per_message": per_message,
        "median_cpu_ms_per_message": medians,
        "overhead_percent": round((medians["console"] / medians["none"] - 1) * 100, 1),
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
