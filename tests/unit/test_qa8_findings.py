"""QA round 8: variants of the conversations.md examples as a caregiver types them on WhatsApp."""

from __future__ import annotations

import pytest

from orchestrator.models import ActionKind
from tests.shifts import SHIFT_B
from tests.unit.driver import Driver


class TestOutOfRangeInWords:
    def test_a_heart_rate_of_three_hundred_in_words_is_refused_not_kept_as_a_note(self) -> None:
        """Example 9 with "trezentos": the FC was kept as the clinical note "FC trezentos" and not
        named as out of range."""
        driver = Driver(SHIFT_B)
        driver.send("FC trezentos, sat 150%, tax 36")
        assert "FC 300" in driver.reply and "Sat 150" in driver.reply
        assert driver.state.clinical_note is None
        assert driver.state.vitals.heart_rate is None and driver.state.vitals.temperature == 36.0
        assert not driver.calls


class TestSupplyShortageSaidWithNao:
    @pytest.mark.parametrize(
        "message", ("nao tem mais luva nem gaze 😩", "n tem luva", "não temos mais fralda", "nao ha mais gaze")
    )
    def test_being_out_of_supplies_is_an_operational_note(self, message: str) -> None:
        """Example 10 said with "não tem mais": it was read as a "não" ("Não há nada aguardando
        confirmação") and nothing was recorded."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        notes = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert len(notes) == 1 and notes[0]["operationalNote"] is True
        assert notes[0]["clinicalNote"] == message.replace(" 😩", "")
        assert notes[0]["heartRate"] is None and notes[0]["bloodPressure"] is None
        assert "Ocorrência registrada" in driver.reply
