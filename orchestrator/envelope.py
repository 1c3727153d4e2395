"""The queue body: a versioned JSON envelope around one `InboundEvent`.

`{"v": 1, "kind": "message" | "template_fired", "event": {...}}`. Unknown versions or kinds
raise `InvalidEnvelope`, which the worker treats as a permanent failure (DLQ).

When tracing is on, the envelope also carries `"traceparent"` (W3C) at its top level: an additive
field that readers which do not know it ignore, so the envelope stays version 1.
"""

from __future__ import annotations

import json

from pydantic import ValidationError

from orchestrator import ids
from orchestrator.errors import InvalidEnvelope
from orchestrator.models import EventKind, InboundEvent

VERSION = 1


def encode(event: InboundEvent, *, traceparent: str | None = None) -> str:
    """Serialize an event as the queue body (with the sender's trace, if any)."""
    body: dict[str, object] = {"v": VERSION, "kind": event.kind.value, "event": event.model_dump(mode="json")}
    if traceparent:
        body["traceparent"] = traceparent
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def traceparent_of(body: str) -> tuple[str | None, str | None]:
    """`(event id, traceparent)` of a queue body, each None when absent; never raises (a malformed
    body is `decode`'s to report)."""
    try:
        data = json.loads(body)
        event = data.get("event") or {}
        traceparent, event_id = data.get("traceparent"), event.get("event_id")
    except (ValueError, AttributeError):
        return None, None
    return (
        event_id if isinstance(event_id, str) else None,
        traceparent if isinstance(traceparent, str) else None,
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
