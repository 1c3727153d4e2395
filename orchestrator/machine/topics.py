"""The 8 topics of the end-of-shift report: names, labels, and the rule reader for them.

A topic is given labelled ("Sono: dormiu bem") or free ("dormiu a tarde toda"); a free clause
goes to the topic whose words it uses most. "sem informações" is a valid answer.
"""

from __future__ import annotations

import re
from enum import StrEnum

from orchestrator.machine.text import clauses, fold, meaningful_words, tidy
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
    Topic.FOOD_HYDRATION: r"aliment\w*(?:\s+e\s+hidrat\w*)?|hidratacao|comida|refeic\w*|dieta",
    Topic.STOOL_URINE: r"evacua\w*(?:\s+e\s+urina)?|eliminac\w*|fezes|urina|diurese|intestin\w*",
    Topic.SLEEP: r"sono|descanso",
    Topic.MOOD: r"humor|comportamento|estado\s+emocional|animo",
    Topic.MEDICATIONS: r"medica\w*|medicamentos?|remedios?",
    Topic.ACTIVITIES: r"atividades?|exercicios?",
    Topic.ADDITIONAL_INFO: r"(?:informac\w*|info)\s+(?:clinicas?\s+)?adiciona\w*|intercorrencias?|clinico|"
    r"observac\w*\s+clinicas?|adicionais",
    Topic.ADMINISTRATIVE: r"(?:informac\w*|info)\s+administrativ\w*|administrativ\w*|admin",
}
_LABELLED = {topic: re.compile(rf"^\s*(?:{label})\s*(?::|-|=)\s*(.*)$", re.DOTALL) for topic, label in _LABELS.items()}

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
_NO_INFORMATION = re.compile(r"^\s*(?:sem\s+info\w*|nada(?:\s+a\s+declarar)?|sem\s+novidades?|n/?a)\b")
# Words that may follow "sem informações" when it answers every topic still missing.
_REST_WORDS = frozenset(
    {
        "pro",
        "pros",
        "nos",
        "resto",
        "restante",
        "demais",
        "outros",
        "outras",
        "todos",
        "todas",
        "topicos",
        "itens",
        "declarar",
        "informacoes",
        "informacao",
        "info",
        "sem",
        "nada",
    }
)


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


def _add(found: dict[Topic, str], topic: Topic, text: str) -> None:
    joined = f"{found[topic]}; {text}" if topic in found else text
    found[topic] = joined[:TOPIC_MAX_CHARS]


def classify_clause(folded: str) -> Topic | None:
    """The topic whose keywords a free clause uses most (ties go to the earlier topic)."""
    scores = {topic: len(pattern.findall(folded)) for topic, pattern in _KEYWORDS.items()}
    best = max(scores, key=lambda topic: scores[topic])
    return best if scores[best] else None


def read_topics(text: str, missing: tuple[Topic, ...], *, labelled_only: bool = False) -> tuple[Topics, bool]:
    """The topics answered in `text`, and whether every clause found its topic.

    `labelled_only` reads only "Topic: text" clauses (a correction while the summary awaits its yes).

    Clauses that fit no topic go to the additional information (nothing the caregiver wrote is
    lost), but then the reading is not decided and a smarter reader may do better.
    """
    folded = fold(text)
    found: dict[Topic, str] = {}
    unplaced: list[str] = []
    for start, end in clauses(text):
        original, clause = tidy(text[start:end]), folded[start:end]
        if not original:
            continue
        if labelled := _labelled(clause):
            topic, offset = labelled
            value = tidy(text[start + offset : end]) or NO_INFORMATION
            _add(found, topic, NO_INFORMATION if _NO_INFORMATION.match(fold(value)) else value)
        elif labelled_only:
            continue
        elif _NO_INFORMATION.match(clause) and set(meaningful_words(clause)) <= _REST_WORDS:
            # "sem informações (para o resto)": every topic still missing.
            for topic in missing:
                if topic not in found:
                    _add(found, topic, NO_INFORMATION)
        elif (free_topic := classify_clause(clause)) is not None:
            _add(found, free_topic, original)
        elif meaningful_words(clause):
            unplaced.append(original)
    if unplaced:
        _add(found, Topic.ADDITIONAL_INFO, "; ".join(unplaced))
    return Topics.model_validate({topic.value: value for topic, value in found.items()}), not unplaced


def _labelled(clause: str) -> tuple[Topic, int] | None:
    for topic, pattern in _LABELLED.items():
        if match := pattern.match(clause):
            return topic, match.start(1)
    return None
