"""The queue body: a versioned JSON envelope around one `InboundEvent`.

`{"v": 1, "kind": "message" | "template_fired", "event": {...}}`. Unknown versions or kinds
raise `InvalidEnvelope`, which the worker treats as a permanent failure (DLQ).
"""

from __future__ import annotations

import json

from pydantic import ValidationError

from orchestrator import ids
from orchestrator.errors import InvalidEnvelope
from orchestrator.models import EventKind, InboundEvent

VERSION = 1


def encode(event: InboundEvent) -> str:
    """Serialize an event as the queue body."""
    return json.dumps(
        {"v": VERSION, "kind": event.kind.value, "event": event.model_dump(mode="json")},
        separators=(",", ":"),
        ensure_ascii=False,
    )


def decode(body: str) -> InboundEvent:
    """Parse a queue body.

    Raises:
        InvalidEnvelope: not JSON, unknown version or kind, or an invalid event.
    """
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise InvalidEnvelope(f"body is not JSON: {exc.msg}") from exc
    if not isinstance(data, dict) or data.get("v") != VERSION:
        raise InvalidEnvelope(f"unsupported envelope version: {data.get('v') if isinstance(data, dict) else None!r}")
    if data.get("kind") not in set(EventKind):
        raise InvalidEnvelope(f"unknown envelope kind: {data.get('kind')!r}")
    try:
        event = InboundEvent.model_validate(data.get("event"))
    except ValidationError as exc:
        fields = ", ".join(".".join(str(p) for p in err["loc"]) for err in exc.errors())
        raise InvalidEnvelope(f"invalid event fields: {fields}") from exc
    if event.kind.value != data["kind"]:
        raise InvalidEnvelope("envelope kind does not match its event")
    return event


def deduplication_id(idempotency_key: str) -> str:
    """SQS FIFO `MessageDeduplicationId` for a key: fixed length, any characters allowed in the key."""
    return ids.deduplication_id(idempotency_key)
