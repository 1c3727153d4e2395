"""Hypothesis properties of the QA round 6 readings: a corrected or later value is the one read, a
temperature typed with a doubled or spaced mark is its value, a run-together pressure is never stored."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from orchestrator.machine import Expectation, ExpectationKind, read_rules

VITALS = Expectation(kind=ExpectationKind.VITALS, missing=("PA", "FC", "FR", "Sat", "Temp"))
heart_rates = st.integers(40, 190)
tenths = st.integers(340, 410)


class TestCorrectionsProperties:
    @settings(max_examples=60, deadline=None)
    @given(
        first=heart_rates,
        second=heart_rates,
        lead=st.sampled_from(["digo", "quer dizer", "ou melhor", "ops", "não,", "corrigindo:", "depois", "repetido"]),
    )
    def test_the_second_value_is_the_one_read(self, first: int, second: int, lead: str) -> None:
        """ "FC <a> <correction or later reading> <b>" is FC b, whatever a and b are."""
        reading = read_rules(f"FC {first} {lead} {second}", VITALS)
        assert reading.vitals.heart_rate == second and not reading.rejected


class TestTemperatureMarkProperties:
    @settings(max_examples=60, deadline=None)
    @given(value=tenths, mark=st.sampled_from([",", ".", ",,", "..", ", ", " ,", ".,"]))
    def test_any_decimal_mark_typo_reads_the_value(self, value: int, mark: str) -> None:
        """ "temp 36<mark>5" is 36.5 for every mark caregivers type by mistake."""
        whole, tenth = divmod(value, 10)
        assert read_rules(f"temp {whole}{mark}{tenth}", VITALS).vitals.temperature == value / 10


class TestRunTogetherPressureProperties:
    @settings(max_examples=60, deadline=None)
    @given(digits=st.integers(1000, 99999))
    def test_it_is_never_stored(self, digits: int) -> None:
        """ "PA 1208" and every other run of 4-5 digits is refused, never stored as a pressure."""
        reading = read_rules(f"PA {digits}", VITALS)
        assert reading.vitals.blood_pressure is None and reading.rejected
