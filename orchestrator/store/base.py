"""What the rest of the code may ask of persistence: Protocols and the values they exchange.

No boto imports here. `turn.py`, the ingress and the tests are typed against these; the
DynamoDB adapters in this package and the test fakes implement them.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Protocol

from pydantic import Field, JsonValue, field_validator

from orchestrator.machine.state import SessionState
from orchestrator.models import ActionChange, ActionStatus, Frozen, PendingAction, Turn
from orchestrator.outbound import DeliveryFailure, Reply, SentReply

# Contract table names (SPEC section 3), before TABLE_PREFIX.
SESSIONS_TABLE = "OrchestratorSessions"
PENDING_ACTIONS_TABLE = "PendingActions"
CONVERSATION_TABLE = "ConversationBuffer"
LOCKS_TABLE = "Locks"
IDEMPOTENCY_TABLE = "Idempotency"
TTL_ATTRIBUTE = "expiresAt"


# -- sessions ------------------------------------------------------------------------------------


class SessionRecord(Frozen):
    """Everything the session item holds, around the machine's `SessionState`.

    `version` 0 means "never saved". `processed` is a bounded list of the `event_marker`s of
    recent events (the redelivery guard, written in the same transaction as the state). `outbox` holds replies
    committed but not yet acknowledged as delivered; `unexecuted` holds confirmed actions not
    yet executed; `delay_notified` names actions whose delay the caregiver was already told;
    `apologized` holds the markers of events that failed unexpectedly and whose caregiver already
    got the generic apology (once per event, however often its message is redelivered).
    """

    session_id: str
    version: int = 0
    state: SessionState = Field(default_factory=SessionState)
    processed: tuple[str, ...] = ()
    outbox: tuple[Reply, ...] = ()
    unexecuted: tuple[PendingAction, ...] = ()
    delay_notified: tuple[str, ...] = ()
    apologized: tuple[str, ...] = ()
    # Replies the channel acknowledged with a message id (newest last, the newest MAX_SENT): a
    # `failed` status or a reaction finds its reply by that id.
    sent: tuple[SentReply, ...] = ()
    # What Meta reported undeliverable, newest first (at most MAX_DELIVERY_FAILURES).
    delivery_failures: tuple[DeliveryFailure, ...] = ()
    updated_at: datetime | None = None
    # The sort key of the newest stored turn: the next turn's `at_ms` is at least this + 1, so
    # turns stay unique and ordered even when workers' clocks disagree.
    last_turn_ms: int = 0
    # The caregiver's WhatsApp number exactly as Meta last sent it (`from`): replies go there, even
    # when it lacks the 9th digit of the canonical `session_id` (SPEC §12 "Addresses").
    wa_id: str | None = None
    # Event ids with a failure reason on the item as loaded (`record_failure`, shown by `dlq list`
    # and the admin state): a commit that processes one of them clears it (`CommitPlan.resolved`).
    failed: tuple[str, ...] = ()


class Lease(Frozen):
    """A held lock. `token` is random per acquisition and fences the holder's commit."""

    resource: str
    owner: str
    token: str
    expires_at: datetime


class CommitPlan(Frozen):
    """One turn's writes, applied by one `TransactWriteItems` or not at all.

    The session item is written as `record` with `version = expected_version + 1`, on the
    condition that the stored version is still `expected_version` (0: the item must not
    exist) and that `lease` is still held (fencing). The lease is released by the same
    transaction when `release_lock` is true. An operational note among `actions` writes no
    PendingActions item (SPEC section 6: it skips the two-phase commit); `record.unexecuted` keeps
    it until it is executed.
    """

    record: SessionRecord
    expected_version: int
    lease: Lease | None
    release_lock: bool = True
    actions: tuple[ActionChange, ...] = ()
    turns: tuple[Turn, ...] = ()
    request_token: str  # ClientRequestToken: a retry of the same plan reuses it
    # Event ids this commit processes whose recorded failure it clears, in the same transaction:
    # a redriven message that now succeeds no longer reads as broken. Each must be in
    # `record.failed` as loaded (the versioned condition keeps the `failures` map there).
    resolved: tuple[str, ...] = ()


class Settlement(Frozen):
    """What one `SessionStore.settle` records after a turn's effects; each reply and action once
    (a duplicate keeps its first place), so the stores need not check."""

    delivered: tuple[str, ...] = ()  # reply ids that leave the outbox
    # Actions moved from confirmed to executed (in PendingActions too, but for operational notes,
    # which have no item there).
    executed: tuple[PendingAction, ...] = ()
    notified: tuple[str, ...] = ()  # action ids whose delay the caregiver was told
    turns: tuple[Turn, ...] = ()  # texts sent outside a commit (held replies, delay notices)
    sent: tuple[SentReply, ...] = ()  # the message ids the channel gave the replies
    # Events processed by an earlier receive whose effects failed then (a reason recorded) and are
    # done now: their reasons leave `failures`. Each must be in the loaded `SessionRecord.failed`.
    resolved: tuple[str, ...] = ()

    @field_validator("delivered")
    @classmethod
    def _delivered_once(cls, reply_ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(reply_ids))

    @field_validator("executed")
    @classmethod
    def _executed_once(cls, actions: tuple[PendingAction, ...]) -> tuple[PendingAction, ...]:
        return tuple({action.action_id: action for action in actions}.values())

    @property
    def empty(self) -> bool:
        """Nothing to record: settle makes no call."""
        return not (self.delivered or self.executed or self.notified or self.turns or self.sent or self.resolved)


class SessionStore(Protocol):
    async def load(self, session_id: str) -> SessionRecord:
        """Strongly consistent read; an absent or expired item gives a fresh record (version 0)."""
        ...

    async def commit(self, plan: CommitPlan) -> SessionRecord:
        """Apply the plan atomically; return the record as stored (version bumped).

        Raises:
            CommitTooLarge: before any call, when the plan exceeds TransactWriteItems limits.
            VersionConflict: the session changed since it was loaded.
            LockLost: the lease is no longer held by `plan.lease`.
            TransientConflict: DynamoDB cancelled for a concurrent transaction; retry the plan.
            InvalidTransition: an action was not in its expected previous status.
        """
        ...

    async def settle(self, session_id: str, settlement: Settlement) -> None:
        """After the effects of a turn: drop delivered replies from the outbox, mark actions
        executed (conditional on `confirmed`, in PendingActions too, where operational notes have
        no item), remember which actions the
        caregiver was told are delayed, keep the texts sent outside a commit (`turns`: held
        replies, delay notices) in ConversationBuffer, and remember the message ids the channel
        gave the replies (`sent`; the next commit keeps the newest MAX_SENT).
        Does not change the session's version.

        Raises:
            InvalidTransition: an executed action was no longer `confirmed`.
        """
        ...

    async def record_failure(self, session_id: str, event_id: str, reason: str) -> None:
        """Remember why an event failed (the first reason wins) for `orchestrator dlq list`.

        Works on a session never committed (the item then holds only failures; `version` stays
        absent, so a first commit, conditioned on `attribute_not_exists(version)`, still wins).
        """
        ...

    async def failures(self, session_id: str) -> dict[str, str]:
        """Recorded failure reasons by event id."""
        ...


# -- pending actions -----------------------------------------------------------------------------


class PendingActionStore(Protocol):
    """Reads of PendingActions; every write goes through `SessionStore.commit` / `settle`.
    Operational notes are never there (SPEC section 6: they skip the two-phase commit)."""

    async def current(self, session_id: str) -> PendingAction | None:
        """The session's newest staged or confirmed action; expiry is decided on read."""
        ...

    async def list_by_status(self, status: ActionStatus, *, limit: int = 100) -> list[PendingAction]:
        """Actions in one status, across sessions, through the status GSI."""
        ...


# -- conversation buffer -------------------------------------------------------------------------


class ConversationStore(Protocol):
    """Reads of ConversationBuffer; turns are written by `SessionStore.commit` / `settle`."""

    async def last(self, session_id: str, limit: int) -> list[Turn]:
        """The last `limit` turns of a session, oldest first."""
        ...


# -- locks ---------------------------------------------------------------------------------------


def session_resource(session_id: str) -> str:
    """The lock resource of a session (SPEC section 3)."""
    return f"session#{session_id}"


class LockStore(Protocol):
    async def try_acquire(self, resource: str, owner: str) -> Lease | None:
        """One conditional write: the lease, or None when another live holder has it."""
        ...

    async def heartbeat(self, lease: Lease) -> Lease:
        """Extend the lease; raises `LockLost` if the token no longer matches."""
        ...

    async def release(self, lease: Lease) -> None:
        """Delete the lock if still ours; a lost lease is not an error here."""
        ...


# -- idempotency ---------------------------------------------------------------------------------


class IdempotencyStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class StoredResponse(Frozen):
    status_code: int
    body: dict[str, JsonValue]


class IdempotencyRecord(Frozen):
    key: str
    payload_hash: str
    status: IdempotencyStatus
    response: StoredResponse
    # Random per claim: the store recognises its own retried write by it, and complete/release
    # touch only the claim they made (never a takeover's).
    token: str
    in_progress_until: datetime  # after this, an in-progress claim may be taken over
    expires_at: datetime


class Claim(Frozen):
    """The outcome of `claim`: `won` is true when this caller now owns the key.

    When lost, `record` is the existing record: `completed` (its response may be replayed) or
    `in_progress` (someone else is still sending: not yet a replay). `previous` is the record
    that was there (returned by the failed condition, or replaced by a takeover): None for a
    first delivery, including one whose own write was retried.
    """

    won: bool
    record: IdempotencyRecord
    previous: IdempotencyRecord | None = None


class IdempotencyStore(Protocol):
    async def claim(self, key: str, payload_hash: str, response: StoredResponse) -> Claim:
        """One conditional write. Wins when the key is new, expired, already ours (a retried
        write of this very claim), or an in-progress claim past its deadline; otherwise returns
        the existing record without a second read.

        Raises:
            KeyReused: the key exists with a different payload hash.
        """
        ...

    async def complete(self, record: IdempotencyRecord) -> None:
        """Mark our claim completed once its event is queued: from then on it replays."""
        ...

    async def release(self, record: IdempotencyRecord) -> None:
        """Delete our in-progress claim (the enqueue failed) so the sender's retry can claim again."""
        ...
