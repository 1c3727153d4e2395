"""The Cloud API message a reply becomes (SPEC section 12, "Outbound"), held to Meta's limits.

A yes/no question goes out as reply buttons, the substitutes choice as a list, a reengagement as
a template, anything else as text. The models below carry Meta's limits, so a message Meta would
refuse (a body over 1024 characters, more than 10 rows) is never built: that reply goes as text
instead, and is never lost; a text over 4096 characters goes as several. Pure: no I/O.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError, model_validator

from orchestrator.machine import replies
from orchestrator.machine.answers import choices_of
from orchestrator.models import Choice
from orchestrator.outbound import QuestionKind, Reply

# Meta's limits for interactive messages (Cloud API reference, "Interactive object").
MAX_BODY = 1024
MAX_BUTTONS = 3
MAX_BUTTON_TITLE = 20
MAX_ROWS = 10
MAX_ROW_TITLE = 24
MAX_ROW_DESCRIPTION = 72
MAX_TEXT = 4096
TEMPLATE_LANGUAGE = "pt_BR"
_ELLIPSIS = "…"


class _Meta(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Body(_Meta):
    text: Annotated[str, Field(min_length=1, max_length=MAX_BODY)]


class ReplyButton(_Meta):
    id: Annotated[str, Field(min_length=1, max_length=256)]
    title: Annotated[str, Field(min_length=1, max_length=MAX_BUTTON_TITLE)]


class Button(_Meta):
    type: Literal["reply"] = "reply"
    reply: ReplyButton


class ButtonAction(_Meta):
    buttons: Annotated[tuple[Button, ...], Field(min_length=1, max_length=MAX_BUTTONS)]


class Row(_Meta):
    id: Annotated[str, Field(min_length=1, max_length=200)]
    title: Annotated[str, Field(min_length=1, max_length=MAX_ROW_TITLE)]
    description: Annotated[str, Field(max_length=MAX_ROW_DESCRIPTION)] | None = None


class Section(_Meta):
    rows: Annotated[tuple[Row, ...], Field(min_length=1, max_length=MAX_ROWS)]


class ListAction(_Meta):
    button: Annotated[str, Field(min_length=1, max_length=MAX_BUTTON_TITLE)]
    sections: Annotated[tuple[Section, ...], Field(min_length=1, max_length=10)]

    @model_validator(mode="after")
    def _rows_in_all(self) -> ListAction:
        if sum(len(section.rows) for section in self.sections) > MAX_ROWS:
            raise ValueError(f"a list holds at most {MAX_ROWS} rows in all")
        return self


class Interactive(_Meta):
    type: Literal["button", "list"]
    body: Body
    action: ButtonAction | ListAction


def message_body(reply: Reply, to: str, *, interactive: bool = True) -> dict[str, JsonValue]:
    """The JSON body of `POST {base}/{phone-number-id}/messages` for one reply (`interactive`
    False: its question as plain text, answered by typing).

    Raises:
        ValueError: the text is longer than one message: a caller's bug, never a silent cut
            (`long_replies.messages_of` splits a long reply into messages that fit).
    """
    envelope: dict[str, JsonValue] = {"messaging_product": "whatsapp", "to": to}
    if reply.template is not None:
        template: dict[str, JsonValue] = {"name": reply.template, "language": {"code": TEMPLATE_LANGUAGE}}
        return envelope | {"type": "template", "template": template}
    offered = interactive_of(reply) if interactive else None
    if offered is not None:
        return envelope | {"type": "interactive", "interactive": offered.model_dump(mode="json", exclude_none=True)}
    text = reply.text
    if len(text) > MAX_TEXT:
        raise ValueError(f"a text message holds at most {MAX_TEXT} characters, not {len(text)}")
    return envelope | {"type": "text", "text": {"body": text}}


def interactive_of(reply: Reply, *, text: str | None = None) -> Interactive | None:
    """The reply's question as buttons or a list, with `text` (default: the reply's) as the body;
    None when it asks nothing closed or when Meta's limits cannot hold it (the reply then goes as
    text, its question answered by typing)."""
    body_text = reply.text if text is None else text
    question = reply.question
    choices = choices_of(question)
    if question is None or not choices:
        return None
    try:
        if question.kind is QuestionKind.YES_NO:
            buttons = tuple(Button(reply=ReplyButton(id=c.id, title=c.title)) for c in choices)
            return Interactive(type="button", body=Body(text=body_text), action=ButtonAction(buttons=buttons))
        rows = tuple(_row(choice) for choice in choices)
        action = ListAction(button=replies.CHOICE_LIST_BUTTON, sections=(Section(rows=rows),))
        return Interactive(type="list", body=Body(text=body_text), action=action)
    except ValidationError:
        return None


def _row(choice: Choice) -> Row:
    """A row whose title is too long is shortened; its description then holds the whole name."""
    if len(choice.title) <= MAX_ROW_TITLE:
        return Row(id=choice.id, title=choice.title)
    return Row(
        id=choice.id,
        title=_shortened(choice.title, MAX_ROW_TITLE),
        description=_shortened(choice.title, MAX_ROW_DESCRIPTION),
    )


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - len(_ELLIPSIS)].rstrip() + _ELLIPSIS
