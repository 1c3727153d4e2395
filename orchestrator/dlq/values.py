"""What the DLQ operations exchange: dead letters, selections and results (values only, no I/O).

Also the two derivations the operations rely on: decoding a DLQ message into a `DeadLetter`,
and the deduplication id of a redriven copy.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum

from pydantic import Field

from orchestrator import envelope, ids
from orchestrator.errors import InvalidEnvelope
from orchestrator.integrations.queue import QueueMessage
from orchestrator.models import Frozen, InboundEvent

ProgressCallback = Callable[[int], None]
"""Called with the number of dead letters handled so far."""


class DeadLetter(Frozen):
    """One message of the DLQ as an operator sees it.

    `session_id` is the message's FIFO group (the session id, also for bodies that do not
    decode). `receive_count` counts the deliveries before this read (SQS also counts the read's
    own receive, which is subtracted). `reason` is the first failure the worker recorded for the
    event, or why the body is not an envelope; None when nothing was recorded (e.g. the worker
    died mid-turn or the visibility timeout ran out).
    """

    message_id: str
    session_id: str
    receive_count: int
    sent_at: datetime
    deduplication_id: str | None = None
    event: InboundEvent | None = None
    malformed: str | None = None
    reason: str | None = None
    body: str = Field(default="", repr=False)  # the raw queue body: PHI, printed only on request

    def age_seconds(self, now: datetime) -> int:
        return max(int((now - self.sent_at).total_seconds()), 0)

    @property
    def ids(self) -> frozenset[str]:
        """The ids an operator may name this letter by: its SQS message id, and the id of the event it
        carries (the webhook's `message_id` or wamid, which the worker's log lines show)."""
        return frozenset({self.message_id} if self.event is None else {self.message_id, self.event.event_id})

    def summary(self) -> dict[str, object]:
        """The `dlq list --json` item (SPEC section 9 contract: exactly these four keys)."""
        return {
            "message_id": self.message_id,
            "session_id": self.session_id,
            "receive_count": self.receive_count,
            "reason": self.reason,
        }


class Selection(Frozen):
    """Which dead letters a redrive moves: those of any named session or with any named message id.

    Both empty selects everything.
    """

    sessions: frozenset[str] = frozenset()
    message_ids: frozenset[str] = frozenset()

    @property
    def everything(self) -> bool:
        return not self.sessions and not self.message_ids

    def matches(self, letter: DeadLetter) -> bool:
        return self.everything or letter.session_id in self.sessions or not letter.ids.isdisjoint(self.message_ids)


class Listing(Frozen):
    """What a read found. `unread` approximates the dead letters it could not reach: past the
    limit, or behind an earlier letter of their FIFO group that the read itself was holding."""

    letters: tuple[DeadLetter, ...]
    unread: int = 0


class RedriveMethod(StrEnum):
    SELECTIVE = "selective"  # receive, send, delete: works on every SQS endpoint
    NATIVE = "native"  # SQS's StartMessageMoveTask (real AWS; moto lacks it)


class RedriveFailure(Frozen):
    """A dead letter that did not move. `sent`: it reached the inbound queue but is still in the
    DLQ (a later redrive sends it again; SQS or the worker's processed ids drop the copy)."""

    letter: DeadLetter
    error: str
    sent: bool = False


class RedriveResult(Frozen):
    """The outcome of a redrive, or of a dry run (`moved` then lists what would move)."""

    method: RedriveMethod
    dry_run: bool
    moved: tuple[DeadLetter, ...] = ()
    moved_count: int = 0
    failed: tuple[RedriveFailure, ...] = ()
    held_back: tuple[DeadLetter, ...] = ()  # later letters of a session whose earlier letter failed
    missing: tuple[str, ...] = ()  # selected message ids that are not in the DLQ
    missing_sessions: tuple[str, ...] = ()  # selected sessions with no dead letter
    task_error: str | None = None  # the native move task's failure reason

    @property
    def ok(self) -> bool:
        return (
            not self.failed
            and not self.held_back
            and not self.missing
            and not self.missing_sessions
            and self.task_error is None
        )


class Removal(Frozen):
    """The outcome of deleting chosen dead letters: those deleted and the ids not deleted."""

    deleted: tuple[DeadLetter, ...] = ()
    missing: tuple[str, ...] = ()


def redrive_deduplication_id(message: QueueMessage) -> str:
    """The `MessageDeduplicationId` of a redriven copy.

    The original id cannot be reused: SQS silently drops a send whose deduplication id it saw in
    the last 5 minutes, and a message can reach the DLQ well inside that window:

        t0 ingress send (dedup D) ─ 5 receives x 30 s visibility ─ t0+2.5 min in DLQ ─ redrive
        └──────────────── SQS drops any other send with dedup D until t0+5 min ───────────────┘

    The id is derived from the DLQ message id instead: new for every arrival in the DLQ, stable
    across redrive attempts of the same dead letter, so a redrive re-run after a crash between
    send and delete is dropped by SQS (within 5 minutes) or by the worker's processed event ids.
    """
    return ids.redrive_deduplication_id(message.deduplication_id, message.message_id)


def to_letter(message: QueueMessage) -> DeadLetter:
    """Decode a DLQ message; an undecodable body becomes a letter with `malformed` set."""
    event: InboundEvent | None = None
    malformed: str | None = None
    try:
        event = envelope.decode(message.body)
    except InvalidEnvelope as exc:
        malformed = str(exc)
    return DeadLetter(
        message_id=message.message_id,
        session_id=message.group_id or (event.session_id if event is not None else ""),
        receive_count=max(message.receive_count - 1, 0),
        sent_at=message.sent_at,
        deduplication_id=message.deduplication_id,
        event=event,
        malformed=malformed,
        reason=f"malformed envelope: {malformed}" if malformed is not None else None,
        body=message.body,
    )
