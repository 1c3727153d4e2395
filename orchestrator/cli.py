"""`orchestrator` command line: arguments -> Settings -> the process asked for.

This is a composition root: it builds `Settings`, configures logging once, and hands plain
objects to the ingress, the worker, `init`, `dlq`, `dev` and `chat`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence

from pydantic import ValidationError

from orchestrator.logs import configure_logging
from orchestrator.settings import Settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="orchestrator", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    dev = commands.add_parser("dev", help="run the whole system locally (embedded AWS, demo backend)")
    dev.add_argument("--port", type=int, default=8000, help="ingress port (default 8000)")
    dev.add_argument("--concurrency", type=int, default=None, help="worker concurrency")

    commands.add_parser("init", help="create or update the tables and queues (idempotent)")

    ingress = commands.add_parser("ingress", help="run the webhook ingress")
    ingress.add_argument("--port", type=int, default=8000)
    ingress.add_argument("--host", default="0.0.0.0")  # noqa: S104 - a server process binds all interfaces
    ingress.add_argument("--workers", type=int, default=1, help="server processes")

    worker = commands.add_parser("worker", help="run a queue worker")
    worker.add_argument("--concurrency", type=int, default=None, help="turns in flight (WORKER_CONCURRENCY)")
    worker.add_argument("--metrics-port", type=int, default=None, help="serve Prometheus metrics on this port")

    demo = commands.add_parser("demo-backend", help="serve the demo backend's six contracts (seeded shifts)")
    demo.add_argument("--port", type=int, default=8080)
    demo.add_argument("--host", default="127.0.0.1")

    chat = commands.add_parser("chat", help="talk to the running system as a caregiver")
    chat.add_argument("--phone", required=True, help="the caregiver's phone, e.g. +5511999990001")
    chat.add_argument("--url", default="http://127.0.0.1:8000", help="the ingress base URL")

    dlq = commands.add_parser("dlq", help="dead-letter queue operations")
    dlq_commands = dlq.add_subparsers(dest="dlq_command", required=True, metavar="ACTION")
    dlq_list = dlq_commands.add_parser("list", help="list dead letters")
    dlq_list.add_argument("--json", action="store_true", help="print a JSON array")
    dlq_list.add_argument("--limit", type=int, default=1000, help="read at most this many (default 1000)")
    dlq_show = dlq_commands.add_parser("show", help="show one dead letter")
    dlq_show.add_argument("message_id")
    dlq_show.add_argument("--reveal", action="store_true", help="print the phone number and message text")
    redrive = dlq_commands.add_parser("redrive", help="move dead letters back to the inbound queue")
    redrive.add_argument("--session", action="append", default=[], help="only this session (repeatable)")
    redrive.add_argument("--message", action="append", default=[], help="only this message id (repeatable)")
    redrive.add_argument("--dry-run", action="store_true", help="show what would move, move nothing")
    redrive.add_argument(
        "--selective", action="store_true", help="never use SQS's native move task (receive, send, delete instead)"
    )
    delete = dlq_commands.add_parser("delete", help="delete chosen dead letters (e.g. poison messages)")
    delete.add_argument("message_ids", nargs="+", metavar="MESSAGE_ID")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    purge = dlq_commands.add_parser("purge", help="delete every dead letter")
    purge.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"]).upper()
            message = error["msg"].removeprefix("Value error, ")
            print(f"orchestrator: {f'invalid setting {name}: ' if name else ''}{message}", file=sys.stderr)  # noqa: T201
        return 2
    configure_logging(settings)
    return run(settings, args)


# Imports are local to each command so a process loads only what it runs (the worker never
# imports Litestar, the ingress never imports the state machine's LLM client).


def _init(settings: Settings, _: argparse.Namespace) -> int:
    from orchestrator.provision import run_init

    return asyncio.run(run_init(settings))


def _ingress(_: Settings, args: argparse.Namespace) -> int:
    from ingress.app import serve

    # Granian's workers rebuild their settings from the environment `main` validated.
    return serve(host=args.host, port=args.port, workers=args.workers)


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    from worker.app import run_worker_process

    return run_worker_process(settings, concurrency=args.concurrency, metrics_port=args.metrics_port)


def _dev(settings: Settings, args: argparse.Namespace) -> int:
    from orchestrator.dev import run_dev

    return run_dev(settings, port=args.port, concurrency=args.concurrency)


def _demo_backend(_: Settings, args: argparse.Namespace) -> int:
    from orchestrator.demo_backend import run_demo_backend

    return run_demo_backend(host=args.host, port=args.port)


def _chat(settings: Settings, args: argparse.Namespace) -> int:
    from orchestrator.chat import run_chat

    return run_chat(
        phone=args.phone, url=args.url, ingest_token=settings.ingest_token, admin_token=settings.admin_token
    )


def _dlq(settings: Settings, args: argparse.Namespace) -> int:
    from orchestrator.dlq import run_dlq_command

    return asyncio.run(run_dlq_command(settings, args))


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "init": _init,
    "ingress": _ingress,
    "worker": _worker,
    "dev": _dev,
    "demo-backend": _demo_backend,
    "chat": _chat,
    "dlq": _dlq,
}


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Dispatch a parsed command (argparse has already refused unknown ones)."""
    return COMMANDS[args.command](settings, args)


if __name__ == "__main__":
    raise SystemExit(main())
