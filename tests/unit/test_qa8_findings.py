"""QA round 8: variants of the conversations.md examples as a caregiver types them on WhatsApp."""

from __future__ import annotations

import pytest

from orchestrator.machine import Topic
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_E
from tests.unit.driver import PHONE, Driver, shift


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


class TestHelpAskedInOtherWords:
    @pytest.mark.parametrize("message", ("oq eu posso fazer aqui?", "o q posso mandar", "como que usa isso"))
    def test_the_help_lists_what_can_be_done(self, message: str) -> None:
        """Example 13 reworded: "oq eu posso fazer aqui?" got "não consigo responder perguntas", and
        "como que usa isso" got "Não entendi"."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert "Por aqui você pode" in driver.reply and "finalizar" in driver.reply
        assert not driver.calls


class TestCancellationConfirmedWithTenhoSim:
    def test_tenho_sim_confirms_the_cancellation(self) -> None:
        """Example 3 answered "tenho sim" (to "Tem certeza...?"): it got "Não entendi"."""
        driver = Driver(SHIFT_A)
        driver.send("bom dia")
        driver.send("nao vou conseguir ir hj")
        assert not driver.calls
        driver.send("tenho sim")
        assert driver.calls_of(ActionKind.UPDATE_SCHEDULE) == [
            {"scheduleID": "S-A", "responseValue": "cancelado", "caregiverID": "C-1", "phoneNumber": PHONE}
        ]


class TestIntroducingHerselfIsNoArrival:
    @pytest.mark.parametrize(
        "message", ("Bom dia! Aqui é a Ana", "oi aqui eh a ana cuidadora", "aqui quem fala é a Ana")
    )
    def test_aqui_e_a_ana_writes_nothing_and_asks_presence(self, message: str) -> None:
        """Example 1's greeting as "Aqui é a Ana": it confirmed presence ("aqui" read as "I am here"),
        and with "cuidadora" it recorded an operational note "aqui eh a ana cuidadora"."""
        driver = Driver(SHIFT_A)
        driver.send(message)
        assert not driver.calls
        assert "confirma presença" in driver.reply
        driver.send("sim, já cheguei")
        assert [c.kind for c in driver.calls] == [ActionKind.UPDATE_SCHEDULE]
        assert driver.calls[0].payload["responseValue"] == "confirmado"

    @pytest.mark.parametrize("message", ("to aqui", "aqui", "Aqui é a Ana, já cheguei"))
    def test_being_here_still_confirms(self, message: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("bom dia")
        driver.send(message)
        assert driver.calls_of(ActionKind.UPDATE_SCHEDULE)[0]["responseValue"] == "confirmado"

    def test_someone_else_here_is_still_an_operational_note(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("o fisio ta aqui")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[0]["operationalNote"] is True


class TestFinishingInOtherWords:
    @pytest.mark.parametrize(
        "message", ("bora fechar o relatorio", "fechar o relatório", "acabou meu horario", "ja deu meu horário")
    )
    def test_the_wish_to_finish_is_not_filed_as_a_topic(self, message: str) -> None:
        """Example 12 opened with "bora fechar o relatorio": the words were filed as the food and
        hydration topic ("fechar o relatorio") instead of starting the finish."""
        driver = Driver(SHIFT_C)
        driver.send(message)
        assert driver.state.topics.model_dump() == dict.fromkeys(driver.state.topics.model_dump())
        assert "Vamos finalizar o plantão" in driver.reply
        assert not driver.calls


class TestSuppliesSoldOut:
    @pytest.mark.parametrize("message", ("a luva esgotou", "gaze esgotada"))
    def test_esgotou_is_a_shortage(self, message: str) -> None:
        """Example 10 as "a luva esgotou": it got "Não entendi" and nothing was recorded."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        notes = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert len(notes) == 1 and notes[0]["operationalNote"] is True and notes[0]["clinicalNote"] == message

    def test_an_exhausted_patient_is_no_shortage(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("paciente esgotado, cansado")
        assert not driver.calls
        assert driver.state.clinical_note == "paciente esgotado, cansado"


class TestOxygenWordsLeaveNoFragmentInTheNote:
    @pytest.mark.parametrize(
        "answer", ("o2 suplementar, sonolento", "no cilindro de oxigenio, sonolento", "na bala de o2, sonolento")
    )
    def test_the_note_is_only_the_remark(self, answer: str) -> None:
        """Example 6 reworded: "o2 suplementar, sonolento" saved the note "suplementar, sonolento" and
        "no cilindro de oxigenio" left "no cilindro" in it."""
        driver = Driver(SHIFT_B)
        driver.send("pa 130x85 fc 90")
        driver.send("fr 20 sat 95 temp 37,1")
        driver.send(answer)
        driver.send("sim")
        (saved,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert saved["supplementaryOxygen"] == "Oxigênio suplementar"
        assert saved["clinicalNote"] == "sonolento"
        assert (saved["bloodPressure"], saved["heartRate"], saved["respRate"]) == ("130x85", 90, 20)
        assert (saved["saturationO2"], saved["temperature"]) == (95, 37.1)


class TestPuttingOffClosedByVouMandar:
    @pytest.mark.parametrize("message", ("certo, vou mandar", "ok vou enviar", "ta bom vou passar"))
    def test_during_the_shift_it_waits(self, message: str) -> None:
        """It answered "Não há nada aguardando confirmação agora" (read as a bare yes)."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert driver.reply.startswith("Ok, fico no aguardo.")
        assert not driver.calls and driver.state.clinical_note is None

    def test_at_the_finish_it_files_nothing(self) -> None:
        """At the finish "ok vou enviar" was filed as the food and hydration topic."""
        driver = Driver(SHIFT_C)
        driver.send("ok vou enviar")
        assert driver.state.topics.model_dump() == dict.fromkeys(driver.state.topics.model_dump())
        assert "fico no aguardo" in driver.reply


class TestAQuestionInALabelledTopicIsNotKept:
    def test_the_administrative_info_keeps_the_request_only(self) -> None:
        """Found by test_step_properties (hypothesis): a labelled topic holding vital signs kept its whole
        text, question included, as the administrative info."""
        driver = Driver(SHIFT_C)
        driver.send(
            "administrativo: pedir mais fraldas à coordenação, FC 300 sat 150 temp 36, que horas acaba meu plantão?"
        )
        assert driver.state.topics.get(Topic.ADMINISTRATIVE) == "pedir mais fraldas à coordenação"
        assert "FC 300" in driver.reply and not driver.calls


class TestVitalLabelsMistyped:
    def test_presao_is_the_blood_pressure_not_a_note(self) -> None:
        """ "presao 12x8 fc 80": the PA was read, but "presao" was kept as the clinical note."""
        driver = Driver(SHIFT_B)
        driver.send("presao 12x8 fc 80")
        assert driver.state.clinical_note is None
        assert driver.reply.startswith("Recebi: PA 120x80, FC 80.")

    def test_temperatua_is_the_temperature(self) -> None:
        """ "temperatua 36,5" got "Não entendi"."""
        driver = Driver(SHIFT_B)
        driver.send("temperatua 36,5")
        assert driver.state.vitals.temperature == 36.5 and driver.state.clinical_note is None


class TestArrivalAfterTheYesIsNotTheNote:
    @pytest.mark.parametrize("opening", ("sim ja cheguei,", "sim cheguei", "sim ja to aqui"))
    def test_the_saved_note_is_only_about_the_patient(self, opening: str) -> None:
        """Example 1 and 5 in one message: "sim ja cheguei, PA ... paciente tranquilo" saved the clinical
        note "ja cheguei, paciente tranquilo"."""
        driver = Driver(SHIFT_A)
        driver.send(f"{opening} PA 12x8 FC 76 FR 18 sat 97 temp 36,4 ar ambiente paciente tranquilo")
        driver.send("sim")
        assert [c.kind for c in driver.calls] == [ActionKind.UPDATE_SCHEDULE, ActionKind.UPDATE_CLINICAL]
        assert driver.calls[0].payload["responseValue"] == "confirmado"
        saved = driver.calls[1].payload
        assert saved["clinicalNote"] == "paciente tranquilo"
        assert (saved["bloodPressure"], saved["heartRate"], saved["temperature"]) == ("120x80", 76, 36.4)


class TestNoMoreSuppliesIsNoNao:
    def test_at_the_summary_the_note_is_recorded_and_the_summary_kept(self) -> None:
        """ "nao tem mais luva" while a measurement waited for its yes was read as "não" (the summary
        dropped, the shortage lost)."""
        driver = Driver(SHIFT_B)
        driver.send("PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo e orientado")
        driver.send("nao tem mais luva")
        (note,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert note["operationalNote"] is True and note["clinicalNote"] == "nao tem mais luva"
        assert driver.state.staged is not None
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[1]["bloodPressure"] == "120x80"

    def test_at_the_presence_question_no_cancellation_is_asked(self) -> None:
        """ "nao tem luva aqui" at the presence question asked to confirm a cancellation."""
        driver = Driver(SHIFT_A)
        driver.send("bom dia")
        driver.send("nao tem luva aqui")
        assert "cancelar" not in driver.reply
        assert [c.kind for c in driver.calls] == [ActionKind.UPDATE_CLINICAL]


def _at_the_substitutes() -> Driver:
    """Shift A cancelled (example 3): the backend now answers like E and the list is shown."""
    driver = Driver(SHIFT_A)
    driver.send("bom dia")
    driver.send("nao vou conseguir ir hj")
    driver.backend = shift(SHIFT_E)
    driver.send("sim")
    return driver


class TestNoneOfTheSubstitutes:
    @pytest.mark.parametrize(
        "answer", ("nenhum dos dois", "nenhuma das duas opções", "nenhum, nem a Maria nem o João", "nem um nem outro")
    )
    def test_no_substitute_is_nominated(self, answer: str) -> None:
        """Example 3 answered "nenhum dos dois": "dois" was read as option 2 and João Lima (C-9) was
        nominated with createNewSchedule."""
        driver = _at_the_substitutes()
        driver.send(answer)
        assert driver.calls_of(ActionKind.CREATE_SCHEDULE) == []
        assert "nenhum substituto indicado" in driver.reply

    def test_a_number_still_chooses(self) -> None:
        driver = _at_the_substitutes()
        driver.send("pode ser o dois")
        assert driver.calls_of(ActionKind.CREATE_SCHEDULE) == [{"scheduleIdentifier": "S-A", "newCaregiverID": "C-9"}]

    @pytest.mark.parametrize("answer", ("a maria nao pode", "quem é o joao?"))
    def test_a_name_refused_or_asked_about_is_no_choice(self, answer: str) -> None:
        """ "a maria nao pode" nominated Maria Souza (C-7); "quem é o joao?" nominated João Lima (C-9)."""
        driver = _at_the_substitutes()
        driver.send(answer)
        assert driver.calls_of(ActionKind.CREATE_SCHEDULE) == []
        assert "2. João Lima" in driver.reply
        driver.send("joao")
        assert driver.calls_of(ActionKind.CREATE_SCHEDULE) == [{"scheduleIdentifier": "S-A", "newCaregiverID": "C-9"}]
