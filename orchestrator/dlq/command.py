"""`orchestrator dlq ...`: arguments in, rich output out, over `DeadLetters`.

Tables, prompts and progress go to the terminal (progress and prompts on stderr); `list --json`
writes plain JSON to stdout. Every failure ends in one line on stderr and exit code 1. Phone
numbers and message text are masked unless `--reveal` (`list`, `show`) asks for them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

from botocore.exceptions import BotoCoreError, ClientError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.prompt import Confirm
from rich.table import Table
from rich.text import Text

from orchestrator.clock import utc_now
from orchestrator.dlq.letters import READ_WAIT_SECONDS, DeadLetters, describe_aws_error
from orchestrator.dlq.native import NativeMove, is_aws_endpoint
from orchestrator.dlq.values import DeadLetter, ProgressCallback, RedriveResult, Selection
from orchestrator.errors import OrchestratorError
from orchestrator.integrations.aws import INTERACTIVE_ATTEMPTS, AwsClients
from orchestrator.integrations.queue import Queue
from orchestrator.phones import mask_phone
from orchestrator.settings import Settings
from orchestrator.store.base import SESSIONS_TABLE
from orchestrator.store.sessions import DynamoSessionStore

if TYPE_CHECKING:
    from types_aiobotocore_sqs.client import SQSClient

# SQS error codes for "no such queue" (query protocol, JSON protocol).
_QUEUE_MISSING = frozenset({"AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"})


class CommandFailed(OrchestratorError):
    """A dlq command cannot go on; its message is the one line the operator reads."""


async def run_dlq_command(settings: Settings, args: argparse.Namespace) -> int:
    """Run `orchestrator dlq <action>`; returns the process exit code."""
    out = Console(highlight=False)
    if not out.is_terminal:
        out.width = max(out.width, 200)  # piped output: never truncate ids to fit 80 columns
    err = Console(stderr=True, highlight=False)
    if not err.is_terminal:
        err.soft_wrap = True  # piped: one problem, one line (rich would wrap it at 80 columns)
    try:
        async with await AwsClients.create(
            region=settings.aws_region, endpoint_url=settings.aws_endpoint_url, attempts=INTERACTIVE_ATTEMPTS
        ) as aws:
            letters = await open_dead_letters(aws, settings, native=not getattr(args, "selective", False))
            return await _ACTIONS[args.dlq_command](letters, args, settings, out, err)
    except CommandFailed as exc:
        _fail(err, str(exc))
    except (ClientError, BotoCoreError) as exc:
        _fail(err, describe_aws_error(exc))
    except OrchestratorError as exc:  # the sessions store's errors, raised from a ClientError
        _fail(err, _store_failure(exc, settings))
    return 1


async def open_dead_letters(aws: AwsClients, settings: Settings, *, native: bool = True) -> DeadLetters:
    """Wire `DeadLetters` to this deployment's queues and sessions table.

    Raises:
        CommandFailed: a queue does not exist.
    """
    dlq = await _queue(aws.sqs, settings.dlq_name)
    inbound = await _queue(aws.sqs, settings.inbound_queue_name)
    on_aws = is_aws_endpoint(str(aws.sqs.meta.endpoint_url))
    native_move = None
    if native and on_aws:
        native_move = NativeMove(aws.sqs, await _arn(aws.sqs, dlq), await _arn(aws.sqs, inbound))
    return DeadLetters(
        dlq=dlq,
        inbound=inbound,
        sessions=DynamoSessionStore(aws.dynamodb, settings.table_prefix),
        native_move=native_move,
        # SQS spreads a queue over many servers and a short poll asks only some of them, so an empty
        # answer proves nothing there; a local stand-in is one server and answers a short poll fully.
        wait_seconds=READ_WAIT_SECONDS if on_aws else 0,
    )


async def _queue(sqs: SQSClient, name: str) -> Queue:
    try:
        return await Queue.by_name(sqs, name)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in _QUEUE_MISSING:
            raise CommandFailed(f"queue {name} does not exist (run `orchestrator init`)") from exc
        raise


async def _arn(sqs: SQSClient, queue: Queue) -> str:
    response = await sqs.get_queue_attributes(QueueUrl=queue.url, AttributeNames=["QueueArn"])
    return str(response["Attributes"]["QueueArn"])


def _store_failure(exc: OrchestratorError, settings: Settings) -> str:
    cause = exc.__cause__
    if isinstance(cause, ClientError) and cause.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
        return f"table {settings.table(SESSIONS_TABLE)} does not exist (run `orchestrator init`)"
    return str(exc) or type(exc).__name__


def _fail(err: Console, message: str) -> None:
    err.print(Text(f"orchestrator dlq: {message}", style="red"), soft_wrap=True)


# -- actions -------------------------------------------------------------------------------------


async def _list(letters: DeadLetters, args: argparse.Namespace, _: Settings, out: Console, err: Console) -> int:
    with _progress(err, "reading the DLQ", total=await letters.approximate_count()) as advance:
        listing = await letters.scan(limit=args.limit, on_progress=advance)
    if args.json:
        items = [_summary(letter, reveal=args.reveal) for letter in listing.letters]
        sys.stdout.write(json.dumps(items, ensure_ascii=False) + "\n")
    elif listing.letters:
        out.print(_letters_table(listing.letters, utc_now(), reasons=True))
        out.print(f"{len(listing.letters)} dead letter(s)")
    else:
        out.print("The DLQ is empty.")
    if listing.unread:
        err.print(
            f"about {listing.unread} more dead letter(s) were not read: past --limit, or behind an "
            "earlier letter of their session (SQS FIFO shows one group's messages in order)",
            style="yellow",
        )
    return 0


async def _show(letters: DeadLetters, args: argparse.Namespace, _: Settings, out: Console, err: Console) -> int:
    with _progress(err, "looking for the message"):
        letter = await letters.find(args.message_id)
    if letter is None:
        raise CommandFailed(f"no dead letter with message id {args.message_id} (redriven or purged?)")
    out.print(_letter_details(letter, utc_now(), reveal=args.reveal))
    return 0


async def _redrive(
    letters: DeadLetters, args: argparse.Namespace, settings: Settings, out: Console, err: Console
) -> int:
    selection = Selection(
        # Session ids arrive normalized: the parser turned each phone as typed into its session id.
        sessions=frozenset(args.session),
        message_ids=frozenset(args.message),
    )
    with _progress(err, "redriving", total=await letters.approximate_count()) as advance:
        result = await letters.redrive(selection, dry_run=args.dry_run, on_progress=advance)
    _print_redrive(result, settings.inbound_queue_name, out, err)
    return 0 if result.ok else 1


async def _purge(letters: DeadLetters, args: argparse.Namespace, settings: Settings, out: Console, err: Console) -> int:
    count = await letters.approximate_count()
    if count == 0:
        out.print(f"{settings.dlq_name} is already empty.")
        return 0
    question = f"Delete all (about {count}) dead letters in {settings.dlq_name}? This cannot be undone"
    if not args.yes and not (answered := _confirm(question, err)):
        err.print(f"purge cancelled: nothing was deleted{_UNANSWERED if answered is None else ''}")
        return 1
    await letters.purge()
    out.print(f"purged {settings.dlq_name}: about {count} dead letter(s) deleted")
    return 0


async def _delete(
    letters: DeadLetters, args: argparse.Namespace, settings: Settings, out: Console, err: Console
) -> int:
    question = f"Delete {len(args.message_ids)} dead letter(s) from {settings.dlq_name}? This cannot be undone"
    if not args.yes and not (answered := _confirm(question, err)):
        err.print(f"delete cancelled: nothing was deleted{_UNANSWERED if answered is None else ''}")
        return 1
    with _progress(err, "deleting", total=await letters.approximate_count()):
        removal = await letters.delete(args.message_ids)
    out.print(f"deleted {len(removal.deleted)} dead letter(s) from {settings.dlq_name}")
    if removal.missing:
        err.print(Text(f"not deleted (not in the DLQ, or refused by SQS): {', '.join(removal.missing)}", style="red"))
        return 1
    return 0


_Action = Callable[[DeadLetters, argparse.Namespace, Settings, Console, Console], Awaitable[int]]
_ACTIONS: dict[str, _Action] = {"list": _list, "show": _show, "redrive": _redrive, "delete": _delete, "purge": _purge}


# -- rendering -----------------------------------------------------------------------------------


# Said when no one could answer (a script, a pipe): the question was never seen, say how to skip it.
_UNANSWERED = " (no answer on stdin; use --yes)"


def _confirm(question: str, err: Console) -> bool | None:
    """The operator's answer; None when stdin ended before one (no terminal), which counts as no."""
    try:
        return Confirm.ask(question, console=err, default=False)
    except EOFError:  # no terminal to answer: the safe answer is no
        err.print()
        return None


@contextmanager
def _progress(console: Console, description: str, *, total: int | None = None) -> Iterator[ProgressCallback]:
    """A transient progress bar on a terminal, nothing otherwise; yields the advance callback."""
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task(description, total=total or None)

        def advance(done: int) -> None:
            progress.update(task, completed=done)

        yield advance


def format_age(seconds: int) -> str:
    """`75` -> `1m 15s`; the two largest units."""
    units = (("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1))
    parts: list[str] = []
    for suffix, size in units:
        if seconds >= size or (suffix == "s" and not parts):
            parts.append(f"{seconds // size}{suffix}")
            seconds %= size
        if len(parts) == 2:
            break
    return " ".join(parts)


def _summary(letter: DeadLetter, *, reveal: bool) -> dict[str, object]:
    """The `list --json` item; the session id (a phone number) masked as in the table unless revealed."""
    summary = letter.summary()
    if not reveal:
        summary["session_id"] = mask_phone(letter.session_id)
    return summary


def _letters_table(letters: Sequence[DeadLetter], now: datetime, *, reasons: bool) -> Table:
    table = Table(show_lines=False)
    table.add_column("message id", no_wrap=True)
    table.add_column("session", no_wrap=True)
    table.add_column("receives", justify="right")
    table.add_column("age", justify="right")
    if reasons:
        table.add_column("first failure")
    for letter in letters:
        row = [letter.message_id, mask_phone(letter.session_id), str(letter.receive_count)]
        row.append(format_age(letter.age_seconds(now)))
        if reasons:
            row.append(letter.reason or "(no failure recorded)")
        table.add_row(*(Text(cell) for cell in row))
    return table


def _letter_details(letter: DeadLetter, now: datetime, *, reveal: bool) -> Table:
    """The envelope and the recorded failure; phone and text only with `reveal`."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    rows: list[tuple[str, str]] = [
        ("message id", letter.message_id),
        ("session", letter.session_id if reveal else mask_phone(letter.session_id)),
        ("receives", str(letter.receive_count)),
        ("sent", f"{letter.sent_at.isoformat(timespec='seconds')} ({format_age(letter.age_seconds(now))} ago)"),
        ("deduplication id", letter.deduplication_id or "-"),
    ]
    event = letter.event
    if event is None:
        rows.append(("envelope", f"malformed: {letter.malformed}"))
        rows.append(
            ("body", letter.body if reveal else f"[redacted: {len(letter.body)} characters; --reveal shows it]")
        )
    else:
        rows += [("kind", event.kind.value), ("event id", event.event_id)]
        rows.append(("received at", event.received_at.isoformat(timespec="seconds")))
        if event.template is not None:
            rows.append(("template", event.template.value))
        text = event.text if reveal else f"[redacted: {len(event.text)} characters; --reveal shows it]"
        rows.append(("text", text))
        if event.metadata:
            shown = json.dumps(event.metadata, ensure_ascii=False) if reveal else ", ".join(sorted(event.metadata))
            rows.append(("metadata", shown))
    rows.append(("first failure", letter.reason or "(no failure recorded)"))
    for name, value in rows:
        grid.add_row(name, Text(value))
    return grid


def _print_redrive(result: RedriveResult, inbound: str, out: Console, err: Console) -> None:
    now = utc_now()
    if result.dry_run:
        if result.moved:
            out.print(_letters_table(result.moved, now, reasons=True))
        out.print(f"dry run: {len(result.moved)} dead letter(s) would move to {inbound}; nothing was changed")
    else:
        out.print(f"moved {result.moved_count} dead letter(s) to {inbound} ({result.method.value} redrive)")
    if result.task_error is not None:
        err.print(Text(f"the message-move task ended with: {result.task_error}", style="red"))
    for failure in result.failed:
        line = f"not moved: {failure.letter.message_id} ({mask_phone(failure.letter.session_id)}): {failure.error}"
        err.print(Text(line, style="red"))
    if result.held_back:
        err.print(
            f"{len(result.held_back)} later dead letter(s) of those sessions stay in the DLQ to keep their order",
            style="yellow",
        )
    if result.missing:
        err.print(
            Text(f"not found in the DLQ (or behind an unselected letter of its session): {', '.join(result.missing)}"),
            style="red",
        )
    if result.missing_sessions:
        sessions = ", ".join(mask_phone(session) for session in result.missing_sessions)
        err.print(Text(f"no dead letters of session(s) {sessions} (already redriven, or another number?)"), style="red")
