"""QA round 6 (vital signs and the report): the ways caregivers write a value, each read to the value
meant or refused, never to another value (a wrong number in a clinical record is worse than a question)."""

from __future__ import annotations

import pytest

from orchestrator.machine import Expectation, ExpectationKind, VitalName, read_rules
from orchestrator.machine.vitals import BloodPressure

VITALS = Expectation(
    kind=ExpectationKind.VITALS, missing=("PA", "FC", "FR", "Sat", "Temp", "condição respiratória", "nota clínica")
)


def value(text: str, name: VitalName, expectation: Expectation = VITALS) -> object:
    return read_rules(text, expectation).vitals.value(name)


class TestSaturationSpellings:
    @pytest.mark.parametrize(
        "text",
        [
            "satur 95",
            "sat 95%",
            "saturando 95",
            "SpO2 95",
            "oximetria 95",
            "satu 95",
            "Sp02: 95",
            "o oxímetro marcou 95",
            "saturação tá uns 95",
            "SATURANDO 95 %",
        ],
    )
    def test_every_spelling_is_the_saturation(self, text: str) -> None:
        """Each shortening or spelling of the saturation reads SpO2 95."""
        assert value(text, VitalName.SATURATION) == 95


class TestTemperatureTypos:
    @pytest.mark.parametrize(
        "text", ["temp 36,,5", "temp 36..5", "temp 36, 5", "temperatura 36 ,5", "T 36,,5", "Tax 36. 5"]
    )
    def test_a_doubled_or_spaced_decimal_mark_is_one_mark(self, text: str) -> None:
        """ "36,,5" and "36, 5" are 36.5: never 36 (the decimal silently lost) nor 365."""
        reading = read_rules(text, VITALS)
        assert reading.vitals.temperature == 36.5
        assert not reading.rejected and not reading.unread_numbers

    def test_a_following_two_digit_number_is_no_decimal(self) -> None:
        """ "temp 36, 98" lists two values: the temperature is 36, never 36.98 or 36.9."""
        assert value("temp 36, 98", VitalName.TEMPERATURE) == 36


class TestTemperatureSite:
    @pytest.mark.parametrize(
        "text",
        [
            "temperatura axilar 36,8",
            "tax 36,8",
            "T ax 36.8",
            "temp axilar 36,8",
            "temp. ax. 36,8",
            "temperatura (axilar) de 36,8",
            "Tax: 36,8°C",
        ],
    )
    def test_the_site_between_label_and_value_is_skipped(self, text: str) -> None:
        """ "temperatura axilar 36,8" is a temperature of 36.8."""
        assert value(text, VitalName.TEMPERATURE) == 36.8


class TestHalfInWords:
    @pytest.mark.parametrize(
        ("text", "wanted"),
        [
            ("36 graus e meio", 36.5),
            ("temp 37 graus e meio", 37.5),
            ("temperatura trinta e seis graus e meio", 36.5),
        ],
    )
    def test_degrees_and_a_half(self, text: str, wanted: float) -> None:
        """ "36 graus e meio" is 36.5: the half is never dropped (nor left as a note "meio")."""
        reading = read_rules(text, VITALS)
        assert reading.vitals.temperature == wanted
        assert "meio" not in (reading.clinical_note or "")

    @pytest.mark.parametrize(
        ("text", "wanted"),
        [
            ("PA 13 por 8", (130, 80)),
            ("pa 13 por 8 e meio", (130, 85)),
            ("pressão 13/8 e meio", (130, 85)),
            ("PA 12x8", (120, 80)),
            ("PA 12 e meio por 8", (125, 80)),
        ],
    )
    def test_pressure_in_cmhg_with_a_half(self, text: str, wanted: tuple[int, int]) -> None:
        """Small numbers are cmHg (x10): "13 por 8 e meio" is 130x85, never 130x80."""
        reading = read_rules(text, VITALS)
        assert reading.vitals.blood_pressure == BloodPressure(systolic=wanted[0], diastolic=wanted[1])
        assert "meio" not in (reading.clinical_note or "")

    def test_a_half_hour_is_no_number_change(self) -> None:
        """ "acordou às 2 e meia" keeps its words as written in the note."""
        reading = read_rules("acordou às 2 e meia", Expectation(kind=ExpectationKind.CLINICAL_NOTE))
        assert reading.clinical_note == "acordou às 2 e meia"


class TestPressureForms:
    @pytest.mark.parametrize(
        "text",
        [
            "PA 120-80",
            "PA 120\\80",
            "PA 120x80",
            "PA 120 X 80",
            "pressão 120 por 80",
            "P.A. 12/8",
            "pa: 120 / 80 mmHg",
            "Pressão arterial 12 x 8",
        ],
    )
    def test_each_form_is_120x80(self, text: str) -> None:
        """Every separator caregivers type after the label gives 120x80."""
        assert value(text, VitalName.BLOOD_PRESSURE) == BloodPressure(systolic=120, diastolic=80)


class TestFillersAroundNumbers:
    @pytest.mark.parametrize(
        ("text", "name", "wanted"),
        [
            ("a pressão deu uns 12 por 8", VitalName.BLOOD_PRESSURE, BloodPressure(systolic=120, diastolic=80)),
            ("FC mais ou menos 80", VitalName.HEART_RATE, 80),
            ("sat tá em torno de 95", VitalName.SATURATION, 95),
            ("fc uns 80 bpm", VitalName.HEART_RATE, 80),
            ("temperatura deu cerca de 36,5", VitalName.TEMPERATURE, 36.5),
            ("FR aproximadamente 18", VitalName.RESP_RATE, 18),
        ],
    )
    def test_the_value_is_read_and_no_fragment_is_a_note(self, text: str, name: VitalName, wanted: object) -> None:
        """ "a pressão deu uns 12 por 8": the value, and no note "a pressão deu uns"."""
        reading = read_rules(text, VITALS)
        assert reading.vitals.value(name) == wanted
        assert reading.clinical_note is None
