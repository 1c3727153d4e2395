"""The wall clock, read only at the edges (the state machine takes `now` as an argument)."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def epoch_seconds(moment: datetime) -> int:
    """Whole seconds since the epoch: DynamoDB's TTL attribute format."""
    return int(moment.timestamp())


def epoch_ms(moment: datetime) -> int:
    """Milliseconds since the epoch (ConversationBuffer's sort key)."""
    return int(moment.timestamp() * 1000)
