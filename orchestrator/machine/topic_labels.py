"""How the report's answers are introduced: a topic's label ("Sono:", "Inf. clínica -"), a topic only
named ("e o humor"), a correction or an addition naming it ("corrige o humor pra agitado", "acrescenta
na medicação ..."), and which topic a matched label is."""

from __future__ import annotations

import re

from orchestrator.machine.topic_words import LABELS, Topic

# "Label: value" at the start of a line or after a full stop; the value runs to the line's end.
LABEL_ALTERNATIVES = "|".join(f"(?P<t{index}>{label})" for index, label in enumerate(LABELS.values()))
# A correction may open it: "corrige a medicação: ...", "errado o sono: ...".
CORRECTING = (
    r"(?:(?:corrig\w*|troc\w*|mud\w*|alter\w*|atualiz\w*|errad[oa]|errei|n+a+o+)\s+"
    r"(?:(?:o|a|os|as|no|na|em|do|da)\s+)?)?"
)
# "acrescenta [nas medicações:] ...": the label may follow a preposition once the lead-in is read.
INTO = r"(?:(?:n[oa]s?|em|d[oa]s?|[oa]s?|pr[oa]s?|para\s+[oa]s?)\s+)?"
# Or the part missing from the report, given at once: "faltou a medicação: ...", "esqueci a parte administrativa -".
MISSING_PART = r"(?:falt(?:a|ou)|esqueci)\s+"
LABELLED = re.compile(
    rf"(?:^|(?<=[\n;.|•,])|(?<=:\s)|(?<=\s/\s))[^\w\n:]*(?:{MISSING_PART})?{CORRECTING}{INTO}(?:parte\s+)?"
    rf"(?:{LABEL_ALTERNATIVES})[*_]*\s*\.?[*_]*\s*(?::|-|–|=)[*_]*\s*"
)
GIVEN_MISSING = re.compile(rf"[^\w\n:]*{MISSING_PART}")
LABEL_MARKS = re.compile(r"[^\w\s]+|\s+")
ADD_VERB = re.compile(
    r"\s*(?:(?:acrescent\w*|inclu(?:i|ir|a)|adicion\w*|coloca(?:r)?|poe|bota(?:r)?)(?:\s+(?:tambem|mais))?|tambem)\b"
    r"(?:\s+que\b)?[\s:,]*"
)
BARE_OBS = re.compile(r"(?:^|(?<=[\n;.|•,]))[^\w\n:]*obs\b\.?\s+(?=[a-z])")
# "nas medicações dipirona 1g": a free clause opening with the topic it goes to.
# With the verb that adds it: "acrescenta na medicação dipirona 1g".
INTO_LABEL = re.compile(
    rf"^\s*(?:(?:acrescent\w*|inclu(?:i|ir|a)|adicion\w*|coloca(?:r)?|poe|por|bota(?:r)?|anota(?:r)?)"
    rf"(?:\s+(?:tambem|mais))?\s+)?(?:n[oa]s?|em)\s+(?:{LABEL_ALTERNATIVES})\b[\s:,-]*"
)
# A clause that only names a topic ("errado o sono", "e o humor"): what follows is its value.
# "de atividade, …", "e na parte administrativa, …", "quanto ao sono, …" name the topic too.
NAMED_ONLY = re.compile(
    rf"^\s*{CORRECTING}(?:(?:o|a|os|as|no|na|do|da|de|e|sobre|parte|quanto|ao|aos|em|relacao)\s+)*"
    rf"(?:{LABEL_ALTERNATIVES})\s*$"
)
# "só corrige o humor pra agitado", "muda a medicação para dipirona 1g".
CHANGED_TO = re.compile(
    rf"^[\s\W]*(?:so\s+)?(?:corrig\w*|troc\w*|mud\w*|alter\w*|coloc\w*|poe|bota|substitu\w*)\s+(?:(?:o|a|os|as|no|na)\s+)?"
    rf"(?:{LABEL_ALTERNATIVES})\s+(?:pra|para|por|como)[\s:]+(?=\w)"
)
LABEL_ANYWHERE = re.compile(rf"\b(?:{LABEL_ALTERNATIVES})\b")
# A clause that opens with a topic's name ("humor bom", "e o sono foi tranquilo").
LABEL_START = re.compile(rf"^\s*(?:(?:e|o|a|os|as)\s+)*(?:{LABEL_ALTERNATIVES})\b")


def label_topic(match: re.Match[str]) -> Topic:
    """The topic whose label group matched."""
    index = next(int(name[1:]) for name, value in match.groupdict().items() if value is not None)
    return list(LABELS)[index]


def label_text(label: str) -> str:
    """ "*Diurese* - " -> "Diurese": the label's words, without marks or separator."""
    return LABEL_MARKS.sub(" ", label).strip()


def named_topic(folded: str) -> Topic | None:
    """The first topic a text names ("nada adm" names the administrative info), if any."""
    named = LABEL_ANYWHERE.search(folded)
    return label_topic(named) if named else None


# Outside the report, the labels of its two free topics only introduce an occurrence or a note
# ("Administrativo: filha visitou" is "filha visitou"): the label is no part of it.
OUTSIDE_REPORT_LABEL = re.compile(
    r"(?:^|(?<=[\n;.|•,]))[^\w\n]*(?:(?:infos?|informac(?:ao|oes)|inf)\.?\s+(?:clinicas?|adiciona\w*|administrativ\w*)"
    r"|administrativ[oa]s?)[*_]*\s*[:\-–]"
)
