"""QA round 7 (the integrator's findings F1-F9): report topics beside a measurement are named back,
presence confirmed however it is phrased, nothing dropped or altered on the way to a record."""

from __future__ import annotations

import pytest

from orchestrator.integrations.llm_schema import LlmOutput, to_reading
from orchestrator.machine import Expectation, ExpectationKind, ReplyCode, RespiratoryCondition, Topic, read_rules
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C
from tests.unit.driver import Driver

FULL_VITALS = "PA 12/8 FC 78 FR 18 Sat 97% Temp 36.4 ar ambiente"


def codes(driver: Driver) -> list[str]:
    return [part.code for part in driver.transitions[-1].parts]


class TestTopicsBesideAMeasurementAreNamed:
    @pytest.mark.parametrize(
        ("report", "named"),
        (
            (
                "Alimentação: comeu bem\nEliminação: evacuou normal\nSono: dormiu bem\nHumor: calmo",
                "alimentação e hidratação, evacuação e urina, sono e humor",
            ),
            ("alimentacao: comeu pouco\nsono: dormiu bem", "alimentação e hidratação e sono"),
            ("humor - calmo, sorridente 😊", "humor"),
        ),
    )
    def test_topics_after_an_incomplete_measurement(self, report: str, named: str) -> None:
        """F1: a labelled report sent while the measurement lacks its note is kept and said to be kept
        ("Anotei no relatório: ..."), before the measurement's question asked again."""
        driver = Driver(SHIFT_C)
        driver.send("finalizar")
        driver.send(FULL_VITALS)
        driver.send(report)
        assert f"Anotei no relatório: {named}." in driver.reply
        assert driver.reply.rstrip().endswith("Falta: nota clínica.")
        assert codes(driver) == [ReplyCode.TOPICS_NOTED, ReplyCode.VITALS_MISSING]

    @pytest.mark.parametrize(
        "message",
        (
            f"{FULL_VITALS}\nAlimentação: comeu pouco\nSono: dormiu bem\nHumor: calmo",
            "PA 12x8, FC 78, FR 18, sat 97, temp 36,4 em ar ambiente\nsono: tranquilo\nhumor: calmo",
        ),
    )
    def test_topics_in_the_same_message_as_the_vitals(self, message: str) -> None:
        """F4: vitals and labelled topics in one message: the topics are named as kept (they were kept
        silently), and the note is asked."""
        driver = Driver(SHIFT_C)
        driver.send(message)
        assert "Anotei no relatório:" in driver.reply and "sono" in driver.reply and "humor" in driver.reply
        assert driver.state.topics.get(Topic.SLEEP) is not None
        assert driver.reply.rstrip().endswith("Falta: nota clínica.")

    @pytest.mark.parametrize("answer", ("sim", "s", "ok", "👍", "beleza"))
    def test_a_yes_while_the_measurement_lacks_its_note(self, answer: str) -> None:
        """F1: "sim" after "Falta: nota clínica" saves nothing, files no topic and asks the note again
        (it asked the next topic, "Não anotei nada. Me conte como foi medicações")."""
        driver = Driver(SHIFT_C)
        driver.send(FULL_VITALS)
        driver.send("Alimentação: comeu bem\nEliminação: evacuou normal\nSono: dormiu bem\nHumor: calmo")
        driver.send(answer)
        assert "medicações" not in driver.reply
        assert driver.reply.rstrip().endswith("Falta: nota clínica.")
        assert driver.state.topics.get(Topic.MEDICATIONS) is None
        assert not driver.calls

    def test_the_note_then_saves_and_the_report_goes_on(self) -> None:
        """F1: after the stray "sim", the note completes the measurement; saved, the report asks the
        first topic still missing."""
        driver = Driver(SHIFT_C)
        driver.send(FULL_VITALS)
        driver.send("Alimentação: comeu bem\nEliminação: evacuou normal\nSono: dormiu bem\nHumor: calmo")
        driver.send("sim")
        driver.send("paciente tranquilo, sem queixas")
        driver.send("sim")
        assert len(driver.calls) == 1
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[0]["clinicalNote"] == "paciente tranquilo, sem queixas"
        assert "*medicações*" in driver.reply


def presence_calls(driver: Driver) -> list[str]:
    return [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)]


class TestPresenceConfirmedHoweverPhrased:
    @pytest.mark.parametrize(
        "message",
        (
            "Bom dia, confirmo minha presença no plantão de hoje",
            "confirmando presença 😊",
            "confirmando",
            "presença confirmada",
            "to confirmando o plantao",
            "boa tarde! confirmando presença",
            "oi, tudo bem? confirmo sim",
            "Olá bom dia, estarei presente sim",
            "bom dia. presença confirmada ✅",
        ),
    )
    def test_a_first_message_that_confirms(self, message: str) -> None:
        """F2, F2b: a first message confirming presence (after a greeting, in the gerund, as "presença
        confirmada") confirms it; it asked the presence question again."""
        driver = Driver(SHIFT_A)
        driver.send(message)
        assert presence_calls(driver) == ["confirmado"]
        assert "Presença confirmada" in driver.reply
        assert driver.state.clinical_note is None

    def test_the_confirmation_phrase_is_no_note(self) -> None:
        """F2: "confirmo minha presença" beside an observation is the answer; only the observation is held."""
        driver = Driver(SHIFT_A)
        driver.send("bom dia, confirmo minha presença no plantão de hoje, paciente dormindo")
        assert presence_calls(driver) == ["confirmado"]
        assert driver.state.clinical_note == "paciente dormindo"

    @pytest.mark.parametrize("message", ("oi, tudo bem?", "bom dia"))
    def test_a_greeting_alone_still_asks(self, message: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send(message)
        assert not driver.calls
        assert "confirma presença" in driver.reply


class TestComingAfterAllAtTheCancellationCheck:
    @pytest.mark.parametrize(
        "message",
        (
            "nao, me enganei, eu vou sim",
            "não, vou sim",
            "me enganei, vou sim",
            "não não, eu vou trabalhar",
            "errei, consigo ir sim",
            "não quero cancelar, vou sim",
            "nao cancela, to indo",
            "não, mantém, já estou a caminho",
            "desisti, vou trabalhar normal",
        ),
    )
    def test_coming_confirms_presence(self, message: str) -> None:
        """F3: at "tem certeza que quer cancelar?", a no that says the caregiver is coming keeps the
        shift and confirms presence (it asked presence again)."""
        driver = Driver(SHIFT_A)
        driver.send("bom dia")
        driver.send("não vou conseguir ir")
        driver.send(message)
        assert presence_calls(driver) == ["confirmado"]
        assert "não cancelei" in driver.reply and "Presença confirmada" in driver.reply

    @pytest.mark.parametrize("message", ("nao", "não, espera", "não, não vou mesmo"))
    def test_a_plain_no_asks_presence_again(self, message: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("bom dia")
        driver.send("não vou conseguir ir")
        driver.send(message)
        assert not driver.calls
        assert "confirma presença" in driver.reply


SUMMARY = "PA 12/8 FC 78 FR 18 Sat 97% Temp 36.4 ar ambiente paciente tranquilo"


class TestNotComingWhileASummaryWaits:
    @pytest.mark.parametrize(
        "message", ("não vou poder ir hoje", "nao vou conseguir vir hoje", "não vou poder fazer o plantão hoje")
    )
    def test_the_cancellation_is_asked_and_the_measurement_kept(self, message: str) -> None:
        """F5: "não vou poder ir hoje" at a measurement's summary is no "não" to the data: the cancellation
        is double-checked; kept, the summary comes back and "sim" saves it (it was dropped)."""
        driver = Driver(SHIFT_B)
        driver.send(SUMMARY)
        driver.send(message)
        assert "cancelar" in driver.reply and not driver.calls
        driver.send("não")
        assert "não cancelei" in driver.reply and "Posso salvar?" in driver.reply
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[0]["bloodPressure"] == "120x80"

    @pytest.mark.parametrize("message", ("não", "nao, a PA está errada", "não, vou corrigir"))
    def test_a_no_to_the_data_is_still_a_no(self, message: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(SUMMARY)
        driver.send(message)
        assert "não salvei" in driver.reply and not driver.calls


class TestTheLlmPathRefusesWhatTheRulesRefuse:
    @pytest.mark.parametrize(
        ("text", "given"),
        (
            ("PA 120/8 FC 80", "120x80"),
            ("PA 1208 fc 80", "120x80"),
            ("pa 12/80 e o paciente reclamou de dor", "120x80"),
            ("pressão 1208, fc 80", "120/80"),
            ("PA 120/8 FC 80", "120/8"),
        ),
    )
    def test_an_ambiguous_pressure_never_reaches_the_record(self, text: str, given: str) -> None:
        """F8: the rules refuse a pressure in mixed units or run together; the LLM's reading of it
        (scaled or guessed into 120x80) is refused too, alone and once combined with the rules'."""
        output = LlmOutput(blood_pressure=given, heart_rate=80)
        rules = read_rules(text, Expectation())
        combined = rules.completed_by(to_reading(output, Expectation(), text))
        assert combined.vitals.blood_pressure is None
        assert combined.vitals.heart_rate == 80

    @pytest.mark.parametrize(("given", "text"), (("120/8", None), ("1208", None), ("120x80", "PA 1208 fc 80")))
    def test_the_llm_alone_refuses(self, given: str, text: str | None) -> None:
        """F8: without the rules' reading: mixed units and a run-together pair are refused (named back),
        numbers the caregiver did not write are left out (the pressure is asked for)."""
        reading = to_reading(LlmOutput(blood_pressure=given), Expectation(), text)
        assert reading.vitals.blood_pressure is None

    @pytest.mark.parametrize(
        ("text", "given", "stored"),
        (
            ("a pressão deu 13 por 9 hoje cedo", "130x90", "130x90"),
            ("pressao doze por oito", "12 por 8", "120x80"),
            ("pressão 9,5 por 6,5", "95x65", "95x65"),
            ("pa 130 x 90", "130x90", "130x90"),
        ),
    )
    def test_a_clear_pressure_from_the_llm_is_kept(self, text: str, given: str, stored: str) -> None:
        reading = to_reading(LlmOutput(blood_pressure=given), Expectation(), text)
        assert str(reading.vitals.blood_pressure) == stored

    def test_through_the_machine(self) -> None:
        """F8, whole turn: an LLM reading of "PA 1208" as 120x80 beside the rules' refusal saves no PA."""
        driver = Driver(SHIFT_B)
        text = "PA 1208 FC 80 FR 18 sat 97 temp 36,5 ar ambiente paciente calmo"
        rules = read_rules(text, Expectation(kind=ExpectationKind.NOTHING))
        llm = to_reading(LlmOutput(blood_pressure="120x80", heart_rate=80), Expectation(), text)
        driver.send(text, reading=rules.completed_by(llm))
        assert driver.state.vitals.blood_pressure is None
        assert "PA 1208" in driver.reply and driver.reply.rstrip().endswith("Falta: PA.")
        assert not driver.calls


class TestApologiesAreCourtesy:
    @pytest.mark.parametrize(
        "message",
        (
            "desculpa o atraso",
            "desculpe a demora",
            "perdão pela demora",
            "desculpa a demora pra responder",
            "foi mal a demora",
        ),
    )
    def test_an_apology_alone_is_no_note(self, message: str) -> None:
        """F6: "desculpa o atraso" was saved as the operational note "o atraso"; it is courtesy, answered
        and written nowhere."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert not driver.calls
        assert codes(driver) == [ReplyCode.THANKS]

    @pytest.mark.parametrize(
        ("message", "note"),
        (
            ("desculpa o atraso, o ônibus quebrou", "o ônibus quebrou"),
            ("desculpa a demora, muito trânsito", "muito trânsito"),
        ),
    )
    def test_beside_news_only_the_news_is_written(self, message: str, note: str) -> None:
        """F6: the way there (a bus that broke down, traffic) is an operational note; the apology is not."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert [call["clinicalNote"] for call in driver.calls_of(ActionKind.UPDATE_CLINICAL)] == [note]

    def test_an_apology_beside_the_vitals(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("desculpa o atraso, PA 12/8 FC 80 FR 18 sat 97 temp 36 ar ambiente pac calmo")
        assert driver.state.clinical_note == "pac calmo"


class TestATracheostomyCaredForIsNoVentilation:
    @pytest.mark.parametrize(
        "message",
        (
            "sai secreção pela traqueo",
            "saindo muita secreção pela traqueo",
            "aspirei a traqueo, secreção amarelada",
            "fiz curativo da tqt",
        ),
    )
    def test_the_note_is_whole_and_no_condition_is_set(self, message: str) -> None:
        """F7: a tracheostomy that is the object of care ("pela traqueo", "a traqueo") was read as
        mechanical ventilation and cut from the note; it stays whole in the note and the condition is
        asked."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert driver.state.respiratory is None
        assert driver.state.clinical_note == message

    def test_beside_room_air(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 12/8 FC 80 FR 18 sat 97 temp 36 ar ambiente, sai secreção pela traqueo")
        assert driver.state.respiratory is RespiratoryCondition.ROOM_AIR
        assert driver.state.clinical_note == "sai secreção pela traqueo"

    @pytest.mark.parametrize("message", ("traqueostomizado", "paciente traqueostomizado em VM", "traqueo em VM"))
    def test_a_tracheostomy_said_of_the_patient_keeps_its_reading(self, message: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert driver.state.respiratory is RespiratoryCondition.MECHANICAL_VENTILATION


class TestReportDetails:
    @pytest.mark.parametrize(
        ("message", "stored"),
        (
            ("Sinais vitais: estáveis", "Sinais vitais: estáveis"),
            ("Sinais vitais: estáveis\nAlimentação: comeu bem", "Sinais vitais: estáveis"),
            ("SSVV estáveis, comeu bem", "SSVV estáveis"),
            ("sinais vitais dentro da normalidade", "sinais vitais dentro da normalidade"),
        ),
    )
    def test_vital_signs_judged_in_words(self, message: str, stored: str) -> None:
        """F9: "Sinais vitais: estáveis" filed only "estáveis" (alone, as the food answer): it is additional
        clinical information, kept with what it is about."""
        driver = Driver(SHIFT_C)
        driver.send("finalizar")
        driver.send(message)
        assert driver.state.topics.get(Topic.ADDITIONAL_INFO) == stored
        assert driver.state.topics.get(Topic.FOOD_HYDRATION) in (None, "comeu bem")

    @pytest.mark.parametrize(
        ("message", "stored"),
        (
            ("acrescenta na medicação dipirona 1g", "losartana 50mg; dipirona 1g"),
            ("coloca nas medicações dipirona 1g às 14h", "losartana 50mg; dipirona 1g às 14h"),
            ("na medicação dipirona 1g", "losartana 50mg; dipirona 1g"),
            ("faltou colocar na medicação: dipirona 1g", "losartana 50mg; dipirona 1g"),
        ),
    )
    def test_an_addition_without_a_colon(self, message: str, stored: str) -> None:
        """F9: "acrescenta na medicação dipirona" stored "medicação dipirona…" (and "na medicação dipirona"
        was read as "N/A", storing "Sem informações"): the addition goes to the topic, without its name."""
        driver = Driver(SHIFT_C)
        driver.send("finalizar")
        driver.send("Medicação: losartana 50mg")
        driver.send(message)
        assert driver.state.topics.get(Topic.MEDICATIONS) == stored

    @pytest.mark.parametrize("message", ("macronebulização 5L", "macro 5l", "em macronebulização 5L/min"))
    def test_macronebulization_with_a_flow_is_oxygen(self, message: str) -> None:
        """F9: macronebulization with a flow is supplementary oxygen; without one it is asked."""
        assert read_rules(message, Expectation()).respiratory is RespiratoryCondition.SUPPLEMENTARY_OXYGEN
        assert read_rules("macronebulização", Expectation()).respiratory is None


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
