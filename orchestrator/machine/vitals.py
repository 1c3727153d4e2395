"""Vital signs as values: the five measures, the respiratory condition, ranges and display.

`VITALS` is the one definition of a vital sign: its name, its `Vitals` field (also the LLM's key),
its key in `updateClinicalData`, unit, accepted range and how the LLM is told to write it. The
LLM schema, the request body, PHI redaction and the replies derive from it; only the rule reader
(`parse_vitals`) keeps its own patterns for each name.

Every value that reaches the state went through `accept`, whoever read it (rules or LLM):
an out-of-range value becomes a `RejectedValue` naming the range, never a stored value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from pydantic import JsonValue

from orchestrator.models import Frozen


class VitalName(StrEnum):
    """The five measures, named as caregivers write them."""

    BLOOD_PRESSURE = "PA"
    HEART_RATE = "FC"
    RESP_RATE = "FR"
    SATURATION = "Sat"
    TEMPERATURE = "Temp"


class RespiratoryCondition(StrEnum):
    """The backend's `supplementaryOxygen` values (SPEC section 1)."""

    ROOM_AIR = "Ar ambiente"
    SUPPLEMENTARY_OXYGEN = "Oxigênio suplementar"
    MECHANICAL_VENTILATION = "Ventilação mecânica"


@dataclass(frozen=True)
class VitalSpec:
    """One vital sign. `accepted` is inclusive (None: blood pressure, which has its own rule)."""

    field: str  # the `Vitals` attribute, and the LLM's key
    wire_key: str  # its key in updateClinicalData's body (SPEC section 7)
    llm_hint: str  # how the LLM is told to write it
    unit: str = ""  # shown after the value
    accepted: tuple[float, float] | None = None
    decimals: int = 0  # precision kept: a temperature keeps one decimal
    example: str = ""  # a value as a caregiver writes it, shown in a reply's "por exemplo"


VITALS: Mapping[VitalName, VitalSpec] = {
    VitalName.BLOOD_PRESSURE: VitalSpec(
        "blood_pressure", "bloodPressure", llm_hint='"SYSxDIA" in mmHg, "12 por 8" -> "120x80"', example="120x80"
    ),
    VitalName.HEART_RATE: VitalSpec("heart_rate", "heartRate", llm_hint="FC, bpm", accepted=(40, 190), example="80"),
    VitalName.RESP_RATE: VitalSpec("resp_rate", "respRate", llm_hint="FR, irpm", accepted=(8, 50), example="18"),
    VitalName.SATURATION: VitalSpec(
        "saturation", "saturationO2", llm_hint="SpO2 %", unit="%", accepted=(70, 100), example="97"
    ),
    VitalName.TEMPERATURE: VitalSpec(
        "temperature", "temperature", llm_hint="°C", unit="°C", accepted=(34, 41), decimals=1, example="36,5"
    ),
}

# Inclusive accepted ranges (SPEC section 6).
RANGES: Mapping[VitalName, tuple[float, float]] = {
    name: spec.accepted for name, spec in VITALS.items() if spec.accepted is not None
}
SYSTOLIC_RANGE = (60, 220)
DIASTOLIC_RANGE = (40, 130)
_BLOOD_PRESSURE = re.compile(r"^(\d{2,3})x(\d{2,3})$")


class ClinicalItem(StrEnum):
    """What a measurement needs besides the five vitals, named as caregivers read it."""

    RESPIRATORY = "condição respiratória"
    NOTE = "nota clínica"


class BloodPressure(Frozen):
    systolic: int
    diastolic: int

    def __str__(self) -> str:
        return f"{self.systolic}x{self.diastolic}"

    @classmethod
    def parse(cls, text: str) -> BloodPressure:
        """`120x80`, as `str()` writes it (and the backend receives it).

        Raises:
            ValueError: anything else.
        """
        match = _BLOOD_PRESSURE.match(text)
        if match is None:
            raise ValueError("blood pressure is written SYSxDIA")
        return cls(systolic=int(match.group(1)), diastolic=int(match.group(2)))


class Vitals(Frozen):
    """A measurement, possibly partial: None is "not given yet". One field per `VITALS` entry, in order."""

    blood_pressure: BloodPressure | None = None
    heart_rate: int | None = None
    resp_rate: int | None = None
    saturation: int | None = None
    temperature: float | None = None

    def value(self, name: VitalName) -> BloodPressure | int | float | None:
        value: BloodPressure | int | float | None = getattr(self, VITALS[name].field)
        return value

    def missing(self) -> tuple[VitalName, ...]:
        return tuple(name for name in VitalName if self.value(name) is None)

    @property
    def complete(self) -> bool:
        return not self.missing()

    @property
    def empty(self) -> bool:
        return len(self.missing()) == len(VitalName)

    def merged(self, newer: Vitals) -> Vitals:
        """These values overwritten by every value `newer` has (a correction wins)."""
        given = {field: value for field in type(self).model_fields if (value := getattr(newer, field)) is not None}
        return self.model_copy(update=given)

    def without(self, names: Iterable[VitalName]) -> Vitals:
        """These values with the measures `names` left out."""
        return self.model_copy(update={VITALS[name].field: None for name in names})

    def to_wire(self) -> dict[str, JsonValue]:
        """The vitals' keys of an `updateClinicalData` body, in `VitalName` order; absent is null."""
        wire: dict[str, JsonValue] = {}
        for name, spec in VITALS.items():
            value = self.value(name)
            wire[spec.wire_key] = str(value) if isinstance(value, BloodPressure) else value
        return wire

    @classmethod
    def from_wire(cls, body: Mapping[str, JsonValue]) -> Vitals:
        """The inverse of `to_wire` (a body as the backend receives it).

        Raises:
            ValueError: a value that is no vital sign (pydantic's `ValidationError` is one).
        """
        values: dict[str, object] = {spec.field: body.get(spec.wire_key) for spec in VITALS.values()}
        pressure = values[VITALS[VitalName.BLOOD_PRESSURE].field]
        if isinstance(pressure, str):
            values[VITALS[VitalName.BLOOD_PRESSURE].field] = BloodPressure.parse(pressure)
        return cls.model_validate(values)


class RejectedValue(Frozen):
    """A value read but refused: which measure, what was written, and the accepted range."""

    name: VitalName
    shown: str
    accepted: str


class DoubtfulValue(Frozen):
    """A labelled value that cannot be told: two values with a bare "não" between them ("FC 78 não 76":
    `options` 78 and 76), or one not given exactly ("37 e pouco", "entre 94 e 96", "36 5": no options).
    Asked back by its name, never guessed."""

    name: VitalName
    shown: str
    options: tuple[str, ...] = ()

    @property
    def example(self) -> str:
        """The value a reply's "por exemplo" shows: the first option, or a usual value of the measure."""
        return self.options[0] if self.options else VITALS[self.name].example


def format_temperature(value: float) -> str:
    """`36.4` -> `36.4`, `36.0` -> `36` (a dot: the backend's notation, understood by everyone)."""
    return f"{value:.1f}".removesuffix(".0")


def format_value(name: VitalName, value: BloodPressure | float) -> str:
    if name is VitalName.TEMPERATURE:
        return format_temperature(float(str(value)))
    if name is VitalName.BLOOD_PRESSURE or isinstance(value, BloodPressure):
        return str(value)
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def format_vitals(vitals: Vitals) -> str:
    """`PA 120x80, FC 76, FR 18, Sat 97%, Temp 36.4°C`: only the values present."""
    shown = []
    for name in VitalName:
        value = vitals.value(name)
        if value is None:
            continue
        shown.append(f"{name} {format_value(name, value)}{VITALS[name].unit}")
    return ", ".join(shown)


def range_text(name: VitalName) -> str:
    if name is VitalName.BLOOD_PRESSURE:
        return (
            f"sistólica {SYSTOLIC_RANGE[0]}–{SYSTOLIC_RANGE[1]}, diastólica {DIASTOLIC_RANGE[0]}–{DIASTOLIC_RANGE[1]},"
            " sistólica maior que a diastólica"
        )
    low, high = RANGES[name]
    return f"{format_value(name, low)}–{format_value(name, high)}"


def blood_pressure_ok(systolic: int, diastolic: int) -> bool:
    return (
        SYSTOLIC_RANGE[0] <= systolic <= SYSTOLIC_RANGE[1]
        and DIASTOLIC_RANGE[0] <= diastolic <= DIASTOLIC_RANGE[1]
        and systolic > diastolic
    )


def accept(candidates: dict[VitalName, BloodPressure | float]) -> tuple[Vitals, tuple[RejectedValue, ...]]:
    """Split raw values into accepted vitals and rejected ones (out of range)."""
    accepted: dict[str, BloodPressure | float] = {}
    rejected: list[RejectedValue] = []
    for name, raw in candidates.items():
        value: BloodPressure | float
        if isinstance(raw, BloodPressure):
            value, ok = raw, blood_pressure_ok(raw.systolic, raw.diastolic)
        else:
            low, high = RANGES[name]
            decimals = VITALS[name].decimals
            value = round(raw, decimals) if decimals else round(raw)
            ok = low <= value <= high
        if ok:
            accepted[VITALS[name].field] = value
        else:
            rejected.append(RejectedValue(name=name, shown=format_value(name, value), accepted=range_text(name)))
    return Vitals.model_validate(accepted), tuple(rejected)
