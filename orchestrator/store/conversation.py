"""ConversationBuffer: every user and bot turn of a session, keyed by its millisecond timestamp.

Turns are written by the session commit and settle (`turn_operation`); this module reads them back."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final, NotRequired, TypedDict, cast

from botocore.exceptions import ClientError

from orchestrator.clock import epoch_seconds, utc_now
from orchestrator.models import Choice, Role, Turn
from orchestrator.store.base import CONVERSATION_TABLE, TTL_ATTRIBUTE
from orchestrator.store.items import (
    Expression,
    Item,
    TransactEntry,
    encode_item,
    live_item,
    store_error,
    time_from_epoch_ms,
)

if TYPE_CHECKING:
    from types_aiobotocore_dynamodb.client import DynamoDBClient

TURN_TTL = timedelta(days=7)
_SORT_KEY: Final = "createdAtEpoch"
_BUTTONS: Final = "buttons"
_OPTIONS: Final = "options"


class TurnValues(TypedDict):
    """A ConversationBuffer item, decoded: what `turn_to_item` writes."""

    sessionId: str
    createdAtEpoch: int
    role: str
    text: str
    messageId: str
    expiresAt: int
    buttons: NotRequired[list[dict[str, str]]]  # Choice.model_dump() of each offered answer
    options: NotRequired[list[dict[str, str]]]


def turn_to_item(turn: Turn) -> Item:
    # TTL counts from the turn's own time, so a session's turns expire oldest first.
    values: dict[str, object] = {
        "sessionId": turn.session_id,
        _SORT_KEY: turn.at_ms,
        "role": turn.role.value,
        "text": turn.text,
        "messageId": turn.message_id,
        TTL_ATTRIBUTE: epoch_seconds(time_from_epoch_ms(turn.at_ms) + TURN_TTL),
    }
    # Only a turn that offered answers carries them: most turns keep their old shape.
    for name, choices in ((_BUTTONS, turn.buttons), (_OPTIONS, turn.options)):
        if choices:
            values[name] = [choice.model_dump() for choice in choices]
    return encode_item(values)


def turn_from_values(decoded: Mapping[str, object]) -> Turn:
    values = cast(TurnValues, decoded)
    return Turn(
        session_id=values["sessionId"],
        at_ms=values[_SORT_KEY],
        role=Role(values["role"]),
        text=values["text"],
        message_id=values["messageId"],
        buttons=tuple(Choice.model_validate(choice) for choice in values.get(_BUTTONS, ())),
        options=tuple(Choice.model_validate(choice) for choice in values.get(_OPTIONS, ())),
    )


def turn_key(session_id: str, at_ms: int) -> Item:
    return encode_item({"sessionId": session_id, _SORT_KEY: at_ms})


def turn_operation(table: str, turn: Turn) -> TransactEntry:
    """The commit's Put for one turn. Unconditional: `at_ms` is unique per session, so a put of
    the same key is the same turn again, and a condition here could only cancel the commit."""
    return {"Put": {"TableName": table, "Item": turn_to_item(turn)}}


class DynamoConversationStore:
    """`ConversationStore` on ConversationBuffer (key sessionId + createdAtEpoch)."""

    def __init__(self, client: DynamoDBClient, table_prefix: str, clock: Callable[[], datetime] = utc_now) -> None:
        self._client = client
        self._table = f"{table_prefix}{CONVERSATION_TABLE}"
        self._clock = clock

    async def last(self, session_id: str, limit: int) -> list[Turn]:
        if limit <= 0:
            return []
        now = self._clock()
        expr = Expression()
        try:
            response = await self._client.query(
                TableName=self._table,
                KeyConditionExpression=f"{expr.name('sessionId')} = {expr.value(session_id)}",
                ScanIndexForward=False,
                Limit=limit,
                ConsistentRead=True,
                **expr.params(),
            )
        except ClientError as exc:
            raise store_error(exc) from exc
        # Turns expire oldest first, so the newest `limit` items hold every live turn among the
        # last `limit`: dropping the expired ones needs no further page.
        newest = [turn_from_values(values) for item in response.get("Items", []) if (values := live_item(item, now))]
        return newest[::-1]
