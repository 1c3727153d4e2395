"""QA round 7, whole shifts as a caregiver types them (after the integrator's findings): reports under a
heading, spoken in one run or beside a summary, presence said in other words, oxygen and equipment remarks."""

from __future__ import annotations

import pytest

from orchestrator.machine import Expectation, RespiratoryCondition, Topic, read_rules
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C
from tests.unit.driver import Driver


def presence_calls(driver: Driver) -> list[str]:
    return [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)]


LABELLED_REPORT = (
    "🍽️ Alimentação: comeu bem\n💩 Eliminações: evacuou\n😴 Sono: bom\n😊 Humor: alegre\n💊 Medicação: ok\n"
    "🏃 Atividades: passeio\n📋 Info clínica: PA 13x9 as 14h\n📁 Administrativo: nada"
)


class TestValuesInsideALabelledTopic:
    @pytest.mark.parametrize(
        ("message", "stored"),
        (
            ("Info clínica: PA 13x9 as 14h", "PA 13x9 as 14h"),
            ("Info clínica: PA 13x9", "PA 13x9"),
            ("Obs: PA 13x9 às 14h, depois normalizou", "PA 13x9 às 14h, depois normalizou"),
            ("Alimentação: comeu bem\nObs: sat 89 às 3h, melhorou com decúbito", "sat 89 às 3h, melhorou com decúbito"),
        ),
    )
    def test_the_answer_stays_whole(self, message: str, stored: str) -> None:
        """A labelled topic whose answer holds a vital sign stored the leftover ("as 14h") or "Sem
        informações" (the PA alone): the vital is read, and the answer keeps the caregiver's words."""
        driver = Driver(SHIFT_C)
        driver.send("finalizar")
        driver.send(message)
        assert driver.state.topics.get(Topic.ADDITIONAL_INFO) == stored

    def test_a_whole_report_beside_an_incomplete_measurement_can_be_sent(self) -> None:
        """With all 8 topics answered, "sim" offers the report (warning that the PA is not saved); it
        kept asking for the measurement's missing items."""
        driver = Driver(SHIFT_C)
        driver.send(LABELLED_REPORT)
        assert "Anotei no relatório" in driver.reply
        driver.send("sim")
        assert "não serão salvos" in driver.reply and "Posso enviar?" in driver.reply
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_SUMMARY)[0]["additionalInformationSpecification"] == "PA 13x9 as 14h"


class TestAReportSpokenInOneRun:
    def test_each_topic_opened_is_its_own(self) -> None:
        """A voice-note-like report without punctuation was filed whole as food (the reply then asked for
        the topics it had said): it is cut before each verb that opens a topic."""
        driver = Driver(SHIFT_C)
        driver.send("finalizar")
        driver.send(
            "entao o plantao foi tranquilo ele comeu bem no almoco e na janta bebeu agua evacuou de manha urina "
            "normal dormiu a tarde ficou calmo o dia todo tomou os remedios certinho fez fisioterapia sem "
            "intercorrencias e nada administrativo"
        )
        topics = driver.state.topics
        assert topics.get(Topic.FOOD_HYDRATION) == "ele comeu bem no almoco e na janta bebeu agua"
        assert topics.get(Topic.STOOL_URINE) == "evacuou de manha urina normal"
        assert topics.get(Topic.SLEEP) == "dormiu a tarde"
        assert topics.get(Topic.MEDICATIONS) == "tomou os remedios certinho"
        assert topics.get(Topic.ACTIVITIES) == "fez fisioterapia"
        assert topics.get(Topic.ADDITIONAL_INFO) == "sem intercorrencias"
        assert not topics.missing()

    def test_a_shorter_run_without_the_and(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("finalizar")
        driver.send("ela comeu bem dormiu a tarde toda estava agitada de manha e tomou os remedios no horario")
        topics = driver.state.topics
        assert (topics.get(Topic.SLEEP), topics.get(Topic.MOOD), topics.get(Topic.MEDICATIONS)) == (
            "dormiu a tarde toda",
            "estava agitada de manha",
            "tomou os remedios no horario",
        )

    def test_fewer_topics_are_cut_as_before(self) -> None:
        """Fewer than four topics opened: the clause is read as before (cut at its "e")."""
        driver = Driver(SHIFT_C)
        driver.send("finalizar")
        driver.send("comeu bem no almoço e depois dormiu")
        topics = driver.state.topics
        assert (topics.get(Topic.FOOD_HYDRATION), topics.get(Topic.SLEEP)) == ("comeu bem no almoço", "depois dormiu")


class TestMoreWholeShiftPhrasings:
    @pytest.mark.parametrize("message", ("confirmadoo", "confirmooo"))
    def test_an_elongated_confirmation(self, message: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send(message)
        assert presence_calls(driver) == ["confirmado"]

    @pytest.mark.parametrize(
        ("message", "note"),
        (
            ("o concentrador de o2 ta apitando", "o concentrador de o2 ta apitando"),
            ("a bomba de infusão tá apitando", "a bomba de infusão tá apitando"),
        ),
    )
    def test_an_alarm_is_an_operational_note(self, message: str, note: str) -> None:
        """Equipment sounding an alarm is a remark about the service: an operational note, and the O2 it
        names is no respiratory condition (it was read as oxygen and a clinical note)."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert [call["clinicalNote"] for call in driver.calls_of(ActionKind.UPDATE_CLINICAL)] == [note]
        assert driver.state.respiratory is None and driver.state.clinical_note is None


class TestTopicsAtAMeasurementsSummaryDuringTheReport:
    def _staged(self) -> Driver:
        driver = Driver(SHIFT_C)
        driver.send("PA 12/8 FC 76 FR 18 sat 97 temp 36,4 aa paciente tranquilo")
        driver.send("sim")
        driver.send("PA 13/8 FC 80 FR 18 sat 96 temp 36,8 aa")
        assert "Posso salvar?" in driver.reply
        return driver

    def test_labelled_topics_are_the_reports(self) -> None:
        """During the report, labelled topics sent while a measurement's summary waits became its note
        ("Nota: Alimentação: comeu bem, Sono: dormiu bem") and the report lost them."""
        driver = self._staged()
        driver.send("Alimentação: comeu bem\nSono: dormiu bem")
        assert "Anotei no relatório: alimentação e hidratação e sono." in driver.reply
        assert "Posso salvar?" in driver.reply and "Nota:" not in driver.reply
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[-1]["clinicalNote"] is None
        assert driver.state.topics.get(Topic.FOOD_HYDRATION) == "comeu bem"
        assert "*evacuação e urina*" in driver.reply

    def test_an_observation_still_adds_to_the_note(self) -> None:
        driver = self._staged()
        driver.send("obs: tossiu um pouco")
        assert "Nota: tossiu um pouco" in driver.reply
        assert driver.state.topics.get(Topic.ADDITIONAL_INFO) is None

    def test_outside_the_report_nothing_changes(self) -> None:
        """Before the report, a label at a summary opens no report."""
        driver = Driver(SHIFT_B)
        driver.send("PA 12/8 FC 76 FR 18 sat 97 temp 36,4 aa paciente tranquilo")
        driver.send("Obs: tossiu um pouco")
        assert not driver.state.finalizing and "tossiu um pouco" in driver.reply


class TestAHeadingOverTheReport:
    @pytest.mark.parametrize(
        ("message", "given"),
        (
            (
                "Relatório de hoje 26/11:\nAlimentação: boa\nSono: bom",
                {Topic.FOOD_HYDRATION: "boa", Topic.SLEEP: "bom"},
            ),
            ("RELATÓRIO DO PLANTÃO\nAlimentação: boa", {Topic.FOOD_HYDRATION: "boa"}),
            ("*Resumo do plantão*\nSono: bom", {Topic.SLEEP: "bom"}),
        ),
    )
    def test_the_heading_answers_nothing(self, message: str, given: dict[Topic, str]) -> None:
        """ "RELATÓRIO DO PLANTÃO" over a numbered report was filed as the administrative information
        (its "plantão"), and the "Administrativo: nada" below it was then dropped."""
        driver = Driver(SHIFT_C)
        driver.send("finalizar")
        driver.send(message)
        assert {topic: driver.state.topics.get(topic) for topic in driver.state.topics.given} == given

    def test_a_numbered_report_under_a_heading(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send(
            "RELATÓRIO DO PLANTÃO\n1. Alimentação: boa aceitação\n2. Eliminações: diurese presente, evacuação "
            "ausente\n3. Sono: bom\n4. Humor: estável\n5. Medicações: conforme prescrição\n6. Atividades: banho "
            "de leito\n7. Intercorrências: nenhuma\n8. Administrativo: nada"
        )
        assert driver.state.topics.get(Topic.ADMINISTRATIVE) == "Sem informações"
        assert "RELATÓRIO" not in driver.reply and "Posso enviar?" in driver.reply

    def test_a_report_from_someone_else_is_news(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("finalizar")
        driver.send("o relatorio do medico chegou")
        assert driver.state.topics.get(Topic.ADMINISTRATIVE) == "o relatorio do medico chegou"


class TestNothingAbbreviated:
    @pytest.mark.parametrize("answer", ("nd", "s/ info", "n/d"))
    def test_an_abbreviated_nothing_is_no_information(self, answer: str) -> None:
        """ "nd", "s/ info" answering a topic were stored as written; they say there is nothing."""
        driver = Driver(SHIFT_C)
        driver.send("finalizar")
        driver.send(answer)
        assert driver.state.topics.get(Topic.FOOD_HYDRATION) == "Sem informações"


class TestComingAtThePresenceQuestion:
    @pytest.mark.parametrize("message", ("não, vou sim", "nao nao, to indo", "não cancela não, vou sim"))
    def test_a_no_that_says_coming_is_a_yes(self, message: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(message)
        assert presence_calls(driver) == ["confirmado"]

    @pytest.mark.parametrize(
        "message", ("não, estou indo pro hospital", "nao, to indo embora", "não vou", "nao, to doente")
    )
    def test_going_elsewhere_is_never_a_yes(self, message: str) -> None:
        """Going somewhere else ("indo pro hospital") is no coming: the cancellation is double-checked."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(message)
        assert not driver.calls and "cancelar" in driver.reply

    def test_on_the_way_to_hospital_alone_is_asked(self) -> None:
        """ "estou indo pro hospital" confirmed presence; it is asked again."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send("estou indo pro hospital")
        assert not driver.calls


class TestOxygenDenied:
    @pytest.mark.parametrize("answer", ("não usa oxigênio", "nao precisou de o2", "não está no O2"))
    def test_is_room_air(self, answer: str) -> None:
        """ "não usa oxigênio" answering the respiratory condition was recorded as supplementary oxygen."""
        driver = Driver(SHIFT_B)
        driver.send("PA 12/8 FC 78 FR 18 Sat 97% Temp 36.4 paciente calmo")
        driver.send(answer)
        assert driver.state.respiratory is RespiratoryCondition.ROOM_AIR
        assert driver.state.clinical_note == "paciente calmo"

    @pytest.mark.parametrize("text", ("saiu do O2 hoje", "tirei o O2", "desmamou do oxigênio", "não está em VM"))
    def test_oxygen_taken_away_is_asked(self, text: str) -> None:
        """ "saiu do O2", "tirei o O2", "não está em VM" were recorded as oxygen or ventilation: what the
        patient breathes now is not said, so it is asked (never guessed)."""
        assert read_rules(text, Expectation()).respiratory is None
        driver = Driver(SHIFT_B)
        driver.send("PA 12/8 FC 78 FR 18 Sat 97% Temp 36.4 paciente calmo")
        driver.send(text)
        assert driver.state.respiratory is None and not driver.calls

    @pytest.mark.parametrize(
        ("text", "condition"),
        (
            ("em O2 2L", RespiratoryCondition.SUPPLEMENTARY_OXYGEN),
            ("paciente em VM", RespiratoryCondition.MECHANICAL_VENTILATION),
            ("retirado o oxigenio, em ar ambiente", RespiratoryCondition.ROOM_AIR),
        ),
    )
    def test_a_condition_said_is_still_read(self, text: str, condition: RespiratoryCondition) -> None:
        assert read_rules(text, Expectation()).respiratory is condition


class TestEquipmentGoneMissing:
    @pytest.mark.parametrize(
        ("message", "note"),
        (("PA 12/8 FC 78 FR 18 sat 97 aa, termômetro sumiu", "termômetro sumiu"), ("não acho o oxímetro", None)),
    )
    def test_is_an_operational_note(self, message: str, note: str | None) -> None:
        """ "termômetro sumiu" was a clinical note; equipment gone missing is news for the coordination."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        notes = [call["clinicalNote"] for call in driver.calls_of(ActionKind.UPDATE_CLINICAL)]
        assert notes == [note or message]
        assert driver.state.clinical_note is None

    def test_a_patient_disoriented_is_still_clinical(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("paciente perdido no tempo e espaço")
        assert not driver.calls and driver.state.clinical_note == "paciente perdido no tempo e espaço"
