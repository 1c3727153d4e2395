"""The `orchestrator` argument parser: every command with a description, an example and its defaults.

Usage errors are one line too (`orchestrator chat: argument --phone: ...`), exit code 2.
"""

from __future__ import annotations

import argparse
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, NoReturn

from orchestrator.errors import InvalidPhone
from orchestrator.exits import EXIT_CODES_HELP, ExitCode
from orchestrator.phones import normalize_phone

if TYPE_CHECKING:
    # What `add_subparsers` returns (typeshed's name; not subscriptable at run time).
    Commands = argparse._SubParsersAction["_Parser"]

DESCRIPTION = """\
WhatsApp orchestrator for home-care shifts: the webhook ingress, the queue workers and their tools.
Settings come from the environment and a .env file (see env.example); `orchestrator COMMAND --help`
explains each command."""

EXAMPLES = """\
examples:
  orchestrator dev                      the whole system offline (what `make run` starts)
  orchestrator chat --phone +5511900000002
  orchestrator init && orchestrator ingress --port 8000 & orchestrator worker
  orchestrator dlq list"""


def package_version() -> str:
    try:
        return version("whatsapp-orchestrator")
    except PackageNotFoundError:  # a source tree that was never installed
        return "unknown"


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the layout of descriptions and examples; appends `(default: X)` where there is one."""

    def _get_help_string(self, action: argparse.Action) -> str:
        help_text = action.help or ""
        shown = action.default not in (None, False, [], argparse.SUPPRESS)
        if shown and "%(default)" not in help_text and action.option_strings:
            help_text += " (default: %(default)s)"
        return help_text


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error that points at `--help` instead of printing the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(ExitCode.CONFIGURATION, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def _phone(raw: str) -> str:
    """`--phone` as typed; refused here when it has no usable digits."""
    try:
        normalize_phone(raw)
    except InvalidPhone as exc:
        raise argparse.ArgumentTypeError(
            f"{raw!r} is not a phone number ({exc.reason}); give one with its country code, e.g. +5511900000002"
        ) from exc
    return raw


def _command(commands: Commands, name: str, summary: str, description: str, example: str) -> _Parser:
    parser = commands.add_parser(
        name,
        help=summary,
        description=f"{summary[0].upper()}{summary[1:]}.\n\n{description}",
        epilog=f"example:\n  {example}",
        formatter_class=_Formatter,
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    epilog = f"{EXAMPLES}\n\n{EXIT_CODES_HELP}"
    parser = _Parser(prog="orchestrator", description=DESCRIPTION, epilog=epilog, formatter_class=_Formatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_dev_commands(commands)
    _add_service_commands(commands)
    _add_dlq(commands)
    return parser


def _add_dev_commands(commands: Commands) -> None:
    dev = _command(
        commands,
        "dev",
        "run the whole system locally (embedded AWS, demo backend, ingress and worker)",
        "Starts moto as the AWS endpoint (unless AWS_ENDPOINT_URL* is set), creates the tables and queues,\n"
        "serves the demo backend (unless LAMBDA_GET_SCHEDULE is set), the ingress on 127.0.0.1:PORT and a\n"
        "worker, and prints how to talk to it. Needs the `dev` extra. Logs are readable on a terminal\n"
        "(LOG_FORMAT=json for JSON). Ctrl-C stops everything.",
        "orchestrator dev --port 9000",
    )
    dev.add_argument("--port", type=int, default=8000, help="ingress port on 127.0.0.1")
    dev.add_argument("--concurrency", type=int, default=None, help="worker concurrency (default: WORKER_CONCURRENCY)")

    chat = _command(
        commands,
        "chat",
        "talk to the running system as a caregiver",
        "Each line goes to the ingress as a webhook would send it; the bot's replies (with their buttons)\n"
        "are printed as they land. Without --url it finds the stack `orchestrator dev` runs, from any\n"
        "folder. Up/down arrows recall earlier lines; /sair or Ctrl-D ends.",
        "orchestrator chat --phone +5511900000002",
    )
    chat.add_argument("--phone", required=True, type=_phone, help="the caregiver's phone, e.g. +5511900000002")
    chat.add_argument(
        "--url", default=None, help="the ingress base URL (default: the running dev stack, else http://127.0.0.1:8000)"
    )

    demo = _command(
        commands,
        "demo-backend",
        "serve the demo backend's six contracts on seeded shifts",
        "The company backend's contracts (SPEC section 7) over seeded demo shifts, for LAMBDA_* URLs\n"
        "(docker compose runs it). GET /_calls lists the calls it received, POST /_reset forgets them\n"
        "and restores the seeded shifts.",
        "orchestrator demo-backend --port 8080",
    )
    demo.add_argument("--port", type=int, default=8080, help="port to listen on")
    demo.add_argument("--host", default="127.0.0.1", help="address to listen on")


def _add_service_commands(commands: Commands) -> None:
    _command(
        commands,
        "init",
        "create or update the tables and queues (idempotent)",
        "Creates the five DynamoDB tables (TTL, GSI) and the inbound FIFO queue with its DLQ and redrive\n"
        "policy, or brings them in line with the settings; prints what changed. Safe to re-run.",
        "AWS_ENDPOINT_URL=http://127.0.0.1:4566 orchestrator init",
    )

    ingress = _command(
        commands,
        "ingress",
        "run the webhook ingress (HTTP)",
        "Validates, authenticates and queues webhooks (SPEC section 5) and serves the admin, health and\n"
        "metrics routes. It starts even when AWS cannot be reached, and reports not ready on /readyz.",
        "orchestrator ingress --port 8000 --workers 2",
    )
    ingress.add_argument("--port", type=int, default=8000, help="port to listen on")
    ingress.add_argument("--host", default="0.0.0.0", help="address to listen on")  # noqa: S104 - a server
    ingress.add_argument("--workers", type=int, default=1, help="server processes")

    worker = _command(
        commands,
        "worker",
        "run a queue worker (as many as the load needs)",
        "Receives from the inbound queue and runs each session's turns: state, backend calls, replies.\n"
        "SIGTERM stops receiving and finishes or gives back in-flight messages. Needs the LAMBDA_* URLs.",
        "orchestrator worker --concurrency 64 --metrics-port 9100",
    )
    worker.add_argument("--concurrency", type=int, default=None, help="turns in flight (default: WORKER_CONCURRENCY)")
    worker.add_argument("--metrics-port", type=int, default=None, help="serve /metrics, /healthz, /readyz on this port")


def _add_dlq(commands: Commands) -> None:
    dlq = _command(
        commands,
        "dlq",
        "dead-letter queue operations",
        "List, inspect, redrive or delete the messages that failed MAX_RECEIVE_COUNT times. Phone numbers\n"
        "and texts are masked unless --reveal is given.",
        "orchestrator dlq list",
    )
    actions = dlq.add_subparsers(dest="dlq_command", required=True, metavar="ACTION")
    listing = _command(
        actions, "list", "list dead letters", "One row per letter: message id, masked session, receives, age, "
        "first failure.", "orchestrator dlq list --json | jq '.[].reason'",
    )  # fmt: skip
    listing.add_argument("--json", action="store_true", help="print a JSON array instead of a table")
    listing.add_argument("--reveal", action="store_true", help="print session ids (phone numbers) unmasked")
    listing.add_argument("--limit", type=int, default=1000, help="read at most this many")
    show = _command(
        actions, "show", "show one dead letter", "Its envelope and recorded failure.",
        "orchestrator dlq show 3f1c9a7e-... --reveal",
    )  # fmt: skip
    show.add_argument("message_id", help="the message id `dlq list` shows")
    show.add_argument("--reveal", action="store_true", help="print the phone number and message text")
    redrive = _command(
        actions, "redrive", "move dead letters back to the inbound queue",
        "All of them, or only some sessions or messages; a session's order is kept.",
        "orchestrator dlq redrive --session +5511900000002 --dry-run",
    )  # fmt: skip
    redrive.add_argument("--session", action="append", default=[], help="only this session (repeatable)")
    redrive.add_argument("--message", action="append", default=[], help="only this message id (repeatable)")
    redrive.add_argument("--dry-run", action="store_true", help="show what would move, move nothing")
    redrive.add_argument(
        "--selective", action="store_true", help="never use SQS's native move task (receive, send, delete instead)"
    )
    delete = _command(
        actions, "delete", "delete chosen dead letters (e.g. poison messages)", "Asks first unless --yes.",
        "orchestrator dlq delete 3f1c9a7e-... --yes",
    )  # fmt: skip
    delete.add_argument("message_ids", nargs="+", metavar="MESSAGE_ID", help="message ids `dlq list` shows")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    purge = _command(
        actions, "purge", "delete every dead letter", "Asks first unless --yes; cannot be undone.",
        "orchestrator dlq purge",
    )  # fmt: skip
    purge.add_argument("--yes", action="store_true", help="do not ask for confirmation")
