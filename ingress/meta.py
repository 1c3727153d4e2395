"""Meta WhatsApp Cloud API webhook payloads -> the events to enqueue (pure).

Every message of `entry[].changes[].value.messages[]` becomes one `MESSAGE` event keyed by its
wamid, whatever its type (SPEC §12): the worker decides what to answer, from `metadata`
(`type`, `wa_id`, `reply_id`, `media_id`, `unsupported`, `reaction`). A `failed` status becomes
a `DELIVERY_FAILED` event in the recipient's FIFO group; the other statuses are only counted.
The session id is the canonical number (`orchestrator.phones`); `wa_id` keeps Meta's form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from pydantic import JsonValue, ValidationError

from ingress.meta_models import InboundMessage, Media, MetaWebhook, Status, StatusKind
from orchestrator.errors import InvalidInput, InvalidPhone
from orchestrator.models import EventKind, InboundEvent
from orchestrator.phones import normalize_phone

SOURCE = "whatsapp"
_INTERACTIVE_REPLIES = ("button_reply", "list_reply")
_Body = TypeVar("_Body")


@dataclass(frozen=True)
class MetaBatch:
    """What one webhook delivery carries: the events to enqueue, in payload order, and the statuses."""

    events: tuple[InboundEvent, ...]
    statuses: tuple[StatusKind, ...]  # every status callback, `failed` ones included (metrics)

    @property
    def ignored(self) -> int:
        """Status callbacks acknowledged without an event (all but `failed`)."""
        return sum(status is not StatusKind.FAILED for status in self.statuses)


def parse_meta_payload(payload: object, *, received_at: datetime) -> MetaBatch:
    """Read a decoded webhook body. Everything is validated before anything is enqueued.

    Raises:
        InvalidInput: a structural problem, or a message / failed status without what it needs;
            `field` is the JSON path (e.g. `entry[0].changes[0].value.messages[1].from`).
    """
    try:
        webhook = MetaWebhook.model_validate(payload)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise InvalidInput(json_path(error["loc"]), error["msg"]) from exc
    events: list[InboundEvent] = []
    statuses: list[StatusKind] = []
    for e, entry in enumerate(webhook.entry):
        for c, change in enumerate(entry.changes):
            path = f"entry[{e}].changes[{c}].value"
            for m, message in enumerate(change.value.messages):
                events.append(_message_event(message, f"{path}.messages[{m}]", received_at))
            for s, status in enumerate(change.value.statuses):
                statuses.append(status.kind)
                if status.kind is StatusKind.FAILED:
                    events.append(_failure_event(status, f"{path}.statuses[{s}]", received_at))
    return MetaBatch(events=tuple(events), statuses=tuple(statuses))


def json_path(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as the JSON path we report: `("entry", 0, "changes")` -> `entry[0].changes`."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "body"


def _message_event(message: InboundMessage, path: str, received_at: datetime) -> InboundEvent:
    text, metadata = _content(message, path)
    return InboundEvent(
        kind=EventKind.MESSAGE,
        event_id=message.id,
        session_id=_session(message.sender, f"{path}.from"),
        received_at=received_at,
        text=text,
        metadata={"source": SOURCE, "type": message.type, "wa_id": message.sender, **_context(message), **metadata},
    )


def _context(message: InboundMessage) -> dict[str, JsonValue]:
    """Which of our messages a tap came from: a tap on an older question must not answer the open one."""
    return {"context_id": message.context.id} if message.context is not None and message.context.id else {}


Content = tuple[str, dict[str, JsonValue]]  # (text, type-specific metadata)


def _content(message: InboundMessage, path: str) -> Content:
    """What a message says, by its type; a type's body missing is an InvalidInput."""
    return _READERS.get(message.type, _unsupported)(message, path)


def _text(message: InboundMessage, path: str) -> Content:
    return _required(message.text, f"{path}.text").body, {}


def _interactive(message: InboundMessage, path: str) -> Content:
    interactive = _required(message.interactive, f"{path}.interactive")
    if interactive.type not in _INTERACTIVE_REPLIES:
        return _unsupported(message, path)  # e.g. a Flow's nfm_reply
    choice = _required(getattr(interactive, interactive.type), f"{path}.interactive.{interactive.type}")
    return choice.title, _reply_id(choice.id)


def _button(message: InboundMessage, path: str) -> Content:
    button = _required(message.button, f"{path}.button")
    return button.text, _reply_id(button.payload)


def _audio(message: InboundMessage, path: str) -> Content:
    return "", {"media_id": _required(message.audio, f"{path}.audio").id}


def _reaction(message: InboundMessage, path: str) -> Content:
    reaction = _required(message.reaction, f"{path}.reaction")
    return "", {"reaction": {"emoji": reaction.emoji, "message_id": reaction.message_id}}


def _captioned(message: InboundMessage, path: str) -> Content:
    """An image, video or document: its caption is the text; without one, nothing we read."""
    media: Media | None = getattr(message, message.type)
    if media is not None and media.caption and media.caption.strip():
        return media.caption, {}
    return _unsupported(message, path)


def _unsupported(message: InboundMessage, path: str) -> Content:
    """Stickers, locations, contacts and types Meta may add: the worker says what the bot reads."""
    return "", {"unsupported": True}


_READERS: dict[str, Callable[[InboundMessage, str], Content]] = {
    "text": _text,
    "interactive": _interactive,
    "button": _button,
    "audio": _audio,
    "reaction": _reaction,
    "image": _captioned,
    "video": _captioned,
    "document": _captioned,
}


def _failure_event(status: Status, path: str, received_at: datetime) -> InboundEvent:
    """A `failed` status as the `delivery_failed` event of the recipient's session."""
    recipient = status.recipient_id
    if recipient is None:
        raise InvalidInput(f"{path}.recipient_id", "expected a non-empty string")
    error = status.errors[0] if status.errors else None
    return InboundEvent(
        kind=EventKind.DELIVERY_FAILED,
        event_id=f"{status.id}:failed",  # a repeated callback deduplicates on it
        session_id=_session(recipient, f"{path}.recipient_id"),
        received_at=received_at,
        metadata={
            "source": SOURCE,
            "wamid": status.id,
            "wa_id": recipient,
            "code": error.code if error else None,
            "title": error.title if error else None,
            "failed_at": _status_time(status, path, received_at).isoformat(),
        },
    )


def _status_time(status: Status, path: str, received_at: datetime) -> datetime:
    """Meta's `timestamp` (Unix seconds as a string); the receipt time when it is absent."""
    if status.timestamp is None:
        return received_at
    try:
        if not status.timestamp.isascii() or not status.timestamp.isdigit():
            raise ValueError(status.timestamp)
        return datetime.fromtimestamp(int(status.timestamp), tz=UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise InvalidInput(f"{path}.timestamp", "expected Unix seconds") from exc


def _session(number: str, path: str) -> str:
    try:
        # Meta's numbers always carry the country code: never prefix them.
        return normalize_phone(number, international=True)
    except InvalidPhone as exc:
        raise InvalidPhone(exc.reason, field=path) from exc


def _required(value: _Body | None, path: str) -> _Body:
    if value is None:
        raise InvalidInput(path, "expected an object")
    return value


def _reply_id(value: str | None) -> dict[str, JsonValue]:
    return {"reply_id": value} if value else {}
