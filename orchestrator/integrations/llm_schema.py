"""What the LLM must answer: the JSON schema it is held to, the prompt, and the conversion of its
answer into a `Reading`, validated and range-checked exactly like a caregiver's own input."""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from orchestrator.machine import (
    Answer,
    Expectation,
    Reading,
    RespiratoryCondition,
    Source,
    Topic,
    Topics,
    VitalName,
    Wish,
)
from orchestrator.machine.notes import clean
from orchestrator.machine.parse_vitals import blood_pressure
from orchestrator.machine.vitals import BloodPressure, accept

TEXT_MAX_CHARS = 1000
_BP = re.compile(r"^\s*(\d{1,3}(?:[.,]\d)?)\s*(?:x|/|por)\s*(\d{1,3}(?:[.,]\d)?)\s*$", re.IGNORECASE)


class LlmTopics(BaseModel):
    model_config = ConfigDict(extra="ignore")

    foodHydrationSpecification: str | None = Field(default=None, max_length=TEXT_MAX_CHARS)
    stoolUrineSpecification: str | None = Field(default=None, max_length=TEXT_MAX_CHARS)
    sleepSpecification: str | None = Field(default=None, max_length=TEXT_MAX_CHARS)
    moodSpecification: str | None = Field(default=None, max_length=TEXT_MAX_CHARS)
    medicationsSpecification: str | None = Field(default=None, max_length=TEXT_MAX_CHARS)
    activitiesSpecification: str | None = Field(default=None, max_length=TEXT_MAX_CHARS)
    additionalInformationSpecification: str | None = Field(default=None, max_length=TEXT_MAX_CHARS)
    administrativeInfo: str | None = Field(default=None, max_length=TEXT_MAX_CHARS)


class LlmOutput(BaseModel):
    """The LLM's answer as we accept it: anything else is malformed and falls back to the rules."""

    model_config = ConfigDict(extra="ignore")

    answer: Literal["yes", "no"] | None = None
    choice: int | None = None  # 1-based, as the caregiver saw the list
    no_choice: bool = False
    blood_pressure: str | None = None
    heart_rate: float | None = None
    resp_rate: float | None = None
    saturation: float | None = None
    temperature: float | None = None
    respiratory_condition: RespiratoryCondition | None = None
    clinical_note: str | None = Field(default=None, max_length=TEXT_MAX_CHARS)
    operational_note: str | None = Field(default=None, max_length=TEXT_MAX_CHARS)
    topics: LlmTopics = LlmTopics()
    wishes: list[Wish] = Field(default_factory=list, max_length=len(Wish))


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}


RESPONSE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "answer", "choice", "no_choice", "blood_pressure", "heart_rate", "resp_rate", "saturation", "temperature",
        "respiratory_condition", "clinical_note", "operational_note", "topics", "wishes",
    ],
    "properties": {
        "answer": _nullable("string", enum=["yes", "no", None]),
        "choice": _nullable("integer"),
        "no_choice": {"type": "boolean"},
        "blood_pressure": _nullable("string"),
        "heart_rate": _nullable("number"),
        "resp_rate": _nullable("number"),
        "saturation": _nullable("number"),
        "temperature": _nullable("number"),
        "respiratory_condition": _nullable("string", enum=[*(c.value for c in RespiratoryCondition), None]),
        "clinical_note": _nullable("string"),
        "operational_note": _nullable("string"),
        "topics": {
            "type": "object",
            "additionalProperties": False,
            "required": [topic.value for topic in Topic],
            "properties": {topic.value: _nullable("string") for topic in Topic},
        },
        "wishes": {"type": "array", "items": {"type": "string", "enum": [wish.value for wish in Wish]}},
    },
}  # fmt: skip

SYSTEM_PROMPT = """\
You read one WhatsApp message (Brazilian Portuguese) from a home-care caregiver during a shift and \
extract what it says. Answer only with JSON matching the schema; use null for anything not said.
- answer: "yes"/"no" when the message answers the bot's yes/no question ("no" wins when both appear).
- choice: the 1-based number of the substitute chosen from the offered names; no_choice: true for "nenhum".
- vital signs: blood_pressure as "SYSxDIA" in mmHg ("12 por 8" -> "120x80"), heart_rate (FC, bpm), \
resp_rate (FR, irpm), saturation (SpO2 %), temperature (°C). Copy values, never invent them.
- respiratory_condition: "Ar ambiente", "Oxigênio suplementar" (O2, cateter, máscara) or \
"Ventilação mecânica" (VM, traqueostomia).
- clinical_note: the caregiver's own observation about the patient, in their words. Never greetings, \
thanks, chat filler ("ops", "segue", "lá vai"), questions, or the labels and units of values already extracted.
- operational_note: a remark about the service, kept whole: supplies, equipment, a professional or family \
member arriving or leaving, visits, transport.
- topics: the end-of-shift report topics, only when the bot is collecting them, without their labels.
- wishes: greeting, help, finish (close the shift), send_vitals, question (the message asks something: \
it is answered, never written into a note)."""


def user_prompt(text: str, expectation: Expectation) -> str:
    context: dict[str, Any] = {"bot_awaits": expectation.kind.value}
    if expectation.choices:
        context["offered_names"] = list(expectation.choices)
    if expectation.missing:
        context["still_missing"] = list(expectation.missing)
    return f"Context: {json.dumps(context, ensure_ascii=False)}\nMessage: {text}"


def to_reading(output: LlmOutput, expectation: Expectation) -> Reading:
    """The LLM's answer as a `Reading`: values out of range are rejected like the caregiver's own."""
    raw: dict[VitalName, BloodPressure | float] = {}
    if output.blood_pressure and (match := _BP.match(output.blood_pressure)):
        raw[VitalName.BLOOD_PRESSURE] = blood_pressure(match.group(1), match.group(2))
    for name, value in (
        (VitalName.HEART_RATE, output.heart_rate),
        (VitalName.RESP_RATE, output.resp_rate),
        (VitalName.SATURATION, output.saturation),
        (VitalName.TEMPERATURE, output.temperature),
    ):
        if value is not None:
            raw[name] = value
    vitals, rejected = accept(raw)
    choice = output.choice - 1 if output.choice and 1 <= output.choice <= len(expectation.choices) else None
    return Reading(
        answer=Answer(output.answer) if output.answer else None,
        choice=choice,
        no_choice=output.no_choice and bool(expectation.choices),
        vitals=vitals,
        rejected=rejected,
        respiratory=output.respiratory_condition,
        # The same cleaning as the rules' notes: one place decides what a note is.
        clinical_note=clean(output.clinical_note or ""),
        operational_note=clean(output.operational_note or ""),
        topics=Topics.model_validate(output.topics.model_dump()),
        wishes=tuple(dict.fromkeys(output.wishes)),
        source=Source.LLM,
    )
