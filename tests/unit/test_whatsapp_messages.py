"""The Cloud API message each reply becomes (SPEC section 12, "Outbound"), and Meta's limits.

Golden bodies for text, reply buttons, a list and a template; the schema refuses what Meta would
refuse (3 buttons, 20-character button titles, 10 rows, 24-character row titles, 1024-character
body), and a reply the limits cannot hold goes as text instead of being lost.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from orchestrator.integrations.whatsapp_messages import (
    Body,
    Button,
    ButtonAction,
    ListAction,
    ReplyButton,
    Row,
    Section,
    message_body,
)
from orchestrator.machine import replies
from orchestrator.machine.answers import reaction_answer, reading_of_tap
from orchestrator.machine.reading import Answer, Reading
from orchestrator.models import Shift, Substitute
from orchestrator.outbound import PartKind, Reply, ReplyPart
from tests.cloud_golden import YES_NO_ACTION
from tests.shifts import SHIFT_B

TO = "551199999999"
SHIFT = Shift.model_validate(SHIFT_B)


def reply_of(*parts: ReplyPart, template: str | None = None) -> Reply:
    return Reply(reply_id="rep-1", session_id="5511999999999", in_reply_to="wamid.in", parts=parts, template=template)


def substitutes(*names: str) -> ReplyPart:
    rows = [{"caregiverIdentifier": f"c{n}", "caregiverName": name} for n, name in enumerate(names)]
    return replies.substitutes([Substitute.model_validate(row) for row in rows])


class TestGoldenBodies:
    def test_plain_text(self) -> None:
        reply = reply_of(replies.ready())
        assert message_body(reply, TO) == {
            "messaging_product": "whatsapp",
            "to": TO,
            "type": "text",
            "text": {"body": reply.text},
        }

    def test_yes_no_question_as_two_reply_buttons(self) -> None:
        """Body = the whole reply text (notices included), buttons `yes`/Sim and `no`/Não."""
        reply = reply_of(replies.confirmation_expired(), replies.presence_question(SHIFT))
        assert message_body(reply, TO) == {
            "messaging_product": "whatsapp",
            "to": TO,
            "type": "interactive",
            "interactive": {
                "type": "button",
                "body": {"text": reply.text},
                "action": YES_NO_ACTION,
            },
        }

    def test_substitutes_as_a_list_with_none(self) -> None:
        """Rows `choice-<n>` in the order the text numbers them, then "Nenhum" (`choice-none`)."""
        reply = reply_of(substitutes("Ana Souza", "Bruno Lima"))
        assert message_body(reply, TO) == {
            "messaging_product": "whatsapp",
            "to": TO,
            "type": "interactive",
            "interactive": {
                "type": "list",
                "body": {"text": reply.text},
                "action": {
                    "button": "Escolher",
                    "sections": [
                        {
                            "rows": [
                                {"id": "choice-1", "title": "Ana Souza"},
                                {"id": "choice-2", "title": "Bruno Lima"},
                                {"id": "choice-none", "title": "Nenhum"},
                            ]
                        }
                    ],
                },
            },
        }

    def test_reengagement_template_in_portuguese(self) -> None:
        reply = reply_of(ReplyPart(code="template", text="[template volte]", kind=PartKind.NOTICE), template="volte")
        assert message_body(reply, TO) == {
            "messaging_product": "whatsapp",
            "to": TO,
            "type": "template",
            "template": {"name": "volte", "language": {"code": "pt_BR"}},
        }

    def test_a_question_that_is_not_the_last_prompt_offers_nothing(self) -> None:
        """Only the prompt the message ends with decides: a later plain prompt means plain text."""
        reply = reply_of(replies.presence_question(SHIFT), replies.ready())
        assert message_body(reply, TO)["type"] == "text"


class TestFallbackToText:
    def test_body_over_1024_characters_goes_as_text(self) -> None:
        """Meta refuses an interactive body over 1024 characters: the whole reply goes as text."""
        long_notice = ReplyPart(code="x", text="a" * 1100, kind=PartKind.NOTICE)
        reply = reply_of(long_notice, replies.presence_question(SHIFT))
        body = message_body(reply, TO)
        assert body["type"] == "text"
        assert body["text"]["body"] == reply.text

    def test_body_of_exactly_1024_characters_keeps_the_buttons(self) -> None:
        question = replies.presence_question(SHIFT)
        filler = 1024 - len(question.text) - 2  # compose joins parts with a blank line
        reply = reply_of(ReplyPart(code="x", text="a" * filler, kind=PartKind.NOTICE), question)
        assert len(reply.text) == 1024
        assert message_body(reply, TO)["type"] == "interactive"

    def test_long_names_are_shortened_with_the_whole_name_in_the_description(self) -> None:
        name = "Maria Aparecida dos Santos Oliveira"  # 35 characters
        body = message_body(reply_of(substitutes(name)), TO)
        first = body["interactive"]["action"]["sections"][0]["rows"][0]
        assert first == {"id": "choice-1", "title": "Maria Aparecida dos San…", "description": name}
        assert len(first["title"]) == 24

    def test_nine_substitutes_and_none_fill_the_ten_rows(self) -> None:
        body = message_body(reply_of(substitutes(*(f"Pessoa {n}" for n in range(1, 10)))), TO)
        rows = body["interactive"]["action"]["sections"][0]["rows"]
        assert [row["id"] for row in rows] == [*(f"choice-{n}" for n in range(1, 10)), "choice-none"]

    def test_more_options_than_rows_go_as_text(self) -> None:
        """The machine offers at most 9; a question with 10 (+ Nenhum = 11 rows) is sent as text."""
        options = tuple(f"Pessoa {n}" for n in range(1, 11))
        part = substitutes("x").model_copy(update={"question": substitutes(*options).question})
        assert message_body(reply_of(part), TO)["type"] == "text"


class TestMetaLimits:
    """The schema holds Meta's limits, so nothing Meta would refuse is ever built."""

    @staticmethod
    def button(title: str = "Sim", button_id: str = "yes") -> Button:
        return Button(reply=ReplyButton(id=button_id, title=title))

    def test_three_buttons_at_most(self) -> None:
        ButtonAction(buttons=tuple(self.button(button_id=str(n)) for n in range(3)))
        with pytest.raises(ValidationError):
            ButtonAction(buttons=tuple(self.button(button_id=str(n)) for n in range(4)))

    def test_button_titles_of_20_characters_at_most(self) -> None:
        self.button("x" * 20)
        with pytest.raises(ValidationError):
            self.button("x" * 21)

    def test_ten_rows_at_most_across_sections(self) -> None:
        rows = tuple(Row(id=f"r{n}", title="t") for n in range(10))
        ListAction(button="Escolher", sections=(Section(rows=rows),))
        with pytest.raises(ValidationError):
            Section(rows=(*rows, Row(id="r10", title="t")))
        with pytest.raises(ValidationError):
            ListAction(button="Escolher", sections=(Section(rows=rows[:6]), Section(rows=rows[:5])))

    def test_row_titles_of_24_characters_at_most(self) -> None:
        Row(id="r", title="x" * 24)
        with pytest.raises(ValidationError):
            Row(id="r", title="x" * 25)

    def test_body_of_1024_characters_at_most(self) -> None:
        Body(text="x" * 1024)
        with pytest.raises(ValidationError):
            Body(text="x" * 1025)

    def test_list_button_label_fits(self) -> None:
        ListAction(button=replies.CHOICE_LIST_BUTTON, sections=(Section(rows=(Row(id="r", title="t"),)),))
        assert len(replies.CHOICE_LIST_BUTTON) <= 20


class TestTapsAndReactions:
    @pytest.mark.parametrize(
        ("reply_id", "reading"),
        [
            ("yes", Reading(answer=Answer.YES)),
            ("no", Reading(answer=Answer.NO)),
            ("choice-1", Reading(choice=0)),
            ("choice-9", Reading(choice=8)),
            ("choice-none", Reading(no_choice=True)),
        ],
    )
    def test_our_ids_decide_the_answer(self, reply_id: str, reading: Reading) -> None:
        assert reading_of_tap(reply_id) == reading

    @pytest.mark.parametrize("reply_id", ["confirmar", "choice-0", "choice-", "choice-x", "choice-²", "YES", ""])
    def test_other_ids_are_not_ours(self, reply_id: str) -> None:
        assert reading_of_tap(reply_id) is None

    @pytest.mark.parametrize(
        ("emoji", "answer"),
        [
            ("👍", Answer.YES),
            ("👍🏽", Answer.YES),
            ("✅", Answer.YES),
            ("👌", Answer.YES),
            ("👎", Answer.NO),
            ("❌", Answer.NO),
        ],
    )
    def test_reactions_that_answer(self, emoji: str, answer: Answer) -> None:
        assert reaction_answer(emoji) is answer

    @pytest.mark.parametrize("emoji", ["❤️", "😂", "🙏", ""])
    def test_other_reactions_answer_nothing(self, emoji: str) -> None:
        assert reaction_answer(emoji) is None
