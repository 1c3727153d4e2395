"""Ingress throughput and ack latency versus a bare Litestar endpoint making the same two AWS calls.

`python -m bench.ingress` starts DynamoDB Local (DynamoDB) and an SQS endpoint process (the
`bench.sqs_standin` by default, `--sqs moto` for moto's: far slower, see that module), then,
for each server (uvicorn, granian), runs the ingress and the bare baseline in a server process of
their own and drives them with a closed-loop load (32 connections, 3,000 requests) from this
process. It also counts AWS calls per accepted webhook and per replay with botocore event hooks,
and re-runs both targets with 5 ms injected on every AWS call. Prints and writes
bench/results/ingress.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from bench._percentile import percentile
from bench.ingress_targets import DELAY_ENV, TARGET_ENV
from ingress.app import create_app, run_ingress_in_loop
from ingress.deps import build_ingress_deps
from orchestrator.devtools.localaws import (
    LOCAL_CREDENTIALS,
    DynamoDBLocal,
    default_cache_dir,
    free_port,
    moto_server_command,
    start_listening_process,
    stop_process,
)
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import QueueSpec, ensure_queues
from orchestrator.settings import Settings
from orchestrator.store.schema import ensure_tables

RESULTS = Path(__file__).parent / "results" / "ingress.json"
REGION = "sa-east-1"
INGEST_TOKEN = "bench-ingest-token"
TARGET_FACTORY = "bench.ingress_targets:target_app"


@dataclass(frozen=True)
class LoadResult:
    target: str
    server: str
    delay_ms: float
    requests: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    server_cpu_ms_per_request: float  # user + system CPU of the server's process tree
    statuses: dict[str, int]


def tree_cpu_seconds(root: int) -> float:
    """User + system CPU seconds of `root` and its descendants (granian runs workers as children)."""
    parents: dict[int, int] = {}
    cpu: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = int(fields[11]) + int(fields[12])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(cpu.get(pid, 0) for pid in tree) / os.sysconf("SC_CLK_TCK")


def bodies(count: int, run: str) -> Iterator[dict[str, Any]]:
    """Unique message ids (every request is a first delivery) spread over 500 caregivers."""
    for i in range(count):
        yield {"message_id": f"{run}-{i}", "phoneNumber": f"55119{i % 500:08d}", "text": "PA 12/8 FC 80"}


async def closed_loop(
    url: str, payloads: list[dict[str, Any]], connections: int
) -> tuple[float, list[float], Counter[int]]:
    """`connections` workers, each sending its next request as soon as the previous answer arrives."""
    # Idle connections expire before the servers' 5 s keep-alive: no request on a closing socket.
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections, keepalive_expiry=2)
    headers = {"Authorization": f"Bearer {INGEST_TOKEN}"}
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    pending = iter(payloads)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60, headers=headers) as client:

        async def worker() -> None:
            for payload in pending:
                started = time.perf_counter()
                response = await client.post("/webhook/ingest", json=payload)
                latencies.append(time.perf_counter() - started)
                statuses[response.status_code] += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        return time.perf_counter() - began, latencies, statuses


@contextmanager
def server_process(
    server: str, target: str, port: int, env: dict[str, str], delay_ms: float
) -> Iterator[tuple[str, int]]:
    """The target app in its own process; yields its URL and pid once /healthz answers."""
    env = {**env, TARGET_ENV: target, DELAY_ENV: str(delay_ms)}
    if server == "uvicorn":
        command = [sys.executable, "-m", "uvicorn", "--factory", TARGET_FACTORY, "--host", "127.0.0.1",
                   "--port", str(port), "--no-access-log", "--log-level", "warning"]  # fmt: skip
    else:
        command = [str(Path(sys.executable).with_name("granian")), "--interface", "asgi", "--factory",
                   "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--no-access-log",
                   "--log-level", "warning", TARGET_FACTORY]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{server} {target} exited with {process.returncode}")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{server} {target} did not start")
            time.sleep(0.2)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_load(
    server: str, target: str, env: dict[str, str], args: argparse.Namespace, delay_ms: float = 0
) -> LoadResult:
    run = uuid.uuid4().hex[:8]
    warmup = list(bodies(args.warmup, f"w{run}"))
    payloads = list(bodies(args.requests, run))
    # A fresh queue per run: no run inherits another's backlog (moto slows down as a queue grows).
    env = {**env, "INBOUND_QUEUE_NAME": f"bench{run}.fifo"}
    if args.sqs == "moto":
        asyncio.run(create_queue(env["INBOUND_QUEUE_NAME"]))
    with server_process(server, target, free_port(), env, delay_ms) as (url, pid):
        asyncio.run(closed_loop(url, warmup, args.connections))
        cpu_before = tree_cpu_seconds(pid)
        seconds, latencies, statuses = asyncio.run(closed_loop(url, payloads, args.connections))
        cpu_ms = (tree_cpu_seconds(pid) - cpu_before) * 1000 / len(latencies)
    latencies.sort()
    result = LoadResult(
        target=target,
        server=server,
        delay_ms=delay_ms,
        requests=len(latencies),
        seconds=round(seconds, 3),
        requests_per_second=round(len(latencies) / seconds, 1),
        p50_ms=round(percentile(latencies, 0.50) * 1000, 2),
        p99_ms=round(percentile(latencies, 0.99) * 1000, 2),
        server_cpu_ms_per_request=round(cpu_ms, 3),
        statuses={str(code): count for code, count in sorted(statuses.items())},
    )
    print(f"  {server:8} {target:8} delay={delay_ms:g}ms  {result.requests_per_second:8.1f} req/s  "
          f"p50 {result.p50_ms:7.2f} ms  p99 {result.p99_ms:7.2f} ms  "
          f"server CPU {result.server_cpu_ms_per_request:.2f} ms/req  {result.statuses}")  # fmt: skip
    return result


async def count_aws_calls(settings: Settings, sample: int = 50) -> dict[str, Any]:
    """AWS calls per accepted webhook and per replay, counted by a `before-call` hook on both clients.

    An accepted webhook's count includes its claim's completion (an UpdateItem made after the
    answer, which the answer does not wait for: 2 of its calls precede the answer).

    The ingress runs in this process here (counting needs its clients); the load runs do not.
    """
    calls: Counter[str] = Counter()

    def count(event_name: str, **_: Any) -> None:
        calls[event_name.removeprefix("before-call.")] += 1

    async with await AwsClients.create(region=REGION) as aws:
        aws.dynamodb.meta.events.register("before-call.*.*", count)
        aws.sqs.meta.events.register("before-call.*.*", count)
        handle = await run_ingress_in_loop(create_app(settings, await build_ingress_deps(aws, settings)))
        headers = {"Authorization": f"Bearer {INGEST_TOKEN}"}
        payloads = list(bodies(sample, f"c{uuid.uuid4().hex[:8]}"))
        try:
            async with httpx.AsyncClient(base_url=handle.url, headers=headers) as client:
                calls.clear()
                accepted = [await client.post("/webhook/ingest", json=payload) for payload in payloads]
                # Each claim's completion runs after its answer: wait for all of them, then count.
                for _ in range(600):
                    if calls["dynamodb.UpdateItem"] >= sample:
                        break
                    await asyncio.sleep(0.05)
                per_accepted = dict(calls)
                calls.clear()
                replayed = [await client.post("/webhook/ingest", json=payload) for payload in payloads]
                per_replay = dict(calls)
        finally:
            await handle.stop()
    assert all(r.status_code == 202 and "Idempotent-Replayed" not in r.headers for r in accepted)
    assert all(r.headers.get("Idempotent-Replayed") == "true" for r in replayed)
    return {
        "aws_calls_per_accepted": sum(per_accepted.values()) / sample,
        "aws_calls_per_replay": sum(per_replay.values()) / sample,
        "accepted_calls_by_operation": {op: n / sample for op, n in sorted(per_accepted.items())},
        "replay_calls_by_operation": {op: n / sample for op, n in sorted(per_replay.items())},
    }


@contextmanager
def aws_endpoints(use_dynamodb_local: bool, sqs: str) -> Iterator[dict[str, str]]:
    """DynamoDB Local for DynamoDB (moto when java is absent); SQS from the stand-in or moto."""
    ports = {"moto": free_port(), "standin": free_port()}
    processes = [start_listening_process(moto_server_command(ports["moto"]), ports["moto"])]
    if sqs == "standin":
        standin = [sys.executable, "-m", "bench.sqs_standin", str(ports["standin"])]
        processes.append(start_listening_process(standin, ports["standin"]))
    dynamodb = DynamoDBLocal(cache_dir=default_cache_dir()).start() if use_dynamodb_local else None
    moto_url = f"http://127.0.0.1:{ports['moto']}"
    try:
        yield {
            "dynamodb": dynamodb.endpoint if dynamodb else moto_url,
            "sqs": f"http://127.0.0.1:{ports[sqs]}",
        }
    finally:
        if dynamodb is not None:
            dynamodb.stop()
        for process in processes:
            stop_process(process, timeout=15)


def use_endpoints(endpoints: dict[str, str], **settings: str) -> dict[str, str]:
    """Point this process's botocore (provisioning, call counting) at the local endpoints, with
    `settings` as environment variables; returns the environment for the server processes."""
    env = {
        **os.environ,
        "AWS_ENDPOINT_URL_DYNAMODB": endpoints["dynamodb"],
        "AWS_ENDPOINT_URL_SQS": endpoints["sqs"],
        "AWS_ACCESS_KEY_ID": LOCAL_CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": LOCAL_CREDENTIALS["aws_secret_access_key"],
        "AWS_REGION": REGION,
        **settings,
    }
    env.pop("AWS_ENDPOINT_URL", None)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    os.environ.update(env)
    return env


async def provision(settings: Settings, sqs: str) -> None:
    async with await AwsClients.create(region=REGION) as aws:
        await ensure_tables(aws.dynamodb, settings.table_prefix)
    if sqs == "moto":
        await create_queue(settings.inbound_queue_name)


async def create_queue(name: str) -> None:
    async with await AwsClients.create(region=REGION) as aws:
        await ensure_queues(aws.sqs, QueueSpec(name, name.removesuffix(".fifo") + "-dlq.fifo", 5, 30))


def ratio(results: list[LoadResult], server: str, delay_ms: float) -> dict[str, float]:
    """Ingress over bare: throughput (goal >= 0.9) and server CPU per request (the overhead)."""
    by_target = {r.target: r for r in results if r.server == server and r.delay_ms == delay_ms}
    ingress, bare = by_target["ingress"], by_target["bare"]
    return {
        "requests_per_second": round(ingress.requests_per_second / bare.requests_per_second, 3),
        "server_cpu_per_request": round(ingress.server_cpu_ms_per_request / bare.server_cpu_ms_per_request, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--servers", default="uvicorn,granian")
    parser.add_argument("--delay-ms", type=float, default=5.0)
    parser.add_argument("--light-requests", type=int, default=200, help="requests of the one-connection runs")
    parser.add_argument(
        "--sqs", choices=["standin", "moto"], default="standin", help="SQS endpoint (see bench/sqs_standin.py)"
    )
    parser.add_argument("--calls-only", action="store_true", help="count AWS calls, print them, write nothing")
    args = parser.parse_args()
    use_dynamodb_local = shutil.which("java") is not None

    with aws_endpoints(use_dynamodb_local, args.sqs) as endpoints:
        run = uuid.uuid4().hex[:8]
        env = use_endpoints(
            endpoints,
            TABLE_PREFIX=f"bench{run}_",
            INBOUND_QUEUE_NAME=f"bench{run}.fifo",
            INGEST_TOKEN=INGEST_TOKEN,
            LOG_LEVEL="INFO",
        )
        settings = Settings(_env_file=None)
        asyncio.run(provision(settings, args.sqs))
        calls = asyncio.run(count_aws_calls(settings))
        print(f"AWS calls per accepted webhook {calls['aws_calls_per_accepted']:.2f}, "
              f"per replay {calls['aws_calls_per_replay']:.2f}")  # fmt: skip
        if args.calls_only:
            print(json.dumps(calls, indent=2))
            return

        servers = args.servers.split(",")
        results = [run_load(server, target, env, args) for server in servers for target in ("bare", "ingress")]
        fastest = min(servers, key=lambda server: ingress_cpu_per_request(results, server))
        delayed = [run_load(fastest, target, env, args, args.delay_ms) for target in ("bare", "ingress")]
        # One connection: the ack latency itself, without queueing behind the local AWS stand-ins.
        light = argparse.Namespace(requests=args.light_requests, warmup=20, connections=1, sqs=args.sqs)
        unloaded = [
            run_load(fastest, target, env, light, delay)
            for delay in (0, args.delay_ms)
            for target in ("bare", "ingress")
        ]

    report = {
        "aws_endpoints": {
            "dynamodb": "DynamoDB Local (JVM process)" if use_dynamodb_local else "moto server process",
            "sqs": "bench.sqs_standin process (SendMessage over the JSON protocol, FIFO dedupe)"
            if args.sqs == "standin"
            else "moto server process",
        },
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "load": {"connections": args.connections, "requests": args.requests, "warmup": args.warmup},
        **calls,
        "runs": [asdict(result) for result in [*results, *delayed]],
        "one_connection_runs": [asdict(result) for result in unloaded],
        "ratio_ingress_over_bare": {server: ratio(results, server, 0) for server in servers},
        "fastest_server": fastest,
        "injected_latency": {
            "delay_ms_per_aws_call": args.delay_ms,
            "server": fastest,
            "ratio_ingress_over_bare": ratio(delayed, fastest, args.delay_ms),
            "ingress_p50_ms": next(r.p50_ms for r in delayed if r.target == "ingress"),
            "ingress_p99_ms": next(r.p99_ms for r in delayed if r.target == "ingress"),
            "ingress_one_connection_p50_ms": next(
                r.p50_ms for r in unloaded if r.target == "ingress" and r.delay_ms == args.delay_ms
            ),
        },
    }
    for server in servers:
        print(f"ratio ingress/bare on {server}: {report['ratio_ingress_over_bare'][server]}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {RESULTS}")


def ingress_cpu_per_request(results: list[LoadResult], server: str) -> float:
    """What picks the server to keep: the ingress's CPU per request on it. Throughput on this
    shared machine is bounded by the local AWS stand-ins; CPU per request is what limits a real
    deployment's requests per core."""
    return next(r.server_cpu_ms_per_request for r in results if r.server == server and r.target == "ingress")


if __name__ == "__main__":
    main()
