"""Session and action items as the code before issue 12 wrote them (tests/store/old_session_shapes.json,
recorded from that code): actions without a purpose, an outbox entry holding text, not parts."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from orchestrator.clock import epoch_seconds
from orchestrator.models import PendingAction
from orchestrator.store.actions import ACTION_ITEM_TTL
from orchestrator.store.items import encode_time

OLD: dict[str, Any] = json.loads((Path(__file__).parent / "old_session_shapes.json").read_text())
OLD_REPLY: dict[str, Any] = json.loads(OLD["outbox"][0])
OLD_ACTIONS: list[dict[str, Any]] = [json.loads(text) for text in OLD["unexecuted"]]
SESSION = "5511999990000"  # the session the shapes were recorded in


def old_session_values(now: datetime) -> dict[str, Any]:
    """A committed session item's attributes, as the previous version wrote them."""
    return {
        "sessionId": SESSION,
        "version": 3,
        "state": OLD["state_with_staged"],
        "processed": ["pGG0cstBqew97lyQ"],
        "apologized": [],
        "outbox": {OLD_REPLY["reply_id"]: {"at": 0, "json": OLD["outbox"][0]}},
        "unexecuted": {action["action_id"]: {"at": i, "json": text} for i, (action, text) in enumerate(
            zip(OLD_ACTIONS, OLD["unexecuted"], strict=True)
        )},
        "updatedAt": encode_time(now),
        "lastTurnMs": 0,
        "expiresAt": epoch_seconds(now + timedelta(days=7)),
    }  # fmt: skip


def old_action_values(action: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A PendingActions item as the previous version wrote it: no `purpose` attribute."""
    typed = PendingAction.model_validate(action)
    return {
        "sessionId": typed.session_id,
        "actionId": typed.action_id,
        "status": typed.status.value,
        "kind": typed.kind.value,
        "payload": json.dumps(action["payload"], separators=(",", ":"), ensure_ascii=False),
        "createdAt": encode_time(now),
        "confirmBy": encode_time(now + timedelta(minutes=10)),
        "messageId": typed.message_id,
        "summary": typed.summary,
        "expiresAt": epoch_seconds(now + ACTION_ITEM_TTL),
    }
