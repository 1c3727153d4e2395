"""Dead letters of the inbound queue: read, find, redrive and purge them (operations, no printing).

SQS has no peek: reading the DLQ means receiving its messages with a visibility timeout and
making them visible again (visibility 0) when done. `orchestrator.dlq.command` prints the results.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Collection, Iterable, Sequence
from contextlib import aclosing, asynccontextmanager
from dataclasses import dataclass, field

from botocore.exceptions import BotoCoreError, ClientError

from orchestrator.dlq.native import NativeMove
from orchestrator.dlq.values import (
    DeadLetter,
    Listing,
    ProgressCallback,
    RedriveFailure,
    RedriveMethod,
    RedriveResult,
    Removal,
    Selection,
    redrive_deduplication_id,
    to_letter,
)
from orchestrator.integrations.queue import MAX_BATCH, Queue, QueueMessage
from orchestrator.store.base import SessionStore

# How long a read hides the messages it has received. They are released (visibility 0) when the
# read ends; only a killed process leaves them hidden, and then only this long.
HOLD_SECONDS = 120
# A long poll asks every SQS server; a short poll samples some and may answer empty too early.
READ_WAIT_SECONDS = 1
DEFAULT_READ_LIMIT = 1000


def describe_aws_error(exc: ClientError | BotoCoreError) -> str:
    """One line for an AWS error: its code and message, never a traceback."""
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code, message = error.get("Code", "error"), error.get("Message")
        return f"{code}: {message}" if message else str(code)
    return str(exc)


@dataclass
class _Hold:
    """Receipt handles of the messages a read keeps hidden; released together when it ends."""

    queue: Queue
    receipts: dict[str, str] = field(default_factory=dict)

    def keep(self, message: QueueMessage) -> None:
        self.receipts[message.message_id] = message.receipt_handle  # the newest handle is the valid one

    def forget(self, message_id: str) -> None:
        self.receipts.pop(message_id, None)

    async def release(self) -> None:
        handles = list(self.receipts.values())
        for start in range(0, len(handles), MAX_BATCH):
            await self.queue.change_visibility_batch(handles[start : start + MAX_BATCH], 0)
        self.receipts.clear()


@dataclass
class _Tally:
    """A redrive's running outcome."""

    moved: list[DeadLetter] = field(default_factory=list)
    failed: list[RedriveFailure] = field(default_factory=list)
    held_back: list[DeadLetter] = field(default_factory=list)
    blocked_sessions: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)
    named: set[str] = field(default_factory=set)  # every id the letters seen can be named by
    sessions_seen: set[str] = field(default_factory=set)


class DeadLetters:
    """The operations on the DLQ, over the SQS queues and the sessions' recorded failures.

    Args:
        dlq: the dead-letter queue.
        inbound: where redriven letters go.
        sessions: where the worker recorded why each event failed.
        native_move: SQS's message-move task for whole-queue redrives, or None to always use the
            selective path (receive, send, delete).
        hold_seconds: visibility timeout of the messages a read holds.
        wait_seconds: long-poll wait of each receive; an empty answer ends a read.
    """

    def __init__(
        self,
        *,
        dlq: Queue,
        inbound: Queue,
        sessions: SessionStore,
        native_move: NativeMove | None = None,
        hold_seconds: int = HOLD_SECONDS,
        wait_seconds: int = READ_WAIT_SECONDS,
    ) -> None:
        self._dlq = dlq
        self._inbound = inbound
        self._sessions = sessions
        self._native_move = native_move
        self._hold_seconds = hold_seconds
        self._wait_seconds = wait_seconds

    async def approximate_count(self) -> int:
        """Dead letters in the DLQ, visible or not (SQS's approximate figures)."""
        depth = await self._dlq.depth()
        return depth["visible"] + depth["in_flight"]

    async def scan(self, *, limit: int = DEFAULT_READ_LIMIT, on_progress: ProgressCallback | None = None) -> Listing:
        """Read up to `limit` dead letters with their failure reasons; every one stays in the DLQ."""
        letters: list[DeadLetter] = []
        reasons: dict[str, dict[str, str]] = {}
        async with self._holding() as hold:
            async for batch in self._read(hold, limit=limit):
                letters += await self._with_reasons([to_letter(message) for message in batch], reasons)
                if on_progress is not None:
                    on_progress(len(letters))
            unread = (await self._dlq.depth())["visible"]
        return Listing(letters=tuple(letters), unread=unread)

    async def find(self, message_id: str) -> DeadLetter | None:
        """The dead letter with this SQS message id or event id, with its failure reason; None when absent."""
        async with self._holding() as hold, aclosing(self._read(hold, limit=None)) as batches:
            async for batch in batches:
                for message in batch:
                    letter = to_letter(message)
                    if message_id in letter.ids:
                        return (await self._with_reasons([letter], {}))[0]
        return None

    async def redrive(
        self, selection: Selection, *, dry_run: bool = False, on_progress: ProgressCallback | None = None
    ) -> RedriveResult:
        """Move the selected dead letters back to the inbound queue, each in its FIFO group.

        A letter leaves the DLQ only after its copy was sent. When one fails, the later letters of
        its session stay in the DLQ too, so a session's events are never reordered. A whole-queue
        redrive uses SQS's native move task when one was given and the endpoint supports it.
        """
        if selection.everything and not dry_run and self._native_move is not None:
            native = await self._native_move.run(on_progress)
            if native is not None:
                return native
        tally = _Tally()
        reasons: dict[str, dict[str, str]] = {}
        async with self._holding() as hold:
            async for batch in self._read(hold, limit=None):
                letters = [(message, to_letter(message)) for message in batch]
                tally.seen.update(message.message_id for message in batch)
                tally.named.update(name for _, letter in letters for name in letter.ids)
                tally.sessions_seen.update(letter.session_id for _, letter in letters)
                chosen = [(message, letter) for message, letter in letters if selection.matches(letter)]
                if dry_run:
                    described = await self._with_reasons([letter for _, letter in chosen], reasons)
                    tally.moved += described
                else:
                    await self._move(chosen, tally, hold)
                if on_progress is not None:
                    on_progress(len(tally.seen))  # letters examined, moved or not
        return RedriveResult(
            method=RedriveMethod.SELECTIVE,
            dry_run=dry_run,
            moved=tuple(tally.moved),
            moved_count=len(tally.moved),
            failed=tuple(tally.failed),
            held_back=tuple(tally.held_back),
            missing=tuple(sorted(selection.message_ids - tally.named)),
            missing_sessions=tuple(sorted(selection.sessions - tally.sessions_seen)),
        )

    async def delete(self, message_ids: Collection[str]) -> Removal:
        """Delete the named dead letters (SQS message ids or event ids; e.g. poison messages that must
        never run); others stay."""
        wanted = set(message_ids)
        deleted: list[DeadLetter] = []
        found: set[str] = set()
        async with self._holding() as hold, aclosing(self._read(hold, limit=None)) as batches:
            async for batch in batches:
                chosen = [(m, letter) for m in batch if not (letter := to_letter(m)).ids.isdisjoint(wanted)]
                refused = set(await self._dlq.delete_batch([message.receipt_handle for message, _ in chosen]))
                for message, letter in chosen:
                    if message.receipt_handle not in refused:
                        deleted.append(letter)
                        found.update(letter.ids & wanted)
                        hold.forget(message.message_id)
                if found == wanted:
                    break
        missing = wanted - found
        return Removal(deleted=tuple(deleted), missing=tuple(sorted(missing)))

    async def purge(self) -> None:
        """Delete every dead letter (SQS allows one purge per queue every 60 seconds)."""
        await self._dlq.purge()

    # -- internals ---------------------------------------------------------------------------

    @asynccontextmanager
    async def _holding(self) -> AsyncIterator[_Hold]:
        hold = _Hold(self._dlq)
        try:
            yield hold
        finally:
            await hold.release()  # make what the read saw visible again: list must not hide it

    async def _read(self, hold: _Hold, *, limit: int | None) -> AsyncGenerator[list[QueueMessage]]:
        """Receive batches of messages not seen before, holding each, until none is left or `limit`.

        In a FIFO queue the later messages of a group stay hidden while an earlier one is held;
        deleting the earlier one (a redrive) uncovers them for a following receive.
        """
        seen: set[str] = set()
        stale_batches = 0
        while limit is None or len(seen) < limit:
            wanted = MAX_BATCH if limit is None else min(MAX_BATCH, limit - len(seen))
            batch = await self._dlq.receive(
                max_messages=wanted, wait_seconds=self._wait_seconds, visibility_timeout=self._hold_seconds
            )
            if not batch:
                return
            for message in batch:
                hold.keep(message)
            fresh = [message for message in batch if message.message_id not in seen]
            if not fresh:
                # Only letters whose hold ran out came back (a long run); each is held again now.
                # Going round everything held once more without news: nothing new is reachable.
                stale_batches += 1
                if stale_batches > len(hold.receipts) // MAX_BATCH + 1:
                    return
                continue
            stale_batches = 0
            seen.update(message.message_id for message in fresh)
            yield fresh

    async def _with_reasons(self, letters: Sequence[DeadLetter], cache: dict[str, dict[str, str]]) -> list[DeadLetter]:
        """Fill in each decoded letter's first recorded failure; one read per session, cached."""
        sessions = sorted({letter.session_id for letter in letters if letter.event is not None} - cache.keys())
        found = await asyncio.gather(*(self._sessions.failures(session_id) for session_id in sessions))
        cache.update(zip(sessions, found, strict=True))
        return [
            letter
            if letter.event is None
            else letter.model_copy(update={"reason": cache[letter.session_id].get(letter.event.event_id)})
            for letter in letters
        ]

    async def _move(self, chosen: Iterable[tuple[QueueMessage, DeadLetter]], tally: _Tally, hold: _Hold) -> None:
        """Send one batch's chosen letters (sessions concurrently, each session in order), then
        delete from the DLQ those whose send succeeded."""
        by_session: dict[str, list[tuple[QueueMessage, DeadLetter]]] = {}
        for message, letter in chosen:
            by_session.setdefault(letter.session_id, []).append((message, letter))
        chains = await asyncio.gather(*(self._send_in_order(items, tally) for items in by_session.values()))
        sent = [item for chain in chains for item in chain]
        refused = set(await self._dlq.delete_batch([message.receipt_handle for message, _ in sent]))
        for message, letter in sent:
            if message.receipt_handle in refused:
                error = "sent to the inbound queue but not deleted from the DLQ"
                tally.failed.append(RedriveFailure(letter=letter, error=error, sent=True))
            else:
                tally.moved.append(letter)
                hold.forget(message.message_id)

    async def _send_in_order(
        self, items: Sequence[tuple[QueueMessage, DeadLetter]], tally: _Tally
    ) -> list[tuple[QueueMessage, DeadLetter]]:
        sent: list[tuple[QueueMessage, DeadLetter]] = []
        for message, letter in items:
            if letter.session_id in tally.blocked_sessions:
                tally.held_back.append(letter)  # an earlier letter of this session failed: keep order
                continue
            try:
                await self._inbound.send_raw(
                    message.body,
                    group_id=message.group_id or letter.session_id,
                    deduplication_id=redrive_deduplication_id(message),
                )
            except (ClientError, BotoCoreError) as exc:
                tally.failed.append(RedriveFailure(letter=letter, error=describe_aws_error(exc)))
                tally.blocked_sessions.add(letter.session_id)
                continue
            sent.append((message, letter))
        return sent
