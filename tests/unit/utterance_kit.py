"""What the utterance tables are made of: the expectations a message is read in, `Utterance`, and
`check`, which says which wanted facts a reading gets wrong. Shared by `utterances.py` (the tuning
suite), `holdout.py` (the held-out sets) and `note_table.py`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from orchestrator.machine import (
    Answer,
    Expectation,
    ExpectationKind,
    Reading,
    RespiratoryCondition,
    Topic,
    VitalName,
)

K = ExpectationKind
NONE = Expectation()
PRESENCE = Expectation(kind=K.PRESENCE_CONFIRMATION)
CANCEL = Expectation(kind=K.CANCEL_CONFIRMATION)
CLINICAL = Expectation(kind=K.CLINICAL_CONFIRMATION)
SUMMARY = Expectation(kind=K.SUMMARY_CONFIRMATION)
SUBSTITUTE = Expectation(kind=K.SUBSTITUTE_CHOICE, choices=("Maria Souza", "João Lima", "Carla Dias"))
VITALS = Expectation(kind=K.VITALS, missing=("PA", "FC", "FR", "Sat", "Temp", "condição respiratória", "nota clínica"))
ONLY_FR = Expectation(kind=K.VITALS, missing=("FR",))
NOTE = Expectation(kind=K.CLINICAL_NOTE, missing=("nota clínica",))
TOPICS = Expectation(kind=K.FINALIZATION_TOPICS, missing=tuple(topic.value for topic in Topic))

YES, NO = Answer.YES, Answer.NO
AIR, O2, VM = (
    RespiratoryCondition.ROOM_AIR,
    RespiratoryCondition.SUPPLEMENTARY_OXYGEN,
    RespiratoryCondition.MECHANICAL_VENTILATION,
)
T = Topic


@dataclass(frozen=True)
class Utterance:
    text: str
    intent: str
    expectation: Expectation
    want: dict[str, Any] = field(default_factory=dict)


def u(text: str, intent: str, expectation: Expectation = NONE, **want: Any) -> Utterance:
    return Utterance(text=text, intent=intent, expectation=expectation, want=want)


def _vital(reading: Reading, name: VitalName) -> Any:
    value = reading.vitals.value(name)
    return str(value) if name is VitalName.BLOOD_PRESSURE and value is not None else value


_VITAL_KEYS = {
    "bp": VitalName.BLOOD_PRESSURE,
    "fc": VitalName.HEART_RATE,
    "fr": VitalName.RESP_RATE,
    "sat": VitalName.SATURATION,
    "temp": VitalName.TEMPERATURE,
}


def check(reading: Reading, want: dict[str, Any]) -> list[str]:
    """The wanted facts this reading gets wrong (empty: understood)."""
    wrong = []
    for key, expected in want.items():
        if key in _VITAL_KEYS:
            got: Any = _vital(reading, _VITAL_KEYS[key])
        elif key == "rejected":
            got = {value.name for value in reading.rejected}
        elif key == "resp":
            got = reading.respiratory
        elif key in {"note", "op"}:
            text = reading.clinical_note if key == "note" else reading.operational_note
            ok = text is not None and expected.lower() in text.lower()
            wrong.extend([] if ok else [f"{key}: {text!r} lacks {expected!r}"])
            continue
        elif key in {"note_is", "op_is"}:
            # The exact text the record would receive (None: nothing is written).
            got = reading.clinical_note if key == "note_is" else reading.operational_note
        elif key == "question":
            got = any(wish.value == "question" for wish in reading.wishes)
        elif key == "topics":
            got = set(reading.topics.given)
        elif key == "topic_values":
            got = {topic: reading.topics.get(topic) for topic in expected}
        elif key == "wishes":
            got = set(reading.wishes) & expected
        else:
            got = getattr(reading, key)
        if got != expected:
            wrong.append(f"{key}: got {got!r}, want {expected!r}")
    return wrong
