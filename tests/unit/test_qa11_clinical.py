"""QA round 11: the clinical record as caregivers type or dictate it on WhatsApp: what reaches the note
and the values saved (vital signs, oxygen, corrections at the summary)."""

from __future__ import annotations

import pytest

from orchestrator.models import ActionKind
from tests.shifts import SHIFT_B
from tests.unit.driver import Driver

VITALS = "PA 120x80 FC 76 FR 18 sat 97 temp 36,5 ar ambiente"
BEFORE_OXYGEN = "PA 120x80 FC 76 FR 18 temp 36,5"


def saved(driver: Driver) -> dict[str, object]:
    """The measurement saved by a "sim" to the summary on screen."""
    assert "Posso salvar?" in driver.reply
    driver.send("sim")
    calls = driver.calls_of(ActionKind.UPDATE_CLINICAL)
    assert calls and calls[-1]["operationalNote"] is False
    return calls[-1]


class TestTheInfoLabel:
    @pytest.mark.parametrize(
        ("remark", "note"),
        (
            ("Info: paciente com tosse", "paciente com tosse"),
            ("Informações: dormiu bem a tarde toda", "dormiu bem a tarde toda"),
            ("INFO - aceitou a dieta", "aceitou a dieta"),
        ),
    )
    def test_the_label_is_no_part_of_the_note(self, remark: str, note: str) -> None:
        """ "…, Info: paciente com tosse" saved the note "Info: paciente com tosse"."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}. {remark}")
        assert saved(driver)["clinicalNote"] == note

    def test_info_none_is_no_note(self) -> None:
        """ "Info: nenhuma" was saved as the first measurement's note: the note is asked for."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}, Info: nenhuma")
        assert "nota" in driver.reply.casefold() and "Posso salvar?" not in driver.reply
        assert driver.state.clinical_note is None
