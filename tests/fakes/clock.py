"""A clock tests move by hand: leases and expiries never need a sleep."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class MutableClock:
    """An injected clock tests move by hand: leases and expiries never need a sleep."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime.now(UTC).replace(microsecond=123456)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
