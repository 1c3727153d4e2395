"""In-memory stores behind the `orchestrator.store.base` Protocols, for the fast tier.

They keep DynamoDB's semantics where the turn depends on them (conditional writes decide, one
commit is all or nothing, an item past its expiry reads as absent, a lease fences the commit)
and are held to them by the same contract tests as the DynamoDB stores (`tests/store`, "fake").
One `MemoryTables` is the whole database; each store is a view on it, like a table.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from orchestrator.clock import epoch_ms, epoch_seconds, utc_now
from orchestrator.errors import InvalidTransition, LockLost, StoreError, VersionConflict
from orchestrator.models import ActionChange, ActionStatus, PendingAction, Turn, merge_changes
from orchestrator.store.actions import ACTION_ITEM_TTL, has_item
from orchestrator.store.base import CommitPlan, Lease, SessionRecord, Settlement
from orchestrator.store.conversation import TURN_TTL
from orchestrator.store.items import check_transaction_size, is_expired, time_from_epoch_ms
from orchestrator.store.session_item import SESSION_TTL, stored_record
from orchestrator.store.sessions import client_request_token

Clock = Callable[[], datetime]


@dataclass
class _SessionItem:
    record: SessionRecord | None  # None: an item holding only failure reasons (never committed)
    expires_at: int
    failures: dict[str, str] = field(default_factory=dict)


@dataclass
class _Lock:
    lease: Lease

    @property
    def lease_end_ms(self) -> int:
        return epoch_ms(self.lease.expires_at)


@dataclass
class MemoryTables:
    """The five tables' contents (Idempotency aside), as plain objects, and the clock they share."""

    clock: Clock = utc_now
    sessions: dict[str, _SessionItem] = field(default_factory=dict)
    actions: dict[tuple[str, str], PendingAction] = field(default_factory=dict)
    turns: dict[tuple[str, int], Turn] = field(default_factory=dict)
    locks: dict[str, _Lock] = field(default_factory=dict)
    # ClientRequestToken -> (plan, what it stored): a resent plan is answered, another one refused.
    tokens: dict[str, tuple[CommitPlan, SessionRecord]] = field(default_factory=dict)

    def stored(self, table: str) -> list[dict[str, Any]]:
        """What a table physically holds, expired items included (as `Dynamo.stored` scans)."""
        rows: dict[str, list[Any]] = {
            "OrchestratorSessions": [item.record or item.failures for item in self.sessions.values()],
            "PendingActions": list(self.actions.values()),
            "ConversationBuffer": list(self.turns.values()),
            "Locks": [lock.lease for lock in self.locks.values()],
        }
        return [row if isinstance(row, dict) else row.model_dump(mode="json") for row in rows[table]]

    # -- expiry, as the DynamoDB stores read it ------------------------------------------------------

    def live_session(self, session_id: str, now: datetime) -> _SessionItem | None:
        item = self.sessions.get(session_id)
        return None if item is None or is_expired(item.expires_at, now) else item

    def live_action(self, key: tuple[str, str], now: datetime) -> PendingAction | None:
        action = self.actions.get(key)
        if action is None or is_expired(epoch_seconds(action.created_at + ACTION_ITEM_TTL), now):
            return None
        return action

    def live_turn(self, turn: Turn, now: datetime) -> bool:
        return not is_expired(epoch_seconds(time_from_epoch_ms(turn.at_ms) + TURN_TTL), now)


def _action_key(action: PendingAction) -> tuple[str, str]:
    return action.session_id, action.action_id


def _read_status(action: PendingAction, now: datetime) -> PendingAction:
    """Expiry on read: a staged action past its confirmation window reads EXPIRED."""
    return action.model_copy(update={"status": ActionStatus.EXPIRED}) if action.is_expired(now) else action


class FakeSessionStore:
    """`SessionStore`: a commit checks every condition first, then writes all or nothing."""

    def __init__(self, tables: MemoryTables) -> None:
        self._tables = tables

    async def load(self, session_id: str) -> SessionRecord:
        item = self._tables.live_session(session_id, self._tables.clock())
        if item is None:
            return SessionRecord(session_id=session_id)
        failed = tuple(item.failures)
        if item.record is None:  # an item holding only failure reasons
            return SessionRecord(session_id=session_id, failed=failed)
        return item.record.model_copy(update={"failed": failed})

    async def commit(self, plan: CommitPlan) -> SessionRecord:
        tables, now = self._tables, self._tables.clock()
        _check_size(plan)
        token = client_request_token(plan.request_token)
        if token in tables.tokens:
            earlier, stored = tables.tokens[token]
            if earlier == plan:
                return stored
            raise VersionConflict("an earlier attempt of this commit succeeded")
        # An operational note has no PendingActions item (`has_item`).
        changes = [change for change in merge_changes(plan.actions) if has_item(change.action)]
        # The order of DynamoDB's cancellation reasons: a lost lease outranks a version conflict,
        # which outranks an action that moved on.
        if plan.lease is not None and not self._holds(plan.lease):
            raise LockLost("transaction cancelled: fence condition failed")
        if not self._version_matches(plan, now):
            raise VersionConflict("transaction cancelled: versioned condition failed")
        if not all(_change_allowed(tables.live_action(_action_key(c.action), now), c) for c in changes):
            raise InvalidTransition("transaction cancelled: action condition failed")
        stored = stored_record(plan, now)
        previous = tables.sessions.get(plan.record.session_id)
        # An expired item's reasons are gone with it (a first commit over it starts clean).
        kept = previous.failures if previous is not None and not is_expired(previous.expires_at, now) else {}
        # A processed event's failure reason leaves with the commit.
        kept = {event_id: reason for event_id, reason in kept.items() if event_id not in plan.resolved}
        tables.sessions[plan.record.session_id] = _SessionItem(stored, epoch_seconds(now + SESSION_TTL), kept)
        for change in changes:
            key = _action_key(change.action)
            tables.actions[key] = _written(tables.actions.get(key), change)
        for turn in plan.turns:
            tables.turns[(turn.session_id, turn.at_ms)] = turn
        if plan.lease is not None and plan.release_lock:
            del tables.locks[plan.lease.resource]
        tables.tokens[token] = (plan, stored)
        return stored

    def _holds(self, lease: Lease) -> bool:
        """The fence: the lock item still carries this lease's token (expired or not)."""
        lock = self._tables.locks.get(lease.resource)
        return lock is not None and lock.lease.token == lease.token

    def _version_matches(self, plan: CommitPlan, now: datetime) -> bool:
        item, expected = self._tables.sessions.get(plan.record.session_id), plan.expected_version
        gone = item is None or is_expired(item.expires_at, now)
        if expected == 0 and plan.record.failed:  # the live failures-only item the turn loaded
            return not gone and item is not None and item.record is None
        if expected == 0:  # a first commit: no item, or only an expired one
            return gone
        return item is not None and item.record is not None and item.record.version == expected

    async def settle(self, session_id: str, settlement: Settlement) -> None:
        if settlement.empty:
            return
        tables, now = self._tables, self._tables.clock()
        item = tables.sessions.get(session_id)
        moves = [
            ActionChange(action=a.model_copy(update={"status": ActionStatus.EXECUTED}), previous=ActionStatus.CONFIRMED)
            for a in settlement.executed
            if has_item(a)
        ]
        if not all(_change_allowed(tables.live_action(_action_key(m.action), now), m) for m in moves):
            raise InvalidTransition("transaction cancelled: action condition failed")
        if item is None or item.record is None:  # settle never creates a session item
            if moves or settlement.turns:
                raise StoreError("transaction cancelled: plain condition failed")
            return
        record = item.record
        done = {*settlement.delivered, *(action.action_id for action in settlement.executed)}
        item.record = record.model_copy(
            update={
                "outbox": tuple(reply for reply in record.outbox if reply.reply_id not in done),
                "unexecuted": tuple(action for action in record.unexecuted if action.action_id not in done),
                "delay_notified": tuple(sorted({*record.delay_notified, *settlement.notified})),
                "last_turn_ms": max(turn.at_ms for turn in settlement.turns)
                if settlement.turns
                else record.last_turn_ms,
                "sent": (*record.sent, *settlement.sent),
            }
        )
        item.failures = {key: reason for key, reason in item.failures.items() if key not in settlement.resolved}
        for move in moves:
            tables.actions[_action_key(move.action)] = move.action
        for turn in settlement.turns:
            tables.turns[(turn.session_id, turn.at_ms)] = turn

    async def record_failure(self, session_id: str, event_id: str, reason: str) -> None:
        now = self._tables.clock()
        item = self._tables.live_session(session_id, now)
        if item is None:  # absent or expired: a new item holding only the failure
            self._tables.sessions[session_id] = _SessionItem(None, epoch_seconds(now + SESSION_TTL), {event_id: reason})
            return
        item.failures.setdefault(event_id, reason)

    async def failures(self, session_id: str) -> dict[str, str]:
        item = self._tables.live_session(session_id, self._tables.clock())
        return {} if item is None else dict(item.failures)


def _change_allowed(stored: PendingAction | None, change: ActionChange) -> bool:
    """The condition each action write carries (see `store/actions.py`)."""
    if change.action.status is ActionStatus.EXECUTED:  # recorded even after the item's TTL
        return stored is None or stored.status is ActionStatus.CONFIRMED
    if change.previous is None:  # created once
        return stored is None
    return stored is not None and stored.status is change.previous


def _written(stored: PendingAction | None, change: ActionChange) -> PendingAction:
    """The item after the write: a new or executed action is put whole; a move only sets the
    status (and who confirmed it) on the stored item."""
    if stored is None or change.previous is None or change.action.status is ActionStatus.EXECUTED:
        return change.action
    return stored.model_copy(
        update={"status": change.action.status, "confirmed_by": change.action.confirmed_by or stored.confirmed_by}
    )


def _check_size(plan: CommitPlan) -> None:
    """DynamoDB's transaction limits, measured on a JSON rendering of the plan's entries."""
    entries: list[dict[str, Any]] = [{"Update": plan.record.model_dump(mode="json")}]
    entries += [
        {"Put": change.action.model_dump(mode="json")}
        for change in merge_changes(plan.actions)
        if has_item(change.action)
    ]
    entries += [{"Put": turn.model_dump(mode="json")} for turn in {t.at_ms: t for t in plan.turns}.values()]
    entries += [{"Delete": plan.lease.model_dump(mode="json")}] if plan.lease is not None else []
    check_transaction_size(entries)


class FakePendingActionStore:
    """`PendingActionStore`: the reads; writes happen in `FakeSessionStore`."""

    def __init__(self, tables: MemoryTables) -> None:
        self._tables = tables

    def _live(self) -> list[PendingAction]:
        now = self._tables.clock()
        live = (self._tables.live_action(key, now) for key in list(self._tables.actions))
        return [_read_status(action, now) for action in live if action is not None]

    async def current(self, session_id: str) -> PendingAction | None:
        stored = {_action_key(a): a.status for a in self._tables.actions.values()}
        candidates = [
            action
            for action in self._live()
            if action.session_id == session_id
            and stored[_action_key(action)] in (ActionStatus.STAGED, ActionStatus.CONFIRMED)
        ]
        return max(candidates, key=lambda action: action.created_at, default=None)

    async def list_by_status(self, status: ActionStatus, *, limit: int = 100) -> list[PendingAction]:
        found = [action for action in self._live() if action.status is status]
        return sorted(found, key=lambda action: action.created_at)[:limit]


class FakeConversationStore:
    """`ConversationStore`: the newest `limit` turns, then the expired ones dropped (as DynamoDB's
    query with `Limit` then the expiry check)."""

    def __init__(self, tables: MemoryTables) -> None:
        self._tables = tables

    async def last(self, session_id: str, limit: int) -> list[Turn]:
        if limit <= 0:
            return []
        now = self._tables.clock()
        mine = sorted((t for t in self._tables.turns.values() if t.session_id == session_id), key=lambda t: t.at_ms)
        return [turn for turn in mine[-limit:] if self._tables.live_turn(turn, now)]


class FakeLockStore:
    """`LockStore`: a lease per resource, taken over only after it passed; the token fences."""

    def __init__(self, tables: MemoryTables, lease_seconds: float = 10.0) -> None:
        self._tables = tables
        self._lease = timedelta(seconds=lease_seconds)

    def _new_lease(self, resource: str, owner: str, token: str) -> Lease:
        end_ms = epoch_ms(self._tables.clock() + self._lease)
        return Lease(resource=resource, owner=owner, token=token, expires_at=time_from_epoch_ms(end_ms))

    async def try_acquire(self, resource: str, owner: str) -> Lease | None:
        held = self._tables.locks.get(resource)
        if held is not None and held.lease_end_ms >= epoch_ms(self._tables.clock()):
            return None
        lease = self._new_lease(resource, owner, secrets.token_urlsafe(16))
        self._tables.locks[resource] = _Lock(lease)
        return lease

    async def heartbeat(self, lease: Lease) -> Lease:
        held = self._tables.locks.get(lease.resource)
        if held is None or held.lease.token != lease.token:
            raise LockLost("lease taken over or released")
        renewed = self._new_lease(lease.resource, lease.owner, lease.token)
        held.lease = renewed
        return renewed

    async def release(self, lease: Lease) -> None:
        held = self._tables.locks.get(lease.resource)
        if held is not None and held.lease.token == lease.token:
            del self._tables.locks[lease.resource]
