"""OrchestratorSessions: the strongly consistent load, the one-transaction commit of a turn, the
settle after its effects, and the failure reasons kept for `orchestrator dlq list`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

import structlog
from botocore.exceptions import ClientError

from orchestrator.clock import utc_now
from orchestrator.errors import StoreError, TransientConflict, VersionConflict
from orchestrator.models import Turn, merge_changes
from orchestrator.store.actions import change_operation, executed_operation, has_item
from orchestrator.store.base import (
    CONVERSATION_TABLE,
    PENDING_ACTIONS_TABLE,
    SESSIONS_TABLE,
    CommitPlan,
    SessionRecord,
    Settlement,
)
from orchestrator.store.conversation import turn_from_values, turn_key, turn_operation
from orchestrator.store.items import (
    Expression,
    Item,
    ItemRole,
    check_transaction_size,
    encode_item,
    encode_time,
    error_code,
    failed_item,
    is_condition_failure,
    item_live,
    live_item,
    store_error,
)
from orchestrator.store.locks import fence_operation
from orchestrator.store.session_item import (
    FAILURES,
    KEY,
    UPDATED_AT,
    failures_start,
    first_commit,
    record_from_values,
    session_update,
    settlement_roles,
    settlement_update,
    stored_record,
    version_is,
)
from orchestrator.store.session_outbox import line_keys

if TYPE_CHECKING:
    from types_aiobotocore_dynamodb.client import DynamoDBClient
    from types_aiobotocore_dynamodb.type_defs import ScanInputTypeDef, TransactWriteItemTypeDef

log = structlog.get_logger(__name__)

_Request = tuple[list[dict[str, Any]], list[ItemRole], SessionRecord]
# DynamoDB's ClientRequestToken is at most 36 characters; longer tokens map to a stable UUID.
_MAX_TOKEN = 36
_TOKEN_NAMESPACE = uuid.UUID("3f0d5c1e-6b7a-4c55-9a51-0c2f8a9d6e21")
# Sends of one commit cancelled for a concurrent transaction, and the wait before the second.
COMMIT_ATTEMPTS = 3
_FIRST_BACKOFF = 0.025


def client_request_token(token: str) -> str:
    return token if len(token) <= _MAX_TOKEN else str(uuid.uuid5(_TOKEN_NAMESPACE, token))


def _typed(items: list[dict[str, Any]]) -> Sequence[TransactWriteItemTypeDef]:
    """The entries built by this package's operation builders, as the client's types name them."""
    return cast("Sequence[TransactWriteItemTypeDef]", items)


def _no_outbox_lines(exc: ClientError) -> bool:
    """DynamoDB refused a REMOVE under a map the item does not have (an item of the version before
    outbox lines)."""
    return error_code(exc) == "ValidationException" and "document path" in str(exc)


def _commit_error(exc: ClientError, roles: Sequence[ItemRole]) -> tuple[StoreError, bool]:
    """What a failed commit means, and whether to send it again: only when DynamoDB cancelled the
    transaction for a concurrent one or throttling. A request throttled or failed as a whole was
    already retried by botocore before it got here."""
    if error_code(exc) == "IdempotentParameterMismatchException":
        # Another request with this token (same session, version and events) already committed:
        # the session moved past `expected_version`.
        return VersionConflict("an earlier attempt of this commit succeeded"), False
    error = store_error(exc, roles)
    return error, isinstance(error, TransientConflict) and error_code(exc) == "TransactionCanceledException"


class DynamoSessionStore:
    """`SessionStore` on OrchestratorSessions, committing across all five tables."""

    def __init__(self, client: DynamoDBClient, table_prefix: str, clock: Callable[[], datetime] = utc_now) -> None:
        self._client = client
        self._prefix = table_prefix
        self._table = f"{table_prefix}{SESSIONS_TABLE}"
        self._clock = clock

    def _key(self, session_id: str) -> Item:
        return encode_item({KEY: session_id})

    async def load(self, session_id: str) -> SessionRecord:
        values = await self._read(session_id)
        if values is None:
            return SessionRecord(session_id=session_id)
        return record_from_values(session_id, values, await self._lines(session_id, line_keys(values)))

    async def _lines(self, session_id: str, keys: Sequence[int]) -> dict[int, Turn]:
        """The ConversationBuffer lines the outbox points at: read only when a reply is still
        undelivered (a crash or a failed delivery), one strongly consistent GetItem each."""
        if not keys:
            return {}
        now = self._clock()
        table = f"{self._prefix}{CONVERSATION_TABLE}"
        try:
            responses = await asyncio.gather(
                *(
                    self._client.get_item(TableName=table, Key=turn_key(session_id, key), ConsistentRead=True)
                    for key in keys
                )
            )
        except ClientError as exc:
            raise store_error(exc) from exc
        found = [values for response in responses if (values := live_item(response.get("Item"), now))]
        lines = {line.at_ms: line for line in map(turn_from_values, found)}
        if len(lines) < len(keys):  # past their 7 days: those replies can no longer be sent
            log.error("outbox_lines_missing", missing=len(keys) - len(lines))
        return lines

    async def _read(self, session_id: str) -> dict[str, Any] | None:
        """The session item's live attributes (strongly consistent), or None when absent or expired."""
        now = self._clock()
        try:
            response = await self._client.get_item(
                TableName=self._table, Key=self._key(session_id), ConsistentRead=True
            )
        except ClientError as exc:
            raise store_error(exc) from exc
        return live_item(response.get("Item"), now)

    async def commit(self, plan: CommitPlan) -> SessionRecord:
        """The one retry layer of a commit: a transaction DynamoDB cancelled for a concurrent one
        (which botocore does not retry) is sent again, byte for byte the same request under the
        same ClientRequestToken, as DynamoDB's idempotency requires. botocore's own attempts cover
        the rest (throttling, 5xx, timeouts), also resending the same bytes."""
        token = client_request_token(plan.request_token)
        items, roles, stored = self._transaction(plan)
        for attempt in range(1, COMMIT_ATTEMPTS + 1):
            try:
                await self._client.transact_write_items(TransactItems=_typed(items), ClientRequestToken=token)
            except ClientError as exc:
                error, send_again = _commit_error(exc, roles)
                if send_again and attempt < COMMIT_ATTEMPTS:
                    await asyncio.sleep(_FIRST_BACKOFF * 2**attempt)
                    continue
                raise error from exc
            log.debug("session_committed", version=stored.version, actions=len(plan.actions), turns=len(plan.turns))
            return stored
        raise AssertionError("unreachable")

    def _transaction(self, plan: CommitPlan) -> _Request:
        """The plan as TransactWriteItems entries with what each one's condition guards.

        Raises:
            CommitTooLarge: over 100 entries, 4 MB in all or 400 KB in one item.
        """
        now = self._clock()
        stored = stored_record(plan, now)
        expr = Expression()
        first = plan.expected_version == 0
        condition = (
            first_commit(expr, now, failures_kept=bool(plan.record.failed))
            if first
            else version_is(expr, plan.expected_version)
        )
        # One entry per key: a transaction may not touch an item twice.
        turns = {turn.at_ms: turn for turn in plan.turns}
        session = session_update(
            self._table, stored, now, expr, condition, lines=[*turns.values()], resolved=plan.resolved, first=first
        )
        items: list[dict[str, Any]] = [session]
        roles = [ItemRole.VERSIONED]
        for change in merge_changes(plan.actions):
            if not has_item(change.action):
                continue  # an operational note: `unexecuted` alone keeps it
            items.append(change_operation(f"{self._prefix}{PENDING_ACTIONS_TABLE}", change, now))
            roles.append(ItemRole.ACTION)
        items += [turn_operation(f"{self._prefix}{CONVERSATION_TABLE}", turn) for turn in turns.values()]
        roles += [ItemRole.PLAIN] * len(turns)
        if plan.lease is not None:
            items.append(fence_operation(self._prefix, plan.lease, release=plan.release_lock))
            roles.append(ItemRole.FENCE)
        check_transaction_size(items)
        return items, roles, stored

    async def settle(self, session_id: str, settlement: Settlement) -> None:
        """One UpdateItem (no version bump) for replies, notices and executed operational notes
        (no PendingActions item); one transaction when other actions executed, so PendingActions
        and the session's `unexecuted` never disagree, or when texts sent outside a commit go to
        ConversationBuffer with the rest."""
        if settlement.empty:
            return
        try:
            await self._settle(session_id, settlement, pointers=bool(settlement.delivered))
        except ClientError as exc:
            if not _no_outbox_lines(exc):
                raise store_error(exc, settlement_roles(settlement)) from exc
            # An item no commit of this version wrote yet has no `outboxLines` map to remove from.
            log.info("settle_again", reason="no_outbox_lines")
            try:
                await self._settle(session_id, settlement, pointers=False)
            except ClientError as again:
                raise store_error(again, settlement_roles(settlement)) from again

    async def _settle(self, session_id: str, settlement: Settlement, *, pointers: bool) -> None:
        """The settle's writes; `pointers`: remove the delivered replies from `outboxLines` too."""
        session = settlement_update(self._table, self._key(session_id), settlement, pointers=pointers)
        tracked = [action for action in settlement.executed if has_item(action)]
        if not (tracked or settlement.turns):
            try:
                await self._client.update_item(**session)
            except ClientError as exc:
                if not is_condition_failure(exc):
                    raise
                log.warning("settle_skipped", reason="session_absent")
            return
        now = self._clock()
        actions_table = f"{self._prefix}{PENDING_ACTIONS_TABLE}"
        items = [executed_operation(actions_table, action, now) for action in tracked]
        items += [turn_operation(f"{self._prefix}{CONVERSATION_TABLE}", turn) for turn in settlement.turns]
        items.append({"Update": dict(session)})
        check_transaction_size(items)
        await self._client.transact_write_items(TransactItems=_typed(items))

    async def record_failure(self, session_id: str, event_id: str, reason: str) -> None:
        """The first reason wins. Three shapes of item, each written with one conditional call;
        a race between them (rare: the FIFO group serializes a session) just tries again."""
        for _ in range(5):
            now = self._clock()
            expr = Expression()
            slot = f"{expr.name(FAILURES)}.{expr.name(event_id)}"
            try:
                await self._client.update_item(
                    TableName=self._table,
                    Key=self._key(session_id),
                    UpdateExpression=f"SET {slot} = if_not_exists({slot}, {expr.value(reason)})",
                    # The failures map exists on a live item (a nested SET needs its parent).
                    ConditionExpression=f"attribute_exists({expr.name(FAILURES)}) AND {item_live(expr, now)}",
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                    **expr.params(),
                )
                return
            except ClientError as exc:
                if not is_condition_failure(exc):
                    raise store_error(exc) from exc
                if await self._start_failures(session_id, event_id, reason, live_item(failed_item(exc), now), now):
                    return
        raise StoreError("could not record the failure reason")

    async def _start_failures(
        self, session_id: str, event_id: str, reason: str, current: Mapping[str, object] | None, now: datetime
    ) -> bool:
        request = failures_start(self._table, session_id, {event_id: reason}, current, now)
        try:
            if "Item" in request:
                await self._client.put_item(**request)
            else:
                await self._client.update_item(**request)
        except ClientError as exc:
            if not is_condition_failure(exc):
                raise store_error(exc) from exc
            return False
        return True

    async def failures(self, session_id: str) -> dict[str, str]:
        values = await self._read(session_id)
        return {} if values is None else {key: str(text) for key, text in values.get(FAILURES, {}).items()}


async def count_active_sessions(client: DynamoDBClient, table_prefix: str, since: datetime) -> int:
    """Sessions updated since `since`: a paginated COUNT scan on `updatedAt` (fixed-width UTC ISO
    text, so it sorts like time). A full scan: fine for a rate-limited admin route, never for a
    request path."""
    request: ScanInputTypeDef = {
        "TableName": f"{table_prefix}{SESSIONS_TABLE}",
        "Select": "COUNT",
        "FilterExpression": "#updated >= :since",
        "ExpressionAttributeNames": {"#updated": UPDATED_AT},
        "ExpressionAttributeValues": {":since": {"S": encode_time(since)}},
    }
    total = 0
    while True:
        page = await client.scan(**request)
        total += int(page.get("Count", 0))
        if "LastEvaluatedKey" not in page:
            return total
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
