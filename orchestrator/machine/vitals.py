"""Vital signs as values: the five measures, the respiratory condition, ranges and display.

Every value that reaches the state went through `accept`, whoever read it (rules or LLM):
an out-of-range value becomes a `RejectedValue` naming the range, never a stored value.
"""

from __future__ import annotations

from enum import StrEnum

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


# Inclusive accepted ranges (SPEC section 6).
RANGES: dict[VitalName, tuple[float, float]] = {
    VitalName.HEART_RATE: (40, 190),
    VitalName.RESP_RATE: (8, 50),
    VitalName.SATURATION: (70, 100),
    VitalName.TEMPERATURE: (34, 41),
}
SYSTOLIC_RANGE = (60, 220)
DIASTOLIC_RANGE = (40, 130)


class BloodPressure(Frozen):
    systolic: int
    diastolic: int

    def __str__(self) -> str:
        return f"{self.systolic}x{self.diastolic}"


class Vitals(Frozen):
    """A measurement, possibly partial: None is "not given yet"."""

    blood_pressure: BloodPressure | None = None
    heart_rate: int | None = None
    resp_rate: int | None = None
    saturation: int | None = None
    temperature: float | None = None

    def value(self, name: VitalName) -> BloodPressure | int | float | None:
        return {
            VitalName.BLOOD_PRESSURE: self.blood_pressure,
            VitalName.HEART_RATE: self.heart_rate,
            VitalName.RESP_RATE: self.resp_rate,
            VitalName.SATURATION: self.saturation,
            VitalName.TEMPERATURE: self.temperature,
        }[name]

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


class RejectedValue(Frozen):
    """A value read but refused: which measure, what was written, and the accepted range."""

    name: VitalName
    shown: str
    accepted: str


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
        unit = {VitalName.SATURATION: "%", VitalName.TEMPERATURE: "°C"}.get(name, "")
        shown.append(f"{name} {format_value(name, value)}{unit}")
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
            value = round(raw, 1) if name is VitalName.TEMPERATURE else round(raw)
            ok = low <= value <= high
        if ok:
            accepted[_FIELDS[name]] = value
        else:
            rejected.append(RejectedValue(name=name, shown=format_value(name, value), accepted=range_text(name)))
    return Vitals.model_validate(accepted), tuple(rejected)


_FIELDS = {
    VitalName.BLOOD_PRESSURE: "blood_pressure",
    VitalName.HEART_RATE: "heart_rate",
    VitalName.RESP_RATE: "resp_rate",
    VitalName.SATURATION: "saturation",
    VitalName.TEMPERATURE: "temperature",
}
