"""DynamoDB item plumbing shared by the stores: the attribute codec, expired-is-absent, expression
building and the one mapping from botocore errors to our `StoreError`s.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, DecimalException
from enum import StrEnum
from typing import TYPE_CHECKING, TypeAlias, TypedDict, cast

import msgspec
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer  # type: ignore[import-untyped]
from botocore.exceptions import ClientError

from orchestrator.clock import epoch_seconds
from orchestrator.errors import (
    CommitTooLarge,
    InvalidTransition,
    LockLost,
    StoreError,
    TransientConflict,
    VersionConflict,
)
from orchestrator.store.base import TTL_ATTRIBUTE

if TYPE_CHECKING:
    from types_aiobotocore_dynamodb.client import DynamoDBClient
    from types_aiobotocore_dynamodb.type_defs import AttributeValueTypeDef

# The wire shape ({"S": ...}, {"N": ...}, {"M": {...}}), as the DynamoDB stubs spell it; a string
# because the stubs are a development dependency, read only by the type checker.
AttributeValue: TypeAlias = "AttributeValueTypeDef"
Item = dict[str, AttributeValue]
# One TransactWriteItems entry: {"Put" | "Update" | "Delete" | "ConditionCheck": that request}.
TransactEntry = dict[str, dict[str, object]]

# -- codec ---------------------------------------------------------------------------------------

# boto3's own codec, with what it leaves to us: floats (it refuses them), string sets in a stable
# order, and numbers read back as int or float instead of Decimal.
_SERIALIZER = TypeSerializer()
_DESERIALIZER = TypeDeserializer()


def encode_value(value: object) -> AttributeValue:
    """A Python value as a DynamoDB attribute value.

    Floats go through `repr` into an exact decimal string; sets become string sets, sorted (they
    must be non-empty: DynamoDB has no empty set).

    Raises:
        ValueError: a number DynamoDB cannot hold (NaN, infinite, out of range or precision), or
            an empty or non-string set.
        TypeError: a type DynamoDB cannot hold.
    """
    try:
        return cast(AttributeValue, _SERIALIZER.serialize(_storable(value)))
    except DecimalException as exc:
        raise ValueError("a number outside DynamoDB's range or precision") from exc


def _storable(value: object) -> object:
    """`value` with floats as Decimals and sets in sorted order, as boto3's serializer takes them."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("DynamoDB numbers must be finite")
        return Decimal(repr(value))
    if isinstance(value, Mapping):
        return {str(key): _storable(inner) for key, inner in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(inner) for inner in value]
    if isinstance(value, set | frozenset):
        if not value or not all(isinstance(inner, str) for inner in value):
            raise ValueError("only non-empty string sets are supported")
        # A dict's keys view is a Set that iterates in insertion order: the string set goes out sorted.
        return dict.fromkeys(sorted(value)).keys()
    return value


def decode_value(attribute: Mapping[str, object]) -> object:
    """The Python value of a DynamoDB attribute value; integral numbers come back as `int`."""
    return _native(_DESERIALIZER.deserialize(attribute))


def _native(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _native(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_native(inner) for inner in value]
    return value


def encode_item(values: Mapping[str, object]) -> Item:
    return {name: encode_value(value) for name, value in values.items()}


def decode_item(item: Mapping[str, Mapping[str, object]]) -> dict[str, object]:
    return {name: decode_value(value) for name, value in item.items()}


def encode_time(moment: datetime) -> str:
    """A fixed-width UTC ISO timestamp: exact round trip, and strings sort like the instants."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def decode_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def time_from_epoch_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


# -- expiry --------------------------------------------------------------------------------------


def is_expired(expires_at: object, now: datetime) -> bool:
    """An `expiresAt` (epoch seconds) strictly before `now`'s whole second is past."""
    return isinstance(expires_at, int | float | Decimal) and expires_at < epoch_seconds(now)


def live_item(item: Mapping[str, Mapping[str, object]] | None, now: datetime) -> dict[str, object] | None:
    """The decoded item, or None when it is absent or past its `expiresAt`.

    DynamoDB's TTL deletes days late, so every read goes through here: an expired item that is
    still stored must never be seen.
    """
    if not item:
        return None
    values = decode_item(item)
    return None if is_expired(values.get(TTL_ATTRIBUTE), now) else values


# -- expressions ---------------------------------------------------------------------------------

_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


class ExpressionParams(TypedDict, total=False):
    """The placeholders' part of a request, spread into it with `**`."""

    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, AttributeValue]


@dataclass
class Expression:
    """Placeholders for one request's expressions: every attribute name goes through `name`
    (our names include reserved words such as `status`, `version`, `token`) and every value
    through `value`."""

    names: dict[str, str] = field(default_factory=dict)
    values: dict[str, AttributeValue] = field(default_factory=dict)

    def name(self, attribute: str) -> str:
        for placeholder, known in self.names.items():
            if known == attribute:
                return placeholder
        # Map keys (reply ids, event ids) are arbitrary text: those get a numbered placeholder.
        placeholder = f"#{attribute}" if _PLAIN_NAME.fullmatch(attribute) else f"#k{len(self.names)}"
        self.names[placeholder] = attribute
        return placeholder

    def value(self, value: object) -> str:
        placeholder = f":v{len(self.values)}"
        self.values[placeholder] = encode_value(value)
        return placeholder

    def params(self) -> ExpressionParams:
        """`ExpressionAttributeNames` / `Values`, leaving out an empty one (DynamoDB rejects it)."""
        params: ExpressionParams = {}
        if self.names:
            params["ExpressionAttributeNames"] = dict(self.names)
        if self.values:
            params["ExpressionAttributeValues"] = dict(self.values)
        return params


# Generic condition fragments; each store adds its own next to the invariant it protects.


def item_absent(expr: Expression, key_attribute: str) -> str:
    """No item under this key: a create never overwrites."""
    return f"attribute_not_exists({expr.name(key_attribute)})"


def item_expired(expr: Expression, now: datetime) -> str:
    """The stored item is past its TTL: it counts as absent, so writes may replace it."""
    return f"{expr.name(TTL_ATTRIBUTE)} < {expr.value(epoch_seconds(now))}"


def item_gone(expr: Expression, key_attribute: str, now: datetime) -> str:
    """No item under this key, or one past its TTL, which counts as absent (TTL deletes lag): a
    create may write over it, and a live item is never overwritten."""
    return f"{item_absent(expr, key_attribute)} OR {item_expired(expr, now)}"


def item_live(expr: Expression, now: datetime) -> str:
    """The item exists and is not past its TTL (the negation of absent-or-expired)."""
    return f"{expr.name(TTL_ATTRIBUTE)} >= {expr.value(epoch_seconds(now))}"


# -- errors --------------------------------------------------------------------------------------


class ItemRole(StrEnum):
    """What a failed condition on one item of a transaction means."""

    VERSIONED = "versioned"  # the session version -> VersionConflict
    FENCE = "fence"  # the lock token -> LockLost
    ACTION = "action"  # an action's previous status -> InvalidTransition
    PLAIN = "plain"  # no condition expected to fail -> StoreError


CONDITION_FAILED = "ConditionalCheckFailedException"
_TRANSIENT_CODES = frozenset(
    {
        "TransactionConflict",
        "TransactionConflictException",
        "TransactionInProgressException",
        "ThrottlingError",
        "ThrottlingException",
        "ProvisionedThroughputExceeded",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "InternalServerError",
    }
)
_CONDITION_ERRORS: dict[ItemRole, type[StoreError]] = {
    ItemRole.FENCE: LockLost,
    ItemRole.VERSIONED: VersionConflict,
    ItemRole.ACTION: InvalidTransition,
    ItemRole.PLAIN: StoreError,
}


def error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def is_condition_failure(exc: ClientError) -> bool:
    return error_code(exc) == CONDITION_FAILED


async def delete_while(
    client: DynamoDBClient, table: str, key: Mapping[str, str], condition: Callable[[Expression], str]
) -> bool:
    """Delete the item while `condition` holds (a claim or a lease still ours); False when it no
    longer does: taken over or already gone, which is not an error for a release.

    Raises:
        StoreError: any other DynamoDB failure.
    """
    expr = Expression()
    try:
        await client.delete_item(
            TableName=table, Key=encode_item(key), ConditionExpression=condition(expr), **expr.params()
        )
    except ClientError as exc:
        if not is_condition_failure(exc):
            raise store_error(exc) from exc
        return False
    return True


def failed_item(exc: ClientError) -> Item | None:
    """The item a failed condition returned (`ReturnValuesOnConditionCheckFailure=ALL_OLD`)."""
    item = cast("Item | None", exc.response.get("Item"))
    return dict(item) if item else None


def store_error(exc: ClientError, roles: Sequence[ItemRole] = ()) -> StoreError:
    """Our error for a DynamoDB failure; callers raise it `from exc`.

    For a cancelled transaction, `roles[i]` says what item `i`'s condition guarded. A lost lease
    outranks a version conflict (the holder must stop, not retry), which outranks an action
    that moved on; cancellations for concurrency or throttling are transient.
    """
    code = error_code(exc)
    if code == "TransactionCanceledException":
        return _cancellation_error(exc.response.get("CancellationReasons") or [], roles)
    if code in _TRANSIENT_CODES:
        return TransientConflict(code)
    return StoreError(f"dynamodb {code or 'error'}")


def _cancellation_error(reasons: Sequence[Mapping[str, object]], roles: Sequence[ItemRole]) -> StoreError:
    failed_roles = {
        roles[index] if index < len(roles) else ItemRole.PLAIN
        for index, reason in enumerate(reasons)
        if reason.get("Code") == "ConditionalCheckFailed"
    }
    for role in (ItemRole.FENCE, ItemRole.VERSIONED, ItemRole.ACTION, ItemRole.PLAIN):
        if role in failed_roles:
            return _CONDITION_ERRORS[role](f"transaction cancelled: {role} condition failed")
    codes = sorted({str(reason.get("Code")) for reason in reasons} - {"None"})
    if codes and all(code in _TRANSIENT_CODES for code in codes):
        return TransientConflict(f"transaction cancelled: {', '.join(codes)}")
    return StoreError(f"transaction cancelled: {', '.join(codes) or 'unknown reason'}")


# -- transaction limits --------------------------------------------------------------------------

MAX_TRANSACTION_ITEMS = 100
MAX_TRANSACTION_BYTES = 4 * 1024 * 1024
MAX_ITEM_BYTES = 400 * 1024


_encode = msgspec.json.Encoder().encode
_ESCAPE_FACTOR = 6


def _binary_size(value: object) -> str:
    """A binary attribute counts its raw bytes (its base64 on the wire is not what DynamoDB counts)."""
    if isinstance(value, bytes | bytearray):
        return "b" * len(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def check_transaction_size(operations: Sequence[Mapping[str, object]]) -> None:
    """Refuse, before any call, a transaction DynamoDB would reject for its size.

    Sizes are measured on the request's JSON, a slight overestimate of DynamoDB's own count.

    Raises:
        CommitTooLarge: over 100 entries, 4 MB in all, or 400 KB for one item.
    """
    if len(operations) > MAX_TRANSACTION_ITEMS:
        raise CommitTooLarge(f"{len(operations)} items in one transaction (limit {MAX_TRANSACTION_ITEMS})")
    # A cheap bound first: the measure below is at most _ESCAPE_FACTOR times msgspec's JSON (UTF-8
    # text, base64 binaries) of the same operation, since its \uXXXX escapes take at most 6 bytes per
    # UTF-8 byte and raw binaries are shorter than their base64. A commit of the usual size stops here.
    bounds = [len(_encode(operation)) * _ESCAPE_FACTOR for operation in operations]
    if max(bounds, default=0) <= MAX_ITEM_BYTES and sum(bounds) <= MAX_TRANSACTION_BYTES:
        return
    sizes = [
        len(json.dumps(operation, separators=(",", ":"), default=_binary_size).encode()) for operation in operations
    ]
    if max(sizes, default=0) > MAX_ITEM_BYTES:
        raise CommitTooLarge(f"an item of {max(sizes)} bytes (limit {MAX_ITEM_BYTES})")
    if sum(sizes) > MAX_TRANSACTION_BYTES:
        raise CommitTooLarge(f"{sum(sizes)} bytes in one transaction (limit {MAX_TRANSACTION_BYTES})")
