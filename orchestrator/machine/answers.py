"""Answers a channel offers to tap, and what a tapped answer or a reaction means (SPEC section 12).

A yes/no question offers two reply buttons (ids `yes`, `no`); the substitutes choice offers one
list row per option (`choice-<n>`, 1-based, as the text numbers them) and a "Nenhum" row. A tapped
id decides the answer by itself: no rules, no LLM. Pure: the turn decides whether the tap or the
reaction answers the question still open.
"""

from __future__ import annotations

from orchestrator.machine import replies
from orchestrator.machine.reading import Answer, Reading
from orchestrator.models import Choice
from orchestrator.outbound import Question, QuestionKind

YES_ID = "yes"
NO_ID = "no"
CHOICE_PREFIX = "choice-"
NO_CHOICE_ID = "choice-none"

# Reactions that answer a pending yes/no question; any other emoji answers nothing.
_REACTION_ANSWERS = {
    "👍": Answer.YES,
    "✅": Answer.YES,
    "👌": Answer.YES,
    "👎": Answer.NO,
    "❌": Answer.NO,
}


def choices_of(question: Question | None) -> tuple[Choice, ...]:
    """The answers to offer for a question, in order; none for an open question."""
    if question is None:
        return ()
    if question.kind is QuestionKind.YES_NO:
        return (Choice(id=YES_ID, title=replies.YES_TITLE), Choice(id=NO_ID, title=replies.NO_TITLE))
    rows = [Choice(id=f"{CHOICE_PREFIX}{n}", title=title) for n, title in enumerate(question.options, start=1)]
    return (*rows, Choice(id=NO_CHOICE_ID, title=replies.NO_CHOICE_TITLE))


def buttons_of(question: Question | None) -> tuple[Choice, ...]:
    """The reply buttons of a yes/no question (none for any other)."""
    return choices_of(question) if question is not None and question.kind is QuestionKind.YES_NO else ()


def options_of(question: Question | None) -> tuple[Choice, ...]:
    """The list rows of a choice (none for any other question)."""
    return choices_of(question) if question is not None and question.kind is QuestionKind.CHOICE else ()


def reading_of_tap(reply_id: str) -> Reading | None:
    """What a tapped button or list row says, or None for an id that is not one of ours (e.g. a
    backend template's quick reply, read from its text as before)."""
    if reply_id == YES_ID:
        return Reading(answer=Answer.YES)
    if reply_id == NO_ID:
        return Reading(answer=Answer.NO)
    if reply_id == NO_CHOICE_ID:
        return Reading(no_choice=True)
    number = reply_id.removeprefix(CHOICE_PREFIX)
    if reply_id.startswith(CHOICE_PREFIX) and number.isascii() and number.isdigit() and int(number) >= 1:
        return Reading(choice=int(number) - 1)
    return None


def answers_yes_no(reply_id: str) -> bool:
    return reply_id in (YES_ID, NO_ID)


def reaction_answer(emoji: str) -> Answer | None:
    """👍 ✅ 👌 = yes, 👎 ❌ = no (skin tones and the emoji variation selector aside)."""
    return _REACTION_ANSWERS.get(_bare_emoji(emoji))


def _bare_emoji(emoji: str) -> str:
    """The emoji without a skin-tone modifier or variation selector (👍🏽 is 👍)."""
    return "".join(char for char in emoji if not ("\U0001f3fb" <= char <= "\U0001f3ff" or char == "\ufe0f"))
