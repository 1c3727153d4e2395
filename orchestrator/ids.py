"""Every id we derive from other ids: one SHA-256 recipe each, and no randomness.

A redelivered message must reproduce the ids its first delivery produced (the backend's and the
sink's `Idempotency-Key`, the commit's request token, SQS's deduplication id), and stored ids are
compared across versions: each recipe here is fixed. `tests/unit/test_ids.py` pins known values.
"""

from __future__ import annotations

import base64
import hashlib

_SEPARATOR = "\x1f"  # ASCII unit separator: never part of an id, so ("a", "bc") != ("ab", "c")


def _sha256(*parts: str) -> str:
    return hashlib.sha256(_SEPARATOR.join(parts).encode()).hexdigest()


def derive_id(kind: str, *parts: str) -> str:
    """An id of `kind` (`reply`, `commit`, `follow-up`) from its inputs: 32 hex chars fit every limit."""
    return _sha256(kind, *parts)[:32]


def action_id(event_id: str, purpose: str) -> str:
    """A pending action's id: the event that staged it and why (the backend's `Idempotency-Key`)."""
    return _sha256(event_id, purpose)[:32]


def event_marker(event_id: str) -> str:
    """What a session item keeps of each processed event: 16 characters instead of the id itself.

    Event ids run to 60+ characters (wamids) and the item keeps the last 200, so storing them
    whole made every commit several KB heavier. 96 bits of SHA-256 make a false match among
    200 markers a ~1e-26 event.
    """
    digest = hashlib.sha256(event_id.encode()).digest()[:12]
    return base64.urlsafe_b64encode(digest).decode()


def deduplication_id(idempotency_key: str) -> str:
    """SQS FIFO `MessageDeduplicationId` for a key: fixed length, any characters allowed in the key."""
    return _sha256(idempotency_key)


def redrive_deduplication_id(original: str | None, dlq_message_id: str) -> str:
    """The `MessageDeduplicationId` of a redriven copy: new for every arrival in the DLQ, stable
    across redrive attempts of the same dead letter (see `dlq.values.redrive_deduplication_id`)."""
    return hashlib.sha256(f"redrive|{original or ''}|{dlq_message_id}".encode()).hexdigest()
