"""The rule layer: `read_rules(text, expectation) -> Reading`, pure and fast.

It decides what it can (answers, choices, vitals, respiratory condition, operational remarks,
report topics, greetings, help, finishing) and says `decided=False` when part of the message
is left it cannot place: only then is an LLM worth asking.
"""

from __future__ import annotations

import dataclasses
import re

from orchestrator.machine import lexicon, note_words, notes, remark_kinds
from orchestrator.machine.numbers import digits_for_words
from orchestrator.machine.parse_answers import asked_back, read_answer, read_choice
from orchestrator.machine.parse_asked import (
    decimal_temperature,
    read_flow_asked,
    read_lone_number,
    read_pressure_asked,
    unread_spans,
)
from orchestrator.machine.parse_report import (
    completes_measurement,
    labelled_topics_beside_values,
    report_beside_values,
    report_typed_on,
)
from orchestrator.machine.parse_scan import Scan
from orchestrator.machine.parse_sequence import CLOCK, read_listed, read_sequence
from orchestrator.machine.parse_vitals import VitalsFound, find_vitals
from orchestrator.machine.reading import Answer, Expectation, ExpectationKind, Reading, TopicEdit, Wish
from orchestrator.machine.text import fold, mask, meaningful_words
from orchestrator.machine.topic_labels import CHANGED_TO, OUTSIDE_REPORT_LABEL
from orchestrator.machine.topics import Topic, Topics, names_a_topic, opens_into_topic, read_topics
from orchestrator.machine.vitals import ClinicalItem, accept

# While the report is open, only labelled values are vital signs ("comeu 50%" is no saturation).
_REPORT_EXPECTATIONS = (ExpectationKind.FINALIZATION_TOPICS, ExpectationKind.SUMMARY_CONFIRMATION)
_RIGHT_ONE = re.compile(r"^[\s\W]*(?:o\s+certo\s+(?:e|eh)|quer\s+dizer|ou\s+melhor)\b[\s:,.-]*")
_BARE_CANCEL = re.compile(r"^[\s\W]*(?:cancela|cancelar|cancelado|cancele)[\s\W]*$")
# Said of the report at its summary: something is missing from it ("faltou a medicação das 18h").
_REPORT_GAP = re.compile(
    r"\b(?:falt(?:a|ou|ando)|esqueci|esqueceu|nao\s+(?:tem|colocou|coloquei|botou|anotou|anotei))\b"
)
# Nothing asked, or a measurement being collected: what comes with the wish to finish is the report.
_OPEN_KINDS = (ExpectationKind.NOTHING, ExpectationKind.VITALS, ExpectationKind.CLINICAL_NOTE)
# "o que eu faço", "oq faço", "o que devo fazer": asking what to do.
_WHAT_TO_DO = re.compile(
    r"(?:oq|o\s+q|o\s+que)\s+(?:(?:e|eh)\s+(?:pra|para)\s+)?(?:(?:eu|a\s+gente)\s+)?(?:devo\s+|preciso\s+|tenho\s+que\s+)?"
    r"(?:faco|fazer|faz)\s*"
)
_SUMMARIES = (ExpectationKind.CLINICAL_CONFIRMATION, ExpectationKind.SUMMARY_CONFIRMATION)
_PRESENCE_KINDS = (ExpectationKind.PRESENCE_CONFIRMATION, ExpectationKind.CANCEL_CONFIRMATION)


def read_rules(text: str, expectation: Expectation) -> Reading:
    """Understand one message with rules only. Never raises, whatever the text."""
    # Numbers in words become digits in the folded text only: notes are still cut from `text`.
    # WhatsApp's *bold*, _italic_ and ~strike~ marks are no part of a word ("*FC* 80"); "120*80" keeps its "*".
    folded = _FORMATTING.sub(lambda mark: " " * len(mark.group()), digits_for_words(fold(text)))
    scan = Scan(text=text, folded=folded, expectation=expectation)
    # "1) FC 80", "2. sat 97": a list's numbering is no value.
    scan.spans.extend(match.span() for match in _LIST_NUMBER.finditer(scan.folded))
    answer = _read_answer(scan)
    choosing = expectation.kind is ExpectationKind.SUBSTITUTE_CHOICE
    picked = read_choice(scan.folded, expectation.choices) if choosing else None
    if picked is not None and picked.whole:
        scan.consume((0, len(scan.folded)))
    choice, no_choice = (picked.choice, picked.none) if picked is not None else (None, False)
    deferred = (Wish.LATER,) if picked is not None and picked.deferred else ()
    wishes = _cancel_wish(scan) + _read_wishes(scan) + _arrival(scan) + _putting_off(scan) + deferred
    if Wish.LATER in wishes or Wish.CANCEL in wishes:
        # "ok, já mando" says it is not done yet, "não vou poder ir hoje" speaks of the shift: neither
        # answers what was asked.
        answer = None
    by_unit = expectation.kind not in _REPORT_EXPECTATIONS
    found = find_vitals(scan.folded, by_unit=by_unit, shown=expectation.kind is ExpectationKind.CLINICAL_CONFIRMATION)
    found.release(notes.operational_things(scan.folded))
    unread = read_sequence(scan.folded, found, scan.spans) if by_unit else []
    if not by_unit:
        read_listed(scan.folded, found, scan.spans)
    read_lone_number(scan.folded, scan.expectation, found)
    read_flow_asked(mask(scan.folded, scan.spans), scan.expectation, found)
    read_pressure_asked(mask(scan.folded, scan.spans), scan.expectation, found)
    if by_unit:
        unread = decimal_temperature(mask(scan.folded, scan.spans), found, unread)
    scan.spans.extend(found.spans)
    unread = [*unread, *found.unclear]
    doubts = tuple(doubt for _, doubt in found.doubts)
    about_vitals = by_unit and expectation.kind not in _PRESENCE_KINDS
    spans = unread_spans(mask(scan.folded, scan.spans), unread if by_unit else found.unclear, lone=about_vitals)
    scan.spans.extend(spans)
    # As read: a number spoken in words ("trinta e seis e meio") is digits only in the folded text.
    unread_numbers = tuple(dict.fromkeys(scan.folded[start:end].strip() for start, end in sorted(set(spans))))
    vitals, rejected = accept(found.values)
    rejected = (*found.refused, *rejected)
    if found.values and Wish.SEND_VITALS in wishes:
        wishes = tuple(wish for wish in wishes if wish is not Wish.SEND_VITALS)
    reading = Reading(
        answer=answer,
        choice=choice,
        no_choice=no_choice,
        vitals=vitals,
        rejected=rejected,
        respiratory=found.respiratory,
        support=found.support,
        wishes=wishes,
        unread_numbers=unread_numbers,
        doubts=doubts,
        questioned=scan.questioned,
        coming=_coming_after_all(scan, answer),
    )
    if reading.coming and expectation.kind is ExpectationKind.PRESENCE_CONFIRMATION:
        reading = reading.model_copy(update={"answer": Answer.YES, "coming": False})
    return _read_rest(scan, reading, found)


def _coming_after_all(scan: Scan, answer: Answer | None) -> bool:
    """ "não, me enganei, eu vou sim" at the cancellation check (no cancellation, and a yes to presence),
    "não cancela não, vou sim" at the presence question (a yes), "eu vou sim" at the substitutes list."""
    kind = scan.expectation.kind
    if not (kind is ExpectationKind.SUBSTITUTE_CHOICE or (kind in _PRESENCE_KINDS and answer is Answer.NO)):
        return False
    return bool(lexicon.COMING.search(scan.folded)) and not lexicon.NOT_COMING.search(scan.folded)


# -- answers and choices -------------------------------------------------------------------------


def _read_answer(scan: Scan) -> Answer | None:
    answer, spans = read_answer(scan.folded, scan.expectation)
    scan.spans.extend(spans)
    scan.answered = spans
    if not scan.expectation.yes_no:
        return answer
    if answer is Answer.YES and spans and (asked := asked_back(scan.folded, spans)):
        unanswered = mask(scan.folded, spans)
        about = " ".join(unanswered[start:end] for start, end in asked)
        if set(meaningful_words(about)) <= lexicon.ASKING_TO_ANSWER:
            # "posso confirmar?", "sim?": asking whether to answer; the question is explained again.
            scan.spans.extend(asked)
            scan.questioned = True
        return None  # "posso ir de uniforme?": a question, answered as one
    if answer is None and lexicon.CONFIRMING_ASKED.match(scan.folded):
        scan.consume((0, len(scan.folded)))
        scan.questioned = True
    return answer


# -- wishes and lone numbers ---------------------------------------------------------------------


def _read_wishes(scan: Scan) -> tuple[Wish, ...]:
    wishes = []
    for wish, pattern in (
        (Wish.GREETING, lexicon.GREETING),
        (Wish.THANKS, lexicon.THANKS),
        (Wish.HELP, lexicon.HELP),
        (Wish.FINISH, lexicon.FINISH),
        (Wish.SEND_VITALS, lexicon.SEND_VITALS),
    ):
        matches = [
            match
            for match in pattern.finditer(scan.folded)
            if not _asked_about(scan.folded, match.start()) and scan.free(*match.span())
        ]
        if wish is Wish.GREETING and _answers_topic(scan):
            matches = []
        if matches:
            # "a paciente caiu, o que eu faço?": a question for the coordination, not the menu.
            wishes.append(Wish.QUESTION if wish is Wish.HELP and _about_the_patient(scan, matches) else wish)
            # "sinais" may be part of a note ("sinais de desidratação"): never consumed.
            if wish is not Wish.SEND_VITALS:
                scan.spans.extend(match.span() for match in matches)
    if not wishes and lexicon.COURTESY_EMOJI.search(scan.text) and not any(char.isalnum() for char in scan.text):
        wishes.append(Wish.THANKS)  # "🙏", "❤️❤️": emoji alone say thanks
        scan.consume((0, len(scan.folded)))
    return tuple(wishes)


def _about_the_patient(scan: Scan, helps: list[re.Match[str]]) -> bool:
    """ "o que eu faço?" beside something said of the patient asks what to do about it (a question,
    answered with who to call); alone, or beside words about the bot, it asks for the menu."""
    if not helps or not all(_WHAT_TO_DO.fullmatch(match.group()) for match in helps):
        return False
    rest = mask(scan.folded, [*scan.spans, *(match.span() for match in helps)])
    return bool(meaningful_words(rest)) and not lexicon.HELP.search(rest)


def _arrival(scan: Scan) -> tuple[Wish, ...]:
    """ "cheguei no plantão" once presence is settled says hello: answered as a greeting."""
    if scan.expectation.kind in _PRESENCE_KINDS:
        return ()
    arrival = lexicon.PRESENCE_YES.match(scan.folded)
    # Being late ("to chegando atrasada") is news for the coordination: an operational note.
    if arrival is None or not scan.free(*arrival.span()) or lexicon.SERVICE.search(scan.folded):
        return ()
    if meaningful_words(mask(scan.folded, [*scan.spans, arrival.span()])):
        return ()
    scan.consume(arrival.span())
    return (Wish.GREETING,)


def _cancel_wish(scan: Scan) -> tuple[Wish, ...]:
    """ "não vou poder ir hoje" on a confirmed shift: the whole message asks to cancel (at the presence
    question the answer reader says "não" instead)."""
    # (At a measurement's summary too: "não vou poder ir hoje" is no "não" to the data.)
    asking = (
        ExpectationKind.NOTHING,
        ExpectationKind.VITALS,
        ExpectationKind.CLINICAL_NOTE,
        ExpectationKind.CLINICAL_CONFIRMATION,
    )
    if scan.expectation.kind not in asking:
        return ()
    if not lexicon.CANCEL_WISH.search(scan.folded):
        return ()
    scan.consume((0, len(scan.folded)))
    return (Wish.CANCEL,)


def _putting_off(scan: Scan) -> tuple[Wish, ...]:
    """ "blz, já mando", "estou medindo agora": the caregiver will answer later; nothing else was said."""
    # Putting off wins over the yes it overlaps: "vou ver e te falo" at the presence question ("vou" is a
    # yes there), "pode esperar" at a summary ("pode" is a yes).
    taken = [span for span in scan.spans if span not in scan.answered]
    matches = [match.span() for match in lexicon.LATER.finditer(scan.folded) if _clear(taken, *match.span())]
    # The note's own judgement: when no clause worth a note is left ("blz, [já mando]", "ok, [um
    # momento] pfv"), the message only puts off; "[vou medir] a glicemia de novo" is a note.
    if not matches or notes.clauses(scan.text, scan.folded, [*scan.spans, *matches]):
        return ()
    scan.spans.extend(matches)
    if ack := lexicon.LEAD_YES.match(mask(scan.folded, scan.spans)):
        scan.consume(ack.span())  # "certo, vou mandar": the "certo" goes with the putting off, no topic
    return (Wish.LATER,)


def _clear(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in spans)


def _answers_topic(scan: Scan) -> bool:
    """ "tudo certo" while a report topic is asked says how that topic went: no greeting."""
    kind = scan.expectation.kind
    return kind is ExpectationKind.FINALIZATION_TOPICS and bool(lexicon.SMALL_TALK_ANSWER.match(scan.folded))


def _asked_about(folded: str, position: int) -> bool:
    """Whether the words at `position` are what a question asks about ("que horas *termina meu
    plantão*?"): a question for information is no wish to do what it names."""
    clause_start = max((start for start, _, _ in notes.segments(folded) if start <= position), default=0)
    return bool(lexicon.INFORMATION_QUESTION.search(folded, clause_start, position))


_INTO_TOPIC = re.compile(r"(?:n[oa]s?|em)\s")
_ADDING_LATER = re.compile(r"\b(?:acrescent\w*|adicion\w*|inclu(?:i|ir|a)|tambem|tbm?)\b")
_FORMATTING = re.compile(r"[_~]|(?<![\d\s])\*|\*(?![\d\s])")
_ADDING_NOTE = re.compile(r"\b(?:esqueci|faltou|tambem|tb|tbm|alem\s+disso|mais\s+uma\s+coisa|acrescent\w*|mas)\b")
_BARE_NO = re.compile(r"\s*n(?:ao|a+o+)\s*")
_NEGATED = re.compile(r"[^\S\n]+(\w+)")  # the word right after it, in the same sentence
# "não ele dormiu mal", "não o sono foi ruim": the "não" answers, what follows corrects.
_NOT_NEGATED = note_words.SUBJECTS | {"o", "a", "os", "as", "na", "no", "foi", "era", "e", "so"}
_LIST_NUMBER = re.compile(r"(?m)^[^\S\n]*\d{1,2}\s*[).\-–:]\s*(?=[a-z])")


# -- what is left: operational remarks, notes, report topics -------------------------------------


def _read_rest(scan: Scan, reading: Reading, found: VitalsFound) -> Reading:
    """What is left once values, answers and wishes were read: a note, an operational note, a
    question, or (while the report is open and no vital sign came) report topics."""
    original, kind = scan.text, scan.expectation.kind
    with_values = bool(found.values) or found.respiratory is not None
    if kind is ExpectationKind.FINALIZATION_TOPICS and not with_values and not completes_measurement(scan):
        return _read_report(scan, reading)
    if Wish.FINISH in reading.wishes and kind in _OPEN_KINDS and not with_values:
        # "meu plantão acabou, segue o relatório: comeu bem, dormiu bem": the report comes with the wish to
        # finish; its answers are the report's (never a clinical note, staged unseen).
        return _read_report(scan, reading)
    if kind is ExpectationKind.FINALIZATION_TOPICS or (Wish.FINISH in reading.wishes and kind in _OPEN_KINDS):
        # (Beside the wish to finish too: "vou finalizar. comeu bem, dormiu bem, PA 13x8, …".)
        reading = labelled_topics_beside_values(scan, reading)
        reading = report_beside_values(scan, reading)
    elif kind is ExpectationKind.CLINICAL_CONFIRMATION and scan.expectation.missing:
        # At a measurement's summary during the report, "Alimentação: comeu bem" is the report's, never the
        # note ("Obs: ..." still adds to the measurement's note).
        reading = labelled_topics_beside_values(scan, reading, observations=False)
        if not (with_values or reading.answer or reading.topics.given) and (topics := report_typed_on(scan)):
            return reading.model_copy(update={"topics": topics, "decided": True})
    # "Obs: paciente agitado": the label is no part of the note; "a nota tá errada, …" says the note instead.
    scan.spans.extend(match.span() for match in lexicon.NOTE_LABEL.finditer(scan.folded) if scan.free(*match.span()))
    if kind in _OPEN_KINDS or (kind is ExpectationKind.CLINICAL_CONFIRMATION and not scan.expectation.missing):
        labels = OUTSIDE_REPORT_LABEL.finditer(scan.folded)  # "Administrativo: filha visitou", the report not open
        scan.spans.extend(match.span() for match in labels if scan.free(*match.span()))
    corrected = [match.span() for match in lexicon.NOTE_CORRECTED.finditer(scan.folded)]
    scan.spans.extend(corrected)
    remarks = notes.read_remarks(
        original,
        scan.folded,
        scan.spans,
        note_welcome=_note_welcome(reading, found, scan.expectation),
        noted=found.noted,
    )
    answered = scan.expectation.yes_no and reading.answer is not None
    # "sim, e ele tossiu um pouco": an observation beside the answer to a measurement is kept (the
    # measurement is shown again with it); beside any other answer it is not about the patient.
    # Beside a yes to presence ("cheguei, paciente dormindo") it is held for after the confirmation;
    # beside a no it is the caregiver's own state ("tô passando mal, não dá").
    arrived = kind is ExpectationKind.PRESENCE_CONFIRMATION and reading.answer is Answer.YES
    adds_to_measurement = (kind is ExpectationKind.CLINICAL_CONFIRMATION or arrived) and remark_kinds.is_clinical(
        remarks.clinical
    )
    # Unanswered, at the presence or cancellation question, "eu tô com dor de cabeça" is no note of the patient's.
    own = (
        not (with_values or reading.answer)
        and kind in _PRESENCE_KINDS
        and remark_kinds.is_said_of_self(remarks.clinical)
    )
    update: dict[str, object] = {
        "operational_note": remarks.operational,
        "clinical_note": None
        if (answered and not with_values and not adds_to_measurement) or own
        else remarks.clinical,
        "wishes": _with_question(reading.wishes, remarks.question),
        # At a summary a "não" beside an observation corrects the note ("não, paciente agitado"), unless it
        # adds to it ("não, esqueci de dizer que ele tossiu").
        # So does an observation sent after that "não" (the measurement kept whole for its correction).
        "note_replaced": bool(corrected)
        or (
            (
                (kind is ExpectationKind.CLINICAL_CONFIRMATION and reading.answer is Answer.NO)
                or (kind is ExpectationKind.VITALS and not scan.expectation.missing)
            )
            and not _ADDING_NOTE.search(scan.folded)
        ),
    }
    unplaced = remarks.unplaced and not answered
    if kind is ExpectationKind.SUMMARY_CONFIRMATION and not with_values:
        # While the report summary awaits its answer, free text corrects a topic ("o sono foi
        # ruim", "não, Sono: acordou duas vezes") or is not understood: it is never a clinical note.
        edit = _topic_edit(scan)
        # "esqueci: a filha ligou e pediu fralda": said to be missing from the report, news of the service is
        # the report's administrative info (no occurrence), as while the report is collected.
        spans = [span for span in scan.spans if span != _negating(scan, reading)]
        read = read_topics(original, scan.folded, spans, (), keep_unplaced=edit is TopicEdit.ADD)
        edit = TopicEdit.ADD if read.adding else edit  # "faltou a medicação: dipirona às 15h"
        update.update(topics=read.topics, topic_edit=edit, clinical_note=None)
        if read.topics.given and (edit is TopicEdit.ADD or reading.answer is Answer.NO):
            # "não, administrativo: família trouxe fraldas" corrects the report: no occurrence besides.
            update.update(operational_note=None)
        unplaced = bool(remarks.clinical) and not read.topics.given and not answered
        if remarks.operational and _REPORT_GAP.search(scan.folded) and names_a_topic(fold(remarks.operational)):
            # "não envia ainda, falta a medicação das 18h": a part missing from the report, no shortage to
            # save as an occurrence; the report is not sent.
            update.update(operational_note=None, answer=Answer.NO)
    result = _yes_with_a_number_left(scan, reading.model_copy(update=update), with_values=with_values)
    decided = not unplaced and not result.unread_numbers and _has_content(result, result.topics)
    return result.model_copy(update={"decided": decided})


def _yes_with_a_number_left(scan: Scan, reading: Reading, *, with_values: bool) -> Reading:
    """ "correto, só a temp que foi 36,8": a yes to a measurement's summary beside a number nothing read
    (no value, no note kept, no time of day) saves nothing; the number is asked back. So at the report's
    summary ("pode enviar, e a temp deu 37,8"), unless a topic took it: sent, the shift takes nothing more."""
    if scan.expectation.kind not in _SUMMARIES or reading.answer is not Answer.YES or reading.topics.given:
        return reading
    if with_values or reading.clinical_note or reading.operational_note or reading.wants(Wish.QUESTION):
        return reading
    masked = mask(scan.folded, [*scan.spans, *(match.span() for match in CLOCK.finditer(scan.folded))])
    left = tuple(match.group(1) for match in lexicon.NUMBER.finditer(masked))
    if not left:
        return reading
    return reading.model_copy(update={"answer": None, "unread_numbers": (*reading.unread_numbers, *left)})


def _read_report(scan: Scan, reading: Reading) -> Reading:
    if reading.wishes and not meaningful_words(mask(scan.folded, scan.spans)):
        # "quero finalizar o plantão", "bom dia!": the wish is the whole message, whatever words are
        # left beside it ("o plantão") answer no topic.
        return reading
    rest = mask(scan.folded, scan.spans)
    if lexicon.BARE_YES.match(rest) or _BARE_CANCEL.match(rest):
        # "sim! obrigada", "beleza, valeu", "cancela": a yes or a command beside courtesy answers no topic.
        scan.consume((0, len(scan.folded)))
        yes = lexicon.BARE_YES.match(rest) is not None
        return reading.model_copy(update={"answer": Answer.YES if yes else None, "decided": yes})
    missing = tuple(topic for topic in Topic if topic.value in scan.expectation.missing)
    measuring = any(not isinstance(item, Topic) for item in scan.expectation.missing)
    # "RELATÓRIO DO PLANTÃO" over the report: a heading, no answer ("plantão" is no administrative info).
    headings = lexicon.REPORT_HEADING.finditer(scan.folded)
    scan.spans.extend(match.span() for match in headings if scan.free(*match.span()))
    stable = _vitals_judged(scan)
    edit = _topic_edit(scan)
    # A measurement still incomplete was asked last: a bare "ok" or "normal" answers no topic.
    # Beside the wish to finish, words that name no topic answer none ("tenho que sair mais cedo, posso
    # finalizar?" is no food).
    bare = Wish.FINISH not in reading.wishes
    read = read_topics(scan.text, scan.folded, scan.spans, () if measuring else missing, bare=bare)
    if measuring and read.unplaced and not read.labelled and read.topics.given == (Topic.ADDITIONAL_INFO,):
        return reading.model_copy(update={"decided": False})
    if stable:
        judged = Topics.model_validate({Topic.ADDITIONAL_INFO.value: stable})
        read = dataclasses.replace(read, topics=judged.merged(read.topics, adding=True))
    if read.adding:
        edit = TopicEdit.ADD  # "Medicação: acrescenta dipirona 1g" adds to what was said
    elif edit is None and read.labelled and set(read.topics.given) - read.stated <= set(missing):
        # "Humor: agitado à noite" states the topic's answer whole; a topic answered before and said again
        # without its label ("Sono: agitado, remédio para dormir às 22h") is added to instead.
        edit = TopicEdit.REPLACE
    update = {"topics": read.topics, "topic_edit": edit, "wishes": _with_question(reading.wishes, read.question)}
    result = reading.model_copy(update=update)
    return result.model_copy(update={"decided": not read.unplaced and _has_content(result, read.topics)})


def _vitals_judged(scan: Scan) -> str | None:
    """ "Sinais vitais: estáveis" in the report: the words as written, consumed (never a bare answer)."""
    said = []
    for match in lexicon.VITALS_JUDGED.finditer(scan.folded):
        if scan.free(*match.span()) or lexicon.NOTE_LABEL.match(scan.folded, match.start()):
            said.append(scan.text[match.start() : match.end()].strip())
            scan.consume(match.span())
    return "; ".join(said) or None


def _negating(scan: Scan, reading: Reading) -> tuple[int, int] | None:
    """ "não evacuou hoje" at the report summary: its "não" is a no to sending, and says what did not
    happen; the span of that "não", to be kept in the answer ("não, ele ..." and "não ele ..." open one).
    So is "corrigir" in "corrigir sono para dormiu mal": the change asked is read whole."""
    if reading.answer is not Answer.NO or len(scan.answered) != 1:
        return None
    start, end = scan.answered[0]
    if CHANGED_TO.match(scan.folded[start:]):
        return start, end
    said = _NEGATED.match(scan.folded, end)
    if not _BARE_NO.fullmatch(scan.folded, start, end) or said is None or said.group(1) in _NOT_NEGATED:
        return None
    return start, end


def _topic_edit(scan: Scan) -> TopicEdit | None:
    """Whether the message adds to the report's answers (its lead-in consumed) or says one instead."""
    # (After the answer read: "ok, só faltou dizer que ele tomou banho".)
    masked = mask(scan.folded, scan.spans)
    if adding := lexicon.TOPIC_ADDING.match(masked):
        if not (_INTO_TOPIC.match(masked, adding.end()) and opens_into_topic(masked)):
            # (Before "na medicação ..." the verb stays: the clause names the topic it adds to.)
            scan.consume(adding.span())
        return TopicEdit.ADD
    if _ADDING_LATER.search(scan.folded):
        return TopicEdit.ADD  # "nas medicações coloca também dipirona 1g": added, never in place of
    if not lexicon.TOPIC_CORRECTING.match(masked):
        return None
    if lead := _RIGHT_ONE.match(masked):
        scan.consume(lead.span())  # "o certo é: comeu pouco": the lead-in is no part of the answer
    return TopicEdit.REPLACE


def _with_question(wishes: tuple[Wish, ...], asked: bool) -> tuple[Wish, ...]:
    """A question is one when nothing else explains it: "posso encerrar o plantão?" is a wish to finish."""
    if not asked or {Wish.HELP, Wish.FINISH, Wish.QUESTION} & set(wishes):
        return wishes
    return (*wishes, Wish.QUESTION)


def _note_welcome(reading: Reading, found: VitalsFound, expectation: Expectation) -> bool:
    """Free text is a clinical note when it comes with vitals or when a note was asked for."""
    if found.values or found.respiratory is not None:
        return True
    if expectation.kind is ExpectationKind.CLINICAL_NOTE:
        return True
    asking = (ExpectationKind.VITALS, ExpectationKind.FINALIZATION_TOPICS)
    return expectation.kind in asking and ClinicalItem.NOTE in expectation.missing


def _has_content(reading: Reading, topics: Topics) -> bool:
    return bool(
        reading.answer
        or reading.questioned
        or reading.choice is not None
        or reading.no_choice
        or reading.has_clinical
        or reading.operational_note
        or topics.given
        or reading.wishes
        or reading.doubts
    )
