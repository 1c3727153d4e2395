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
