"""QA round 11: the conversation flows (presence, cancellations, summaries, the report, help, late answers,
templates mid-conversation) as caregivers type them on WhatsApp."""

from __future__ import annotations

from orchestrator.machine import compose, not_saved_yet
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_B
from tests.unit.driver import Driver

FULL = "PA 120x80, FC 76, FR 18, sat 97, tax 36.5, ar ambiente, paciente tranquilo"


class TestAnOccurrenceNotSavedYet:
    def test_the_notice_claims_no_confirmation(self) -> None:
        """An occurrence is saved at once, without a summary: when the backend refused it (or was down),
        the caregiver heard "Recebi sua confirmação, mas …" for a confirmation never asked nor given."""
        driver = Driver(SHIFT_B)
        transition = driver.send("acabaram as luvas")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[0]["operationalNote"] is True
        for refused in (True, False):
            told = compose(not_saved_yet(transition.parts, refused=refused))
            assert "confirmação" not in told and "Recebi a ocorrência" in told and "não precisa reenviar" in told

    def test_a_confirmed_measurement_still_says_confirmation(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(FULL)
        transition = driver.send("sim")
        assert "Recebi sua confirmação" in compose(not_saved_yet(transition.parts, refused=False))
