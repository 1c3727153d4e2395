"""The item plumbing, pure: codec round trips, expired-is-absent, error mapping, placeholders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import strategies as st

from orchestrator.clock import epoch_seconds
from orchestrator.errors import (
    CommitTooLarge,
    InvalidTransition,
    LockLost,
    StoreError,
    TransientConflict,
    VersionConflict,
)
from orchestrator.store.items import (
    Expression,
    ItemRole,
    check_transaction_size,
    decode_time,
    decode_value,
    encode_item,
    encode_time,
    encode_value,
    live_item,
    store_error,
)

NOW = datetime(2026, 11, 26, 12, 0, 0, 250_000, tzinfo=UTC)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    # Within DynamoDB's number range (1E-130 to 9.9E+125): beyond it a value is refused, not stored.
    | st.floats(allow_nan=False, allow_infinity=False, width=64).filter(
        lambda f: not f.is_integer() and 1e-120 < abs(f) < 1e120
    )
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def _cancelled(*codes: str) -> ClientError:
    reasons = [{"Code": code} for code in codes]
    return ClientError(
        {"Error": {"Code": "TransactionCanceledException"}, "CancellationReasons": reasons}, "TransactWriteItems"
    )


class TestCodec:
    @given(json_values)
    def test_round_trip(self, value: Any) -> None:
        """Any JSON-like value, floats included, decodes back equal to what was encoded."""
        assert decode_value(encode_value(value)) == value

    def test_float_is_an_exact_decimal_string(self) -> None:
        """A float is stored as its shortest decimal text, not a binary expansion."""
        assert encode_value(36.6) == {"N": "36.6"}
        assert encode_value(Decimal("1.50")) == {"N": "1.50"}

    def test_rejects_what_dynamodb_cannot_hold(self) -> None:
        """NaN, empty sets and unknown types are refused before any call."""
        for bad in (float("nan"), set(), object()):
            with pytest.raises((ValueError, TypeError)):
                encode_value(bad)

    def test_rejects_numbers_beyond_dynamodb(self) -> None:
        """Numbers DynamoDB cannot hold exactly (out of range, over 38 digits) are refused before any call."""
        for bad in (1e-300, 1e300, 10**40 + 1):
            with pytest.raises(ValueError, match="DynamoDB"):
                encode_value(bad)

    def test_string_set(self) -> None:
        """A set of strings is a DynamoDB string set, sorted."""
        assert encode_value({"b", "a"}) == {"SS": ["a", "b"]}
        assert decode_value({"SS": ["a", "b"]}) == {"a", "b"}

    def test_time_text_sorts_like_instants(self) -> None:
        """Encoded times are fixed width, round-trip exactly and sort like the instants."""
        moments = [NOW, NOW.replace(microsecond=0), NOW + timedelta(microseconds=1)]
        assert [decode_time(encode_time(moment)) for moment in moments] == moments
        assert sorted(moments) == [decode_time(text) for text in sorted(encode_time(m) for m in moments)]


class TestLiveItem:
    def test_expired_item_is_absent(self) -> None:
        """An item whose expiresAt is before now reads as None; at or after now it is live."""
        past = encode_item({"k": "v", "expiresAt": epoch_seconds(NOW) - 1})
        present = encode_item({"k": "v", "expiresAt": epoch_seconds(NOW)})
        assert live_item(past, NOW) is None
        assert live_item(present, NOW) == {"k": "v", "expiresAt": epoch_seconds(NOW)}

    def test_absent_item(self) -> None:
        """A missing or empty item is None; one without expiresAt never expires."""
        assert live_item(None, NOW) is None
        assert live_item({}, NOW) is None
        assert live_item(encode_item({"k": 1}), NOW) == {"k": 1}


class TestErrorMapping:
    ROLES = (ItemRole.VERSIONED, ItemRole.ACTION, ItemRole.PLAIN, ItemRole.FENCE)

    @pytest.mark.parametrize(
        ("codes", "error"),
        [
            (("ConditionalCheckFailed", "None", "None", "None"), VersionConflict),
            (("None", "ConditionalCheckFailed", "None", "None"), InvalidTransition),
            (("None", "None", "None", "ConditionalCheckFailed"), LockLost),
            (("ConditionalCheckFailed", "None", "None", "ConditionalCheckFailed"), LockLost),
            (("ConditionalCheckFailed", "ConditionalCheckFailed", "None", "None"), VersionConflict),
            (("None", "None", "ConditionalCheckFailed", "None"), StoreError),
            (("TransactionConflict", "None", "None", "None"), TransientConflict),
            (("None", "ThrottlingError", "None", "None"), TransientConflict),
            (("ValidationError", "None", "None", "None"), StoreError),
        ],
    )
    def test_cancellation_reasons_by_item(self, codes: tuple[str, ...], error: type[StoreError]) -> None:
        """Each cancelled item maps through its role; a lost lease outranks a version conflict."""
        mapped = store_error(_cancelled(*codes), self.ROLES)
        assert type(mapped) is error

    def test_throttling_is_transient(self) -> None:
        """A throttled single call is a TransientConflict; anything else a plain StoreError."""
        throttled = ClientError({"Error": {"Code": "ThrottlingException"}}, "PutItem")
        assert type(store_error(throttled)) is TransientConflict
        assert type(store_error(ClientError({"Error": {"Code": "ValidationException"}}, "PutItem"))) is StoreError


class TestExpression:
    def test_placeholders(self) -> None:
        """Names get stable placeholders (numbered for arbitrary map keys); values are encoded."""
        expr = Expression()
        assert expr.name("status") == "#status"
        assert expr.name("status") == "#status"
        assert expr.name("wamid.HBg=") == "#k1"
        assert expr.value(1.5) == ":v0"
        assert expr.params() == {
            "ExpressionAttributeNames": {"#status": "status", "#k1": "wamid.HBg="},
            "ExpressionAttributeValues": {":v0": {"N": "1.5"}},
        }


class TestTransactionSize:
    def test_limits(self) -> None:
        """101 entries, one item over 400 KB or more than 4 MB in all raise CommitTooLarge."""
        small = {"Put": {"Item": {"k": {"S": "x"}}}}
        check_transaction_size([small] * 100)
        with pytest.raises(CommitTooLarge):
            check_transaction_size([small] * 101)
        with pytest.raises(CommitTooLarge):
            check_transaction_size([{"Put": {"Item": {"k": {"S": "x" * 410_000}}}}])
        with pytest.raises(CommitTooLarge):
            check_transaction_size([{"Put": {"Item": {"k": {"S": "x" * 300_000}}}}] * 15)
