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

    @pytest.mark.parametrize("message", ("nao", "não, espera"))
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
        """F9: macronebulization with a flow is supplementary oxygen (QA10: without one too, see
        test_qa10_clinical; with compressed air it is room air)."""
        assert read_rules(message, Expectation()).respiratory is RespiratoryCondition.SUPPLEMENTARY_OXYGEN
