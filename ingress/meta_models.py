"""Meta's WhatsApp Cloud API webhook body, as much of it as the orchestrator reads (pydantic, frozen).

Only what we use is modelled; every other field Meta sends (or adds later) is ignored. A field we
use that is missing or of the wrong type is a `ValidationError` whose `loc` is the JSON path
(`ingress.meta` turns it into `InvalidInput`). Entries, changes, messages and statuses are each
validated on their own. The message types are not a closed union: a type
we do not model is still a message (`InboundMessage.type` as sent), answered as unsupported.
docs/architecture.md says why these models and not pywa's.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, JsonValue


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("expected a non-empty string")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]


class _Meta(BaseModel):
    """Meta owns these shapes: unknown fields are ignored, what we read is checked."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class TextBody(_Meta):
    body: Text


class ReplyChoice(_Meta):
    """An interactive `button_reply` / `list_reply`: the title is what the caregiver saw and tapped."""

    id: str | None = None
    title: Text


class Interactive(_Meta):
    type: str
    button_reply: ReplyChoice | None = None
    list_reply: ReplyChoice | None = None


class TemplateButton(_Meta):
    """A template's quick-reply button (`type: button`)."""

    text: Text
    payload: str | None = None


class Media(_Meta):
    """An audio, image, video, document or sticker: a media id to fetch, and maybe a caption."""

    id: Text
    caption: str | None = None


class Reaction(_Meta):
    """An emoji on one of our messages; no `emoji` (or an empty one) means a reaction removed."""

    message_id: Text
    emoji: str = ""


class Unsupported(_Meta):
    """What Meta says of a message it could not deliver as such (`type: unsupported`)."""

    type: str | None = None  # e.g. `edit`, `poll_creation`


class Context(_Meta):
    """The message this one answers (a tapped button's, a quoted reply's): one of ours, by wamid."""

    id: str | None = None


class InboundMessage(_Meta):
    """One entry of `value.messages[]`; `type` says which of the optional bodies it carries."""

    sender: Text = Field(alias="from")
    id: Text
    type: Text
    context: Context | None = None
    text: TextBody | None = None
    interactive: Interactive | None = None
    button: TemplateButton | None = None
    audio: Media | None = None
    image: Media | None = None
    video: Media | None = None
    document: Media | None = None
    reaction: Reaction | None = None
    unsupported: Unsupported | None = None


class StatusKind(StrEnum):
    """The statuses SPEC §12 counts; anything else Meta may add is counted as `other`."""

    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"
    OTHER = "other"


class StatusError(_Meta):
    """An entry of a status's `errors[]`, or of `value.errors[]` (a failure Meta reports out of band)."""

    code: int | None = None
    title: str | None = None


class Status(_Meta):
    """One entry of `value.statuses[]`: what became of a message we sent."""

    id: Text
    status: Text
    timestamp: str | None = None
    recipient_id: str | None = None
    errors: tuple[StatusError, ...] = ()

    @property
    def kind(self) -> StatusKind:
        return StatusKind(self.status) if self.status in set(StatusKind) else StatusKind.OTHER


# The containers hold their items unread (any JSON): each item is validated on its own, so one
# malformed entry, change, message or status does not sink the others of its delivery.


class ChangeValue(_Meta):
    messages: tuple[JsonValue, ...] = ()  # each an `InboundMessage`
    statuses: tuple[JsonValue, ...] = ()  # each a `Status`
    errors: tuple[JsonValue, ...] = ()  # each a `StatusError`: Meta reporting a failure on its side


class Change(_Meta):
    value: ChangeValue = ChangeValue()


class Entry(_Meta):
    changes: tuple[JsonValue, ...] = ()  # each a `Change`


class MetaWebhook(_Meta):
    """A whole webhook delivery: `entry[].changes[].value`."""

    entry: tuple[JsonValue, ...]  # each an `Entry`
