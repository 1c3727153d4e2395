"""Meta WhatsApp Cloud API webhook payloads -> one `InboundEvent` per caregiver message (pure).

Walks `entry[].changes[].value.messages[]`. Text, interactive replies (button_reply /
list_reply: the title is the text, the id goes to metadata) and template quick-reply buttons
become events keyed by their wamid; status callbacks and other message types are only counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from orchestrator.errors import InvalidInput, InvalidPhone
from orchestrator.models import EventKind, InboundEvent
from orchestrator.phones import normalize_phone

SOURCE = "whatsapp"
_INTERACTIVE_REPLIES = ("button_reply", "list_reply")


@dataclass(frozen=True)
class MetaBatch:
    """What one webhook delivery carries: the events to enqueue, in payload order, and the rest."""

    events: tuple[InboundEvent, ...]
    ignored: int  # status callbacks and unsupported message types: acknowledged, never enqueued


def parse_meta_payload(payload: Any, *, received_at: datetime) -> MetaBatch:
    """Read a decoded webhook body. Everything is validated before anything is enqueued.

    Raises:
        InvalidInput: a structural problem or a supported message without its id, sender or
            text; `field` is the JSON path (e.g. `entry[0].changes[0].value.messages[1].from`).
    """
    root = _object(payload, "body")
    events: list[InboundEvent] = []
    ignored = 0
    for e, entry in enumerate(_list(root.get("entry"), "entry")):
        entry_path = f"entry[{e}]"
        for c, change in enumerate(_list(_object(entry, entry_path).get("changes", []), f"{entry_path}.changes")):
            value_path = f"{entry_path}.changes[{c}].value"
            value = _object(_object(change, f"{entry_path}.changes[{c}]").get("value", {}), value_path)
            ignored += len(_list(value.get("statuses", []), f"{value_path}.statuses"))
            for m, message in enumerate(_list(value.get("messages", []), f"{value_path}.messages")):
                event = _event(
                    _object(message, f"{value_path}.messages[{m}]"), f"{value_path}.messages[{m}]", received_at
                )
                if event is None:
                    ignored += 1
                else:
                    events.append(event)
    return MetaBatch(events=tuple(events), ignored=ignored)


def _event(message: dict[str, Any], path: str, received_at: datetime) -> InboundEvent | None:
    """One supported message as an event; None for a type we acknowledge but do not handle."""
    content = _content(message, path)
    if content is None:
        return None
    text, reply_id = content
    wamid = _text(message.get("id"), f"{path}.id")
    sender = _text(message.get("from"), f"{path}.from")
    try:
        # Meta's `from` always carries the country code: never prefix it.
        session_id = normalize_phone(sender, international=True)
    except InvalidPhone as exc:
        raise InvalidPhone(exc.reason, field=f"{path}.from") from exc
    metadata: dict[str, Any] = {"source": SOURCE, "type": message.get("type")}
    if reply_id is not None:
        metadata["reply_id"] = reply_id
    return InboundEvent(
        kind=EventKind.MESSAGE,
        event_id=wamid,
        session_id=session_id,
        received_at=received_at,
        text=text,
        metadata=metadata,
    )


def _content(message: dict[str, Any], path: str) -> tuple[str, str | None] | None:
    """(text, reply id) of a supported message type, None for the others."""
    kind = message.get("type")
    if kind == "text":
        body = _object(message.get("text"), f"{path}.text")
        return _text(body.get("body"), f"{path}.text.body"), None
    if kind == "interactive":
        interactive = _object(message.get("interactive"), f"{path}.interactive")
        reply_kind = interactive.get("type")
        if reply_kind not in _INTERACTIVE_REPLIES:
            return None
        reply_path = f"{path}.interactive.{reply_kind}"
        reply = _object(interactive.get(reply_kind), reply_path)
        return _text(reply.get("title"), f"{reply_path}.title"), _optional_text(reply.get("id"))
    if kind == "button":
        button = _object(message.get("button"), f"{path}.button")
        return _text(button.get("text"), f"{path}.button.text"), _optional_text(button.get("payload"))
    return None


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput(path, "expected an object")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidInput(path, "expected an array")
    return value


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(path, "expected a non-empty string")
    return value


def _optional_text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
