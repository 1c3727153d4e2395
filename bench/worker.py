"""Worker benchmark (issue 5, "Measure"): AWS calls, capacity units and cost per message; throughput
of one and two worker processes with a 300 ms LLM; worker RSS over a long run.

`python -m bench.worker` (full; `--quick` for a small version in under two minutes) starts DynamoDB
Local (DynamoDB) and a moto server process (SQS), prints a table and writes
bench/results/worker.json. Figures from a shared machine are indicative: the emulators, the load
generator and the workers share its CPUs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import time
from pathlib import Path
from typing import Any

import structlog

from bench._aws_meters import PRICES
from bench._local_aws import LocalAws, local_aws
from bench._worker_calls import measure_calls
from bench._worker_latency import measure_turn_latency
from bench._worker_load import LoadPlan, run_load
from orchestrator.devtools.demo_backend import serve_demo_backend

RESULTS = Path(__file__).parent / "results" / "worker.json"
INGRESS_RESULTS = RESULTS.parent / "ingress.json"
CALLS_RUNS = {"webhook_sink": 1, "log_only_sink": 2}  # run numbers keep each run's phones apart
LATENCY_RUN = 3


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small version (under two minutes)")
    parser.add_argument("--sessions", type=int, help="caregivers of the call-counting runs (24; quick 4)")
    parser.add_argument("--messages", type=int, help="measured messages per throughput run (2000; quick 100)")
    parser.add_argument("--rss-messages", type=int, help="messages of the RSS run at 64 (10000; quick 200)")
    parser.add_argument("--rss-every", type=int, help="RSS sample period in messages (500; quick 50)")
    parser.add_argument("--concurrency", help="one-worker runs; the RSS run is the one at 64 (16,32,64; quick 16,64)")
    parser.add_argument("--pair-concurrency", type=int, help="concurrency of each of the two workers (64; quick 16)")
    parser.add_argument("--llm-ms", type=float, default=300.0, help="simulated LLM latency per message")
    parser.add_argument("--profile", type=Path, help="cProfile the worker processes into this folder (slower)")
    parser.add_argument("--aws-delay-ms", type=float, default=5.0, help="delay on each AWS call of the latency run")
    parser.add_argument("--latency-loops", type=int, help="passes over the script in the latency run (5; quick 2)")
    parser.add_argument(
        "--baseline", type=Path, help="an earlier results file: its figures go beside these under `compared`"
    )
    parser.add_argument(
        "--ingress-results", type=Path, default=INGRESS_RESULTS, help="bench.ingress's results (the ingress's CPU)"
    )
    parser.add_argument("--ingress-baseline", type=Path, help="an earlier bench.ingress results file, for `compared`")
    args = parser.parse_args()
    defaults = {
        "sessions": (24, 4),
        "messages": (2000, 100),
        "rss_messages": (10_000, 200),
        "rss_every": (500, 50),
        "concurrency": ("16,32,64", "16,64"),
        "pair_concurrency": (64, 16),
        "latency_loops": (5, 2),
    }
    for name, (full, quick) in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, quick if args.quick else full)
    return args


def load_plans(args: argparse.Namespace) -> list[LoadPlan]:
    """One worker at each concurrency (the run at 64 is the long RSS run), then two workers."""
    latency = args.llm_ms / 1000
    plans = [
        LoadPlan(1, concurrency, args.rss_messages, latency, args.rss_every, args.profile)
        if concurrency == 64
        else LoadPlan(1, concurrency, args.messages, latency, profile_dir=args.profile)
        for concurrency in (int(value) for value in args.concurrency.split(","))
    ]
    plans.append(LoadPlan(2, args.pair_concurrency, args.messages, latency, profile_dir=args.profile))
    return plans


async def measure(args: argparse.Namespace, aws: LocalAws) -> dict[str, Any]:
    demo = await serve_demo_backend("127.0.0.1", 0)
    started = time.monotonic()
    try:
        print(f"AWS calls per message: {args.sessions} sessions per sink ...", flush=True)
        # Both sink set-ups at once: their time goes mostly to waiting (moto's 1 s polls).
        calls = await asyncio.gather(
            *(measure_calls(demo, webhook=name == "webhook_sink", sessions=args.sessions, run=run)
              for name, run in CALLS_RUNS.items())
        )  # fmt: skip
        print(f"turn latency with {args.aws_delay_ms:g} ms per AWS call ...", flush=True)
        latency = await measure_turn_latency(
            demo, sessions=args.sessions, loops=args.latency_loops, delay_ms=args.aws_delay_ms, run=LATENCY_RUN
        )
        load = []
        for run, plan in enumerate(load_plans(args), 10):
            elapsed = time.monotonic() - started
            print(f"[{elapsed:4.0f} s] throughput: {plan.workers} worker(s) x {plan.concurrency}, "
                  f"{plan.sessions} sessions, {plan.messages} messages ...", flush=True)  # fmt: skip
            load.append(await run_load(plan, aws, demo, run))
    finally:
        await demo.stop()
    return {"calls": dict(zip(CALLS_RUNS, calls, strict=True)), "turn_latency": latency, "throughput": load}


def goals(figures: dict[str, Any]) -> dict[str, Any]:
    """Issue 5's goals next to what was measured (the figures behind them are below in the file)."""

    def steady(sink: str) -> float:
        phase = next(phase for phase in figures["calls"][sink] if phase["phase"] == "steady")
        return float(phase["dynamodb_calls_per_message"])

    single = [run for run in figures["throughput"] if run["workers"] == 1]
    at_64 = next((run for run in single if run["concurrency"] == 64), None)
    summary: dict[str, Any] = {
        "dynamodb_calls_per_message_at_most_4": {
            "webhook_sink": steady("webhook_sink"),
            "log_only_sink": steady("log_only_sink"),
        },
        "throughput_ratio_to_bound_at_least_0.8": {str(run["concurrency"]): run["ratio_to_bound"] for run in single},
    }
    if at_64 is not None and "rss" in at_64:
        summary["worker_rss_mb_at_most_150"] = at_64["rss"]["max_mb"]
        summary["worker_rss_growth_mb_per_1000_messages_flat"] = at_64["rss"]["growth_mb_per_1000_messages"]
    return summary


def efficiency(results: dict[str, Any]) -> dict[str, Any]:
    """Issue 15's figures from one results file: CPU per message of each worker run, units by
    operation, cost and calls per message (webhook sink), the session item's size, turn latency."""
    figures: dict[str, Any] = {
        "worker_cpu_ms_per_message": {
            f"{run['workers']}x{run['concurrency']}": run["cpu_ms_per_message"]["workers"]
            for run in results["throughput"]
        }
    }
    for phase in results["calls"]["webhook_sink"]:
        if phase["phase"] in {"steady", "steady_full_history"}:
            figures[phase["phase"]] = {
                "usd_per_million_messages": phase["cost_per_million_messages"]["total_usd"],
                "dynamodb_calls_per_message": phase["dynamodb_calls_per_message"],
                "units_by_operation": {side: phase[side]["units_by_operation"] for side in ("ingress", "worker")},
                "write_units": round(phase["ingress"]["write_units"] + phase["worker"]["write_units"], 3),
                "read_units": round(phase["ingress"]["read_units"] + phase["worker"]["read_units"], 3),
                "session_item_bytes": phase.get("session_item_bytes", {}).get("total"),
            }
    if "turn_latency" in results:
        latency = results["turn_latency"]
        figures["turn_latency"] = {key: latency[key] for key in ("delay_ms_per_aws_call", "p50_ms", "p99_ms")}
        if "as_if_aws_answered_in_delay" in latency:
            figures["turn_latency"]["as_if_aws_answered_in_delay"] = latency["as_if_aws_answered_in_delay"]
    return figures


def ingress_cpu(path: Path | None) -> dict[str, Any] | None:
    """The ingress's CPU per accepted webhook from a bench.ingress results file (its many-connection
    run without injected delay, on the server it kept), beside the bare app's for the same calls."""
    if path is None or not path.exists():
        return None
    results = json.loads(path.read_text())
    server = results["fastest_server"]
    runs = {run["target"]: run for run in results["runs"] if run["server"] == server and run["delay_ms"] == 0}
    return {
        "file": os.path.relpath(path),
        "server": server,
        "cpu_ms_per_accepted_webhook": runs["ingress"]["server_cpu_ms_per_request"],
        "bare_app_cpu_ms_per_request": runs["bare"]["server_cpu_ms_per_request"],
        "aws_calls_per_accepted": results["aws_calls_per_accepted"],
    }


def report(figures: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    return {
        "goals": goals(figures),
        "command": "python -m bench.worker" + (" --quick" if args.quick else ""),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_1m_at_end": round(os.getloadavg()[0], 2),
            "note": "shared machine: the emulators, the load generator and the workers share the CPUs",
        },
        "aws_endpoints": "DynamoDB Local (in memory) for DynamoDB, moto's SQS under granian (keep-alive)",
        "load_generator": "closed loop: each caregiver sends its next message straight to SQS when the "
        "reply to the previous one reaches the reply webhook; one message per session at a time",
        "llm_latency_ms": args.llm_ms,
        "prices": PRICES,
        **figures,
    }


def print_tables(results: dict[str, Any]) -> None:
    print("\nAWS calls and units per message (ingress + worker), and USD per million messages")
    print(f"{'sink':14} {'phase':20} {'msgs':>5} {'msg/turn':>8} {'DDB in+wk':>10} {'SQS in+wk':>10} "
          f"{'empty rcv':>9} {'WRU':>7} {'RRU':>6} {'$/M':>7}")  # fmt: skip
    for sink, phases in results["calls"].items():
        for phase in phases:
            ingress, worker = phase["ingress"], phase["worker"]
            print(f"{sink:14} {phase['phase']:20} {phase['messages']:>5} {phase['messages_per_turn']:>8} "
                  f"{ingress['dynamodb_calls']:>4g}+{worker['dynamodb_calls']:<5g} "
                  f"{ingress['sqs_calls']:>4g}+{worker['sqs_calls']:<5g} {worker['sqs_empty_receives']:>9g} "
                  f"{ingress['write_units'] + worker['write_units']:>7.2f} "
                  f"{ingress['read_units'] + worker['read_units']:>6.2f} "
                  f"{phase['cost_per_million_messages']['total_usd']:>7.2f}")  # fmt: skip
    for phase in results["calls"]["webhook_sink"]:
        if "session_item_bytes" in phase:
            item = phase["session_item_bytes"]
            print(f"session item after '{phase['phase']}': {item['total'] / 1024:.1f} KB, of which processed ids "
                  f"{item['by_attribute'].get('processed', 0) / 1024:.1f} KB")  # fmt: skip
    latency = results["turn_latency"]
    print(f"\nturn latency with {latency['delay_ms_per_aws_call']:g} ms per AWS call, no LLM ({latency['turns']} "
          f"turns): p50 {latency['p50_ms']} ms, p99 {latency['p99_ms']} ms")  # fmt: skip
    if "as_if_aws_answered_in_delay" in latency:
        modelled = latency["as_if_aws_answered_in_delay"]
        print(f"  as if each of the {latency['dynamodb_round_trips_per_turn']:g} DynamoDB round trips took that long: "
              f"p50 {modelled['p50_ms']} ms, p99 {modelled['p99_ms']} ms")  # fmt: skip
    if results.get("ingress"):
        ingress = results["ingress"]
        print(f"ingress ({ingress['file']}): {ingress['cpu_ms_per_accepted_webhook']} ms CPU per accepted webhook "
              f"(bare app, same AWS calls: {ingress['bare_app_cpu_ms_per_request']})")  # fmt: skip
    print(f"\nThroughput with a {results['llm_latency_ms']:g} ms LLM on every message (CPU in ms per message)")
    print(f"{'workers':>7} {'conc':>5} {'sessions':>8} {'msgs':>6} {'msg/s':>6} {'bound':>6} {'ratio':>6} "
          f"{'turn s':>6} {'worker':>7} {'DDB-L':>6} {'moto':>6} {'bench':>6} {'ceiling: machine':>17} "
          f"{'core each':>9}")  # fmt: skip
    for run in results["throughput"]:
        cpu, ceiling = run["cpu_ms_per_message"], run["cpu_ceiling_messages_per_second"]
        turn_seconds = max(metrics["mean_turn_seconds"] or 0 for metrics in run["worker_metrics"])
        print(f"{run['workers']:>7} {run['concurrency']:>5} {run['sessions']:>8} {run['messages']:>6} "
              f"{run['messages_per_second']:>6} {run['bound_messages_per_second']:>6} {run['ratio_to_bound']:>6} "
              f"{turn_seconds:>6} {cpu['workers']:>7} {cpu['dynamodb_local']:>6} {cpu['moto_sqs']:>6} "
              f"{cpu['bench_process']:>6} {ceiling['this_machine']:>17} "
              f"{ceiling['workers_with_a_core_each']:>9}")  # fmt: skip
        calls = run["worker_aws_call_ms"][0]
        print(
            f"{'':>7} worker 1's AWS calls, mean ms: "
            + ", ".join(f"{name} {entry['mean_ms']:g}" for name, entry in calls.items() if name != "GetQueueUrl")
        )
        if "rss" in run:
            rss = run["rss"]
            print(f"{'':>7} RSS of the worker: idle {run['idle_rss_mb']} MB, first {rss['first_mb']} MB, "
                  f"last {rss['last_mb']} MB, max {rss['max_mb']} MB, "
                  f"growth {rss['growth_mb_per_1000_messages']} MB per 1,000 messages")  # fmt: skip


def main() -> None:
    args = parse_args()
    started = time.monotonic()
    # The bench's own in-process ingress and worker log only warnings; the worker processes log
    # at INFO into their own files, as in production.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    with local_aws() as aws:
        figures = asyncio.run(measure(args, aws))
    results = report(figures, args)
    results["seconds"] = round(time.monotonic() - started, 1)
    results["ingress"] = ingress_cpu(args.ingress_results)
    if args.baseline is not None:
        before = json.loads(args.baseline.read_text())
        results["compared"] = {
            "before": {"file": str(args.baseline), **efficiency(before), "ingress": ingress_cpu(args.ingress_baseline)},
            "after": {**efficiency(results), "ingress": results["ingress"]},
        }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print_tables(results)
    print("\ngoals (issue 5) and measured:")
    for goal, measured in results["goals"].items():
        print(f"  {goal}: {measured}")
    if "compared" in results:
        print("\nbefore and after:")
        for side in ("before", "after"):
            print(f"  {side}: {json.dumps(results['compared'][side])}")
    print(f"\nwritten to {RESULTS}")


if __name__ == "__main__":
    main()
