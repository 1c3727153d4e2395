"""The rule layer: `read_rules(text, expectation) -> Reading`, pure and fast.

It decides what it can (answers, choices, vitals, respiratory condition, operational remarks,
report topics, greetings, help, finishing) and says `decided=False` when part of the message
is left it cannot place: only then is an LLM worth asking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from orchestrator.machine import lexicon, notes
from orchestrator.machine.numbers import digits_for_words
from orchestrator.machine.parse_vitals import VitalsFound, find_vitals, to_number
from orchestrator.machine.reading import Answer, Expectation, ExpectationKind, Reading, Wish
from orchestrator.machine.text import fold, mask, meaningful_words, words
from orchestrator.machine.topics import Topic, Topics, read_topics
from orchestrator.machine.vitals import ClinicalItem, VitalName, accept

# Above this many words an affirmative message is not a bare answer any more.
SHORT_ANSWER_WORDS = 6
# While the report is open, only labelled values are vital signs ("comeu 50%" is no saturation).
_REPORT_EXPECTATIONS = (ExpectationKind.FINALIZATION_TOPICS, ExpectationKind.SUMMARY_CONFIRMATION)


@dataclass
class _Scan:
    """The message as it is consumed, piece by piece (local to one `read_rules` call)."""

    text: str
    folded: str
    expectation: Expectation
    spans: list[tuple[int, int]] = field(default_factory=list)

    def consume(self, span: tuple[int, int]) -> None:
        self.spans.append(span)

    def rest(self) -> tuple[str, str]:
        """Original and folded text with everything consumed blanked out."""
        return mask(self.text, self.spans), mask(self.folded, self.spans)


def read_rules(text: str, expectation: Expectation) -> Reading:
    """Understand one message with rules only. Never raises, whatever the text."""
    # Numbers in words become digits in the folded text only: notes are still cut from `text`.
    scan = _Scan(text=text, folded=digits_for_words(fold(text)), expectation=expectation)
    answer = _read_answer(scan)
    choice, no_choice = _read_choice(scan) if expectation.kind is ExpectationKind.SUBSTITUTE_CHOICE else (None, False)
    wishes = _read_wishes(scan)
    found = find_vitals(scan.folded, by_unit=expectation.kind not in _REPORT_EXPECTATIONS)
    found.release(notes.operational_things(scan.folded))
    _read_lone_number(scan, found)
    scan.spans.extend(found.spans)
    vitals, rejected = accept(found.values)
    if found.values and Wish.SEND_VITALS in wishes:
        wishes = tuple(wish for wish in wishes if wish is not Wish.SEND_VITALS)
    reading = Reading(
        answer=answer,
        choice=choice,
        no_choice=no_choice,
        vitals=vitals,
        rejected=rejected,
        respiratory=found.respiratory,
        wishes=wishes,
    )
    return _read_rest(scan, reading, found)


# -- answers and choices -------------------------------------------------------------------------


def _read_answer(scan: _Scan) -> Answer | None:
    """A yes or a no, read in the light of the question asked; "não" beats "sim"."""
    answer, match = _answer_and_match(scan)
    if answer is None:
        return None
    kind = scan.expectation.kind
    if match is not None:
        rest = mask(scan.folded, [match.span()])
        # Outside a yes/no question the answer word is consumed only when it is the whole message:
        # "não tem febre" stays a note.
        if scan.expectation.yes_no or not meaningful_words(rest):
            scan.consume(match.span())
        elif kind is ExpectationKind.FINALIZATION_TOPICS:
            return None
    return answer


def _cancel_answer(folded: str) -> tuple[Answer | None, re.Match[str] | None]:
    """In the cancellation double-check "cancela" means yes and "manter" means no."""
    if lexicon.CANCEL_NO.search(folded) or lexicon.NO_EMOJI.search(folded):
        return Answer.NO, lexicon.LEAD_NO.match(folded)
    if match := lexicon.CANCEL_YES.match(folded):
        return Answer.YES, match
    return (Answer.YES if lexicon.YES_EMOJI.search(folded) else None), None


def _answer_and_match(scan: _Scan) -> tuple[Answer | None, re.Match[str] | None]:
    folded, kind = scan.folded, scan.expectation.kind
    if kind is ExpectationKind.CANCEL_CONFIRMATION:
        return _cancel_answer(folded)
    if match := lexicon.LEAD_NO.match(folded):
        return Answer.NO, match
    if kind is ExpectationKind.PRESENCE_CONFIRMATION and lexicon.PRESENCE_NO.search(folded):
        return Answer.NO, None
    yes = lexicon.LEAD_YES.match(folded)
    if kind is ExpectationKind.PRESENCE_CONFIRMATION and yes is None:
        yes = lexicon.PRESENCE_YES.match(folded)
    if yes or lexicon.YES_EMOJI.search(folded):
        # Negation wins over affirmation: "ok, mas está errado", "👍 não".
        short = len(words(folded)) <= SHORT_ANSWER_WORDS
        negated = lexicon.NO_EMOJI.search(folded) or (short and lexicon.NEGATION_WORD.search(folded))
        return (Answer.NO if negated else Answer.YES), yes
    return (Answer.NO if lexicon.NO_EMOJI.search(folded) else None), None


def _read_choice(scan: _Scan) -> tuple[int | None, bool]:
    """A substitute by number ("2", "a segunda") or by name; or none of them ("nenhum")."""
    choices, folded = scan.expectation.choices, scan.folded
    numbers = [m for m in lexicon.NUMBER.finditer(folded) if m.group(1).isdigit()]
    if len(numbers) == 1 and len(words(folded)) <= SHORT_ANSWER_WORDS and 1 <= int(numbers[0].group(1)) <= len(choices):
        scan.consume((0, len(folded)))
        return int(numbers[0].group(1)) - 1, False
    if (ordinal := lexicon.ORDINAL.search(folded)) and lexicon.ORDINALS[ordinal.group(1)] <= len(choices):
        scan.consume((0, len(folded)))
        return lexicon.ORDINALS[ordinal.group(1)] - 1, False
    if (named := _choice_by_name(folded, choices)) is not None:
        scan.consume((0, len(folded)))
        return named, False
    if lexicon.NO_CHOICE.match(folded):
        scan.consume((0, len(folded)))
        return None, True
    return None, False


def _choice_by_name(folded: str, choices: tuple[str, ...]) -> int | None:
    full = [index for index, name in enumerate(choices) if fold(name) in folded]
    if len(full) == 1:
        return full[0]
    said = set(words(folded))
    partial = [index for index, name in enumerate(choices) if any(len(w) > 2 and w in said for w in words(fold(name)))]
    return partial[0] if len(partial) == 1 else None


# -- wishes and lone numbers ---------------------------------------------------------------------


def _read_wishes(scan: _Scan) -> tuple[Wish, ...]:
    wishes = []
    for wish, pattern in (
        (Wish.GREETING, lexicon.GREETING),
        (Wish.HELP, lexicon.HELP),
        (Wish.FINISH, lexicon.FINISH),
        (Wish.SEND_VITALS, lexicon.SEND_VITALS),
    ):
        matches = list(pattern.finditer(scan.folded))
        if matches:
            wishes.append(wish)
            # "sinais" may be part of a note ("sinais de desidratação"): never consumed.
            if wish is not Wish.SEND_VITALS:
                scan.spans.extend(match.span() for match in matches)
    return tuple(wishes)


def _read_lone_number(scan: _Scan, found: VitalsFound) -> None:
    """A bare "18" right after "qual a FR?": the number answers the one measure still missing."""
    if scan.expectation.kind is not ExpectationKind.VITALS or found.values:
        return
    missing = [name for name in VitalName if name.value in scan.expectation.missing]
    if len(missing) != 1 or missing[0] is VitalName.BLOOD_PRESSURE:
        return
    numbers = [m for m in lexicon.NUMBER.finditer(scan.folded) if found.free(*m.span())]
    # Only a number on its own: in "dormiu umas duas horas" the number is no measure.
    if len(numbers) == 1 and not meaningful_words(mask(scan.folded, [numbers[0].span()])):
        found.values[missing[0]] = to_number(numbers[0].group(1))
        found.spans.append(numbers[0].span())


# -- what is left: operational remarks, notes, report topics -------------------------------------


def _read_rest(scan: _Scan, reading: Reading, found: VitalsFound) -> Reading:
    """What is left once values, answers and wishes were read: a note, an operational note, a
    question, or (while the report is open and no vital sign came) report topics."""
    original, kind = scan.text, scan.expectation.kind
    with_values = bool(found.values) or found.respiratory is not None
    if kind is ExpectationKind.FINALIZATION_TOPICS and not with_values:
        return _read_report(scan, reading)
    if kind is ExpectationKind.SUMMARY_CONFIRMATION and not with_values:
        # A correction of the summary awaiting its answer: "Sono: dormiu pouco", or after a "não" in
        # the same message any clause that finds its topic ("não, acordou duas vezes à noite").
        free = reading.answer is Answer.NO
        read = read_topics(original, scan.folded, scan.spans, (), free=free, keep_unplaced=False)
        if read.topics.given:
            return reading.model_copy(update={"topics": read.topics})
    remarks = notes.read_remarks(
        original, scan.folded, scan.spans, note_welcome=_note_welcome(reading, found, scan.expectation)
    )
    answered = scan.expectation.yes_no and reading.answer is not None
    update: dict[str, object] = {
        "operational_note": remarks.operational,
        "clinical_note": None if answered and not with_values else remarks.clinical,
        "wishes": _with_question(reading.wishes, remarks.question),
    }
    result = reading.model_copy(update=update)
    unplaced = remarks.unplaced and not answered
    return result.model_copy(update={"decided": not unplaced and _has_content(result, result.topics)})


def _read_report(scan: _Scan, reading: Reading) -> Reading:
    missing = tuple(topic for topic in Topic if topic.value in scan.expectation.missing)
    read = read_topics(scan.text, scan.folded, scan.spans, missing)
    result = reading.model_copy(update={"topics": read.topics, "wishes": _with_question(reading.wishes, read.question)})
    return result.model_copy(update={"decided": not read.unplaced and _has_content(result, read.topics)})


def _with_question(wishes: tuple[Wish, ...], asked: bool) -> tuple[Wish, ...]:
    """A question is one when nothing else explains it: "posso encerrar o plantão?" is a wish to finish."""
    if not asked or Wish.HELP in wishes or Wish.FINISH in wishes:
        return wishes
    return (*wishes, Wish.QUESTION)


def _note_welcome(reading: Reading, found: VitalsFound, expectation: Expectation) -> bool:
    """Free text is a clinical note when it comes with vitals or when a note was asked for."""
    if found.values or found.respiratory is not None:
        return True
    if expectation.kind is ExpectationKind.CLINICAL_NOTE:
        return True
    return expectation.kind is ExpectationKind.VITALS and ClinicalItem.NOTE in expectation.missing


def _has_content(reading: Reading, topics: Topics) -> bool:
    return bool(
        reading.answer
        or reading.choice is not None
        or reading.no_choice
        or reading.has_clinical
        or reading.operational_note
        or topics.given
        or reading.wishes
    )
