"""QA round 11, the integrator's own findings: whole turns on the pure machine."""

from __future__ import annotations

import pytest

from orchestrator.models import Template
from tests.shifts import SHIFT_B
from tests.unit.driver import Driver

VITALS = "PA 12x8 FC 80 FR 18 Sat 97 Temp 36,5 AA"


class TestTheFirstNoteExplained:
    @pytest.mark.parametrize("answer", ("sem observações", "sem nota", "nada"))
    def test_a_refused_note_hears_why_one_is_needed(self, answer: str) -> None:
        """ "sem observações" to "Falta: nota clínica" got "Falta: nota clínica" again, word for word,
        however often the caregiver said it: the first measurement's note is now explained, with an
        example of one."""
        driver = Driver(SHIFT_B)
        driver.send(VITALS)
        driver.send(answer)
        assert "nota clínica é obrigatória" in driver.reply and "sem queixas" in driver.reply
        assert driver.reply.rstrip().endswith("Falta: nota clínica.") and driver.state.staged is None

    def test_no_hint_once_the_note_is_not_all_that_is_missing(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 12x8 FC 80")
        assert "obrigatória" not in driver.reply


class TestSendingLateWhatWasLeftOut:
    @pytest.mark.parametrize(
        "message",
        (
            "esqueci de mandar a FC, é 72",
            "esqueci de enviar a FC: 72",
            "faltou mandar a FC 72",
            "faltou passar a FC 72",
        ),
    )
    def test_saying_it_was_forgotten_is_no_note(self, message: str) -> None:
        """ "esqueci de mandar a FC, é 72" saved the note "esqueci de mandar" with the measurement."""
        driver = Driver(SHIFT_B)
        driver.send("PA 11x7")
        driver.send(message)
        assert driver.state.vitals.heart_rate == 72
        assert driver.state.clinical_note is None

    def test_what_was_forgotten_for_the_patient_stays(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 11x7")
        driver.send("esqueci de dar o remédio das 14h, FC 72")
        assert driver.state.clinical_note == "esqueci de dar o remédio das 14h"


class TestVitalsSaidWithWordsBetweenLabelAndValue:
    @pytest.mark.parametrize(
        ("message", "vital", "value"),
        (
            ("a pressão agora tá 13 por 8, frequência 84", "blood_pressure", "130x80"),
            ("a pressão dele hoje de manhã tava 13 por 8", "blood_pressure", "130x80"),
            ("pressão de tarde 13x8", "blood_pressure", "130x80"),
            ("a PA do paciente 13x8", "blood_pressure", "130x80"),
            ("a pressão arterial dela 14 por 9", "blood_pressure", "140x90"),
            ("a sat dele baixou um pouco, 92", "saturation", "92"),
        ),
    )
    @pytest.mark.parametrize("during_the_report", (False, True))
    def test_the_value_is_read(self, message: str, vital: str, value: str, during_the_report: bool) -> None:
        """During the end-of-shift report only labelled values are read, and "a pressão dele hoje de
        manhã tava 13 por 8" was no labelled value: the pressure was filed as a report topic ('Anotado')
        and never reached updateClinicalData (SPEC §6: never swallowed into a topic)."""
        driver = Driver(SHIFT_B)
        if during_the_report:
            driver.template(Template.FINISH_SHIFT)
        driver.send(message)
        assert str(getattr(driver.state.vitals, vital)) == value
        assert "Anotado" not in driver.reply and not driver.state.topics.given


class TestWhatToDoAboutThePatient:
    @pytest.mark.parametrize(
        ("message", "note"),
        (
            ("a paciente caiu no banheiro, o que eu faço", "a paciente caiu no banheiro"),
            ("a paciente ta com a pressao alta 16x10, o que faço?", "a paciente ta com a pressao alta"),
        ),
    )
    def test_it_is_a_question_for_the_coordination(self, message: str, note: str) -> None:
        """ "a paciente caiu no banheiro, o que eu faço" got the bot's menu ("Por aqui você pode: …"):
        beside something said of the patient, "o que eu faço" asks what to do about it."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert "fale com a coordenação" in driver.reply and "Por aqui você pode" not in driver.reply
        assert driver.state.clinical_note == note

    @pytest.mark.parametrize(
        "message", ("o que eu faço?", "oq eu faço", "bom dia, o que eu faço?", "como funciona, o que eu faço?")
    )
    def test_alone_it_asks_for_the_menu(self, message: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert "Por aqui você pode" in driver.reply
