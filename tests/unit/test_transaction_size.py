"""check_transaction_size's cheap bound (msgspec's JSON times six) is never below the measure it
skips, so a commit is refused exactly when it was before the bound."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from orchestrator.errors import CommitTooLarge
from orchestrator.store import items
from orchestrator.store.items import check_transaction_size

_values = st.recursive(
    st.one_of(
        st.text().map(lambda text: {"S": text}),
        st.binary(max_size=64).map(lambda blob: {"B": blob}),
        st.integers().map(lambda number: {"N": str(number)}),
    ),
    lambda children: st.dictionaries(st.text(max_size=8), children, max_size=4).map(lambda entries: {"M": entries}),
    max_leaves=12,
)
_operations = st.dictionaries(st.text(max_size=8), _values, max_size=6).map(
    lambda item: {"Put": {"TableName": "t", "Item": item}}
)


def _measure(operation: dict[str, Any]) -> int:
    return len(json.dumps(operation, separators=(",", ":"), default=items._binary_size).encode())


class TestBound:
    @given(_operations)
    def test_bound_covers_the_measure(self, operation: dict[str, Any]) -> None:
        """Any text (escaped or not) and any binary: the bound is at least the measure."""
        assert len(items._encode(operation)) * items._ESCAPE_FACTOR >= _measure(operation)

    def test_large_item_still_measured(self) -> None:
        """An item over the bound but under the limit is measured and accepted; one over the limit
        is refused."""
        big = {"Put": {"TableName": "t", "Item": {"k": {"S": "a" * (items.MAX_ITEM_BYTES // 6 + 1)}}}}
        try:
            check_transaction_size([big])
        except CommitTooLarge:
            raise AssertionError("refused on the bound alone") from None
        bigger = {"Put": {"TableName": "t", "Item": {"k": {"B": b"x" * (items.MAX_ITEM_BYTES + 1)}}}}
        try:
            check_transaction_size([bigger])
        except CommitTooLarge:
            return
        raise AssertionError("an item over 400 KB was accepted")
