"""What the bot awaits (`Expectation`) and what one message was understood to say (`Reading`).

Both are plain values: the rule reader and the LLM interpreter produce the same `Reading`,
and the machine never needs to know which one did.
"""

from __future__ import annotations

import re
from enum import StrEnum

from orchestrator.machine.topics import Topic, Topics
from orchestrator.machine.vitals import (
    ClinicalItem,
    DoubtfulValue,
    RejectedValue,
    RespiratoryCondition,
    VitalName,
    Vitals,
)
from orchestrator.models import Frozen


class ExpectationKind(StrEnum):
    NOTHING = "nothing"
    PRESENCE_CONFIRMATION = "presence_confirmation"  # sim/não: will you attend this shift?
    CANCEL_CONFIRMATION = "cancel_confirmation"  # sim/não: really cancel (cannot be undone)?
    SUBSTITUTE_CHOICE = "substitute_choice"  # a number or a name from `choices`, or "nenhum"
    CLINICAL_CONFIRMATION = "clinical_confirmation"  # sim/não: save this measurement?
    SUMMARY_CONFIRMATION = "summary_confirmation"  # sim/não: send the end-of-shift report?
    VITALS = "vitals"  # the items named in `missing`
    CLINICAL_NOTE = "clinical_note"  # any text is the note
    FINALIZATION_TOPICS = "finalization_topics"  # the topics named in `missing`


YES_NO_EXPECTATIONS = frozenset(
    {
        ExpectationKind.PRESENCE_CONFIRMATION,
        ExpectationKind.CANCEL_CONFIRMATION,
        ExpectationKind.CLINICAL_CONFIRMATION,
        ExpectationKind.SUMMARY_CONFIRMATION,
    }
)


# An item the bot still waits for: a measure, the respiratory condition or the note, a report topic.
MissingItem = VitalName | ClinicalItem | Topic


class Expectation(Frozen):
    """What the bot asked last. `choices` are substitute names; `missing` the items still wanted.
    `asked` is False when the answer is awaited though not asked yet (presence on an unconfirmed
    shift, before the question went out): a tapped or reacted answer cannot be meant for it."""

    kind: ExpectationKind = ExpectationKind.NOTHING
    choices: tuple[str, ...] = ()
    missing: tuple[MissingItem, ...] = ()
    asked: bool = True

    @property
    def yes_no(self) -> bool:
        return self.kind in YES_NO_EXPECTATIONS


class Answer(StrEnum):
    YES = "yes"
    NO = "no"


class Wish(StrEnum):
    """What the caregiver asks for, beyond data."""

    GREETING = "greeting"
    HELP = "help"
    FINISH = "finish"  # close the shift (finalization)
    SEND_VITALS = "send_vitals"
    QUESTION = "question"  # asks something: answered with a help reply, written nowhere
    THANKS = "thanks"  # courtesy: a short friendly answer, nothing written
    LATER = "later"  # putting off ("já mando", "estou medindo"): the bot waits, nothing written
    CANCEL = "cancel"  # not coming to a confirmed shift ("não vou poder ir hoje"): the cancellation is asked


class TopicEdit(StrEnum):
    """How report topics already answered take a new answer, when the message says so."""

    ADD = "add"  # "falta colocar que ele tomou banho": added to what was said
    REPLACE = "replace"  # "não, o sono foi ruim", "na verdade não evacuou": said instead


class Source(StrEnum):
    RULES = "rules"
    LLM = "llm"


class Reading(Frozen):
    """Everything understood from one message.

    `choice` is a 0-based index into the expectation's choices; `no_choice` is "nenhum".
    `vitals` hold only accepted (in-range) values; `rejected` the refused ones. `decided` is
    False when the rules could not tell what (part of) the message means (unread numbers
    included): an LLM would help.
    """

    answer: Answer | None = None
    choice: int | None = None
    no_choice: bool = False
    vitals: Vitals = Vitals()
    rejected: tuple[RejectedValue, ...] = ()
    respiratory: RespiratoryCondition | None = None
    support: str | None = (
        None  # how the breathing is supported ("O2 em cateter 2 L/min", "BIPAP noturno"): for the note
    )
    clinical_note: str | None = None
    operational_note: str | None = None
    topics: Topics = Topics()
    topic_edit: TopicEdit | None = None  # None: the machine's default (added while collected, replaced in the summary)
    wishes: tuple[Wish, ...] = ()
    unread_numbers: tuple[str, ...] = ()  # bare numbers no value could be told from: asked by name
    doubts: tuple[DoubtfulValue, ...] = ()  # labelled values that cannot be told ("FC 78 não 76"): asked back
    coming: bool = False  # at the cancellation check, "não, me enganei, eu vou sim": kept and confirmed
    questioned: bool = False  # a yes asked back ("posso confirmar?", "sim?"): no answer, the question again
    decided: bool = True
    source: Source = Source.RULES

    @property
    def has_clinical(self) -> bool:
        """New clinical content: a value (accepted or not), a respiratory condition or a note."""
        return not self.vitals.empty or bool(self.rejected) or self.respiratory is not None or bool(self.clinical_note)

    @property
    def has_topics(self) -> bool:
        return bool(self.topics.given)

    def wants(self, wish: Wish) -> bool:
        return wish in self.wishes

    @property
    def aside(self) -> bool:
        """Said beside the conversation (a greeting, thanks, a question): understood, though it
        answers nothing asked."""
        asides = (Wish.GREETING, Wish.THANKS, Wish.QUESTION, Wish.HELP)
        return self.questioned or any(wish in self.wishes for wish in asides)

    def completed_by(self, other: Reading) -> Reading:
        """This reading with every gap filled from `other` (what this one found is kept)."""
        return Reading(
            # A yes asked back ("posso confirmar?") stays unanswered whatever the other reader found.
            answer=self.answer or (None if self.questioned else other.answer),
            choice=self.choice if self.choice is not None else other.choice,
            no_choice=self.no_choice or other.no_choice,
            # A measure this reader refused ("PA 120/8", "PA 1208") is never taken from the other: the
            # same refusal holds whoever read it.
            # A measure this reader doubted ("FC 78 não 76") is asked, never taken from the other either.
            vitals=other.vitals.without(
                [*(rejected.name for rejected in self.rejected), *(doubt.name for doubt in self.doubts)]
            ).merged(self.vitals),
            rejected=self.rejected or other.rejected,
            respiratory=self.respiratory or other.respiratory,
            support=self.support,  # (the rules' reading of the words; the LLM gives the condition only)
            clinical_note=self.clinical_note or other.clinical_note,
            operational_note=self.operational_note or other.operational_note,
            topics=other.topics.merged(self.topics),
            topic_edit=self.topic_edit or other.topic_edit,
            wishes=tuple(dict.fromkeys((*self.wishes, *other.wishes))),
            # Numbers the other reader placed are read; the others are still named back to the caregiver.
            unread_numbers=tuple(number for number in self.unread_numbers if not _holds(other.vitals, number)),
            doubts=self.doubts,
            questioned=self.questioned,
            coming=self.coming or other.coming,
            decided=True,
            source=other.source,
        )


def _holds(vitals: Vitals, written: str) -> bool:
    """Whether a number as the caregiver wrote it ("36,1", "36,,5") is one of these values; words that
    give no exact number ("37 e pouco", "94 e 96") are none."""
    try:
        number = float(re.sub(r"\s*[.,;][\s.,;]*", ".", written.strip()))
    except ValueError:
        return False
    values = (vitals.heart_rate, vitals.resp_rate, vitals.saturation, vitals.temperature)
    return any(value is not None and float(value) == number for value in values)
