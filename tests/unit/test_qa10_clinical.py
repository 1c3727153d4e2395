"""QA round 10: the clinical conversation, as caregivers type it on WhatsApp: what reaches the record."""

from __future__ import annotations

import pytest

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
