"""Modules stay small enough to read whole: a module that grows past the cap is split by meaning (as
`parse_scan.py`, `lexicon_timing.py`, `channel_notices.py` were), never left to grow."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 500
PACKAGES = ("orchestrator", "ingress", "worker", "deploy", "bench")


def modules() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def test_the_packages_are_found() -> None:
    assert len(modules()) > 100


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_a_module_stays_under_the_cap(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by meaning"
