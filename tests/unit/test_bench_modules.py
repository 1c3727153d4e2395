"""The benchmarks stay runnable: each module imports (their figures are never asserted)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import bench


@pytest.mark.parametrize("name", sorted(module.name for module in pkgutil.iter_modules(bench.__path__)))
def test_bench_module_imports(name: str) -> None:
    """Importing a bench module has no side effect and finds every name it uses at import time."""
    importlib.import_module(f"bench.{name}")


def test_transaction_units_beyond_the_largest_item() -> None:
    """DynamoDB Local reports a transaction's units per table as its largest item's; the meter adds
    the others (2 per KB each): two small turns and a 3 KB one beside one update elsewhere."""
    from bench.store import units_beyond_largest

    def turn(text: str) -> dict[str, object]:
        return {"Put": {"TableName": "turns", "Item": {"sessionId": {"S": "s"}, "text": {"S": text}}}}

    items = [turn("a"), turn("b"), turn("x" * 3000), {"Update": {"TableName": "sessions", "Key": {}}}]
    assert units_beyond_largest(items) == {"turns": 4, "sessions": 0}
