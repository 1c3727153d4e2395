"""PendingActions: two-phase backend writes whose status only moves forward, each move a write
conditioned on the previous status. Builds the action writes of a session commit and settle, and
reads the actions back (the admin routes).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final, NotRequired, TypedDict, Unpack, cast

from botocore.exceptions import ClientError

from orchestrator.clock import epoch_seconds, utc_now
from orchestrator.machine.pending import shown_summary
from orchestrator.models import ActionChange, ActionStatus, BackendContract, PendingAction, Purpose
from orchestrator.store.base import PENDING_ACTIONS_TABLE, TTL_ATTRIBUTE
from orchestrator.store.items import (
    Expression,
    ExpressionParams,
    Item,
    TransactEntry,
    decode_time,
    encode_item,
    encode_time,
    item_gone,
    item_live,
    live_item,
    store_error,
)

if TYPE_CHECKING:
    from types_aiobotocore_dynamodb.client import DynamoDBClient

STATUS_INDEX = "status-index"
# The item outlives the confirmation window (10 min by default) so late answers still find it.
ACTION_ITEM_TTL = timedelta(hours=1)
_KEY = ("sessionId", "actionId")
_STATUS: Final = "status"
_CREATED_AT: Final = "createdAt"  # fixed-width ISO UTC: the GSI sort key, ordered like the instants
_CONFIRM_BY: Final = "confirmBy"
_CONFIRMED_BY: Final = "confirmedBy"  # the event whose "sim" confirmed the action
_SUMMARY: Final = "summary"


class ActionValues(TypedDict):
    """A PendingActions item, decoded: what `action_to_item` writes."""

    sessionId: str
    actionId: str
    status: str
    kind: str
    purpose: NotRequired[str]  # absent on items written before issue 12
    payload: str  # the JSON text of the request body
    createdAt: str
    confirmBy: str
    messageId: str
    summary: NotRequired[str]  # only when it is not what `shown_summary` derives (and on older items)
    confirmedBy: NotRequired[str]
    expiresAt: int


class _QueryParams(ExpressionParams, total=False):
    """What `_query` passes on to Query besides the table."""

    IndexName: str
    KeyConditionExpression: str
    FilterExpression: str
    ConsistentRead: bool
    ExclusiveStartKey: Item


def _derived_summary(action: PendingAction) -> str | None:
    """The summary its purpose and payload show (`shown_summary`), None for a payload that is not
    its contract's body."""
    try:
        return shown_summary(action.purpose, action.payload)
    except ValueError:
        return None


def action_to_item(action: PendingAction) -> Item:
    """The item of an action. Its summary is left out when the payload shows it (every summary the
    machine writes): read back, it is derived again. The item is billed per KB at every move (three
    in all, twice in transactions, once more for the status index) and the summary repeats the
    payload's values and whole clinical note: a measurement with its note takes ~0.7 KB, not 0.9."""
    return encode_item(
        {
            "sessionId": action.session_id,
            "actionId": action.action_id,
            _STATUS: action.status.value,
            "kind": action.kind.value,
            "purpose": action.purpose.value,
            # JSON text, not a map: the backend gets back exactly the body that was staged.
            "payload": json.dumps(action.payload, separators=(",", ":"), ensure_ascii=False),
            _CREATED_AT: encode_time(action.created_at),
            _CONFIRM_BY: encode_time(action.expires_at),
            "messageId": action.message_id,
            TTL_ATTRIBUTE: epoch_seconds(action.created_at + ACTION_ITEM_TTL),
        }
        | ({_SUMMARY: action.summary} if action.summary != _derived_summary(action) else {})
        | ({_CONFIRMED_BY: action.confirmed_by} if action.confirmed_by else {})
    )


def action_from_values(decoded: Mapping[str, object], now: datetime) -> PendingAction:
    """Decoded item to the action as of `now`: a staged action past its window reads EXPIRED."""
    values = cast(ActionValues, decoded)
    action = PendingAction(
        action_id=values["actionId"],
        session_id=values["sessionId"],
        kind=BackendContract(values["kind"]),
        purpose=values.get("purpose"),  # absent on items written before issue 12: PendingAction infers it
        status=ActionStatus(values[_STATUS]),
        payload=json.loads(values["payload"]),
        created_at=decode_time(values[_CREATED_AT]),
        expires_at=decode_time(values[_CONFIRM_BY]),
        message_id=values["messageId"],
        confirmed_by=values.get(_CONFIRMED_BY),
    )
    # Stored only when it differs from what is derived (and on items written before issue 15).
    summary = values[_SUMMARY] if _SUMMARY in values else _derived_summary(action)
    action = action.model_copy(update={"summary": summary or ""})
    return action.model_copy(update={"status": ActionStatus.EXPIRED}) if action.is_expired(now) else action


def has_item(action: PendingAction) -> bool:
    """Whether the action is kept in PendingActions. An operational note is saved at once, outside
    the two-phase commit (SPEC section 6), so it has no item there: like every confirmed action it
    is kept in the session's `unexecuted` (written by the commit that confirms it, removed by the
    settle that records its execution), which alone decides whether it is executed again."""
    return action.purpose is not Purpose.OPERATIONAL


def _key(session_id: str, action_id: str) -> Item:
    return encode_item({"sessionId": session_id, "actionId": action_id})


def _status_in(expr: Expression, statuses: Sequence[ActionStatus]) -> str:
    """Forward-only moves: the action is still in a status this move may start from."""
    options = ", ".join(expr.value(status.value) for status in statuses)
    return f"{expr.name(_STATUS)} IN ({options})"


def change_operation(table: str, change: ActionChange, now: datetime) -> TransactEntry:
    """The TransactWriteItems entry for one action change (condition failure = InvalidTransition)."""
    if change.action.status is ActionStatus.EXECUTED:
        # Recording an execution must not depend on the item outliving its TTL: same write as settle's.
        return executed_operation(table, change.action, now)
    expr = Expression()
    if change.previous is None:
        # A new action: created once; a re-run of the same event never resets its status.
        condition = item_gone(expr, "actionId", now)
        return {
            "Put": {"TableName": table, "Item": action_to_item(change.action), "ConditionExpression": condition}
            | expr.params()
        }
    update = f"SET {expr.name(_STATUS)} = {expr.value(change.action.status.value)}"
    if change.action.confirmed_by:
        update += f", {expr.name(_CONFIRMED_BY)} = {expr.value(change.action.confirmed_by)}"
    condition = f"{item_live(expr, now)} AND {_status_in(expr, [change.previous])}"
    return {
        "Update": {
            "TableName": table,
            "Key": _key(change.action.session_id, change.action.action_id),
            "UpdateExpression": update,
            "ConditionExpression": condition,
        }
        | expr.params()
    }


def executed_operation(table: str, action: PendingAction, now: datetime) -> TransactEntry:
    """Settle's write of an executed action: the whole item, so it is recorded even when the item
    already passed its 1-hour TTL (the backend was down a long time) or TTL deleted it."""
    expr = Expression()
    executed = action.model_copy(update={"status": ActionStatus.EXECUTED})
    # Executed once: only a confirmed action (or none left to see) moves to executed.
    confirmed = _status_in(expr, [ActionStatus.CONFIRMED])
    condition = f"{item_gone(expr, 'actionId', now)} OR {confirmed}"
    return {
        "Put": {"TableName": table, "Item": action_to_item(executed), "ConditionExpression": condition} | expr.params()
    }


class DynamoPendingActionStore:
    """`PendingActionStore` on the PendingActions table (key sessionId + actionId, GSI on status).

    Reads only: every move of an action is part of a session's commit or settle. Operational
    notes are not here (`has_item`)."""

    def __init__(self, client: DynamoDBClient, table_prefix: str, clock: Callable[[], datetime] = utc_now) -> None:
        self._client = client
        self._table = f"{table_prefix}{PENDING_ACTIONS_TABLE}"
        self._clock = clock

    async def current(self, session_id: str) -> PendingAction | None:
        expr = Expression()
        actions = await self._query(
            KeyConditionExpression=f"{expr.name('sessionId')} = {expr.value(session_id)}",
            FilterExpression=_status_in(expr, [ActionStatus.STAGED, ActionStatus.CONFIRMED]),
            ConsistentRead=True,
            **expr.params(),
        )
        return max(actions, key=lambda action: action.created_at, default=None)

    async def list_by_status(self, status: ActionStatus, *, limit: int = 100) -> list[PendingAction]:
        """Oldest first. EXPIRED includes staged actions whose window closed (expiry on read);
        STAGED leaves those out. The GSI is eventually consistent."""
        stored = [ActionStatus.STAGED, ActionStatus.EXPIRED] if status is ActionStatus.EXPIRED else [status]
        found: list[PendingAction] = []
        for stored_status in stored:
            expr = Expression()
            found += await self._query(
                IndexName=STATUS_INDEX,
                KeyConditionExpression=f"{expr.name(_STATUS)} = {expr.value(stored_status.value)}",
                keep=lambda action: action.status is status,
                limit=limit,
                **expr.params(),
            )
        return sorted(found, key=lambda action: action.created_at)[:limit]

    async def _query(
        self,
        *,
        keep: Callable[[PendingAction], bool] = lambda _: True,
        limit: int | None = None,
        **params: Unpack[_QueryParams],
    ) -> list[PendingAction]:
        """The live actions a query matches that `keep` accepts, across pages, up to `limit`."""
        now = self._clock()
        found: list[PendingAction] = []
        while limit is None or len(found) < limit:
            try:
                response = await self._client.query(TableName=self._table, **params)
            except ClientError as exc:
                raise store_error(exc) from exc
            rows = (live_item(item, now) for item in response.get("Items", []))
            found += [action for action in (action_from_values(v, now) for v in rows if v) if keep(action)]
            if "LastEvaluatedKey" not in response:
                break
            params["ExclusiveStartKey"] = response["LastEvaluatedKey"]
        return found if limit is None else found[:limit]
