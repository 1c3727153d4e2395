"""Ack time of one Meta webhook delivery carrying many messages (`python -m bench.meta_batch`).

Meta batches messages under backlog and expects its 200 within seconds, so what counts is how
long one delivery of N messages takes to be claimed and queued. The bench starts DynamoDB Local
and an SQS endpoint process (`bench.sqs_standin`, then moto's with `--sqs standin,moto`), serves
the ingress with granian in a process of its own (as `bench.ingress` does), and POSTs signed
deliveries of `--messages` text messages: from as many caregivers as messages, and from 10
caregivers (10 messages each, so per-session order matters). Each shape runs `--deliveries`
times with fresh wamids on a fresh queue, without and with `--delay-ms` added to every AWS call
(a real region's round trip), recording the ack time and the server's CPU per delivery (the
figure a shared, loaded machine disturbs least). Prints and writes bench/results/meta_batch.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.ingress import aws_endpoints, provision, server_process, tree_cpu_seconds, use_endpoints
from ingress.auth import sign_meta_body
from orchestrator.devtools.localaws import free_port
from orchestrator.settings import Settings

RESULTS = Path(__file__).parent / "results" / "meta_batch.json"
APP_SECRET = "bench-app-secret"


@dataclass(frozen=True)
class DeliveryRun:
    sqs: str
    senders: int
    messages: int
    delay_ms: float
    deliveries: int
    ack_seconds_median: float
    ack_seconds_max: float
    server_cpu_seconds_per_delivery: float  # user + system CPU of the server process tree, median
    statuses: dict[str, int]


def delivery(messages: int, senders: int, run: str) -> bytes:
    """One webhook body: `messages` text messages spread round-robin over `senders` caregivers."""
    batch = [
        {
            "from": f"55119{index % senders:08d}",
            "id": f"wamid.{run}.{index}",
            "timestamp": "1717000000",
            "type": "text",
            "text": {"body": "PA 12/8 FC 80"},
        }
        for index in range(messages)
    ]
    payload = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "WABA",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"display_phone_number": "15550001111", "phone_number_id": "PNID"},
                            "messages": batch,
                        },
                    }
                ],
            }
        ],
    }
    return json.dumps(payload).encode()


def post_deliveries(
    url: str, server_pid: int, messages: int, senders: int, deliveries: int
) -> tuple[list[float], list[float], dict[str, int]]:
    """POST `deliveries` fresh deliveries one after another: ack times, the server's CPU seconds
    for each (its completions after the answer included) and the answers' statuses."""
    times: list[float] = []
    cpu: list[float] = []
    statuses: dict[str, int] = {}
    with httpx.Client(base_url=url, timeout=300) as client:
        for _ in range(deliveries):
            body = delivery(messages, senders, uuid.uuid4().hex[:10])
            headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign_meta_body(body, APP_SECRET)}
            cpu_before = tree_cpu_seconds(server_pid)
            started = time.perf_counter()
            response = client.post("/webhook/whatsapp", content=body, headers=headers)
            times.append(time.perf_counter() - started)
            time.sleep(1)  # let the completions run before reading the CPU
            cpu.append(tree_cpu_seconds(server_pid) - cpu_before)
            statuses[str(response.status_code)] = statuses.get(str(response.status_code), 0) + 1
            if response.status_code == 200 and response.json().get("accepted") != messages:
                raise RuntimeError(f"expected {messages} accepted, got {response.json()}")
    return times, cpu, statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100)
    parser.add_argument("--deliveries", type=int, default=3)
    parser.add_argument("--delay-ms", type=float, default=5.0)
    parser.add_argument("--sqs", default="standin,moto", help="SQS endpoints to run against, in turn")
    args = parser.parse_args()
    use_dynamodb_local = shutil.which("java") is not None
    runs: list[DeliveryRun] = []
    for sqs in args.sqs.split(","):
        runs += run_against(sqs, args, use_dynamodb_local=use_dynamodb_local)
    report: dict[str, Any] = {
        "aws_endpoints": {
            "dynamodb": "DynamoDB Local (JVM process)" if use_dynamodb_local else "moto server process",
            "sqs": "standin: bench.sqs_standin process; moto: moto server process",
        },
        "server": "granian, 1 worker",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "runs": [asdict(result) for result in runs],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {RESULTS}")


def run_against(sqs: str, args: argparse.Namespace, *, use_dynamodb_local: bool) -> list[DeliveryRun]:
    """Every shape and delay against one SQS endpoint, each on a fresh queue (moto slows down as a
    queue grows, so no run inherits another's backlog)."""
    runs: list[DeliveryRun] = []
    with aws_endpoints(use_dynamodb_local, sqs) as endpoints:
        env = use_endpoints(
            endpoints, TABLE_PREFIX=f"meta{uuid.uuid4().hex[:8]}_", WHATSAPP_APP_SECRET=APP_SECRET, LOG_LEVEL="WARNING"
        )
        for delay in (0.0, args.delay_ms):
            for senders in (args.messages, 10):
                queue_env = {**env, "INBOUND_QUEUE_NAME": f"meta{uuid.uuid4().hex[:8]}.fifo"}
                os.environ.update(queue_env)
                asyncio.run(provision(Settings(_env_file=None), sqs))
                with server_process("granian", "ingress", free_port(), queue_env, delay) as (url, pid):
                    post_deliveries(url, pid, 10, 10, 1)  # warm-up: connections, first-call costs
                    times, cpu, statuses = post_deliveries(url, pid, args.messages, senders, args.deliveries)
                result = DeliveryRun(
                    sqs=sqs,
                    senders=senders,
                    messages=args.messages,
                    delay_ms=delay,
                    deliveries=args.deliveries,
                    ack_seconds_median=round(statistics.median(times), 3),
                    ack_seconds_max=round(max(times), 3),
                    server_cpu_seconds_per_delivery=round(statistics.median(cpu), 3),
                    statuses=statuses,
                )
                print(f"  {sqs:7} {args.messages} messages from {senders:3} senders, delay {delay:g} ms: "
                      f"ack median {result.ack_seconds_median:.3f} s, max {result.ack_seconds_max:.3f} s, "
                      f"server CPU {result.server_cpu_seconds_per_delivery:.3f} s {statuses}")  # fmt: skip
                runs.append(result)
    return runs


if __name__ == "__main__":
    main()
