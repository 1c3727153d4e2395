"""QA round 10: the clinical conversation, as caregivers type it on WhatsApp: what reaches the record."""

from __future__ import annotations

import pytest

from orchestrator.machine.reading import Reading
from orchestrator.machine.vitals import DoubtfulValue, VitalName, Vitals
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_B
from tests.unit.driver import Driver

FULL = "PA 120x80, FC 76, FR 18, sat 97, tax 36.5, ar ambiente, paciente tranquilo"
VITALS = "PA 120x80 FC 76 FR 18 sat 97 temp 36,5 ar ambiente"


def staged() -> Driver:
    """Shift B with a complete measurement summary waiting for its "sim"."""
    driver = Driver(SHIFT_B)
    driver.send(FULL)
    assert "Posso salvar?" in driver.reply
    return driver


def saved_note(driver: Driver) -> str | None:
    """The clinical note of the measurement saved last."""
    driver.send("sim")
    calls = driver.calls_of(ActionKind.UPDATE_CLINICAL)
    assert calls and calls[-1]["operationalNote"] is False
    note: str | None = calls[-1]["clinicalNote"]
    return note


class TestTimeOfDayInANote:
    @pytest.mark.parametrize(
        ("message", "note"),
        (
            (f"tomou banho às 18:30, {VITALS}", "tomou banho às 18:30"),
            (f"{VITALS}, tomou banho, 18:30", "tomou banho, 18:30"),
            (f"{VITALS} 18h30 paciente tomou banho", "18h30 paciente tomou banho"),
            (f"18:30 - {VITALS} paciente dormindo", "paciente dormindo"),
            (f"{VITALS}\n18:30 jantou bem\n20:00 dormiu", "18:30 jantou bem, 20:00 dormiu"),
        ),
    )
    def test_the_time_stays_whole_and_is_no_value(self, message: str, note: str) -> None:
        """ "tomou banho às 18:30, PA ..." asked what "30" was and saved "tomou banho às 18"."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert "Não identifiquei" not in driver.reply
        assert saved_note(driver) == note

    @pytest.mark.parametrize("message", ("temp 38,2, 22:00", "sat 96, 14:00", "FC 80, 18h", "fc 80, 10:30"))
    def test_a_time_beside_values_is_neither_a_value_nor_a_note(self, message: str) -> None:
        """ "FC 80, 18h" stored an FR of 18; "sat 96, 14:00" asked what "14" and "00" were."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        vitals = driver.state.vitals
        assert vitals.resp_rate is None and vitals.heart_rate in (None, 80)
        assert driver.state.clinical_note is None and "Não identifiquei" not in driver.reply


class TestValueDeniedAtTheSummaryIsAskedByName:
    @pytest.mark.parametrize(
        ("message", "asked"),
        (
            ("FC 78 não 76", "FC 78 ou 76?"),
            ("fc 78 nao 76", "FC 78 ou 76?"),
            ("a fc 76, nao 78", "FC 76 ou 78?"),
            ("sat 95 não 97", "Sat 95 ou 97?"),
        ),
    )
    def test_the_question_names_the_label_and_both_values(self, message: str, asked: str) -> None:
        """ "FC 78 não 76" at the summary got "Não identifiquei a que se refere 78 nao 76" and "Não
        entendi", though the label was known."""
        driver = staged()
        driver.send(message)
        assert asked in driver.reply and "não registrei" in driver.reply
        assert "Não identifiquei" not in driver.reply and "Não entendi" not in driver.reply
        assert not driver.calls

    def test_the_value_sent_next_shows_the_summary_again(self) -> None:
        driver = staged()
        driver.send("FC 78 não 76")
        driver.send("FC 78")
        assert "FC 78" in driver.reply and "Posso salvar?" in driver.reply
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[-1]["heartRate"] == 78

    def test_a_yes_after_the_question_saves_nothing_unseen(self) -> None:
        """The "sim" may answer "78 ou 76?": the summary is shown again before anything is saved."""
        driver = staged()
        driver.send("FC 78 não 76")
        driver.send("sim")
        assert not driver.calls and "Posso salvar?" in driver.reply

    @pytest.mark.parametrize(
        ("message", "asked"),
        (("temp 37 e pouco", "Temp 37 e pouco"), ("sat entre 94 e 96", "Sat 94 e 96"), ("temp 36 5", "Temp 36 5")),
    )
    def test_an_inexact_value_is_asked_by_its_name(self, message: str, asked: str) -> None:
        """ "temp 37 e pouco" got "Não identifiquei a que se refere 37 e pouco": the label was known."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert asked in driver.reply and "não registrei" in driver.reply
        assert "Não identifiquei" not in driver.reply and driver.state.vitals.empty

    def test_another_reader_never_fills_a_doubted_value(self) -> None:
        """The LLM may read "FC 78 não 76" as FC 78: the rules' doubt stands, the value is asked."""
        mine = Reading(doubts=(DoubtfulValue(name=VitalName.HEART_RATE, shown="78 nao 76", options=("78", "76")),))
        completed = mine.completed_by(Reading(vitals=Vitals(heart_rate=78, resp_rate=18)))
        assert completed.vitals.heart_rate is None and completed.vitals.resp_rate == 18
        assert completed.doubts == mine.doubts


class TestTheOxygenFlowIsKept:
    @pytest.mark.parametrize(
        ("said", "kept"),
        (
            ("O2 cateter 2L/min", "O2 em cateter 2 L/min"),
            ("oxigênio 3 litros", "O2 3 L/min"),
            ("em O2 por cateter nasal a dois litros por minuto", "O2 em cateter nasal 2 L/min"),
            ("cateter nasal 1,5 L/min", "O2 em cateter nasal 1,5 L/min"),
            ("máscara de venturi 28%", "O2 em máscara de Venturi 28%"),
            ("macronebulização 5L", "O2 em macronebulização 5 L/min"),
        ),
    )
    def test_the_flow_goes_into_the_saved_note(self, said: str, kept: str) -> None:
        """ "O2 cateter 2L/min" saved only supplementaryOxygen "Oxigênio suplementar" (a three-value
        enum): the 2 L/min a nurse needs was lost. It follows the caregiver's note, shown in the summary."""
        driver = Driver(SHIFT_B)
        driver.send(f"PA 120x80 FC 76 FR 18 sat 97 temp 36,5 {said}, paciente calmo")
        assert f"Nota: paciente calmo; {kept}" in driver.reply
        assert saved_note(driver) == f"paciente calmo; {kept}"
        assert driver.calls[-1].payload["supplementaryOxygen"] == "Oxigênio suplementar"

    def test_the_flow_is_no_note_of_the_first_measurement(self) -> None:
        """The setting says how oxygen is given, not how the patient is: the note is still asked."""
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 76 FR 18 sat 97 temp 36,5 O2 cateter 2L/min")
        assert "Falta: nota clínica" in driver.reply
        driver.send("tranquilo, dormindo")
        assert saved_note(driver) == "tranquilo, dormindo; O2 em cateter 2 L/min"

    def test_room_air_said_instead_drops_the_flow(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 76 FR 18 sat 97 temp 36,5 O2 2L, calmo")
        driver.send("não, ar ambiente")
        assert saved_note(driver) == "calmo"

    def test_a_later_measurement_without_a_note_keeps_the_flow(self) -> None:
        driver = staged()
        driver.send("sim")
        driver.send("PA 130x80 FC 88 FR 22 sat 92 temp 37 em O2 3 litros")
        assert saved_note(driver) == "O2 3 L/min"


class TestMacronebulization:
    @pytest.mark.parametrize(
        "said", ("macronebulização", "em macronebulização", "em macro", "macronebulizacao umidificada 5l")
    )
    def test_it_answers_the_respiratory_question_as_oxygen(self, said: str) -> None:
        """ "macronebulização" answering "ar ambiente ou oxigênio?" got the same question again, the word
        dropped: in nursing it is an oxygen therapy device, named in the note."""
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 76 FR 18 sat 97 temp 36,5, paciente calmo")
        driver.send(said)
        assert "Condição respiratória: Oxigênio suplementar" in driver.reply
        assert (saved_note(driver) or "").startswith("paciente calmo; O2 em macronebulização")

    def test_with_compressed_air_it_is_room_air(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 76 FR 18 sat 97 temp 36,5, macronebulização com ar comprimido, calmo")
        assert "Condição respiratória: Ar ambiente" in driver.reply
        assert saved_note(driver) == "calmo"

    def test_a_plain_nebulization_is_no_respiratory_condition(self) -> None:
        """ "nebulização com berotec" is a treatment given, for the note; the condition is still asked."""
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 76 FR 18 sat 97 temp 36,5, fez nebulização com berotec")
        assert driver.state.respiratory is None and driver.state.clinical_note == "fez nebulização com berotec"
