"""The `orchestrator` argument parser: every command with a description, an example and its defaults.

Usage errors are one line too (`orchestrator chat: argument --phone: ...`), exit code 2: a number
outside its range or a session that is no phone number is refused here, naming the option and
what it accepts, before any setting is read or AWS is called.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, NoReturn

from orchestrator.errors import InvalidPhone
from orchestrator.exits import EXIT_CODES_HELP, EXIT_CODES_LINE, ExitCode
from orchestrator.phones import normalize_phone
from orchestrator.settings import url_problem

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


# The ranges of the numeric options (a port, and the bounds WORKER_CONCURRENCY has as a setting).
PORTS = (1, 65535)
CONCURRENCY = (1, 1024)
SERVER_PROCESSES = (1, 64)
# `dlq list` holds every letter it reads in flight until it ends; SQS FIFO allows 120,000 in flight.
READ_LIMIT = (1, 100_000)


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error that points at `--help` instead of printing the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(ExitCode.CONFIGURATION, f"{self.prog}: {message} (see `{self.prog} --help`)\n")

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """As argparse, but an unknown option is reported by the command it was given to
        (`orchestrator dlq redrive: unrecognized arguments: --max 0`), whose --help lists the options."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            _innermost(self, parsed).error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed


def _innermost(parser: argparse.ArgumentParser, parsed: argparse.Namespace) -> argparse.ArgumentParser:
    """The (sub)command parser that `parsed` ended in: `orchestrator dlq redrive` for a redrive."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = getattr(parsed, action.dest, None)
            if chosen in action.choices:
                return _innermost(action.choices[chosen], parsed)
    return parser


def _span(bounds: tuple[int, int]) -> str:
    return f"{bounds[0]}-{bounds[1]}"


def bounded(low: int, high: int) -> Callable[[str], int]:
    """An argparse `type`: an integer from `low` to `high`, else a message stating the range."""

    def parse(raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected a whole number from {low} to {high}, got {raw!r}")
        return value

    return parse


def _phone(raw: str) -> str:
    """`--phone` as typed; refused here when it has no usable digits."""
    try:
        normalize_phone(raw)
    except InvalidPhone as exc:
        raise argparse.ArgumentTypeError(
            f"{raw!r} is not a phone number ({exc.reason}); give one with its country code, e.g. +5511900000002"
        ) from exc
    return raw


def _base_url(raw: str) -> str:
    """`chat --url`: an http(s) URL with a host (a bare `localhost:8000` read as no URL at all)."""
    if url_problem(raw):
        raise argparse.ArgumentTypeError(f"{raw!r} is not a URL; give the ingress as http://host:port")
    return raw


def _session(raw: str) -> str:
    """`--session` as a session id: the caregiver's phone as typed (`+55 11 99999-0001`) or as stored
    (`5511999990001`), normalized as the ingress does; anything else matches no session."""
    try:
        return normalize_phone(raw)
    except InvalidPhone as exc:
        raise argparse.ArgumentTypeError(
            f"{raw!r} is not a session id ({exc.reason}); a session is the caregiver's phone with its "
            "country code, e.g. +5511900000002 or 5511900000002"
        ) from exc


def _command(commands: Commands, name: str, summary: str, description: str, example: str) -> _Parser:
    parser = commands.add_parser(
        name,
        help=summary,
        description=f"{summary[0].upper()}{summary[1:]}.\n\n{description}",
        epilog=f"example:\n  {example}\n\n{EXIT_CODES_LINE}",
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
    dev.add_argument("--port", type=bounded(*PORTS), default=8000, help=f"ingress port on 127.0.0.1, {_span(PORTS)}")
    dev.add_argument(
        "--concurrency",
        type=bounded(*CONCURRENCY),
        default=None,
        help=f"worker concurrency, {_span(CONCURRENCY)} (default: WORKER_CONCURRENCY)",
    )

    chat = _command(
        commands,
        "chat",
        "talk to the running system as a caregiver",
        "Each line goes to the ingress as a webhook would send it; the bot's replies (with their buttons)\n"
        "are printed as they land. Without --url it finds the stack `orchestrator dev` runs, from any\n"
        "folder. Up/down arrows recall earlier lines; `/audio <text>` sends a voice note heard as <text>;\n"
        "/sair or Ctrl-D ends. A line starting with / is a command, never sent.",
        "orchestrator chat --phone +5511900000002",
    )
    chat.add_argument("--phone", required=True, type=_phone, help="the caregiver's phone, e.g. +5511900000002")
    chat.add_argument(
        "--url",
        type=_base_url,
        default=None,
        help="the ingress base URL (default: the running dev stack, else http://127.0.0.1:8000)",
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
    demo.add_argument("--port", type=bounded(*PORTS), default=8080, help=f"port to listen on, {_span(PORTS)}")
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
    ingress.add_argument("--port", type=bounded(*PORTS), default=8000, help=f"port to listen on, {_span(PORTS)}")
    ingress.add_argument("--host", default="0.0.0.0", help="address to listen on")  # noqa: S104 - a server
    ingress.add_argument(
        "--workers", type=bounded(*SERVER_PROCESSES), default=1, help=f"server processes, {_span(SERVER_PROCESSES)}"
    )

    worker = _command(
        commands,
        "worker",
        "run a queue worker (as many as the load needs)",
        "Receives from the inbound queue and runs each session's turns: state, backend calls, replies.\n"
        "SIGTERM stops receiving and finishes or gives back in-flight messages. Needs the LAMBDA_* URLs.",
        "orchestrator worker --concurrency 64 --metrics-port 9100",
    )
    worker.add_argument(
        "--concurrency",
        type=bounded(*CONCURRENCY),
        default=None,
        help=f"turns in flight, {_span(CONCURRENCY)} (default: WORKER_CONCURRENCY)",
    )
    worker.add_argument(
        "--metrics-port",
        type=bounded(*PORTS),
        default=None,
        help=f"serve /metrics, /healthz, /readyz on this port, {_span(PORTS)}",
    )


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
    listing.add_argument(
        "--limit", type=bounded(*READ_LIMIT), default=1000, help=f"read at most this many, {_span(READ_LIMIT)}"
    )
    show = _command(
        actions, "show", "show one dead letter", "Its envelope and recorded failure.",
        "orchestrator dlq show 3f1c9a7e-... --reveal",
    )  # fmt: skip
    show.add_argument("message_id", help="the message id `dlq list` shows, or the caregiver message's id (as logged)")
    show.add_argument("--reveal", action="store_true", help="print the phone number and message text")
    redrive = _command(
        actions, "redrive", "move dead letters back to the inbound queue",
        "All of them, or only some sessions or messages; a session's order is kept.",
        "orchestrator dlq redrive --session +5511900000002 --dry-run",
    )  # fmt: skip
    redrive.add_argument(
        "--session",
        action="append",
        default=[],
        type=_session,
        help="only this session: the caregiver's phone, e.g. +5511900000002 (repeatable)",
    )
    redrive.add_argument(
        "--message", action="append", default=[], help="only this message id, or caregiver message id (repeatable)"
    )
    redrive.add_argument("--dry-run", action="store_true", help="show what would move, move nothing")
    redrive.add_argument(
        "--selective", action="store_true", help="never use SQS's native move task (receive, send, delete instead)"
    )
    delete = _command(
        actions, "delete", "delete chosen dead letters (e.g. poison messages)", "Asks first unless --yes.",
        "orchestrator dlq delete 3f1c9a7e-... --yes",
    )  # fmt: skip
    delete.add_argument(
        "message_ids", nargs="+", metavar="MESSAGE_ID", help="message ids `dlq list` shows, or caregiver message ids"
    )
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    purge = _command(
        actions, "purge", "delete every dead letter", "Asks first unless --yes; cannot be undone.",
        "orchestrator dlq purge",
    )  # fmt: skip
    purge.add_argument("--yes", action="store_true", help="do not ask for confirmation")
