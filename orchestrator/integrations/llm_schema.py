"""What the LLM must answer (`LlmOutput`, whose JSON schema is what the model is held to), the
prompt, and the conversion of its answer into a `Reading`, validated and range-checked exactly
like a caregiver's own input. The vital signs' fields and hints come from `machine.vitals.VITALS`,
the report's from `machine.topics.Topics`."""

from __future__ import annotations

import json
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model, field_validator
from pydantic.config import JsonDict

from orchestrator.machine import Answer, Expectation, Reading, RespiratoryCondition, Source, Topics, VitalName, Wish
from orchestrator.machine.notes import NOTE_MAX_CHARS, clean
from orchestrator.machine.numbers import digits_for_words
from orchestrator.machine.parse_vitals import blood_pressure, mixed_units, to_number
from orchestrator.machine.text import fold
from orchestrator.machine.topics import clean_value
from orchestrator.machine.vitals import VITALS, BloodPressure, RejectedValue, accept, range_text

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_BP = re.compile(r"^\s*(\d{1,3}(?:[.,]\d)?)\s*(?:x|/|por)\s*(\d{1,3}(?:[.,]\d)?)\s*$", re.IGNORECASE)


def _at_most_a_note(text: str) -> str:
    if len(text) > NOTE_MAX_CHARS:
        raise ValueError(f"longer than {NOTE_MAX_CHARS} characters")
    return text


# A free text of the answer. The limit is checked, not put in the schema (strict structured outputs
# refuse some keywords), so an overlong answer is malformed and falls back to the rules.
LlmText = Annotated[str, AfterValidator(_at_most_a_note)]


def _without_defaults(schema: JsonDict) -> None:
    """Strict structured outputs take no `default`: every property is required (null when not said)."""
    properties = schema.get("properties")
    for field_schema in properties.values() if isinstance(properties, dict) else ():
        if isinstance(field_schema, dict):
            field_schema.pop("default", None)


class LlmReading(BaseModel):
    """Everything of the LLM's answer but the vital signs (`LlmOutput` adds one field per vital)."""

    model_config = ConfigDict(extra="ignore", json_schema_extra=_without_defaults)

    answer: Literal["yes", "no"] | None = None
    choice: int | None = None  # 1-based, as the caregiver saw the list
    no_choice: bool = False
    respiratory_condition: RespiratoryCondition | None = None
    clinical_note: LlmText | None = None
    operational_note: LlmText | None = None
    topics: Topics = Field(default_factory=Topics)
    wishes: list[Wish] = Field(default_factory=list)

    @field_validator("topics")
    @classmethod
    def _topics_within_limit(cls, topics: Topics) -> Topics:
        for topic in topics.given:
            _at_most_a_note(topics.get(topic) or "")
        return topics

    @field_validator("wishes")
    @classmethod
    def _each_wish_once_at_most(cls, wishes: list[Wish]) -> list[Wish]:
        if len(wishes) > len(Wish):
            raise ValueError(f"more than {len(Wish)} wishes")
        return wishes

    def vital(self, name: VitalName) -> str | float | None:
        """The raw value the LLM gave for a vital sign (blood pressure as text)."""
        value: str | float | None = getattr(self, VITALS[name].field)
        return value


# The LLM's answer as we accept it: anything else is malformed and falls back to the rules.
LlmOutput = create_model(
    "LlmOutput",
    __base__=LlmReading,
    **{  # type: ignore[call-overload]
        spec.field: (str | None if name is VitalName.BLOOD_PRESSURE else float | None, None)
        for name, spec in VITALS.items()
    },
)

_VITAL_HINTS = ", ".join(f"{spec.field} ({spec.llm_hint})" for spec in VITALS.values())
SYSTEM_PROMPT = f"""\
You read one WhatsApp message (Brazilian Portuguese) from a home-care caregiver during a shift and \
extract what it says. Answer only with JSON matching the schema; use null for anything not said.
- answer: "yes"/"no" when the message answers the bot's yes/no question ("no" wins when both appear).
- choice: the 1-based number of the substitute chosen from the offered names; no_choice: true for "nenhum".
- vital signs: {_VITAL_HINTS}. Copy values, never invent them. A bare number without its name counts \
only when the message lists values in the usual order PA, FC, FR, Sat, Temp and its place is certain; \
otherwise leave that measure null (the caregiver will be asked).
- respiratory_condition: "Ar ambiente", "Oxigênio suplementar" (O2, cateter, máscara) or \
"Ventilação mecânica" (VM, traqueostomia as the way the patient breathes; care given to a tracheostomy, \
"secreção pela traqueo", "aspirei a traqueo", says nothing of it: null, and it stays in the note).
- clinical_note: the caregiver's own observation about the patient, in their words. Never greetings, \
thanks, chat filler ("ops", "segue", "lá vai"), questions, or the labels and units of values already extracted.
- operational_note: a remark about the service, kept whole: supplies, equipment, a professional or family \
member arriving or leaving, visits, transport.
- topics: the end-of-shift report topics, only when the bot is collecting them, without their labels. \
A short answer that names no topic ("normal", "nenhuma") answers the first topic in still_missing.
- wishes: greeting, thanks, help, finish (close the shift), send_vitals, question (the message asks \
something, e.g. "que horas acaba meu plantão?": it is answered, never written into a note and never a \
finish wish), cancel (the caregiver will not come to this shift: "não vou poder ir hoje")."""


def user_prompt(text: str, expectation: Expectation) -> str:
    context: dict[str, object] = {"bot_awaits": expectation.kind.value}
    if expectation.choices:
        context["offered_names"] = list(expectation.choices)
    if expectation.missing:
        context["still_missing"] = list(expectation.missing)
    return f"Context: {json.dumps(context, ensure_ascii=False)}\nMessage: {text}"


def to_reading(output: LlmReading, expectation: Expectation, text: str | None = None) -> Reading:
    """The LLM's answer as a `Reading`: values out of range are rejected like the caregiver's own, and
    so is a blood pressure the rules refuse: in mixed units ("120/8"), not a pair ("1208"), or (with the
    message's `text`) made of numbers the caregiver did not write ("PA 1208" read as 120x80)."""
    raw: dict[VitalName, BloodPressure | float] = {}
    refused: list[RejectedValue] = []
    for name in VitalName:
        value = output.vital(name)
        if isinstance(value, str):
            pressure = _pressure(value)
            if pressure is None:
                refused.append(RejectedValue(name=name, shown=value.strip()[:20], accepted=range_text(name)))
            elif text is None or _written(value, text):
                raw[name] = pressure
            # else: numbers the caregiver did not write; left out, so the pressure is asked for by name
        elif value is not None:
            raw[name] = value
    vitals, rejected = accept(raw)
    rejected = (*refused, *rejected)
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
        # Topic values too: no label, no filler, never a question (topics.clean_value).
        topics=Topics.model_validate(
            {topic.value: clean_value(output.topics.get(topic) or "") for topic in output.topics.given}
        ),
        wishes=tuple(dict.fromkeys(output.wishes)),
        source=Source.LLM,
    )


def _pressure(value: str) -> BloodPressure | None:
    """The LLM's blood pressure, or None where the rules refuse it (no pair, mixed units)."""
    match = _BP.match(value)
    if match is None or mixed_units(match.group(1), match.group(2)):
        return None
    return blood_pressure(match.group(1), match.group(2))


def _written(value: str, text: str) -> bool:
    """Whether the pressure's two numbers are in the message, as written or both in cmHg ("12 por 8"
    given back as "120x80"): "PA 1208" given back as "120x80" is a guess at what was meant."""
    match = _BP.match(value)
    if match is None:
        return False
    written = {to_number(number) for number in _NUMBER.findall(digits_for_words(fold(text)))}
    pair = {to_number(match.group(1)), to_number(match.group(2))}
    return pair <= written or {number / 10 for number in pair} <= written
