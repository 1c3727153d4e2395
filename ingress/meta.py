"""Meta WhatsApp Cloud API webhook payloads -> the events to enqueue (pure).

Every message of `entry[].changes[].value.messages[]` becomes one `MESSAGE` event keyed by its
wamid, whatever its type (SPEC §12): the worker decides what to answer, from `metadata` (`type`,
`wa_id`, `reply_id`, `media_id`, `unsupported`, `reaction`). Meta's notices that the caregiver
did not write (`system`, `revoke`, `request_welcome`) are acknowledged and enqueue nothing. A `failed` status becomes
a `DELIVERY_FAILED` event in the recipient's FIFO group; the other statuses are only counted.
The session id is the canonical number (`orchestrator.phones`); `wa_id` keeps Meta's form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from pydantic import BaseModel, JsonValue, ValidationError

from ingress.meta_models import Change, Entry, InboundMessage, Media, MetaWebhook, Status, StatusError, StatusKind
from ingress.schemas import VALUE_ERROR_PREFIX
from orchestrator.errors import InvalidInput, InvalidPhone
from orchestrator.models import EventKind, InboundEvent
from orchestrator.phones import normalize_phone

SOURCE = "whatsapp"
_INTERACTIVE_REPLIES = ("button_reply", "list_reply")
# Notices Meta files under `messages` that the caregiver did not write to the bot: a `system`
# one (number or identity changed), a `revoke` (a message deleted) and a `request_welcome` (the
# chat opened for the first time). Nothing to answer: the caregiver's first words get the answer.
NOT_WRITTEN = frozenset({"system", "revoke", "request_welcome"})
_Body = TypeVar("_Body")


@dataclass(frozen=True)
class MetaBatch:
    """What one webhook delivery carries: the events to enqueue, in payload order, the statuses,
    and the items that could not be read (each with its JSON path), which are not enqueued."""

    events: tuple[InboundEvent, ...]
    statuses: tuple[StatusKind, ...]  # every status callback, `failed` ones included (metrics)
    rejected: tuple[InvalidInput, ...] = ()
    notices: tuple[str, ...] = ()  # the types of the messages not written to the bot (NOT_WRITTEN)
    errors: tuple[StatusError, ...] = ()  # `value.errors[]`: failures Meta reports on its side

    @property
    def ignored(self) -> int:
        """Items acknowledged without an event: statuses (all but `failed`), notices and errors."""
        return sum(status is not StatusKind.FAILED for status in self.statuses) + len(self.notices) + len(self.errors)


def parse_meta_payload(payload: object, *, received_at: datetime) -> MetaBatch:
    """Read a decoded webhook body, each entry, change, message and status on its own.

    A malformed item is set aside in `rejected` (its path and why) and the rest is read: one bad
    message must not hold back the caregivers whose messages came in the same delivery.

    Raises:
        InvalidInput: the body is not a webhook (no `entry` list), or nothing in it can be read
            and something was malformed (the first problem); `field` is the JSON path (e.g.
            `entry[0].changes[0].value.messages[1].from`).
    """
    webhook = _model(MetaWebhook, payload, "")
    reader = _Reader(received_at)
    for e, raw_entry in enumerate(webhook.entry):
        entry = reader.read(Entry, raw_entry, f"entry[{e}]")
        for c, raw_change in enumerate(entry.changes if entry is not None else ()):
            path = f"entry[{e}].changes[{c}]"
            change = reader.read(Change, raw_change, path)
            if change is None:
                continue
            for m, raw_message in enumerate(change.value.messages):
                reader.message(raw_message, f"{path}.value.messages[{m}]")
            for s, raw_status in enumerate(change.value.statuses):
                reader.status(raw_status, f"{path}.value.statuses[{s}]")
            reader.errors.extend(map(_reported_error, change.value.errors))
    batch = MetaBatch(
        events=tuple(reader.events),
        statuses=tuple(reader.statuses),
        rejected=tuple(reader.rejected),
        notices=tuple(reader.notices),
        errors=tuple(reader.errors),
    )
    if batch.rejected and not (batch.events or batch.statuses or batch.notices or batch.errors):
        raise batch.rejected[0]
    return batch


_Model = TypeVar("_Model", bound=BaseModel)


class _Reader:
    """Collects a delivery's events and statuses, and the items it could not read."""

    def __init__(self, received_at: datetime) -> None:
        self.received_at = received_at
        self.events: list[InboundEvent] = []
        self.statuses: list[StatusKind] = []
        self.rejected: list[InvalidInput] = []
        self.notices: list[str] = []
        self.errors: list[StatusError] = []

    def read(self, model: type[_Model], raw: object, path: str) -> _Model | None:
        try:
            return _model(model, raw, path)
        except InvalidInput as problem:
            self.rejected.append(problem)
            return None

    def message(self, raw: object, path: str) -> None:
        message = self.read(InboundMessage, raw, path)
        if message is None:
            return
        if message.type in NOT_WRITTEN:
            self.notices.append(message.type)
            return
        try:
            self.events.append(_message_event(message, path, self.received_at))
        except InvalidInput as problem:
            self.rejected.append(problem)

    def status(self, raw: object, path: str) -> None:
        status = self.read(Status, raw, path)
        if status is None:
            return
        try:
            if status.kind is StatusKind.FAILED:
                self.events.append(_failure_event(status, path, self.received_at))
        except InvalidInput as problem:
            self.rejected.append(problem)
            return
        self.statuses.append(status.kind)


def _reported_error(raw: object) -> StatusError:
    """An entry of `value.errors[]`; one we cannot read is still reported (code unknown): it
    queues nothing, so it never makes the delivery fail (Meta would retry it for days)."""
    try:
        return StatusError.model_validate(raw)
    except ValidationError:
        return StatusError()


def _model(model: type[_Model], raw: object, path: str) -> _Model:
    """`raw` as `model`; a validation error becomes InvalidInput at `path` + the error's location."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = json_path(error["loc"]) if error["loc"] else ""
        field = f"{path}.{where}" if path and where else (path or where or "body")
        raise InvalidInput(field, error["msg"].removeprefix(VALUE_ERROR_PREFIX)) from exc


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


def _edited(message: InboundMessage, path: str) -> Content:
    """An edit of an earlier message (`edit`, or for now an `unsupported` one of type `edit`): not
    read as new text, since the original may already be saved; the worker asks for a new message."""
    return "", {"unsupported": True, "edited": True}


def _unreadable(message: InboundMessage, path: str) -> Content:
    """A `type: unsupported` message: an edit is told apart (Meta delivers edits so for now)."""
    if message.unsupported is not None and message.unsupported.type == "edit":
        return _edited(message, path)
    return _unsupported(message, path)


_READERS: dict[str, Callable[[InboundMessage, str], Content]] = {
    "text": _text,
    "interactive": _interactive,
    "button": _button,
    "audio": _audio,
    "reaction": _reaction,
    "image": _captioned,
    "video": _captioned,
    "document": _captioned,
    "edit": _edited,
    "unsupported": _unreadable,
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
