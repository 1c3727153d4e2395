"""QA round 9: variants of the conversations.md examples as a caregiver types them on WhatsApp."""

from __future__ import annotations

import pytest

from orchestrator.machine import Topic
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_B, SHIFT_C
from tests.unit.driver import Driver

FULL = "PA 120x80, FC 76, FR 18, sat 97, tax 36.5, ar ambiente, paciente tranquilo"


def staged() -> Driver:
    """Shift B with a complete measurement summary waiting for its "sim"."""
    driver = Driver(SHIFT_B)
    driver.send(FULL)
    assert "Posso salvar?" in driver.reply
    return driver


class TestShortageWithShortNao:
    @pytest.mark.parametrize("message", ("n tem luva", "n tem mais gaze", "nao tem mais luva", "acabou a fralda"))
    def test_a_shortage_is_a_note_and_keeps_the_summary(self, message: str) -> None:
        """Example 10 during a summary: "n tem luva" was read as the "não" to the summary."""
        driver = staged()
        driver.send(message)
        notes = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert len(notes) == 1 and notes[0]["operationalNote"] is True
        assert "Ocorrência registrada" in driver.reply and "Posso salvar?" in driver.reply
        assert "não salvei" not in driver.reply
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[-1]["heartRate"] == 76


class TestQuestionOpeningWithPode:
    @pytest.mark.parametrize(
        "message", ("pode pedir luva pra familia?", "pode trazer fralda amanha?", "pode pedir gaze pra família?")
    )
    def test_the_question_gets_no_nothing_pending_line(self, message: str) -> None:
        """A question opening with "pode" got the question reply and a stray "Não há nada aguardando
        confirmação", as if "pode" answered something."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert "não consigo responder perguntas" in driver.reply
        assert "aguardando confirmação" not in driver.reply
        assert not driver.calls


class TestPuttingOffTheReport:
    @pytest.mark.parametrize("message", ("certo, vou mandar", "ta bom vou passar", "ok, vou enviar", "blz, ja mando"))
    def test_putting_off_a_topic_is_waiting_not_its_answer(self, message: str) -> None:
        """Example 12 reworded: "certo, vou mandar" filed "certo" as the food topic."""
        driver = Driver(SHIFT_C)
        driver.send("quero finalizar")
        driver.send(message)
        assert "fico no aguardo" in driver.reply and "*alimentação e hidratação*" in driver.reply
        assert driver.state.topics.given == ()
        assert not driver.calls


class TestLeavingAtTheEndOfTheShift:
    @pytest.mark.parametrize(
        "message", ("vou embora, acabou meu horario", "ja to indo embora, deu meu horario", "vou embora")
    )
    def test_leaving_continues_the_finish_and_answers_no_topic(self, message: str) -> None:
        """Example 12: "vou embora, acabou meu horario" while a topic was asked was filed as the food topic."""
        driver = Driver(SHIFT_C)
        driver.send("quero finalizar")
        driver.send(message)
        assert driver.state.finalizing and driver.state.topics.given == ()
        assert "*alimentação e hidratação*" in driver.reply and "Anotado" not in driver.reply
        assert not driver.calls

    def test_leaving_starts_the_finish(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("vou embora, acabou meu horario")
        assert driver.state.finalizing and "Vamos finalizar o plantão" in driver.reply
        assert driver.state.topics.given == ()


class TestGluedLabels:
    @pytest.mark.parametrize(
        ("message", "expected"),
        (
            ("PA120/80FC80", {"heart_rate": 80}),
            ("pa120x80fc80fr18", {"heart_rate": 80, "resp_rate": 18}),
            ("PA 120x80FC 80", {"heart_rate": 80}),
            (
                "pa120x80fc76fr18sat97tax36.5",
                {"heart_rate": 76, "resp_rate": 18, "saturation": 97, "temperature": 36.5},
            ),
        ),
    )
    def test_a_label_glued_to_the_value_before_it_is_read(self, message: str, expected: dict[str, float]) -> None:
        """ "PA120/80FC80" read the PA only and kept "FC80" as the clinical note."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        vitals = driver.state.vitals
        assert vitals.blood_pressure is not None and vitals.blood_pressure.systolic == 120
        assert {name: getattr(vitals, name) for name in expected} == expected
        assert driver.state.clinical_note is None and "observação" not in driver.reply


class TestShortageFollowUp:
    @pytest.mark.parametrize("message", ("e gaze tb", "fralda tambem", "e seringa tbm", "tb gaze e esparadrapo"))
    def test_more_of_a_shortage_is_an_operational_note(self, message: str) -> None:
        """Example 10 continued: after "acabou a luva", "e gaze tb" got "Não entendi"."""
        driver = Driver(SHIFT_B)
        driver.send("acabou a luva")
        driver.send(message)
        notes = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert len(notes) == 2 and notes[1]["operationalNote"] is True
        assert notes[1]["heartRate"] is None and "Não entendi" not in driver.reply
        assert "Ocorrência registrada" in driver.reply


class TestValueStatedAndDeniedAtTheSummary:
    @pytest.mark.parametrize("message", ("nao, fc 78 nao 76", "fc 78 nao 76", "FC 76 não 78", "nao, a fc 78, nao 76"))
    def test_the_staged_value_is_kept_and_the_value_asked(self, message: str) -> None:
        """Example 7 reworded: "nao, fc 78 nao 76" at the summary stored FC 76, a value the caregiver may
        have said was wrong. Either reading is possible: nothing is taken and the value is asked."""
        driver = staged()
        driver.send(message)
        assert driver.state.vitals.heart_rate == 76
        assert "não registrei" in driver.reply and "FC" in driver.reply
        assert not driver.calls

    def test_a_plain_correction_at_the_summary_still_replaces_the_value(self) -> None:
        driver = staged()
        driver.send("FC 76 digo 78")
        assert "FC 78" in driver.reply and driver.state.vitals.heart_rate == 78


class TestAbbreviatedReportLabels:
    """Found on review: a report with abbreviated labels ("Alim:", "Evac:", "Medic:", "Ativ:") under a
    heading after a greeting filed "Relatório: Alim: boa; Evac: ausente; Medic: ..." as additional
    information and "Ativ: banho de sol; Info: nenhuma" as activities."""

    @pytest.mark.parametrize(
        "text",
        (
            "Oi! Relatório: Alim: boa. Evac: ausente. Sono: bom. Humor: alegre. Medic: conforme prescrição. "
            "Ativ: banho de sol. Adm: nenhuma",
            "boa noite, segue relatorio:\nAlim: boa\nEvac: ausente\nSono: bom\nHumor: alegre\n"
            "Medic: conforme prescrição\nAtiv: banho de sol\nAdm: nenhuma",
            "Relatório: alim: boa; elim: evac ausente; sono: bom; humor: alegre; meds: conforme prescrição; "
            "ativ: banho de sol; adm: nenhuma",
        ),
    )
    def test_each_abbreviation_names_its_topic(self, text: str) -> None:
        driver = Driver(SHIFT_C)
        driver.send(text)
        topics = driver.state.topics
        assert topics.get(Topic.FOOD_HYDRATION) == "boa"
        assert "ausente" in (topics.get(Topic.STOOL_URINE) or "")
        assert topics.get(Topic.MEDICATIONS) == "conforme prescrição"
        assert topics.get(Topic.ACTIVITIES) == "banho de sol"
        assert topics.get(Topic.ADDITIONAL_INFO) is None  # no heading, no label left over
        assert driver.state.topics.missing() == (Topic.ADDITIONAL_INFO,)


class TestATimeSaysWhen:
    """Found on review: "preciso sair mais cedo hoje, 18h" was saved as "preciso sair mais cedo hoje",
    the time the coordination needs dropped as if it were a value's leftover."""

    @pytest.mark.parametrize(
        ("text", "note"),
        (
            ("preciso sair mais cedo hoje, 18h", "preciso sair mais cedo hoje, 18h"),
            ("a fisio vem amanha, 14h30", "a fisio vem amanha, 14h30"),
            ("acabou a fralda, a familia traz às 16h", "acabou a fralda, a familia traz às 16h"),
        ),
    )
    def test_the_time_stays_in_the_operational_note(self, text: str, note: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert [call.payload["clinicalNote"] for call in driver.calls] == [note]

    @pytest.mark.parametrize("text", ("temp 38,2, as 22h", "PA 12/8 fc 80 fr 18 sat 96 temp 36,5 ar ambiente, 14h"))
    def test_a_time_beside_values_alone_is_no_note(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert driver.state.clinical_note is None and not driver.calls
