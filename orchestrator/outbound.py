"""What the bot sends: reply parts, the question a reply ends with, and the reply the outbox keeps.

The machine answers in parts; a turn's parts make one WhatsApp message (`compose`). The outbox
keeps the parts themselves, so whatever a later phase does with a reply (hold a "salvo" until its
action executed, add the substitutes offered after a cancellation) works on parts, never on text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import Field, model_validator

from orchestrator.models import Frozen


class PartKind(StrEnum):
    """Notices are all kept across a burst; of the prompts only the last one is sent."""

    NOTICE = "notice"
    PROMPT = "prompt"


class QuestionKind(StrEnum):
    """The answers a prompt's question takes (SPEC section 12, "Outbound")."""

    YES_NO = "yes_no"  # sim / não: a channel may offer two reply buttons, ids `yes` and `no`
    CHOICE = "choice"  # one of `Question.options` or none: a list, rows `choice-<n>` (1-based) and "Nenhum"


class Question(Frozen):
    """What a prompt asks, so a channel can render its answers without reading the text."""

    kind: QuestionKind
    options: tuple[str, ...] = ()  # CHOICE: the titles, in the order the text numbers them


class ReplyPart(Frozen):
    """A piece of the bot's answer.

    `after_action` names a confirmed action this part announces as saved: it is sent only
    once that action executed; otherwise the turn replaces it by the "saving delayed" notice.
    `question`: what a prompt asks, when its answers are a closed set.
    """

    code: str
    text: str
    kind: PartKind = PartKind.PROMPT
    after_action: str | None = None
    question: Question | None = None


def compose(parts: Iterable[ReplyPart]) -> str:
    """One WhatsApp message for a whole burst: every notice in order (once), then the last prompt."""
    parts = list(parts)
    notices = list(dict.fromkeys(part.text for part in parts if part.kind is PartKind.NOTICE))
    prompts = [part.text for part in parts if part.kind is PartKind.PROMPT]
    return "\n\n".join([*notices, *prompts[-1:]])


# The code of a part read from an outbox entry written before replies kept their parts.
STORED_TEXT = "stored_text"


class Reply(Frozen):
    """A bot message to deliver through the reply sink.

    `reply_id` is derived from the inbound ids it answers, so a redelivery reproduces it and
    the sink can deduplicate on `Idempotency-Key`. `address` is where a WhatsApp sink sends it.
    `after_actions`: confirmed actions that must be executed before this reply may say "salvo".
    """

    reply_id: str
    session_id: str
    # The address to send to when it is not the session id: the caregiver's `wa_id` as Meta sent it
    # (a Brazilian number without its 9th digit, SPEC §12 "Addresses"). None: the session id.
    to: str | None = None
    in_reply_to: str
    parts: tuple[ReplyPart, ...]
    # A WhatsApp template to send instead of the text (the parts then only name it for the
    # conversation log): the one message Meta accepts after 24 h without the caregiver writing.
    template: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _parts_of_a_stored_text(cls, data: object) -> object:
        """An outbox entry written before issue 12 holds its text, not its parts: the text becomes
        one part per action it waits for (identical notices compose to the text once). While held,
        such a reply is told as the bare delay notice; once its actions executed, as it was."""
        if not isinstance(data, dict) or "parts" in data or "text" not in data:
            return data
        legacy = dict(data)
        text, waits_for = legacy.pop("text"), legacy.pop("after_actions", None) or [None]
        legacy.pop("delayed_text", None)
        parts = [{"code": STORED_TEXT, "text": text, "kind": PartKind.NOTICE, "after_action": a} for a in waits_for]
        return {**legacy, "parts": parts}

    @property
    def text(self) -> str:
        return compose(self.parts)

    @property
    def address(self) -> str:
        return self.to or self.session_id

    @property
    def after_actions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(part.after_action for part in self.parts if part.after_action))

    @property
    def question(self) -> Question | None:
        """What the message ends by asking (the prompt `compose` keeps), if its answers are a closed set."""
        prompts = [part for part in self.parts if part.kind is PartKind.PROMPT]
        return prompts[-1].question if prompts else None

    def followed_by(self, parts: Sequence[ReplyPart]) -> Reply:
        """This reply with `parts` after it: all it said stays, its question included (as a notice)."""
        notices = [part for part in self.parts if part.kind is PartKind.NOTICE]
        prompts = [part for part in self.parts if part.kind is PartKind.PROMPT]
        asked = [prompts[-1].model_copy(update={"kind": PartKind.NOTICE})] if prompts else []
        return self.model_copy(update={"parts": (*notices, *asked, *parts)})


# How many sent replies a session remembers by wamid: enough for a `failed` status or a reaction
# arriving minutes (or a day) later, small enough for the session item.
MAX_SENT = 20
MAX_DELIVERY_FAILURES = 20


class SentReply(Frozen):
    """A reply as the channel acknowledged it: the message id it got (Meta's outbound wamid).

    `asks`: the kind of question it ended with, so a reaction or a tapped button can be matched
    to the question it answers; `template`: a template message (sent to reopen the conversation).
    `part`: which of the reply's messages it was, when the channel split a long reply (0: the
    first or only one); a redelivery sends only the parts not recorded here.
    """

    wamid: str
    reply_id: str
    asks: QuestionKind | None = None
    template: bool = False
    part: int = Field(default=0, ge=0)


class DeliveryFailure(Frozen):
    """Meta reported a sent message undeliverable (a `failed` status). `reply_id`: the reply it
    carried, when the session still remembers that wamid."""

    wamid: str
    reply_id: str | None = None
    code: int | None = None
    title: str | None = None  # Meta's words for the code (e.g. "Re-engagement message"), for the operator
    failed_at: datetime
