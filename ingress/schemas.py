"""Request and response bodies of the HTTP contract (SPEC section 5), as documented in /schema.

Also the payload hash that tells a replay (same key, same payload) from a key reuse.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, JsonValue

from orchestrator.models import Template

# WhatsApp caps a text message at 4096 characters; anything longer is not a caregiver's message.
MAX_TEXT_CHARS = 4096
MAX_KEY_CHARS = 256
# SPEC section 5: bodies over 64 KiB get 413, refused on Content-Length before anything is read.
MAX_BODY_BYTES = 64 * 1024
# pydantic's prefix on a validator's own ValueError: what follows is the rule in words, as refusals say it.
VALUE_ERROR_PREFIX = "Value error, "


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must contain more than whitespace")
    return text


# A message of spaces and newlines is nothing to answer (the Meta route refuses it too).
MessageText = Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS), AfterValidator(_not_blank)]


class _Request(BaseModel):
    # Senders (n8n flows, the backend) may add fields of their own: ignored, not an error.
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class IngestRequest(_Request):
    """`POST /webhook/ingest`: one message already normalized by the sender."""

    # The idempotency key (unless X-Idempotency-Key): a blank one would make every message a replay.
    message_id: Annotated[str, Field(min_length=1, max_length=MAX_KEY_CHARS), AfterValidator(_not_blank)]
    phone_number: str = Field(alias="phoneNumber", min_length=1, max_length=64)
    text: MessageText
    meta: dict[str, JsonValue] | None = None


class TemplateFiredRequest(_Request):
    """`POST /hooks/template-fired`: the backend sent a WhatsApp template to a caregiver."""

    phone_number: str = Field(alias="phoneNumber", min_length=1, max_length=64)
    template: Template
    metadata: dict[str, JsonValue] | None = None


class _Body(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AcceptedBody(_Body):
    """202: the event is on the queue (or was already, for a replay)."""

    status: Literal["accepted"] = "accepted"
    session_id: str
    idempotency_key: str


class RejectedItem(_Body):
    """A message or status of a Meta delivery that could not be read: where, and why."""

    field: str
    detail: str


class MetaAckBody(_Body):
    """200 to Meta: how many messages were enqueued, replayed, or acknowledged without an event,
    and the items that could not be read (not enqueued; logged as `whatsapp_item_rejected`)."""

    status: Literal["accepted"] = "accepted"
    accepted: int
    replayed: int
    ignored: int
    rejected: list[RejectedItem] = Field(default_factory=list)


class ErrorBody(_Body):
    """Every error answer: a stable snake_case `error`, the offending `field` when there is one."""

    error: str
    field: str | None = None
    detail: str | None = None


ERROR_DESCRIPTION = "An error: `error` is a stable code, `field` names the offending field when there is one."


class HealthBody(_Body):
    status: Literal["ok", "unavailable"]
    checks: dict[str, str] = Field(default_factory=dict)


def payload_hash(normalized: Mapping[str, JsonValue]) -> str:
    """sha256 of the canonical JSON of a normalized payload (sorted keys, no spaces, UTF-8).

    Normalized means phone numbers already turned into session ids, so `+55 (11) 9...` and
    `55119...` with the same key and text are one payload, not a key reuse.
    """
    canonical = json.dumps(normalized, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()
