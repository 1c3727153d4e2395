"""QA round 10: the conversation flows (presence, substitutes, report, confirmations) as caregivers type them."""

from __future__ import annotations

import pytest

from orchestrator.models import ActionKind
from tests.shifts import SHIFT_A, SHIFT_E
from tests.unit.driver import Driver


def substitutes_offered() -> Driver:
    """Shift A cancelled after the double-check; the backend now offers Maria Souza and João Lima."""
    driver = Driver(SHIFT_A)
    driver.send("nao vou poder ir hoje")
    driver.backend = Driver(SHIFT_E).backend
    driver.send("sim")
    assert "1. Maria Souza" in driver.reply
    return driver


class TestSubstituteNotChosenYet:
    @pytest.mark.parametrize(
        "message",
        (
            "vou perguntar pra maria se ela pode",
            "vou ver com a Maria e te falo",
            "deixa eu ver com o joão",
            "nao sei, deixa eu ver",
            "um momento vou ver quem pode",
            "vou ligar pra Maria e já te falo",
        ),
    )
    def test_checking_with_someone_picks_nobody_and_keeps_the_list(self, message: str) -> None:
        """ "vou perguntar pra maria se ela pode" created a schedule for Maria; "não sei, deixa eu ver"
        declined every substitute and dropped the list."""
        driver = substitutes_offered()
        driver.send(message)
        assert driver.calls_of(ActionKind.CREATE_SCHEDULE) == []
        assert "fico no aguardo" in driver.reply and "1. Maria Souza" in driver.reply
        assert "Não entendi" not in driver.reply
        driver.send("2")
        assert driver.calls_of(ActionKind.CREATE_SCHEDULE) == [{"scheduleIdentifier": "S-A", "newCaregiverID": "C-9"}]

    @pytest.mark.parametrize(
        ("message", "caregiver"),
        (("ja falei com o joao, ele vai", "C-9"), ("pode ser a Maria", "C-7"), ("a segunda", "C-9")),
    )
    def test_a_decided_pick_still_chooses(self, message: str, caregiver: str) -> None:
        driver = substitutes_offered()
        driver.send(message)
        assert [call["newCaregiverID"] for call in driver.calls_of(ActionKind.CREATE_SCHEDULE)] == [caregiver]
