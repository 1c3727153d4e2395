"""Replies keep their parts: the text, the actions a reply waits for and the question it ends with
are read from them (a channel renders yes/no buttons or a list from `Reply.question`)."""

from __future__ import annotations

from orchestrator.machine import replies
from orchestrator.models import Shift, Substitute
from orchestrator.outbound import PartKind, QuestionKind, Reply, ReplyPart, compose
from tests.shifts import SHIFT_A

SHIFT = Shift.model_validate(SHIFT_A)
OPTIONS = (
    Substitute(caregiver_identifier="C-7", caregiver_name="Maria Souza"),
    Substitute(caregiver_identifier="C-9", caregiver_name="João Lima"),
)


def reply(*parts: ReplyPart) -> Reply:
    return Reply(reply_id="r-1", session_id="5511999990000", in_reply_to="m-1", parts=parts)


class TestQuestions:
    def test_confirmations_ask_yes_or_no(self) -> None:
        """Presence, cancellation, clinical summary and report summary (and their re-asks) are yes/no."""
        asks = [
            replies.presence_question(SHIFT),
            replies.presence_reask(SHIFT),
            replies.cancel_question(SHIFT),
            replies.cancel_reask(SHIFT),
            replies.clinical_confirmation("PA 120x80"),
            replies.confirmation_reask("PA 120x80"),
            replies.report_confirmation("• Sono: bem"),
        ]
        assert all(part.question is not None and part.question.kind is QuestionKind.YES_NO for part in asks)

    def test_the_substitute_list_is_a_choice_of_the_names_in_order(self) -> None:
        """The options are the names the text numbers 1, 2, ..."""
        for part in (replies.substitutes(OPTIONS), replies.substitutes_reask(OPTIONS)):
            assert part.question is not None and part.question.kind is QuestionKind.CHOICE
            assert part.question.options == ("Maria Souza", "João Lima")
            assert "1. Maria Souza" in part.text and "2. João Lima" in part.text

    def test_open_questions_and_notices_carry_none(self) -> None:
        """A prompt for free text (what is missing) or a notice has no closed set of answers."""
        assert replies.ready().question is None and replies.clinical_saved("a-1").question is None

    def test_a_reply_ends_with_its_last_prompts_question(self) -> None:
        """Of a burst's prompts only the last is sent: its question is the reply's."""
        burst = reply(replies.presence_question(SHIFT), replies.clinical_held(), replies.substitutes(OPTIONS))
        assert burst.question is not None and burst.question.kind is QuestionKind.CHOICE
        assert reply(replies.clinical_saved("a-1")).question is None


class TestReply:
    def test_text_and_awaited_actions_come_from_the_parts(self) -> None:
        """The text is the composed parts; the actions are those its "salvo" parts announce."""
        parts = (replies.clinical_saved("a-1"), replies.operational_saved("luvas", "a-2"), replies.ready())
        made = reply(*parts)
        assert made.text == compose(parts) and made.after_actions == ("a-1", "a-2")

    def test_followed_by_keeps_what_was_said_and_asks_the_new_question(self) -> None:
        """A follow-up (substitutes after a cancellation) adds to the reply: its earlier prompt stays,
        as a notice, and the reply now ends with the new question."""
        first = reply(replies.cancelled("a-1"), ReplyPart(code="q", text="Ainda aí?"))
        followed = first.followed_by([replies.substitutes(OPTIONS)])
        assert followed.text == compose(
            [ReplyPart(code="p", text=first.text, kind=PartKind.NOTICE), replies.substitutes(OPTIONS)]
        )
        assert followed.after_actions == ("a-1",) and followed.question is not None
        assert followed.question.options == ("Maria Souza", "João Lima")

    def test_parts_survive_the_outbox_json(self) -> None:
        """What the outbox stores reads back equal, question included."""
        made = reply(replies.clinical_saved("a-1"), replies.substitutes(OPTIONS))
        assert Reply.model_validate_json(made.model_dump_json()) == made
