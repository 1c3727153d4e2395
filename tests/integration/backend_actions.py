"""A confirmed action as the worker hands it to `Backend.execute`, for the backend client tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from orchestrator.models import ActionKind, ActionStatus, PendingAction

# `execute` reads only the kind, the payload and the action id (its Idempotency-Key): the session and
# the times are any valid ones.
_CREATED_AT = datetime(2026, 11, 26, 12, tzinfo=UTC)


def confirmed_action(kind: ActionKind, payload: dict[str, Any], action_id: str = "act-1") -> PendingAction:
    return PendingAction(
        action_id=action_id,
        session_id="5511900000001",
        kind=kind,
        status=ActionStatus.CONFIRMED,
        payload=payload,
        created_at=_CREATED_AT,
        expires_at=_CREATED_AT + timedelta(minutes=10),
        message_id="m-1",
    )
