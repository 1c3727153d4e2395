"""The words of the end-of-shift report's 8 topics: their names, the labels that introduce an answer
("Sono:", "Alim:") and the words that place a free clause under a topic ("dormiu", "almoçou")."""

from __future__ import annotations

import re
from enum import StrEnum


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

LABELS: dict[Topic, str] = {
    Topic.FOOD_HYDRATION: r"aliment\w*(?:\s+e\s+hidrat\w*)?|alim|hidratacao|comida|refeic\w*|dieta|nutricao",
    # "Evacuação e urina:", "Diurese/evacuação:": either order, with "e" or "/".
    Topic.STOOL_URINE: r"evacua\w*(?:\s*(?:\se\s|/)\s*(?:urina|diurese))?|(?:urina|diurese)\s*(?:\se\s|/)\s*evacua\w*|"
    r"evac|eliminac\w*|elim|fezes|urina|diurese|diur|intestin\w*",
    Topic.SLEEP: r"sono|descanso|repouso",
    Topic.MOOD: r"humor|comportamento|estado\s+emocional|animo",
    # ("medicado com dipirona" says how something was treated: no label.)
    Topic.MEDICATIONS: r"medica(?!d[oa]s?\b)\w*|medic|meds?|medicamentos?|remedios?",
    Topic.ACTIVITIES: r"atividades?(?:\s+fisicas?)?|ativ|exercicios?",
    # "Inf. clínica:", "info adicionais:", "inf adm:": the abbreviations are labels too.
    Topic.ADDITIONAL_INFO: r"(?:informac\w*|infos?|inf)\.?\s*(?:clinicas?|adiciona\w*)(?:\s+adiciona\w*)?|"
    r"intercorrencias?|clinico|clinica|observac\w*(?:\s+clinicas?)?|obs|adicionais|outras\s+informac\w*",
    Topic.ADMINISTRATIVE: r"(?:informac\w*|infos?|inf)\.?\s*(?:administrativ\w*|adm)\b\.?|administrativ\w*|admin|adm|"
    r"pendencias?(?:\s+administrativ\w*)?",
}
# The words that place a free clause under a topic (each matched as a whole word).
# Family named as company ("conversou com a filha", "passeou com os netos") is what the patient did, not
# news for the coordination ("a filha ligou", "a família pediu fralda").
_ARTICLES = ("", r"a\s", r"o\s", r"as\s", r"os\s", r"sua\s", r"seu\s")
_NOT_COMPANY = "".join(rf"(?<!\bcom\s{article})" for article in _ARTICLES)
_FAMILY = rf"{_NOT_COMPANY}(?:famili\w*|filh[oa]s?|net[oa]s?|espos[oa]|marido)"
KEYWORD_WORDS: dict[Topic, tuple[str, ...]] = {
    Topic.FOOD_HYDRATION: (
        r"comeu", r"come", r"comer", r"almoc\w*", r"jant\w*", r"cafe", r"lanch\w*", r"aliment\w*", r"bebeu",
        r"beber", r"agua", r"hidrat\w*", r"suco", r"dieta", r"refeic\w*", r"sopa", r"fruta", r"aceitou", r"apetite",
        r"liquidos?", r"mingau", r"gastrostomia", r"sonda"
    ),
    Topic.STOOL_URINE: (
        r"evacu\w*", r"elimina\w*", r"fezes", r"urin\w*", r"diurese", r"xixi", r"coco", r"intestin\w*",
        r"fralda\w*", r"constipad\w*", r"diarreia", r"banheiro"
    ),
    Topic.SLEEP: (
        r"dormi\w*", r"sono", r"cochil\w*", r"acord\w*", r"insonia", r"descans\w*", r"soneca"
    ),
    Topic.MOOD: (
        r"calm[oa]", r"agitad[oa]", r"humor", r"trist[e]", r"feliz", r"ansios[oa]", r"irritad[oa]", r"tranquil[oa]",
        r"alegre", r"chorou", r"chorosa?o?", r"animad[oa]", r"confus[oa]", r"bem\s+humorad[oa]", r"sorridente",
        r"deprimid[oa]", r"nervos[oa]", r"estavel", r"dispost[oa]", r"indispost[oa]", r"alegre", r"quiet[oa]",
        r"falante", r"comunicativ[oa]"
    ),
    Topic.MEDICATIONS: (
        r"tom(?:ou|ar)\b(?!\s+(?:um\s+|o\s+|a\s+)?(?:banho|sol|agua|suco|cafe|cha|leite|sopa|ar|susto))",
        r"medica\w*", r"medicamentos?", r"remedios?", r"comprimidos?", r"\d+\s*mg", r"insulina", r"losartana",
        r"dipirona", r"paracetamol", r"omeprazol", r"captopril", r"metformina", r"gotas", r"dose", r"pomada"
    ),
    Topic.ACTIVITIES: (
        r"fisio\w*", r"caminh\w*", r"passe\w*", r"atividades?", r"exercic\w*", r"banho", r"tv", r"televisao",
        r"leu", r"leitura", r"brinc\w*", r"jogou", r"pintou", r"sol", r"fez\s+\w+", r"terapia", r"banho\s+de\s+sol",
        r"assistiu"
    ),
    Topic.ADDITIONAL_INFO: (
        r"intercorrenc\w*", r"febre", r"dor(?:es)?", r"queix\w*", r"clinic\w*", r"pressao", r"vomit\w*", r"tosse",
        r"lesao", r"curativo", r"ferida", r"glicemia", r"convuls\w*", r"queda", r"caiu"
    ),
    Topic.ADMINISTRATIVE: (
        r"visit\w*", _FAMILY, r"medico\s+veio", r"entrega",
        r"materia\w*", r"coordenac\w*", r"administrativ\w*", r"escala", r"troca", r"plantao",
        r"enfermeir[oa]\s+veio", r"luvas?", r"gaze", r"recebeu"
    ),
}  # fmt: skip
# "sem medicação hoje", "sem remédio": none was given (the medications' answer); being out of it
# ("estamos sem remédio") is news for the coordination.
NO_MEDICATION = re.compile(r"^\W*sem\s+(?:medicac\w*|medicamentos?|remedios?)\b")


# -- saying there is nothing to report, or putting it off --------------------------------------------
# Saying there is nothing to report: stored as "Sem informações". A bare "não" to "E sobre o sono?" is one,
# and so are skipping it, not knowing and nothing more ("pula", "não sei", "mais nada").
NO_INFORMATION_SAID = re.compile(
    r"^\s*(?:(?:sem|nenhuma)\s+(?:(?:outras?|mais|nenhuma?|quaisquer)\s+)?(?:info\w*|inf\b|quest\w*|pendenc\w*|assuntos?)|"
    r"n(?:ao|um)\s+(?:tem|ha|houve|teve|tenho)\s+(?:mais\s+)?nada\b|nada(?:\s+a\s+declarar|\s+consta)?|sem\s+novidades?|"
    # "N/A", "NA" alone; "na medicação dipirona" is no "N/A".
    r"n/?a\s*$|n+a+o+(?:\s+n+a+o+)*\s*$|nd\s*$|n/d\s*$|n\s*$|s/\s*inf(?:o\w*)?\W*$|"
    r"(?:mais\s+nada|nao\s+sei|sei\s+la|nao\s+lembro|nao\s+observei|pula|pular|passa|proximo)\s*$)"
)
# Putting the answer off: nothing is recorded, the topic is asked again.
PUT_OFF = re.compile(r"^\s*(?:depois|mais\s+tarde|ja\s+(?:te\s+)?mando|vou\s+ver|aguard\w*|um\s+moment\w*|pera\w*)")
# Words that may follow "sem informações" when the caregiver says it for every topic still missing.
REST_WORDS = frozenset(
    {
        "pro", "pros", "nos", "resto", "restante", "restantes", "demais", "outros", "outras", "todos", "todas",
        "topicos", "itens", "declarar", "informacoes", "informacao", "info", "sem", "nada", "tudo", "mais",
        "novidade", "novidades",
    }
)  # fmt: skip
NONE_SAID = re.compile(r"(?:nenhum\w*|nao\s+(?:houve|teve|fez)|sem\s+nada)\s*\.?$")
# "o resto sem informações", "resto nada": every topic still open.
REST_EMPTY = re.compile(
    r"^\s*(?:e\s+)?(?:(?:o|os)\s+)?(?:resto|restante|demais|outros)\s+(?:(?:tudo|todos)\s+)?"
    r"(?:sem\s+(?:info\w*|nada|novidades?)|nada)\s*$"
)
REST = frozenset({"resto", "restante", "restantes", "demais", "outros", "outras", "todos", "todas", "tudo"})
