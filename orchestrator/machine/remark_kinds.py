"""What a remark is about: the service (an operational note) or the patient (a clinical note).

A remark about the service names something that ran out, is needed or broke, someone arriving or
leaving, a visit, transport; a remark about the patient uses the clinical vocabulary of `lexicon`.
"""

from __future__ import annotations

import re
from enum import Enum

from orchestrator.machine import lexicon, note_words
from orchestrator.machine.text import fold


class Kind(Enum):
    """What a clause of free text is about (OTHER: it does not say)."""

    OPERATIONAL = "operational"
    CLINICAL = "clinical"
    OTHER = "other"


def is_about_things(folded: str) -> bool:
    """A remark about supplies or equipment: something ran out, is needed, or broke."""
    if lexicon.NEED_OF_SUPPLY.search(folded) or lexicon.SUPPLY_TOO.match(folded):
        return True
    return bool(
        (lexicon.THINGS.search(folded) and lexicon.SHORTAGE.search(folded))
        or (lexicon.EQUIPMENT.search(folded) and lexicon.PROBLEM.search(folded))
    )


def is_operational(folded: str) -> bool:
    """A remark about the service: something ran out or broke, someone arrived or left, a visit, transport."""
    if lexicon.SERVICE.search(folded) or is_about_things(folded):
        return True
    return bool(lexicon.PEOPLE.search(folded) and lexicon.PRESENCE.search(folded))


# The caregiver speaking of herself or her family ("eu tô com dor de cabeça", "minha mãe passou mal", "deixa eu
# pensar bem"): no observation of the patient.
_OWN = re.compile(r"^\W*(?:eu|to|tou|estou|fiquei|acordei|amanheci|minha|meu|minhas|meus|deixa\s+eu|pensando)\b")


_PATIENT = re.compile(r"\b(?:paciente|pcte|pct|pac|ele|ela|dele|dela|seu|dona|sr|sra)\b")


def is_said_of_self(text: str | None) -> bool:
    """Whether a remark speaks of the caregiver herself, not of the patient ("minha paciente" is his)."""
    folded = fold(text) if text is not None else ""
    return bool(_OWN.match(folded)) and not _PATIENT.search(folded)


def is_clinical(text: str | None) -> bool:
    """Whether a remark says something about the patient (not only names them)."""
    return text is not None and part_kind(fold(text)) is Kind.CLINICAL


def part_kind(folded: str) -> Kind | None:
    """The kind of a part of a clause, when it is clear: the bare subject ("o paciente") says nothing."""
    if is_operational(folded):
        return Kind.OPERATIONAL
    said = {match.group() for match in lexicon.CLINICAL.finditer(folded)}
    return Kind.CLINICAL if said - note_words.SUBJECTS else None


def kind_of(folded: str) -> Kind:
    """The kind of a whole clause: any clinical word makes it about the patient."""
    if is_operational(folded):
        return Kind.OPERATIONAL
    return Kind.CLINICAL if lexicon.CLINICAL.search(folded) else Kind.OTHER
