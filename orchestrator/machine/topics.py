"""The 8 topics of the end-of-shift report: names, labels, and the rule reader for them.

A topic is given labelled ("Sono: dormiu bem") or free ("dormiu a tarde toda"); a free clause
goes to the topic whose words it uses most. "sem informações" is a valid answer.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from orchestrator.machine import lexicon, lexicon_timing, notes, remark_kinds
from orchestrator.machine.text import fold, mask, meaningful_words
from orchestrator.machine.topic_labels import (
    ADD_VERB,
    BARE_OBS,
    CHANGED_TO,
    GIVEN_MISSING,
    INTO_LABEL,
    LABEL_ALTERNATIVES,
    LABEL_ANYWHERE,
    LABEL_START,
    LABELLED,
    NAMED_ONLY,
    label_text,
    label_topic,
    named_topic,
)
from orchestrator.machine.topic_words import KEYWORD_WORDS, NO_MEDICATION, Topic
from orchestrator.models import Frozen

__all__ = [
    "NO_INFORMATION",
    "TOPIC_MAX_CHARS",
    "Topic",
    "Topics",
    "TopicsRead",
    "classify_clause",
    "clean_value",
    "labelled_spans",
    "names_a_topic",
    "opens_into_topic",
    "read_topics",
]

TOPIC_MAX_CHARS = 2000
NO_INFORMATION = "Sem informações"


_AND = re.compile(r"\s+e\s+")
_COMMA = re.compile(",")
_RUN_ON_TOPICS = 4
# A clause this short naming two or three topics is cut before each ("sono ok humor ok").
_SHORT_RUN_WORDS = 8
# A topic's name after these words belongs to the answer before it: "humor bom apesar do sono ruim".
_TIED_BEFORE = re.compile(r"\b(?:d[oa]s?|de|n[oa]s?|com|[oa]s?|pel[oa]s?|para|pra|ao|e|sem|seu|sua|apesar|mas|por)\s+$")
# "acordou de bom humor" says how the mood was; "sono bom humor ok" names the mood.
_GOOD_OR_BAD = re.compile(r"\b(?:de|com|em|num|muito)\s+(?:bom|mau|otimo|pessimo)\s+$")
# What people around the patient do for the service: "a enfermeira chegou", "a família trouxe fralda".
_ARRIVED = re.compile(
    r"\b(?:chegou|chegaram|saiu|sairam|foi\s+embora|foram\s+embora|veio|vieram|trouxe|trouxeram|levou|levaram|"
    r"buscou|buscaram|comprou|compraram|entregou|entregaram)\b"
)
_SEM_BEFORE = re.compile(r"\bsem\s+(?:(?!sem\b)\w+\s+){0,2}$")  # the nearest "sem"
# The "não" (and whom it is said of) of a verb that opens a topic: "ela não comeu nada" is cut whole.
_NOT_BEFORE = re.compile(r"(?:\b(?:ele|ela|o\s+paciente|a\s+paciente)\s+)?\b(?:nao|nem)\s+$")
_SEGMENT_END = re.compile(r"[\n;|•]|\.(?!\d)|\s/\s")  # (" / " between answers; "12/8" is a value)

_OPENERS = {
    topic: re.compile(rf"(?<!\w){lexicon.SPOKEN_WHO}(?:{words})\b")
    for topic, words in zip(Topic, lexicon.SPOKEN_OPENERS, strict=True)
}
_TRAILING_AND = re.compile(r"\s+e\s*$")
_KEYWORDS = {topic: re.compile(rf"\b(?:{'|'.join(words)})\b") for topic, words in KEYWORD_WORDS.items()}
_FALL = re.compile(r"\b(?:caiu|caido|caida|queda|escorreg\w*|tombo|desequilibr\w*|levou\s+um\s+tombo)\b")
_MEAL_TIME = re.compile(r"\b(?:depois|antes|apos|durante|na\s+hora)\s+d[oa]\s+(?:almoco|jantar|janta|cafe|lanche)\b")
# Saying there is nothing to report: stored as "Sem informações". A bare "não" to "E sobre o sono?" is one,
# and so are skipping it, not knowing and nothing more ("pula", "não sei", "mais nada").
_NO_INFORMATION = re.compile(
    r"^\s*(?:sem\s+(?:(?:outras?|mais|nenhuma?|quaisquer)\s+)?(?:info\w*|quest\w*|pendenc\w*|assuntos?)|"
    r"n(?:ao|um)\s+(?:tem|ha|houve|teve|tenho)\s+(?:mais\s+)?nada\b|nada(?:\s+a\s+declarar|\s+consta)?|sem\s+novidades?|"
    # "N/A", "NA" alone; "na medicação dipirona" is no "N/A".
    r"n/?a\s*$|n+a+o+(?:\s+n+a+o+)*\s*$|nd\s*$|n/d\s*$|n\s*$|s/\s*info\w*\s*$|"
    r"(?:mais\s+nada|nao\s+sei|sei\s+la|nao\s+lembro|nao\s+observei|pula|pular|passa|proximo)\s*$)"
)
# Putting the answer off: nothing is recorded, the topic is asked again.
_LATER = re.compile(r"^\s*(?:depois|mais\s+tarde|ja\s+(?:te\s+)?mando|vou\s+ver|aguard\w*|um\s+moment\w*|pera\w*)")
# Words that may follow "sem informações" when the caregiver says it for every topic still missing.
_REST_WORDS = frozenset(
    {
        "pro", "pros", "nos", "resto", "restante", "restantes", "demais", "outros", "outras", "todos", "todas",
        "topicos", "itens", "declarar", "informacoes", "informacao", "info", "sem", "nada", "tudo", "mais",
        "novidade", "novidades",
    }
)  # fmt: skip
# "adm", "e o humor", "quanto ao sono", "sobre as atividades": a topic named to say something of it.
_ABOUT_LABEL = re.compile(
    rf"^\s*(?:(?:e|o|a|os|as|sobre|quanto|ao|aos|no|na|nos|nas|do|da|de)\s+)*(?:{LABEL_ALTERNATIVES})\b"
)
_NONE_WORD = re.compile(r"(?:nenhum\w*|nao\s+(?:houve|teve|fez)|sem\s+nada)\s*\.?$")
# "o resto sem informações", "resto nada": every topic still open.
_REST_EMPTY = re.compile(
    r"^\s*(?:e\s+)?(?:(?:o|os)\s+)?(?:resto|restante|demais|outros)\s+(?:(?:tudo|todos)\s+)?"
    r"(?:sem\s+(?:info\w*|nada|novidades?)|nada)\s*$"
)
_REST = frozenset({"resto", "restante", "restantes", "demais", "outros", "outras", "todos", "todas", "tudo"})


class Topics(Frozen):
    """The report so far; a missing topic is None. Fields carry the contract's own names."""

    foodHydrationSpecification: str | None = None
    stoolUrineSpecification: str | None = None
    sleepSpecification: str | None = None
    moodSpecification: str | None = None
    medicationsSpecification: str | None = None
    activitiesSpecification: str | None = None
    additionalInformationSpecification: str | None = None
    administrativeInfo: str | None = None

    def get(self, topic: Topic) -> str | None:
        value: str | None = getattr(self, topic.value)
        return value

    def missing(self) -> tuple[Topic, ...]:
        return tuple(topic for topic in Topic if self.get(topic) is None)

    @property
    def given(self) -> tuple[Topic, ...]:
        return tuple(topic for topic in Topic if self.get(topic) is not None)

    def merged(self, newer: Topics, *, adding: bool = False) -> Topics:
        """Newer answers replace older ones, topic by topic; `adding`: they are added to them ("no jantar
        comeu pouco" after "comeu bem no almoço"), and "Sem informações" gives way to any answer."""
        update: dict[str, str | None] = {}
        for topic in newer.given:
            old, new = self.get(topic), newer.get(topic)
            if adding and old is not None and old != NO_INFORMATION:
                kept = new == NO_INFORMATION or fold(str(new)) in fold(old)
                new = old if kept else f"{old}; {new}"[:TOPIC_MAX_CHARS]
            update[topic.value] = new
        return self.model_copy(update=update)


@dataclass(frozen=True)
class TopicsRead:
    """The topics a message answers; `unplaced`: some of it fits no topic; `question`: it asks something;
    `labelled`: some answer came under its label ("Humor: agitado"), stated whole."""

    topics: Topics
    unplaced: bool = False
    labelled: bool = False
    question: bool = False
    adding: bool = False  # an answer said it adds to the topic ("Medicação: acrescenta dipirona 1g")
    stated: frozenset[Topic] = frozenset()  # the topics answered under their own label


def classify_clause(folded: str) -> Topic | None:
    """The topic whose keywords a free clause uses most (ties go to the earlier topic). A meal named as
    a time is no food: "dormiu um pouco depois do almoço" is sleep."""
    folded = _MEAL_TIME.sub(lambda match: " " * len(match.group()), folded)
    if _FALL.search(folded):
        # "caiu no banheiro" is an occurrence, wherever it happened; "foi ao banheiro" is elimination.
        return Topic.ADDITIONAL_INFO
    scores = {topic: len(pattern.findall(folded)) for topic, pattern in _KEYWORDS.items()}
    best = max(scores, key=lambda topic: scores[topic])
    return best if scores[best] else None


def read_topics(
    original: str,
    folded: str,
    consumed: Sequence[tuple[int, int]],
    missing: tuple[Topic, ...],
    *,
    free: bool = True,
    keep_unplaced: bool = True,
    bare: bool = True,
) -> TopicsRead:
    """The topics answered in a message.

    A labelled answer ("Sono: dormiu bem", "corrige a medicação: ...") goes to its topic, without the
    label. A bare "sem informações" answers the topic it names or the one asked now (the first of
    `missing`), or every missing topic when the caregiver says so ("sem informações pro resto"). A free
    clause goes to the topic whose words it uses; one of no topic goes on with the clause before it
    ("humor bom, bem disposto") or after a topic only named ("errado o sono, acordou 3x"). A message that
    names no topic at all ("normal", "nenhuma", "ok") answers the topic asked, in the caregiver's words.
    Otherwise what fits no topic goes to the additional information when `keep_unplaced` (nothing the
    caregiver wrote is lost; a remark about supplies or equipment goes to the administrative info), and
    then the reading is not decided: a smarter reader may do better. Without `free`, only labelled
    answers are read; without `bare`, a message naming no topic answers none.
    """
    found: dict[Topic, str] = {}
    spans = list(consumed)
    labelled = _labelled(mask(folded, consumed))
    repeated = {topic for topic, *_ in labelled if sum(other is topic for other, *_ in labelled) > 1}
    adding = False
    for topic, label_start, label_end, end in labelled:
        # "Medicação: acrescenta dipirona 1g": the answer is added to the topic, without the verb.
        adds = ADD_VERB.match(folded, label_end, end) or GIVEN_MISSING.match(folded, label_start, label_end)
        start, adding = (max(adds.end(), label_end), True) if adds else (label_end, adding)
        # "Sono: bom", "Medicação: ok" are answers: a value too short to be a note is kept as written.
        value = notes.clean(original[start:end]) or notes.bare(original[start:end], ()) or NO_INFORMATION
        value = NO_INFORMATION if _NO_INFORMATION.match(fold(value)) else value
        unmasked = LABELLED.match(folded, label_start)
        if not adds and unmasked and any(s < end and e > unmasked.end() for s, e in consumed):
            # "Info clínica: PA 13x9 às 14h": read as vital signs too, the answer stays whole (never "às 14h",
            # never "Sem informações").
            whole = original[unmasked.end() : end].strip(" \t\n,;.:-")[:TOPIC_MAX_CHARS]
            # A question in it is never kept: the cleaned answer has none.
            value = whole if whole and "?" not in whole else value
        if topic in repeated:
            # "Diurese: presente\nEvacuação: ausente": one topic, two labels that say which part is which.
            value = f"{label_text(original[label_start:label_end])} {value}".strip()
        _add(found, topic, value)
        spans.append((label_start, end))
    clauses = (
        [part for clause in notes.clauses(original, folded, spans) for part in _run_on_parts(clause)] if free else []
    )
    question = any(clause.question for clause in clauses)
    unplaced = _place([clause for clause in clauses if not clause.question], missing, found, collecting=keep_unplaced)
    if not found and missing and free and bare and not (question and not unplaced):
        # Nothing named a topic: the message answers the one asked.
        answer = _bare_answer("; ".join(unplaced) if unplaced else notes.bare(original, spans))
        if answer:
            _add(found, missing[0], answer)
        unplaced = []
    if unplaced and keep_unplaced:
        _add(found, Topic.ADDITIONAL_INFO, "; ".join(unplaced))
    topics = Topics.model_validate({topic.value: value for topic, value in found.items()})
    stated = frozenset(topic for topic, *_ in labelled)
    return TopicsRead(
        topics=topics, unplaced=bool(unplaced), question=question, labelled=bool(labelled), adding=adding, stated=stated
    )


def names_a_topic(folded: str) -> bool:
    """Whether the text names one of the report's topics ("a medicação das 18h")."""
    return LABEL_ANYWHERE.search(folded) is not None


def opens_into_topic(folded: str) -> bool:
    """ "acrescenta na medicação dipirona 1g": the message opens with the topic it adds to."""
    return INTO_LABEL.match(folded) is not None


def labelled_spans(folded: str, consumed: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where each "Label: value" segment of a report lies (label included), outside `consumed`."""
    return [(label_start, end) for _, label_start, _, end in _labelled(mask(folded, consumed))]


def _run_on_parts(clause: notes.Clause) -> list[notes.Clause]:
    """ "alimentação boa hidratação boa eliminações presentes sono tranquilo humor estável …": a clause
    that opens with a topic's name and names four topics or more is a report typed in one run, cut
    before each name (or before the "sem …" that opens one: "… sem pendências administrativas"). A
    report spoken in one run ("ele comeu bem evacuou de manhã dormiu a tarde ficou calmo tomou os
    remédios ...") is cut before each verb that opens a topic, when four topics or more open."""
    names = list(LABEL_ANYWHERE.finditer(clause.folded))
    if not names:
        return _spoken_parts(clause)
    if names[0].start() != 0 or len({label_topic(name) for name in names}) < _RUN_ON_TOPICS:
        return _short_run_parts(clause, names)
    cuts = []
    for name in names:
        opening = _SEM_BEFORE.search(clause.folded, 0, name.start())
        cuts.append(opening.start() if opening else name.start())
    return _cut(clause, cuts)


def _short_run_parts(clause: notes.Clause, names: list[re.Match[str]]) -> list[notes.Clause]:
    """ "sono ok humor ok", "comeu bem sono bom": a short clause that names another topic on its own (not
    "apesar do sono ruim", "de bom humor") than the one it opens with is cut before that name."""
    lead = clause.folded[: names[0].start()]
    current = classify_clause(lead) if lead.strip() else label_topic(names[0])
    if len(clause.folded.split()) > _SHORT_RUN_WORDS or current is None:
        return _spoken_parts(clause)
    cuts = [0]
    for name in names if lead.strip() else names[1:]:
        topic = label_topic(name)
        tied = _TIED_BEFORE.search(clause.folded, 0, name.start()) or (
            topic is Topic.MOOD and _GOOD_OR_BAD.search(clause.folded, 0, name.start())
        )
        if topic is not current and not tied:
            cuts.append(name.start())
            current = topic
    return _cut(clause, cuts) if len(cuts) > 1 else [clause]


def _spoken_parts(clause: notes.Clause) -> list[notes.Clause]:
    openers = [
        (match.start(), topic) for topic, pattern in _OPENERS.items() for match in pattern.finditer(clause.folded)
    ]
    if len({topic for _, topic in openers}) < _RUN_ON_TOPICS:
        return [clause]
    cuts, current = [0], None
    for start, topic in sorted(openers):
        if topic is not current:
            negated = _NOT_BEFORE.search(clause.folded, 0, start)
            cuts.append(negated.start() if negated else start)
            current = topic
    return _cut(clause, cuts)


def _cut(clause: notes.Clause, cuts: list[int]) -> list[notes.Clause]:
    """The clause cut at `cuts`, each part without the "e" that joined it to the next."""
    edges = [*sorted(set(cuts)), len(clause.folded)]
    parts = []
    for start, end in itertools.pairwise(edges):
        joined = _TRAILING_AND.search(clause.folded, start, end)
        stop = joined.start() if joined and joined.start() > start else end
        if clause.text[start:stop].strip():
            text, folded = clause.text[start:stop].strip(), clause.folded[start:stop].strip()
            parts.append(notes.Clause(text=text, folded=folded, question=False))
    return parts


def _place(
    clauses: list[notes.Clause], missing: tuple[Topic, ...], found: dict[Topic, str], *, collecting: bool
) -> list[str]:
    """File each free clause under its topic; returns the text of those that fit none."""
    unplaced: list[str] = []
    previous: Topic | None = None  # a clause of no topic goes on with this one
    named = False  # `previous` was only named ("o sono"): what follows is its value, in any state
    for clause in clauses:
        if (only_named := _named_only(clause.folded)) is not None:
            previous, named = only_named, True
        elif changed := CHANGED_TO.match(clause.folded):
            # "corrige o humor pra agitado": the topic's new answer, without the request.
            previous, named = label_topic(changed), False
            _add(found, previous, clause.text[changed.end() :].strip())
        elif (empty := _named_empty(clause.folded)) is not None:
            _add(found, empty, NO_INFORMATION)  # "adm nada", "atividades nenhuma": no label, no "nada"
            previous = None
        elif _NO_INFORMATION.match(clause.folded) or _REST_EMPTY.match(clause.folded):
            # "nada pra acrescentar e nada administrativo": each part says it of its own topic.
            parts = _AND.split(clause.folded)
            for part in parts if all(_NO_INFORMATION.match(part) for part in parts) else [clause.folded]:
                # "sobre atividades, nada": the topic just named, else the one the words name or asked.
                said_of = (previous,) if named and previous is not None else _no_information_for(part, missing, found)
                for empty in said_of:
                    _add(found, empty, NO_INFORMATION)
            previous = None
        elif into := INTO_LABEL.match(clause.folded):
            previous, named = label_topic(into), False
            adds = ADD_VERB.match(clause.folded, into.end())
            _add(found, previous, clause.text[adds.end() if adds else into.end() :].strip())
        elif (topic := _topic_of(clause.folded, collecting=collecting)) is not None:
            for part_topic, text in _by_topic(clause, topic, collecting=collecting):
                _add(found, part_topic, text)
                previous, named = part_topic, False
        elif previous is not None and (collecting or named):
            _add(found, previous, clause.text)
        else:
            unplaced.append(clause.text)
    return unplaced


def _by_topic(clause: notes.Clause, topic: Topic, *, collecting: bool) -> list[tuple[Topic, str]]:
    """A clause cut at "e" where its parts answer different topics ("assistiu tv | e dormiu cedo"); a
    part of no topic, or of the same topic, stays with the one before. Each part is placed as a clause
    would be ("… e pediu pra comprar fralda" is the service's, no elimination)."""
    cuts = [match.span() for match in _AND.finditer(clause.folded)]
    edges = [0, *(edge for span in cuts for edge in span), len(clause.folded)]
    spans: list[tuple[Topic | None, int, int]] = []
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        part_topic = _topic_of(said := clause.folded[start:end], collecting=collecting) or _said_empty(said)
        if spans and (part_topic is None or part_topic is spans[-1][0] or spans[-1][0] is None):
            spans[-1] = (spans[-1][0] or part_topic, spans[-1][1], end)
        else:
            spans.append((part_topic, start, end))
    if len(spans) == 1:  # one part: the clause as a whole
        return [(topic, clause.text)]
    if all(_named_only(clause.folded[start:end]) for _, start, end in spans[:-1]):
        # "o sono e o humor foram bons": the topics only named share what is said of the last one.
        return [(part_topic or topic, clause.text) for part_topic, _, _ in spans]
    parts = [(part_topic or topic, clause.text[start:end].strip()) for part_topic, start, end in spans]
    return [(part, NO_INFORMATION if _said_empty(fold(text)) is part else text) for part, text in parts]


def _said_empty(folded: str) -> Topic | None:
    """ "… e sem pendências", "… e nada adm": the topic a part names and says nothing happened in."""
    return named_topic(folded) if _NO_INFORMATION.match(folded) else None


def _topic_of(folded: str, *, collecting: bool) -> Topic | None:
    """A remark about supplies or equipment is administrative while the report is collected ("acabou a
    fralda" is no stool); while its summary awaits an answer it is an occurrence, no correction."""
    # (Supplies brought or bought are the service's too: "trouxe fralda", "comprou luva".)
    arrival = (lexicon.PEOPLE.search(folded) or lexicon.THINGS.search(folded)) and _ARRIVED.search(folded)
    # (The caregiver leaving early, stepping out or not coming is news for the coordination too.)
    own = lexicon_timing.AWAY.search(folded) or lexicon.CANCEL_WISH.search(folded)
    if NO_MEDICATION.match(folded):
        return Topic.MEDICATIONS
    if remark_kinds.is_about_things(folded) or arrival or own:
        # Supplies, equipment, a professional arriving or leaving: the service, never the patient's topics.
        return Topic.ADMINISTRATIVE if collecting else None
    if opening := LABEL_START.match(folded):
        return label_topic(opening)  # "humor bom apesar do sono ruim": the topic it opens with
    return classify_clause(folded)


def _named_empty(folded: str) -> Topic | None:
    """The topic a clause names and says nothing happened in ("adm nada", "intercorrências: nenhuma")."""
    opening = _ABOUT_LABEL.match(folded)
    rest = folded[opening.end() :].strip(" :-–,") if opening else ""
    empty = rest and (_NO_INFORMATION.match(rest) or _NONE_WORD.match(rest))
    return label_topic(opening) if opening and empty else None


def _named_only(folded: str) -> Topic | None:
    match = NAMED_ONLY.match(folded)
    return label_topic(match) if match else None


def _bare_answer(said: str | None) -> str | None:
    """A message that names no topic ("ok", "normal", "não"), as the answer to the topic asked: its
    words, "Sem informações" when it says there is nothing, None when it puts the answer off
    ("depois eu mando")."""
    if not said or _LATER.match(fold(said)):
        return None
    return NO_INFORMATION if _NO_INFORMATION.match(fold(said)) else said


def clean_value(text: str) -> str | None:
    """A topic value from elsewhere (the LLM's), stored like the rules' own: without its label, cleaned
    like a note ("ok" kept as written), "Sem informações" when it says there is nothing; None for a
    question or nothing at all."""
    folded = fold(text)
    label = LABELLED.match(folded)
    start = label.end() if label else 0
    kept = [clause for clause in notes.clauses(text[start:], folded[start:])]
    if any(clause.question for clause in kept):
        return None
    value = "; ".join(clause.text for clause in kept) or notes.bare(text[start:], ())
    if value is None:
        return None
    return NO_INFORMATION if _NO_INFORMATION.match(fold(value)) else value[:TOPIC_MAX_CHARS]


def _no_information_for(folded: str, missing: tuple[Topic, ...], found: dict[Topic, str]) -> tuple[Topic, ...]:
    """ "sem informações" answers the topic it names ("nada administrativo"), else the topic asked;
    "… pro resto" every one still missing."""
    if (label := LABEL_ANYWHERE.search(folded)) is not None:
        return (label_topic(label),)
    open_topics = tuple(topic for topic in missing if topic not in found)
    said = set(meaningful_words(folded))
    if said & _REST and said <= _REST_WORDS:
        return open_topics
    return open_topics[:1]


def _add(found: dict[Topic, str], topic: Topic, text: str) -> None:
    """`text` said of `topic`, after what was said of it before; "Sem informações" only stands alone."""
    if found.get(topic, NO_INFORMATION) == NO_INFORMATION or text == NO_INFORMATION:
        found[topic] = found[topic] if text == NO_INFORMATION and topic in found else text[:TOPIC_MAX_CHARS]
        return
    joined = f"{found[topic]}; {text}"
    found[topic] = joined[:TOPIC_MAX_CHARS]


def _labelled(masked: str) -> list[tuple[Topic, int, int, int]]:
    """(topic, label start, value start, value end) of every "Label: value" segment; a value runs to
    the end of its line (or sentence), or to the next label."""
    labels = [(match, label_topic(match)) for match in LABELLED.finditer(masked)]
    # "obs paciente agitado": the observation's label needs no colon.
    labels += [(match, Topic.ADDITIONAL_INFO) for match in BARE_OBS.finditer(masked)]
    # "corrige o humor pra agitado": the change asked is the new answer (its request is no part of it).
    labels += [(match, label_topic(match)) for match in CHANGED_TO.finditer(masked)]
    labels.sort(key=lambda label: label[0].start())
    segments = []
    for position, (match, topic) in enumerate(labels):
        following = labels[position + 1][0] if position + 1 < len(labels) else None
        end = _SEGMENT_END.search(masked, match.end())
        limit = following.start() if following else len(masked)
        stop = _going_on(masked, topic, min(end.start() if end else len(masked), limit), limit)
        segments.append((topic, match.start(), match.end(), _value_end(masked, topic, match.end(), stop)))
    return segments


def _going_on(masked: str, topic: Topic, stop: int, limit: int) -> int:
    """ "Medicações: losartana 8h; dipirona 14h": a value goes on past a ";" that adds more of its topic."""
    while stop < limit and masked[stop] == ";":
        end = _SEGMENT_END.search(masked, stop + 1)
        following = min(end.start() if end else len(masked), limit)
        if classify_clause(masked[stop + 1 : following]) is not topic:
            break
        stop = following
    return stop


def _value_end(masked: str, topic: Topic, start: int, stop: int) -> int:
    """Where a labelled value ends: at `stop`, or earlier at a comma clause about another topic
    ("Atividades: banho, *humor bom*", "…, *sem questões administrativas*"), which is that topic's."""
    for comma in _COMMA.finditer(masked, start, stop):
        clause = masked[comma.end() : stop].split(",", maxsplit=1)[0]
        opening = LABEL_START.match(clause)
        named = opening or (LABEL_ANYWHERE.search(clause) if _NO_INFORMATION.match(clause) else None)
        if named is not None and label_topic(named) is not topic:
            return comma.start()
    return stop
