"""Hypothesis properties of the rule readers: total, round-tripping, range-safe."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from orchestrator.machine import (
    BloodPressure,
    Expectation,
    ExpectationKind,
    RespiratoryCondition,
    Vitals,
    read_rules,
)
from orchestrator.machine.vitals import DIASTOLIC_RANGE, RANGES, SYSTOLIC_RANGE, VitalName, format_vitals

expectations = st.builds(
    Expectation,
    kind=st.sampled_from(ExpectationKind),
    choices=st.lists(st.text(max_size=20), max_size=4).map(tuple),
    missing=st.lists(st.sampled_from(["PA", "FC", "FR", "Sat", "Temp", "nota clínica"]), max_size=3).map(tuple),
)
# Text that looks like caregiver input: words, numbers, separators, accents and emoji.
# No deadline on these properties: a timing limit is no behaviour, and the machine running them is shared.
caregiver_text = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "PA",
                "fc",
                "FR",
                "sat",
                "temp",
                "tax",
                "x",
                "/",
                "por",
                "%",
                "bpm",
                "sim",
                "não",
                "O2",
                "ar ambiente",
                "luvas",
                "acabou",
                ",",
                ";",
                ".",
                ":",
                "👍",
                "❌",
                "paciente",
                "sem informações",
                "Sono:",
                "\n",
            ]
        ),
        st.integers(min_value=0, max_value=999).map(str),
        st.decimals(min_value=0, max_value=300, places=1).map(lambda d: str(d).replace(".", ",")),
        st.text(max_size=8),
    ),
    max_size=20,
).map(" ".join)


@st.composite
def vitals_in_range(draw: st.DrawFn) -> Vitals:
    systolic = draw(st.integers(SYSTOLIC_RANGE[0], SYSTOLIC_RANGE[1]))
    diastolic = draw(st.integers(DIASTOLIC_RANGE[0], min(DIASTOLIC_RANGE[1], systolic - 1)))
    temperature = draw(st.integers(340, 410)) / 10
    return Vitals(
        blood_pressure=BloodPressure(systolic=systolic, diastolic=diastolic),
        heart_rate=draw(st.integers(40, 190)),
        resp_rate=draw(st.integers(8, 50)),
        saturation=draw(st.integers(70, 100)),
        temperature=temperature,
    )


class TestRulesAreTotal:
    @settings(max_examples=150, deadline=None)
    @given(text=st.text(max_size=300), expectation=expectations)
    def test_arbitrary_text_never_raises(self, text: str, expectation: Expectation) -> None:
        """Any unicode text, in any context, gives a Reading."""
        read_rules(text, expectation)

    @settings(max_examples=150, deadline=None)
    @given(text=caregiver_text, expectation=expectations)
    def test_caregiver_like_text_never_raises(self, text: str, expectation: Expectation) -> None:
        """Text built from the readers' own vocabulary gives a Reading too."""
        read_rules(text, expectation)


class TestVitalsRoundTrip:
    @settings(max_examples=150, deadline=None)
    @given(vitals=vitals_in_range(), respiratory=st.sampled_from(RespiratoryCondition))
    def test_formatted_vitals_parse_back(self, vitals: Vitals, respiratory: RespiratoryCondition) -> None:
        """format_vitals (what the summary shows) read back gives the same values."""
        text = f"{format_vitals(vitals)}, {respiratory.value}"
        reading = read_rules(text, Expectation(kind=ExpectationKind.VITALS))
        assert reading.vitals == vitals
        assert reading.respiratory is respiratory
        assert reading.rejected == ()

    @given(
        systolic=st.integers(6, 22), diastolic=st.integers(4, 13), form=st.sampled_from(["{}/{}", "{} por {}", "{}x{}"])
    )
    def test_cmhg_forms_scale_to_mmhg(self, systolic: int, diastolic: int, form: str) -> None:
        """`12/8`, `12 por 8`, `12x8` all mean 120x80 (when in range)."""
        reading = read_rules("PA " + form.format(systolic, diastolic), Expectation())
        if systolic > diastolic and systolic * 10 >= 60:
            assert reading.vitals.blood_pressure == BloodPressure(systolic=systolic * 10, diastolic=diastolic * 10)

    @given(value=st.integers(340, 410))
    def test_decimal_comma_equals_decimal_point(self, value: int) -> None:
        """`36,4` and `36.4` are the same temperature."""
        comma = read_rules(f"temp {value // 10},{value % 10}", Expectation())
        point = read_rules(f"temp {value // 10}.{value % 10}", Expectation())
        assert comma.vitals.temperature == point.vitals.temperature == value / 10


LABELS = {
    VitalName.HEART_RATE: "FC",
    VitalName.RESP_RATE: "FR",
    VitalName.SATURATION: "sat",
    VitalName.TEMPERATURE: "temp",
}


class TestRangesHold:
    @settings(max_examples=150, deadline=None)
    @given(name=st.sampled_from(list(LABELS)), value=st.integers(0, 999))
    def test_out_of_range_values_are_never_accepted(self, name: VitalName, value: int) -> None:
        """A value outside its range is rejected and never reaches the vitals."""
        low, high = RANGES[name]
        reading = read_rules(f"{LABELS[name]} {value}", Expectation())
        if low <= value <= high:
            assert reading.vitals.value(name) == value
        else:
            assert reading.vitals.value(name) is None
            assert [r.name for r in reading.rejected] == [name]

    @settings(max_examples=150, deadline=None)
    @given(text=caregiver_text)
    def test_accepted_values_are_always_in_range(self, text: str) -> None:
        """Whatever the text, every accepted value lies in its range."""
        vitals = read_rules(text, Expectation()).vitals
        for name, (low, high) in RANGES.items():
            value = vitals.value(name)
            assert value is None or low <= float(str(value)) <= high
        if vitals.blood_pressure is not None:
            bp = vitals.blood_pressure
            assert SYSTOLIC_RANGE[0] <= bp.systolic <= SYSTOLIC_RANGE[1]
            assert DIASTOLIC_RANGE[0] <= bp.diastolic <= DIASTOLIC_RANGE[1] and bp.systolic > bp.diastolic
