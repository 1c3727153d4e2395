"""QA round 11: the conversation flows (presence, cancellations, summaries, the report, help, late answers,
templates mid-conversation) as caregivers type them on WhatsApp."""

from __future__ import annotations

from datetime import timedelta

import pytest

from orchestrator.machine import Topic, compose, not_saved_yet
from orchestrator.models import ActionKind, Template
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_E
from tests.unit.driver import Driver

FULL = "PA 120x80, FC 76, FR 18, sat 97, tax 36.5, ar ambiente, paciente tranquilo"
REPORT = (
    "Alimentação: comeu bem\nEliminações: normais\nSono: bom\nHumor: calmo\nMedicação: ok\n"
    "Atividades: banho de sol\nInfo clinica: sem intercorrencias\nAdministrativo: nada"
)


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


class TestComingLateWithAYesFirst:
    @pytest.mark.parametrize(
        ("message", "note"),
        (
            ("vou sim, chego 8h10", "chego 8h10"),
            ("Vou sim. Chego umas 8h20", "Chego umas 8h20"),
            ("com certeza, chego 8h10", "chego 8h10"),
            ("Bom dia! vou sim, mas chego 8h30", "chego 8h30"),
            ("sim vou atrasar 10 min", "vou atrasar 10 min"),
            ("vou atrasar 10min, mas vou sim", "vou atrasar 10min"),
            ("vou atrasar uns 10 min", "vou atrasar uns 10 min"),
            ("tô a caminho, chego 8h10", "tô a caminho, chego 8h10"),
            ("sim, mas vou chegar 15 min atrasada", "vou chegar 15 min atrasada"),
        ),
    )
    def test_the_yes_is_no_part_of_the_occurrence(self, message: str, note: str) -> None:
        """ "vou sim, chego 8h10" at the presence question confirmed, and saved the occurrence "vou sim,
        chego 8h10" (the answer in it; "com certeza, …" kept "certeza, …")."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(message)
        (written,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert written["operationalNote"] is True and written["clinicalNote"] == note
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["confirmado"]


def report_opened_by_template() -> Driver:
    """Shift B with a measurement saved; the backend's finalizar_plantao template asked for the report."""
    driver = Driver(SHIFT_B)
    driver.send(FULL)
    driver.send("sim")
    driver.template(Template.FINISH_SHIFT)
    return driver


class TestAgreeingToStartTheReport:
    @pytest.mark.parametrize(
        "message", ("vamos", "vamos lá", "bora", "ok vamos lá", "pode começar", "sim vamos", "simbora", "partiu")
    )
    def test_it_answers_no_topic(self, message: str) -> None:
        """ "vamos lá" to the finalizar_plantao template was stored as the food and hydration ("Anotado"),
        and would have been sent in the report."""
        driver = report_opened_by_template()
        driver.send(message)
        assert driver.state.topics.given == () and "Anotado" not in driver.reply
        assert "*alimentação e hidratação*" in driver.reply
        driver.send("comeu bem")
        assert driver.state.topics.get(Topic.FOOD_HYDRATION) == "comeu bem"


class TestAYesToTheFinishTemplate:
    @pytest.mark.parametrize("message", ("sim", "pode ser", "👍", "vamos lá"))
    def test_it_hears_what_the_report_asks(self, message: str) -> None:
        """ "sim" to the finalizar_plantao template got "Não anotei nada. Me conte como foi *alimentação e
        hidratação*": the report had never been explained (its topics, sending them all at once)."""
        driver = report_opened_by_template()
        driver.send(message)
        assert "Não anotei nada" not in driver.reply and "Vamos finalizar o plantão" in driver.reply
        assert driver.state.topics.given == ()

    def test_the_reminder_alone_opens_it_the_same_way(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("sim")
        assert "Vamos finalizar o plantão" in driver.reply and not driver.calls

    def test_once_a_topic_is_given_a_yes_is_asked_the_topic_again(self) -> None:
        driver = report_opened_by_template()
        driver.send("comeu bem")
        driver.send("sim")
        assert "Não anotei nada" in driver.reply and "*evacuação e urina*" in driver.reply


class TestAnOccurrenceAfterTheSummaryExpired:
    @pytest.mark.parametrize("message", ("acabou a luva", "a fisioterapeuta chegou agora"))
    def test_the_summary_is_shown_again(self, message: str) -> None:
        """An occurrence after a measurement's summary expired got only "Ocorrência registrada": the
        summary was never shown again, and the caregiver, who had not been told it was not saved, heard
        "envie antes pelo menos uma aferição completa" at "finalizar"."""
        driver = Driver(SHIFT_B)
        driver.send(FULL)
        driver.later(timedelta(minutes=15))
        driver.send(message)
        assert [call["operationalNote"] for call in driver.calls_of(ActionKind.UPDATE_CLINICAL)] == [True]
        assert "Ocorrência registrada" in driver.reply and "Posso salvar?" in driver.reply
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[-1]["heartRate"] == 76

    def test_the_report_summary_is_shown_again(self) -> None:
        """The same after the report's summary expired: "Ocorrência registrada" alone, the report unsent
        and never offered again."""
        driver = Driver(SHIFT_C)
        driver.send(REPORT)
        driver.later(timedelta(minutes=15))
        driver.send("acabou a luva")
        assert "Ocorrência registrada" in driver.reply and "Posso enviar?" in driver.reply
        driver.send("sim")
        assert len(driver.calls_of(ActionKind.UPDATE_SUMMARY)) == 1


class TestTheHourOfArrivalWithoutItsH:
    @pytest.mark.parametrize(
        ("message", "note"),
        (
            ("ok, chego as 9", "chego as 9"),
            ("sim, chego às 9 e meia", "chego às 9 e meia"),
            ("vou sim, chego la pelas 9", "chego la pelas 9"),
            ("sim so consigo chegar as 10", "so consigo chegar as 10"),
        ),
    )
    def test_it_is_kept_for_the_coordination(self, message: str, note: str) -> None:
        """ "ok, chego as 9" confirmed the presence and the hour was lost ("chego 9h" was kept)."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(message)
        assert [call["clinicalNote"] for call in driver.calls_of(ActionKind.UPDATE_CLINICAL)] == [note]
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["confirmado"]


class TestThePresenceTemplateOverTheCancellationCheck:
    def test_a_yes_to_the_template_confirms_and_cancels_nothing(self) -> None:
        """The cancellation check was open ("Tem certeza que quer cancelar?") when the backend sent its
        confirmar_presenca template; the caregiver's "Sim" to the template (I am coming) cancelled the
        shift, which cannot be undone."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send("acho que nao vou")
        assert "cancelar" in driver.reply
        driver.template(Template.CONFIRM_PRESENCE)
        driver.send("Sim")
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["confirmado"]
        assert "Presença confirmada" in driver.reply

    def test_a_no_to_the_template_is_still_double_checked(self) -> None:
        driver = Driver(SHIFT_A)
        driver.send("nao vou")
        driver.template(Template.CONFIRM_PRESENCE)
        driver.send("Não")
        assert not driver.calls and "Tem certeza que quer *cancelar*" in driver.reply
        driver.send("sim")
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["cancelado"]


class TestHelpWhileAMeasurementWaits:
    @pytest.mark.parametrize("message", ("ajuda", "como funciona?"))
    def test_the_expired_summary_follows_the_help(self, message: str) -> None:
        """ "ajuda" after a measurement's summary expired got the help menu alone: the unsaved measurement
        was never mentioned again."""
        driver = Driver(SHIFT_B)
        driver.send(FULL)
        driver.later(timedelta(minutes=15))
        driver.send(message)
        assert "Por aqui você pode" in driver.reply and "Posso salvar?" in driver.reply
        driver.send("sim")
        assert len(driver.calls_of(ActionKind.UPDATE_CLINICAL)) == 1

    def test_what_the_measurement_lacks_follows_the_help(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("pa 12x8 fc 80")
        driver.send("ajuda")
        assert "Por aqui você pode" in driver.reply and "Falta: FR, Sat, Temp" in driver.reply

    def test_with_nothing_under_way_the_help_is_the_whole_reply(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("ajuda")
        assert driver.reply.startswith("Por aqui você pode") and "Falta" not in driver.reply


def substitutes_offered() -> Driver:
    """Shift A cancelled after the double-check; the backend now offers Maria Souza and João Lima."""
    driver = Driver(SHIFT_A)
    driver.send("nao vou poder ir hoje")
    driver.backend = Driver(SHIFT_E).backend
    driver.send("sim")
    assert "1. Maria Souza" in driver.reply
    return driver


class TestEitherSubstitute:
    @pytest.mark.parametrize(
        "message", ("qualquer uma das duas", "os dois podem", "as duas podem", "um dos dois", "tanto faz, os dois")
    )
    def test_nobody_is_picked_and_the_list_is_asked_again(self, message: str) -> None:
        """ "qualquer uma das duas", "os dois podem" created a schedule for João Lima, the second: "duas",
        "dois" were read as the number 2 (a schedule created cannot be undone)."""
        driver = substitutes_offered()
        driver.send(message)
        assert driver.calls_of(ActionKind.CREATE_SCHEDULE) == []
        assert "1. Maria Souza" in driver.reply and "2. João Lima" in driver.reply
        driver.send("1")
        assert [call["newCaregiverID"] for call in driver.calls_of(ActionKind.CREATE_SCHEDULE)] == ["C-7"]

    @pytest.mark.parametrize(
        ("message", "caregiver"),
        (("das duas, a primeira", "C-7"), ("os dois podem, mas prefiro a Maria", "C-7"), ("a 2", "C-9")),
    )
    def test_a_pick_beside_the_pair_still_chooses(self, message: str, caregiver: str) -> None:
        driver = substitutes_offered()
        driver.send(message)
        assert [call["newCaregiverID"] for call in driver.calls_of(ActionKind.CREATE_SCHEDULE)] == [caregiver]


class TestStayingOnlyUntilAnHour:
    @pytest.mark.parametrize(
        ("message", "note"),
        (
            ("ok, mas so consigo ficar ate as 18h", "so consigo ficar ate as 18h"),
            ("sim, só posso ficar até 18h", "só posso ficar até 18h"),
            ("vou sim mas fico so ate as 17", "fico so ate as 17"),
        ),
    )
    def test_at_the_presence_question_it_confirms_and_is_kept(self, message: str, note: str) -> None:
        """ "ok, mas só consigo ficar até as 18h" confirmed the 08:00-20:00 shift and the early leave was
        written nowhere ("preciso sair às 18h" was kept for the coordination)."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(message)
        assert [call["clinicalNote"] for call in driver.calls_of(ActionKind.UPDATE_CLINICAL)] == [note]
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["confirmado"]

    def test_during_the_shift_it_is_an_occurrence(self) -> None:
        """On a confirmed shift it got "Não entendi"."""
        driver = Driver(SHIFT_B)
        driver.send("hoje so consigo ficar ate as 18h")
        assert [call["operationalNote"] for call in driver.calls_of(ActionKind.UPDATE_CLINICAL)] == [True]
        assert "Não entendi" not in driver.reply

    def test_the_patient_staying_is_no_occurrence(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("pa 12x8 fc 80 fr 18 sat 97 tax 36 aa, paciente fica ate as 18h com a filha")
        assert driver.calls == [] and "Posso salvar?" in driver.reply


class TestComingAfterAllAtTheCancellationCheck:
    @pytest.mark.parametrize(
        "message", ("pensando bem eu vou", "na verdade eu vou", "na verdade consigo sim", "pensando bem consigo ir")
    )
    def test_the_shift_is_kept_and_confirmed(self, message: str) -> None:
        """ "pensando bem eu vou" at "Tem certeza que quer cancelar?" got "Guardei os dados clínicos que você
        mandou" (none was sent: the words were kept as a clinical note for the first measurement) and the
        cancellation asked again; "na verdade consigo sim" got "Não entendi"."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send("nao vou conseguir ir")
        driver.send(message)
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["confirmado"]
        assert "não cancelei" in driver.reply and "dados clínicos" not in driver.reply
        assert driver.state.clinical_note is None

    @pytest.mark.parametrize("message", ("sim, tenho que ir ao médico", "pensando bem, não vou mesmo"))
    def test_a_reason_to_cancel_still_cancels(self, message: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("nao vou conseguir ir")
        driver.send(message)
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["cancelado"]


class TestTheCaregiversOwnStateAtThePresenceQuestion:
    @pytest.mark.parametrize(
        "message", ("eu to com dor de cabeça", "minha mãe passou mal", "estou bem e vc", "deixa eu pensar bem")
    )
    def test_it_is_no_clinical_data_of_the_patient(self, message: str) -> None:
        """ "eu to com dor de cabeça" at the presence question got "Guardei os dados clínicos que você
        mandou", and the caregiver's headache became the note of the patient's first measurement."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(message)
        assert "dados clínicos" not in driver.reply and "plantão com José" in driver.reply
        assert driver.state.clinical_note is None and not driver.calls

    def test_at_the_cancellation_check_too(self) -> None:
        driver = Driver(SHIFT_A)
        driver.send("nao vou")
        driver.send("to com febre")
        assert "dados clínicos" not in driver.reply and "cancelar" in driver.reply
        assert driver.state.clinical_note is None and not driver.calls

    @pytest.mark.parametrize(
        "message", ("paciente dormindo", "ele passou a noite com tosse", "minha paciente ta com tosse")
    )
    def test_a_remark_about_the_patient_is_still_held(self, message: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(message)
        assert "Guardei os dados clínicos" in driver.reply and driver.state.clinical_note == message

    def test_beside_a_yes_the_caregiver_with_the_patient_is_kept(self) -> None:
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send("sim, estou com o paciente, ele dormiu bem")
        assert driver.state.clinical_note == "estou com o paciente, ele dormiu bem"


class TestALateYesToThePresenceTemplate:
    @pytest.mark.parametrize("message", ("Sim", "ss to chegando"))
    def test_it_is_asked_again_then_confirms(self, message: str) -> None:
        """SPEC §6: a staged action expires after 10 minutes and a late "sim" gets "a confirmação expirou"
        with the question again, presence included (any message on an unconfirmed shift stages it). A
        later branch confirmed at once; kept to the SPEC, a second "sim" confirms."""
        driver = Driver(SHIFT_A)
        driver.template(Template.CONFIRM_PRESENCE)
        driver.later(timedelta(hours=3))
        driver.send(message)
        assert not driver.calls and "expirou" in driver.reply and "confirma presença" in driver.reply
        driver.send("sim")
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["confirmado"]

    def test_a_late_no_is_still_double_checked(self) -> None:
        driver = Driver(SHIFT_A)
        driver.template(Template.CONFIRM_PRESENCE)
        driver.later(timedelta(hours=3))
        driver.send("Não")
        assert not driver.calls and "Tem certeza que quer *cancelar*" in driver.reply

    def test_a_late_yes_to_the_cancellation_is_still_shown_again(self) -> None:
        driver = Driver(SHIFT_A)
        driver.send("nao vou")
        driver.later(timedelta(minutes=30))
        driver.send("sim")
        assert not driver.calls and "expirou" in driver.reply


class TestAYesToTheReportBesideANumberNothingRead:
    @pytest.mark.parametrize(
        "message", ("pode enviar, e a temp dele agora deu 37,8", "sim. a temperatura dele deu 37,8")
    )
    def test_the_report_waits_and_the_number_is_asked(self, message: str) -> None:
        """ "pode enviar, e a temp dele agora deu 37,8" at the report summary sent the report and closed
        the shift: the 37,8 was lost unread, and no measurement could be sent any more."""
        driver = Driver(SHIFT_C)
        driver.send(REPORT)
        driver.send(message)
        # The temperature is read (its label reaches it across "dele agora"): a measurement; the report waits.
        assert not driver.calls and "Temp 37.8°C" in driver.reply and driver.state.finalizing

    @pytest.mark.parametrize("message", ("pode enviar", "sim, enviar às 20h", "ok, ele evacuou 2x"))
    def test_a_yes_without_a_lost_number_still_sends_or_corrects(self, message: str) -> None:
        driver = Driver(SHIFT_C)
        driver.send(REPORT)
        driver.send(message)
        assert "Não identifiquei" not in driver.reply


class TestTheReportAskedAgain:
    def test_it_is_sent_not_saved(self) -> None:
        """ "Não entendi" at the report's summary asked "Responda *sim* para salvar": the report is sent
        ("Posso enviar?"), and a caregiver who means to send it cannot tell "salvar" sends it."""
        driver = Driver(SHIFT_C)
        driver.send(REPORT)
        driver.send("hmmm")
        assert "Responda *sim* para enviar ou *não* para corrigir" in driver.reply

    def test_a_measurement_is_still_saved(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(FULL)
        driver.send("hmmm")
        assert "Responda *sim* para salvar ou *não* para corrigir" in driver.reply


class TestAYesToTheFinishTemplateOnAnUnconfirmedShift:
    def test_it_confirms_no_presence_unasked(self) -> None:
        """The finalizar_plantao template on a shift whose presence nobody confirmed: "sim" (to the
        template) wrote the presence as confirmed, never asked, and answered "Bom plantão!"."""
        driver = Driver(SHIFT_A)
        driver.template(Template.FINISH_SHIFT)
        driver.send("sim")
        assert not driver.calls and "Você confirma presença" in driver.reply
        driver.send("sim")
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["confirmado"]
        assert "Vamos finalizar o plantão" in driver.reply

    def test_a_yes_to_the_presence_template_still_confirms_at_once(self) -> None:
        driver = Driver(SHIFT_A)
        driver.send("sim")
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["confirmado"]


class TestSaveAndFinishInOneAnswer:
    @pytest.mark.parametrize("message", ("pode salvar e finalizar", "sim, e ja pode finalizar o plantao"))
    def test_the_report_opens_after_the_save(self, message: str) -> None:
        """ "pode salvar e finalizar" at a measurement's summary saved it and the wish to finish was
        dropped: the reply ended at "Dados clínicos salvos"."""
        driver = Driver(SHIFT_B)
        driver.send(FULL)
        driver.send(message)
        assert len(driver.calls_of(ActionKind.UPDATE_CLINICAL)) == 1
        assert "salvos" in driver.reply and "Vamos finalizar o plantão" in driver.reply
        assert driver.state.finalizing


class TestComingAfterTheCancellation:
    @pytest.mark.parametrize("message", ("na verdade eu vou", "me enganei, eu vou sim", "pensando bem consigo ir"))
    def test_it_hears_the_cancellation_stands(self, message: str) -> None:
        """ "me enganei, eu vou sim" at the substitutes list (the shift already cancelled, the coordination
        told) got "Não entendi. Escolha pelo número ou nome"."""
        driver = substitutes_offered()
        driver.send(message)
        assert "Não entendi" not in driver.reply and "não pode ser desfeito" in driver.reply
        assert "coordenação" in driver.reply and "1. Maria Souza" in driver.reply
        assert driver.calls_of(ActionKind.CREATE_SCHEDULE) == []
