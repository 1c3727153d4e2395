"""The rule layer: `read_rules(text, expectation) -> Reading`, pure and fast.

It decides what it can (answers, choices, vitals, respiratory condition, operational remarks,
report topics, greetings, help, finishing) and says `decided=False` when part of the message
is left it cannot place: only then is an LLM worth asking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from orchestrator.machine import lexicon
from orchestrator.machine.parse_vitals import VitalsFound, find_vitals, to_number
from orchestrator.machine.reading import Answer, Expectation, ExpectationKind, Reading, Wish
from orchestrator.machine.text import clauses, fold, mask, meaningful_words, tidy, words
from orchestrator.machine.topics import Topic, Topics, read_topics
from orchestrator.machine.vitals import VitalName, accept

NOTE_MAX_CHARS = 1000
# Above this many words an affirmative message is not a bare answer any more.
SHORT_ANSWER_WORDS = 6
_NOTE_ITEM = "nota clínica"


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
    scan = _Scan(text=text, folded=fold(text), expectation=expectation)
    answer = _read_answer(scan)
    choice, no_choice = _read_choice(scan) if expectation.kind is ExpectationKind.SUBSTITUTE_CHOICE else (None, False)
    wishes = _read_wishes(scan)
    found = find_vitals(scan.folded, by_unit=expectation.kind is not ExpectationKind.FINALIZATION_TOPICS)
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
    if len(numbers) == 1:
        found.values[missing[0]] = to_number(numbers[0].group(1))
        found.spans.append(numbers[0].span())


# -- what is left: operational remarks, notes, report topics -------------------------------------


def _read_rest(scan: _Scan, reading: Reading, found: VitalsFound) -> Reading:
    original, folded = scan.rest()
    expectation = scan.expectation
    if expectation.kind is ExpectationKind.FINALIZATION_TOPICS:
        missing = tuple(topic for topic in Topic if _topic_title_missing(topic, expectation))
        topics, placed = read_topics(original, missing)
        return reading.model_copy(update={"topics": topics, "decided": placed and _has_content(reading, topics)})
    if expectation.kind is ExpectationKind.SUMMARY_CONFIRMATION and reading.answer is None:
        # "Sono: dormiu pouco" while the report awaits its yes: a correction of one topic.
        topics, _ = read_topics(original, (), labelled_only=True)
        if topics.given:
            return reading.model_copy(update={"topics": topics})
    operational: list[tuple[str, bool]] = []
    notes: list[tuple[str, bool]] = []
    for start, end in clauses(folded):
        if not meaningful_words(folded[start:end]):
            continue
        target = operational if lexicon.OPERATIONAL.search(folded[start:end]) else notes
        target.append((tidy(original[start:end]), bool(lexicon.CLINICAL.search(folded[start:end]))))
    note_welcome = _note_welcome(reading, found, expectation)
    kept_notes = [clause for clause, clinical in notes if note_welcome or clinical]
    unplaced = len(kept_notes) < len(notes) and not (expectation.yes_no and reading.answer is not None)
    update: dict[str, object] = {}
    if operational:
        update["operational_note"] = "; ".join(clause for clause, _ in operational)[:NOTE_MAX_CHARS]
    if kept_notes and not (expectation.yes_no and reading.answer is not None):
        update["clinical_note"] = ", ".join(kept_notes)[:NOTE_MAX_CHARS]
    result = reading.model_copy(update=update)
    return result.model_copy(update={"decided": not unplaced and _has_content(result, result.topics)})


def _note_welcome(reading: Reading, found: VitalsFound, expectation: Expectation) -> bool:
    """Free text is a clinical note when it comes with vitals or when a note was asked for."""
    if found.values or found.respiratory is not None:
        return True
    if expectation.kind is ExpectationKind.CLINICAL_NOTE:
        return True
    return expectation.kind is ExpectationKind.VITALS and _NOTE_ITEM in expectation.missing


def _topic_title_missing(topic: Topic, expectation: Expectation) -> bool:
    return not expectation.missing or topic.value in expectation.missing


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
