"""A reply longer than one WhatsApp text becomes several messages, whole and in order: cut between
paragraphs, lines or words (never inside one), the question and its buttons on the last."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orchestrator.integrations.long_replies import messages_of, split_text
from orchestrator.integrations.whatsapp_messages import MAX_BODY, MAX_TEXT, message_body
from orchestrator.machine import replies
from orchestrator.machine.topics import TOPIC_MAX_CHARS, Topic, Topics
from orchestrator.models import Shift
from orchestrator.outbound import PartKind, Question, QuestionKind, Reply, ReplyPart
from tests.cloud_golden import YES_NO_ACTION
from tests.shifts import SHIFT_B

TO = "551199999999"
SHIFT = Shift.model_validate(SHIFT_B)


def reply_of(*parts: ReplyPart) -> Reply:
    return Reply(reply_id="rep-1", session_id="5511999999999", in_reply_to="wamid.in", parts=parts)


def notice(text: str) -> ReplyPart:
    return ReplyPart(code="x", text=text, kind=PartKind.NOTICE)


def sentence(n: int) -> str:
    return " ".join(["paciente tranquilo e orientado,"] * (n // 31 + 1))[:n].rstrip(" ,") + "."


def full_report() -> Reply:
    """The shift's summary with every topic at its longest: over 4096 characters, the question last."""
    topics = Topics.model_validate({topic.value: sentence(TOPIC_MAX_CHARS - 5) for topic in Topic})
    return reply_of(replies.report_confirmation(replies.report_summary(topics)))


def lines(text: str) -> set[str]:
    return {line for line in text.splitlines() if line}


class TestLongReply:
    def test_the_longest_report_summary_goes_whole_with_its_question_and_buttons_last(self) -> None:
        """A summary over 4096 characters (it was cut, losing "Posso enviar?"): several messages, each
        bullet line whole in one of them, the question ending the last, which offers the buttons."""
        reply = full_report()
        assert len(reply.text) > MAX_TEXT
        *earlier, last = messages_of(reply)
        first = earlier[0]
        assert all(len(message.text) <= MAX_TEXT for message in earlier) and len(last.text) <= MAX_BODY
        said = [lines(message.text) for message in (*earlier, last)]
        assert set().union(*said) == lines(reply.text)
        assert sum(map(len, said)) == len(lines(reply.text))  # no line in two messages
        assert last.text.endswith(f"Posso enviar? {replies.YES_NO}")
        assert all(message.question is None for message in earlier) and last.question == reply.question
        assert message_body(first, TO) == {
            "messaging_product": "whatsapp",
            "to": TO,
            "type": "text",
            "text": {"body": first.text},
        }
        assert message_body(last, TO)["interactive"] == {
            "type": "button",
            "body": {"text": last.text},
            "action": YES_NO_ACTION,
        }

    def test_each_message_keeps_the_reply_id_and_address(self) -> None:
        reply = full_report().model_copy(update={"to": TO})
        assert {(m.reply_id, m.address) for m in messages_of(reply)} == {("rep-1", TO)}

    def test_a_text_that_fits_is_itself(self) -> None:
        """Up to 4096 characters a text without a question is one message, as it was."""
        reply = reply_of(notice("a " * 1000))
        assert MAX_BODY < len(reply.text) <= MAX_TEXT
        assert messages_of(reply) == (reply,)

    def test_a_question_over_the_button_body_ends_with_its_buttons(self) -> None:
        """A question over 1024 characters (within 4096) went as one text and the caregiver had to
        type the answer: its text goes first, then the question with the buttons."""
        reply = reply_of(notice("a " * 1000), replies.presence_question(SHIFT))
        assert MAX_BODY < len(reply.text) <= MAX_TEXT
        first, last = messages_of(reply)
        assert message_body(first, TO)["type"] == "text"
        assert message_body(last, TO)["type"] == "interactive" and len(last.text) <= MAX_BODY
        assert (first.text, last.text) == (("a " * 1000).strip(), replies.presence_question(SHIFT).text)

    def test_a_long_text_without_a_question_is_packed_by_paragraphs(self) -> None:
        paragraphs = [f"{n}: {sentence(1500)}" for n in range(3)]  # distinct: identical notices are told once
        messages = messages_of(reply_of(*(notice(p) for p in paragraphs)))
        assert [m.text for m in messages] == [f"{paragraphs[0]}\n\n{paragraphs[1]}", paragraphs[2]]
        assert all(m.question is None for m in messages)

    def test_a_question_whose_last_line_cannot_be_a_body_goes_as_texts(self) -> None:
        """Even the last line is over 1024 characters: no buttons (the text still asks sim/não)."""
        question = ReplyPart(
            code="x", text=f"{sentence(6000)} {replies.YES_NO}", question=Question(kind=QuestionKind.YES_NO)
        )
        messages = messages_of(reply_of(question))
        assert [message_body(m, TO)["type"] for m in messages] == ["text", "text"]
        assert messages[-1].text.endswith(replies.YES_NO)

    def test_a_question_on_its_own_line_is_the_last_message(self) -> None:
        """One paragraph too long for a message: it fills the first ones, cut between words (its
        heading kept with it), the question line alone carries the buttons."""
        first, second, last = messages_of(reply_of(replies.report_confirmation(sentence(5000))))
        assert first.text.startswith("Resumo do plantão:\npaciente") and len(first.text) > MAX_TEXT - 40
        assert last.text == f"Posso enviar? {replies.YES_NO}"
        assert [message_body(m, TO)["type"] for m in (first, second, last)] == ["text", "text", "interactive"]

    def test_a_text_too_long_for_one_message_is_refused_not_cut(self) -> None:
        with pytest.raises(ValueError, match="4096"):
            message_body(reply_of(notice("a " * 2100)), TO)

    def test_a_template_is_one_message(self) -> None:
        reply = reply_of(notice("x" * 5000)).model_copy(update={"template": "retomar_conversa"})
        assert messages_of(reply) == (reply,)


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzçãé•:*", min_size=1, max_size=30)
texts = st.lists(st.tuples(words, st.sampled_from([" ", " ", " ", "\n", "\n\n"])), min_size=1, max_size=400).map(
    lambda pairs: "".join(word + gap for word, gap in pairs).strip()
)


class TestSplitText:
    @settings(deadline=None)
    @given(texts, st.integers(min_value=30, max_value=300))
    def test_pieces_fit_keep_every_word_in_order_and_cut_no_word(self, text: str, limit: int) -> None:
        pieces = split_text(text, limit)
        assert all(0 < len(piece) <= limit for piece in pieces)
        assert " ".join(pieces).split() == text.split()

    @settings(deadline=None)
    @given(texts)
    def test_lines_that_fit_are_never_cut(self, text: str) -> None:
        limit = max(len(line) for line in text.split("\n"))
        pieces = split_text(text, max(limit, 1))
        assert {line.strip() for line in text.split("\n") if line.strip()} <= {
            line.strip() for piece in pieces for line in piece.split("\n")
        }

    def test_a_word_longer_than_a_message_is_the_only_cut_inside_one(self) -> None:
        assert split_text("ab " + "x" * 25, 10) == ["ab", "x" * 10, "x" * 10, "x" * 5]

    def test_reply_question_kind_survives_on_the_last_message(self) -> None:
        *_, last = messages_of(full_report())
        assert last.question is not None and last.question.kind is QuestionKind.YES_NO
