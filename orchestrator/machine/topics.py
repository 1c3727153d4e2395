"""The 8 topics of the end-of-shift report: names, labels, and the rule reader for them.

A topic is given labelled ("Sono: dormiu bem") or free ("dormiu a tarde toda"); a free clause
goes to the topic whose words it uses most. "sem informações" is a valid answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from orchestrator.machine import notes
from orchestrator.machine.text import fold, mask, meaningful_words
from orchestrator.models import Frozen

TOPIC_MAX_CHARS = 500
NO_INFORMATION = "Sem informações"


class Topic(StrEnum):
    """Each topic is named after its `updateReportSummary` field."""

    FOOD_HYDRATION = "foodHydrationSpecification"
    STOOL_URINE = "stoolUrineSpecification"
    SLEEP = "sleepSpecification"
    MOOD = "moodSpecification"
    MEDICATIONS = "medicationsSpecification"
    ACTIVITIES = "activitiesSpecification"
    ADDITIONAL_INFO = "additionalInformationSpecification"
    ADMINISTRATIVE = "administrativeInfo"


# What the caregiver reads (replies) for each topic.
TOPIC_TITLES: dict[Topic, str] = {
    Topic.FOOD_HYDRATION: "alimentação e hidratação",
    Topic.STOOL_URINE: "evacuação e urina",
    Topic.SLEEP: "sono",
    Topic.MOOD: "humor",
    Topic.MEDICATIONS: "medicações",
    Topic.ACTIVITIES: "atividades",
    Topic.ADDITIONAL_INFO: "informações clínicas adicionais",
    Topic.ADMINISTRATIVE: "informações administrativas",
}

_LABELS: dict[Topic, str] = {
    Topic.FOOD_HYDRATION: r"aliment\w*(?:\s+e\s+hidrat\w*)?|hidratacao|comida|refeic\w*|dieta|nutricao",
    Topic.STOOL_URINE: r"evacua\w*(?:\s+e\s+urina)?|eliminac\w*|fezes|urina|diurese|intestin\w*",
    Topic.SLEEP: r"sono|descanso|repouso",
    Topic.MOOD: r"humor|comportamento|estado\s+emocional|animo",
    Topic.MEDICATIONS: r"medica\w*|medicamentos?|remedios?",
    Topic.ACTIVITIES: r"atividades?(?:\s+fisicas?)?|exercicios?",
    Topic.ADDITIONAL_INFO: r"(?:informac\w*|infos?)\s+(?:clinicas?|adiciona\w*)(?:\s+adiciona\w*)?|intercorrencias?|"
    r"clinico|clinica|observac\w*(?:\s+clinicas?)?|obs|adicionais|outras\s+informac\w*",
    Topic.ADMINISTRATIVE: r"(?:informac\w*|infos?)\s+administrativ\w*|administrativ\w*|admin|adm",
}
# "Label: value" at the start of a line or after a full stop; the value runs to the line's end.
_LABEL_ALTERNATIVES = "|".join(f"(?P<t{index}>{label})" for index, label in enumerate(_LABELS.values()))
_LABELLED = re.compile(rf"(?:^|(?<=[\n;.|•,]))[\s*•-]*(?:{_LABEL_ALTERNATIVES})\s*(?::|-|–|=)\s*")
_SEGMENT_END = re.compile(r"[\n;|•]|\.(?!\d)")

_KEYWORDS: dict[Topic, re.Pattern[str]] = {
    Topic.FOOD_HYDRATION: re.compile(
        r"\b(?:comeu|come|comer|almoc\w*|jant\w*|cafe|lanch\w*|aliment\w*|bebeu|beber|agua|hidrat\w*|suco|"
        r"dieta|refeic\w*|sopa|fruta|aceitou|apetite|liquidos?|mingau|gastrostomia|sonda)\b"
    ),
    Topic.STOOL_URINE: re.compile(
        r"\b(?:evacu\w*|fezes|urin\w*|diurese|xixi|coco|intestin\w*|fralda\w*|constipad\w*|diarreia)\b"
    ),
    Topic.SLEEP: re.compile(r"\b(?:dormi\w*|sono|cochil\w*|acord\w*|insonia|descans\w*|soneca)\b"),
    Topic.MOOD: re.compile(
        r"\b(?:calm[oa]|agitad[oa]|humor|trist[e]|feliz|ansios[oa]|irritad[oa]|tranquil[oa]|alegre|chorou|"
        r"chorosa?o?|animad[oa]|confus[oa]|bem\s+humorad[oa]|sorridente|deprimid[oa]|nervos[oa]|estavel)\b"
    ),
    Topic.MEDICATIONS: re.compile(
        r"\b(?:tom(?:ou|ar)|medica\w*|medicamentos?|remedios?|comprimidos?|\d+\s*mg|insulina|losartana|"
        r"dipirona|paracetamol|omeprazol|captopril|metformina|gotas|dose|pomada)\b"
    ),
    Topic.ACTIVITIES: re.compile(
        r"\b(?:fisio\w*|caminh\w*|passe\w*|atividades?|exercic\w*|banho|tv|televisao|leu|leitura|brinc\w*|"
        r"jogou|pintou|sol|fez\s+\w+|terapia|banho\s+de\s+sol|assistiu)\b"
    ),
    Topic.ADDITIONAL_INFO: re.compile(
        r"\b(?:intercorrenc\w*|febre|dor(?:es)?|queix\w*|clinic\w*|pressao|vomit\w*|tosse|lesao|curativo|"
        r"ferida|glicemia|convuls\w*|queda|caiu)\b"
    ),
    Topic.ADMINISTRATIVE: re.compile(
        r"\b(?:visit\w*|famili\w*|filh[oa]s?|neta?o?|espos[oa]|marido|medico\s+veio|entrega|materia\w*|"
        r"coordenac\w*|administrativ\w*|escala|troca|plantao|enfermeir[oa]\s+veio|luvas?|gaze|recebeu)\b"
    ),
}
_NO_INFORMATION = re.compile(r"^\s*(?:sem\s+info\w*|nada(?:\s+a\s+declarar|\s+consta)?|sem\s+novidades?|n/?a)\b")
# Words that may follow "sem informações" when the caregiver says it for every topic still missing.
_REST_WORDS = frozenset(
    {
        "pro", "pros", "nos", "resto", "restante", "restantes", "demais", "outros", "outras", "todos", "todas",
        "topicos", "itens", "declarar", "informacoes", "informacao", "info", "sem", "nada",
    }
)  # fmt: skip
_REST = frozenset({"resto", "restante", "restantes", "demais", "outros", "outras", "todos", "todas"})


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

    def merged(self, newer: Topics) -> Topics:
        """Newer answers replace older ones, topic by topic."""
        return self.model_copy(update={topic.value: newer.get(topic) for topic in newer.given})


@dataclass(frozen=True)
class TopicsRead:
    """The topics a message answers; `unplaced`: some of it fits no topic; `question`: it asks something."""

    topics: Topics
    unplaced: bool = False
    question: bool = False


def classify_clause(folded: str) -> Topic | None:
    """The topic whose keywords a free clause uses most (ties go to the earlier topic)."""
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
) -> TopicsRead:
    """The topics answered in a message.

    A labelled answer ("Sono: dormiu bem") goes to its topic, without the label. A bare "sem
    informações" answers the topic asked now (the first of `missing`), or every missing topic when
    the caregiver says so ("sem informações pro resto"). A free clause goes to the topic whose
    words it uses; what fits none goes to the additional information when `keep_unplaced` (nothing
    the caregiver wrote is lost), and then the reading is not decided: a smarter reader may do better.
    Without `free`, only labelled answers are read.
    """
    found: dict[Topic, str] = {}
    spans = list(consumed)
    for topic, label_start, start, end in _labelled(mask(folded, consumed)):
        value = notes.clean(original[start:end]) or NO_INFORMATION
        _add(found, topic, NO_INFORMATION if _NO_INFORMATION.match(fold(value)) else value)
        spans.append((label_start, end))
    unplaced: list[str] = []
    question = False
    for clause in notes.clauses(original, folded, spans) if free else ():
        question = question or clause.question
        if clause.question:
            continue
        if _NO_INFORMATION.match(clause.folded):
            for topic in _no_information_for(clause.folded, missing, found):
                _add(found, topic, NO_INFORMATION)
        elif (free_topic := classify_clause(clause.folded)) is not None:
            _add(found, free_topic, clause.text)
        else:
            unplaced.append(clause.text)
    if unplaced and keep_unplaced:
        _add(found, Topic.ADDITIONAL_INFO, "; ".join(unplaced))
    topics = Topics.model_validate({topic.value: value for topic, value in found.items()})
    return TopicsRead(topics=topics, unplaced=bool(unplaced), question=question)


def _no_information_for(folded: str, missing: tuple[Topic, ...], found: dict[Topic, str]) -> tuple[Topic, ...]:
    """ "sem informações" answers the topic asked; "… pro resto" every one still missing."""
    open_topics = tuple(topic for topic in missing if topic not in found)
    said = set(meaningful_words(folded))
    if said & _REST and said <= _REST_WORDS:
        return open_topics
    return open_topics[:1]


def _add(found: dict[Topic, str], topic: Topic, text: str) -> None:
    joined = f"{found[topic]}; {text}" if topic in found else text
    found[topic] = joined[:TOPIC_MAX_CHARS]


def _labelled(masked: str) -> list[tuple[Topic, int, int, int]]:
    """(topic, label start, value start, value end) of every "Label: value" segment; a value runs to
    the end of its line (or sentence), or to the next label."""
    matches = list(_LABELLED.finditer(masked))
    segments = []
    for position, match in enumerate(matches):
        following = matches[position + 1] if position + 1 < len(matches) else None
        index = next(int(name[1:]) for name, value in match.groupdict().items() if value is not None)
        end = _SEGMENT_END.search(masked, match.end())
        stop = min(end.start() if end else len(masked), following.start() if following else len(masked))
        segments.append((list(_LABELS)[index], match.start(), match.end(), stop))
    return segments
