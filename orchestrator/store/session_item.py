"""The OrchestratorSessions item: its layout, the commit's session write and its conditions.

Layout: `version` (absent on an item holding only `failures`), `state` and `processed` (newest
200 event markers), both compact (`session_codec`), `outbox` + `outboxLines` (`session_outbox`) and
`unexecuted` (maps keyed by reply / action id, so settle can REMOVE one entry), `delayNotified`
(string set), `apologized` (newest 20 event markers), `failures` (event id -> reason; the commit
that processes the event removes it), `sent` (JSON texts of `SentReply`, newest last: settle
appends, the commit keeps the newest MAX_SENT),
`deliveryFailures` (JSON texts of `DeliveryFailure`, newest first), `updatedAt`, `lastTurnMs`,
`waId` (the WhatsApp address as Meta sent it), `expiresAt` (TTL, 7 days after the last commit).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from orchestrator.clock import epoch_seconds
from orchestrator.models import PendingAction, Turn
from orchestrator.outbound import MAX_DELIVERY_FAILURES, MAX_SENT, DeliveryFailure, SentReply
from orchestrator.store.actions import has_item
from orchestrator.store.base import TTL_ATTRIBUTE, CommitPlan, SessionRecord, Settlement
from orchestrator.store.items import (
    Expression,
    Item,
    ItemRole,
    decode_time,
    encode_item,
    encode_time,
    item_gone,
    item_live,
)
from orchestrator.store.session_outbox import OUTBOX, OUTBOX_LINES, outbox_of, outbox_values

if TYPE_CHECKING:
    from types_aiobotocore_dynamodb.type_defs import UpdateTypeDef
from orchestrator.store.session_codec import (
    entry_position,
    pack_entry,
    pack_markers,
    pack_state,
    unpack_entry,
    unpack_markers,
    unpack_state,
)

SESSION_TTL = timedelta(days=7)
MAX_PROCESSED = 200  # the redelivery guard only needs the recent ids; keeps the item bounded
MAX_APOLOGIZED = 20  # an event failing unexpectedly is rare: a few recent ones suffice

KEY = "sessionId"
VERSION = "version"
STATE = "state"
PROCESSED = "processed"
UNEXECUTED = "unexecuted"
NOTIFIED = "delayNotified"
APOLOGIZED = "apologized"
UPDATED_AT = "updatedAt"
LAST_TURN_MS = "lastTurnMs"
WA_ID = "waId"
FAILURES = "failures"
SENT = "sent"
DELIVERY_FAILURES = "deliveryFailures"


def _ordered_map(entries: Sequence[tuple[str, str]]) -> dict[str, dict[str, int | bytes]]:
    """A map keyed by id whose entries remember their position (DynamoDB maps keep no order)."""
    return {key: pack_entry(position, text) for position, (key, text) in enumerate(entries)}


def _ordered_texts(stored: Mapping[str, Mapping[str, object]]) -> list[bytes | str]:
    return [unpack_entry(entry) for entry in sorted(stored.values(), key=entry_position)]


def record_from_values(
    session_id: str, values: Mapping[str, Any], lines: Mapping[int, Turn] | None = None
) -> SessionRecord:
    """A decoded live item as a record; an item never committed (no version) is a fresh session.
    `lines`: the ConversationBuffer lines the outbox points at, by sort key (`line_keys`)."""
    failed = tuple(values.get(FAILURES, {}))
    if VERSION not in values:
        return SessionRecord(session_id=session_id, failed=failed)
    return SessionRecord(
        session_id=session_id,
        version=values[VERSION],
        state=unpack_state(values[STATE]),
        processed=unpack_markers(values.get(PROCESSED, ())),
        outbox=outbox_of(values, lines or {}),
        unexecuted=tuple(
            PendingAction.model_validate_json(text) for text in _ordered_texts(values.get(UNEXECUTED, {}))
        ),
        delay_notified=tuple(sorted(values.get(NOTIFIED, ()))),
        apologized=tuple(values.get(APOLOGIZED, ())),
        sent=tuple(SentReply.model_validate_json(text) for text in values.get(SENT, ())),
        delivery_failures=tuple(
            DeliveryFailure.model_validate_json(text) for text in values.get(DELIVERY_FAILURES, ())
        ),
        updated_at=decode_time(values[UPDATED_AT]) if UPDATED_AT in values else None,
        last_turn_ms=values.get(LAST_TURN_MS, 0),
        wa_id=values.get(WA_ID),
        failed=failed,
    )


def stored_record(plan: CommitPlan, now: datetime) -> SessionRecord:
    """The record as the commit stores it: next version, bounded processed ids, commit time."""
    record = plan.record
    return record.model_copy(
        update={
            "version": plan.expected_version + 1,
            "processed": tuple(dict.fromkeys(record.processed))[-MAX_PROCESSED:],
            "delay_notified": tuple(sorted(set(record.delay_notified))),
            "apologized": tuple(dict.fromkeys(record.apologized))[-MAX_APOLOGIZED:],
            "sent": record.sent[-MAX_SENT:],
            "delivery_failures": record.delivery_failures[:MAX_DELIVERY_FAILURES],
            "failed": tuple(event_id for event_id in record.failed if event_id not in plan.resolved),
            "updated_at": now,
        }
    )


def version_is(expr: Expression, version: int) -> str:
    """Optimistic concurrency: nobody committed this session since the turn loaded `version`."""
    return f"{expr.name(VERSION)} = {expr.value(version)}"


def first_commit(expr: Expression, now: datetime, *, failures_kept: bool) -> str:
    """A first commit. `failures_kept`: the turn loaded a live item holding only failure reasons
    (no version), which must still be there, live: the commit keeps its reasons. Otherwise no
    item, or only an expired one, which counts as absent and whose leftovers the commit drops; a
    reason recorded since the load makes it conflict, so the re-run keeps that reason."""
    if failures_kept:
        return f"attribute_not_exists({expr.name(VERSION)}) AND {item_live(expr, now)}"
    return item_gone(expr, KEY, now)


def session_update(
    table: str,
    record: SessionRecord,
    now: datetime,
    expr: Expression,
    condition: str,
    *,
    lines: Sequence[Turn] = (),
    resolved: Sequence[str] = (),
    first: bool = False,
) -> dict[str, Any]:
    """The commit's session write. An Update, not a Put: it must keep `failures`, which
    `record_failure` writes outside the turn. `lines`: the turns the same commit writes (an outbox
    reply that is one of them is kept as a pointer to it). `resolved`: event ids whose failure
    reason leaves `failures` (each was in the map as loaded, so the nested REMOVE has its parent:
    only `record_failure` adds to the map, and only a versioned commit removes from it).
    `first`: a first commit, which may land on an expired item still stored (TTL deletes late):
    what it does not set is removed, so nothing of the expired session shows again."""
    values: dict[str, Any] = {
        VERSION: record.version,
        STATE: pack_state(record.state),
        PROCESSED: pack_markers(record.processed),
        APOLOGIZED: list(record.apologized),
        **outbox_values(record.outbox, lines),
        UNEXECUTED: _ordered_map([(action.action_id, action.model_dump_json()) for action in record.unexecuted]),
        UPDATED_AT: encode_time(now),
        LAST_TURN_MS: record.last_turn_ms,
        TTL_ATTRIBUTE: epoch_seconds(now + SESSION_TTL),
    }
    # Written only once used, so a session that never met the Cloud API keeps its item's shape.
    if record.sent:
        values[SENT] = [entry.model_dump_json(exclude_defaults=True) for entry in record.sent]
    if record.delivery_failures:
        values[DELIVERY_FAILURES] = [entry.model_dump_json(exclude_defaults=True) for entry in record.delivery_failures]
    if record.wa_id is not None:
        values[WA_ID] = record.wa_id
    if record.delay_notified:  # DynamoDB has no empty set: an empty one is removed
        values[NOTIFIED] = set(record.delay_notified)
    update = "SET " + ", ".join(f"{expr.name(name)} = {expr.value(value)}" for name, value in values.items())
    removed = [] if record.delay_notified else [expr.name(NOTIFIED)]
    removed += [f"{expr.name(FAILURES)}.{expr.name(event_id)}" for event_id in dict.fromkeys(resolved)]
    if first:
        removed += [expr.name(name) for name in (SENT, DELIVERY_FAILURES, WA_ID) if name not in values]
        if not record.failed and not resolved:  # loaded none: any map is the expired item's
            removed.append(expr.name(FAILURES))
    if removed:
        update += f" REMOVE {', '.join(removed)}"
    return {
        "Update": {
            "TableName": table,
            "Key": encode_item({KEY: record.session_id}),
            "UpdateExpression": update,
            "ConditionExpression": condition,
        }
        | expr.params()
    }


def failures_start(
    table: str, session_id: str, failures: dict[str, str], current: Mapping[str, object] | None, now: datetime
) -> dict[str, Any]:
    """The write that creates the `failures` map when the nested SET could not run.

    Absent or expired item: a new item holding only failures (no version, so a first commit
    still wins). Live item without the map: add the map. Each is conditioned on the shape it
    expects, so a concurrent change makes it fail and the caller starts over.
    """
    expr = Expression()
    if current is None:
        return {
            "TableName": table,
            "Item": encode_item({KEY: session_id, FAILURES: failures, TTL_ATTRIBUTE: epoch_seconds(now + SESSION_TTL)}),
            "ConditionExpression": item_gone(expr, KEY, now),
        } | expr.params()
    return {
        "TableName": table,
        "Key": encode_item({KEY: session_id}),
        "UpdateExpression": f"SET {expr.name(FAILURES)} = {expr.value(failures)}",
        "ConditionExpression": f"attribute_not_exists({expr.name(FAILURES)}) AND {item_live(expr, now)}",
    } | expr.params()


def settlement_roles(settlement: Settlement) -> list[ItemRole]:
    """What each entry of the settle's transaction guards: the actions kept in PendingActions,
    the turns, the session."""
    tracked = sum(map(has_item, settlement.executed))
    return [ItemRole.ACTION] * tracked + [ItemRole.PLAIN] * (len(settlement.turns) + 1)


def settlement_update(table: str, key: Item, settlement: Settlement, *, pointers: bool) -> UpdateTypeDef:
    """The settle's session write (no version bump): delivered replies and executed actions leave
    the outbox and `unexecuted`, with `pointers` from `outboxLines` too."""
    expr = Expression()
    # Each path once: DynamoDB refuses overlapping paths in one update.
    maps = [OUTBOX, OUTBOX_LINES] if pointers else [OUTBOX]
    removed = [f"{expr.name(name)}.{expr.name(reply_id)}" for reply_id in settlement.delivered for name in maps]
    removed += [f"{expr.name(UNEXECUTED)}.{expr.name(action.action_id)}" for action in settlement.executed]
    # Loaded with these reasons, so the map is there (only a commit or a settle removes entries).
    removed += [f"{expr.name(FAILURES)}.{expr.name(event_id)}" for event_id in dict.fromkeys(settlement.resolved)]
    update = f"REMOVE {', '.join(removed)}" if removed else ""
    if settlement.notified:
        update += f" ADD {expr.name(NOTIFIED)} {expr.value(set(settlement.notified))}"
    assignments = []
    if settlement.turns:  # the next commit's turns sort after these
        newest = max(turn.at_ms for turn in settlement.turns)
        assignments.append(f"{expr.name(LAST_TURN_MS)} = {expr.value(newest)}")
    if settlement.sent:
        new_sent = [entry.model_dump_json(exclude_defaults=True) for entry in settlement.sent]
        assignments.append(
            f"{expr.name(SENT)} = list_append(if_not_exists({expr.name(SENT)}, {expr.value([])}), "
            f"{expr.value(new_sent)})"
        )
    if assignments:
        update += f" SET {', '.join(assignments)}"
    return cast(
        "UpdateTypeDef",
        {
            "TableName": table,
            "Key": key,
            "UpdateExpression": update.strip(),
            # Settle follows a commit: it never creates a session item out of nothing.
            "ConditionExpression": f"attribute_exists({expr.name(VERSION)})",
        }
        | expr.params(),
    )
