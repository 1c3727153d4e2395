"""QA round 10: the conversation flows (presence, substitutes, report, confirmations) as caregivers type them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from orchestrator.machine import Topic
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_E
from tests.unit.driver import Driver

FULL = "PA 120x80, FC 76, FR 18, sat 97, tax 36.5, ar ambiente, paciente tranquilo"


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


def measured() -> Driver:
    """Shift B with its first complete measurement saved: the caregiver may finish."""
    driver = Driver(SHIFT_B)
    driver.send(FULL)
    driver.send("sim")
    assert len(driver.calls_of(ActionKind.UPDATE_CLINICAL)) == 1
    return driver


class TestTheReportSentWithTheWishToFinish:
    @pytest.mark.parametrize(
        "message",
        (
            "meu plantao acabou, segue o relatorio: comeu bem, dormiu bem",
            "quero finalizar: comeu bem, dormiu bem",
            "acabou meu plantão, comeu bem, dormiu bem",
        ),
    )
    def test_its_answers_are_the_reports(self, message: str) -> None:
        """ "quero finalizar: comeu bem, bebeu água" after a saved measurement staged "comeu bem, bebeu
        água" as a clinical note (unseen: the reply only opened the report); "meu plantao acabou" was
        no wish to finish at all, and the report went into a clinical note summary."""
        driver = measured()
        driver.send(message)
        assert driver.state.staged is None and driver.state.finalizing
        assert driver.state.topics.get(Topic.FOOD_HYDRATION) == "comeu bem"
        assert driver.state.topics.get(Topic.SLEEP) == "dormiu bem"
        assert "*evacuação e urina*" in driver.reply and "Nota:" not in driver.reply

    @pytest.mark.parametrize("message", ("meu plantão já acabou", "bom dia, vou passar o relatorio", "turno terminou"))
    def test_the_wish_alone_opens_the_report(self, message: str) -> None:
        driver = measured()
        driver.send(message)
        assert driver.state.finalizing and "Vamos finalizar o plantão" in driver.reply

    def test_before_any_measurement_the_answers_wait_for_the_report(self) -> None:
        """Without a saved measurement the report cannot open; what it said is kept, not lost."""
        driver = Driver(SHIFT_B)
        driver.send("acabou meu plantão, comeu bem, dormiu bem")
        assert not driver.state.finalizing and "aferição completa" in driver.reply
        driver.send(FULL)
        driver.send("sim")
        driver.send("finalizar")
        assert driver.state.topics.get(Topic.SLEEP) == "dormiu bem"
        assert "*evacuação e urina*" in driver.reply

    def test_a_measurement_under_the_heading_is_asked_to_completion(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("vou passar o relatório: PA 12/8 FC 76 FR 18 sat 97 tax 36,4 aa\nAlimentação: aceitou bem")
        assert "nota clínica" in driver.reply and driver.state.topics.get(Topic.FOOD_HYDRATION) == "aceitou bem"


REPORT = (
    "Alimentação: comeu bem\nEliminações: normais\nSono: bom\nHumor: calmo\nMedicação: ok\n"
    "Atividades: banho de sol\nInfo clinica: sem intercorrencias\nAdministrativo: nada"
)


class TestALateAnswerIsReadAsTheAnswer:
    def test_a_late_nao_to_the_report_is_acknowledged(self) -> None:
        """A "não" after the report's window was read as a report topic: the summary came back with
        "Posso enviar?", as if the caregiver had not refused it."""
        driver = Driver(SHIFT_C)
        driver.send(REPORT)
        driver.later(timedelta(minutes=11))
        driver.send("não")
        assert "não enviei" in driver.reply and "Posso enviar?" not in driver.reply
        assert not driver.calls

    @pytest.mark.parametrize("message", ("cancela", "pode cancelar", "tenho certeza"))
    def test_a_late_cancela_is_a_yes_shown_again(self, message: str) -> None:
        """ "cancela" after the cancellation's window was read as a "não" to presence: "Ok, não cancelei"."""
        driver = Driver(SHIFT_A)
        driver.send("nao vou poder ir hoje")
        driver.later(timedelta(minutes=12))
        driver.send(message)
        assert "expirou" in driver.reply and "não cancelei" not in driver.reply
        assert not driver.calls
        driver.send("sim")
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["cancelado"]


def reporting() -> Driver:
    driver = Driver(SHIFT_C)
    driver.send("finalizar")
    return driver


class TestAbbreviatedInfoLabels:
    @pytest.mark.parametrize(
        ("message", "topic", "value"),
        (
            ("inf clinica: nada", Topic.ADDITIONAL_INFO, "Sem informações"),
            ("Inf. clínica: sem intercorrências", Topic.ADDITIONAL_INFO, "sem intercorrências"),
            ("inf adm: familia traz fralda amanha", Topic.ADMINISTRATIVE, "familia traz fralda amanha"),
            ("info. adicionais: tosse leve", Topic.ADDITIONAL_INFO, "tosse leve"),
        ),
    )
    def test_the_label_is_no_part_of_the_answer(self, message: str, topic: Topic, value: str) -> None:
        """ "inf clinica: nada" was stored as "inf clinica: nada" (SPEC: labels are not stored)."""
        driver = reporting()
        driver.send(message)
        assert driver.state.topics.get(topic) == value


class TestTopicsTypedInOneRun:
    @pytest.mark.parametrize(
        ("message", "expected"),
        (
            ("sono ok humor ok", {Topic.SLEEP: "sono ok", Topic.MOOD: "humor ok"}),
            ("sono tranquilo humor estavel", {Topic.SLEEP: "sono tranquilo", Topic.MOOD: "humor estavel"}),
            ("humor bom medicação ok", {Topic.MOOD: "humor bom", Topic.MEDICATIONS: "medicação ok"}),
        ),
    )
    def test_each_named_topic_gets_its_own_answer(self, message: str, expected: dict[Topic, str]) -> None:
        """ "sono ok humor ok" was all stored as the sleep, and the mood stayed missing."""
        driver = reporting()
        driver.send(message)
        assert {topic: driver.state.topics.get(topic) for topic in expected} == expected

    def test_a_topic_named_inside_another_answer_stays_there(self) -> None:
        driver = reporting()
        driver.send("humor bom apesar do sono ruim")
        assert driver.state.topics.get(Topic.MOOD) == "humor bom apesar do sono ruim"

    @pytest.mark.parametrize(
        ("message", "expected"),
        (
            ("comeu bem sono bom humor ok", {Topic.FOOD_HYDRATION: "comeu bem", Topic.SLEEP: "sono bom"}),
            ("dormiu pouco humor irritado", {Topic.SLEEP: "dormiu pouco", Topic.MOOD: "humor irritado"}),
            ("acordou de bom humor", {Topic.SLEEP: "acordou de bom humor", Topic.MOOD: None}),
        ),
    )
    def test_a_run_opening_with_an_answer_is_cut_before_the_next_topic(
        self, message: str, expected: dict[Topic, str | None]
    ) -> None:
        driver = reporting()
        driver.send(message)
        assert {topic: driver.state.topics.get(topic) for topic in expected} == expected


class TestApprovingTheSummary:
    @pytest.mark.parametrize(
        "message",
        ("esta tudo certo pode enviar", "está tudo certo", "tá tudo ok", "tudo ok pode mandar", "tudo certinho"),
    )
    def test_tudo_certo_sends_the_report(self, message: str) -> None:
        """ "está tudo certo, pode enviar" at the report summary got "Não entendi" (read as a greeting)."""
        driver = reporting()
        driver.send(REPORT)
        driver.send(message)
        assert len(driver.calls_of(ActionKind.UPDATE_SUMMARY)) == 1 and "enviado" in driver.reply

    @pytest.mark.parametrize("message", ("tudo certo?", "oi tudo bem", "oi, tudo ok?"))
    def test_small_talk_is_no_approval(self, message: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(FULL)
        driver.send(message)
        assert not driver.calls and "Posso salvar?" in driver.reply


class TestCheckingFirst:
    @pytest.mark.parametrize("message", ("vou conferir e ja falo", "vou ver e te falo", "peraí"))
    def test_at_the_presence_question_it_confirms_nothing(self, message: str) -> None:
        """ "vou conferir e já falo" at the presence question confirmed the presence ("vou" is a yes)."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(message)
        assert not driver.calls and "fico no aguardo" in driver.reply and "confirma presença" in driver.reply

    @pytest.mark.parametrize("message", ("deixa eu ver se consigo e te falo", "vou conferir e ja falo", "aguarda"))
    def test_at_the_cancellation_check_the_question_stays(self, message: str) -> None:
        """ "deixa eu ver se consigo e te falo" at the cancellation check got "Não entendi"."""
        driver = Driver(SHIFT_A)
        driver.send("nao vou poder ir hoje")
        driver.send(message)
        assert not driver.calls and "fico no aguardo" in driver.reply and "Não entendi" not in driver.reply
        driver.send("sim")
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["cancelado"]

    @pytest.mark.parametrize("message", ("vou conferir e ja falo", "aguarda", "vou olhar e te falo"))
    def test_at_a_summary_it_waits(self, message: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(FULL)
        driver.send(message)
        assert not driver.calls and "fico no aguardo" in driver.reply and "Posso salvar?" in driver.reply


class TestNothingForTheRest:
    @pytest.mark.parametrize(
        "message", ("sem informações pra tudo", "o resto sem informações", "resto nada", "e o resto tudo sem info")
    )
    def test_every_open_topic_is_sem_informacoes(self, message: str) -> None:
        """ "o resto sem informações" was stored as the stool and urine topic ("sem informações pra tudo"
        as the food) and the other topics were asked one by one."""
        driver = reporting()
        driver.send("comeu bem")
        driver.send(message)
        topics = driver.state.topics
        assert topics.get(Topic.FOOD_HYDRATION) == "comeu bem" and topics.missing() == ()
        assert topics.get(Topic.STOOL_URINE) == "Sem informações" and "Posso enviar?" in driver.reply

    def test_a_bare_sem_informacoes_still_answers_one_topic(self) -> None:
        driver = reporting()
        driver.send("sem informações")
        assert driver.state.topics.given == (Topic.FOOD_HYDRATION,)


class TestATopicNamedWithNothingInIt:
    @pytest.mark.parametrize(
        ("message", "topic"),
        (
            ("adm nada", Topic.ADMINISTRATIVE),
            ("atividades nenhuma", Topic.ACTIVITIES),
            ("intercorrencias nenhuma", Topic.ADDITIONAL_INFO),
            ("humor nada a declarar", Topic.MOOD),
        ),
    )
    def test_it_is_sem_informacoes(self, message: str, topic: Topic) -> None:
        """ "adm nada" was stored as the administrative information "adm nada", label and all."""
        driver = reporting()
        driver.send(message)
        assert driver.state.topics.get(topic) == "Sem informações"

    def test_a_named_topic_with_an_answer_keeps_its_words(self) -> None:
        driver = reporting()
        driver.send("sono bom")
        assert driver.state.topics.get(Topic.SLEEP) == "sono bom"


class TestTheReportGoesOnBesideAMeasurementSummary:
    def measured_in_report(self) -> Driver:
        driver = reporting()
        driver.send("comeu bem")
        driver.send("PA 12/8 fc 80 fr 18 sat 97 temp 36 aa paciente bem")
        assert "Posso salvar?" in driver.reply
        return driver

    @pytest.mark.parametrize(
        ("message", "topic"),
        (
            ("tomou os remedios certinho", Topic.MEDICATIONS),
            ("sem atividades", Topic.ACTIVITIES),
            ("dormiu a tarde toda", Topic.SLEEP),
            ("evacuou 2x, urina clara", Topic.STOOL_URINE),
        ),
    )
    def test_a_topic_answer_is_the_reports_not_the_note(self, message: str, topic: Topic) -> None:
        """At a measurement's summary during the report, "tomou os remedios certinho" was appended to the
        measurement's clinical note, and "sem atividades" got "Não entendi"."""
        driver = self.measured_in_report()
        driver.send(message)
        assert driver.state.topics.get(topic) is not None
        assert "Anotei no relatório" in driver.reply and "Posso salvar?" in driver.reply
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[-1]["clinicalNote"] == "paciente bem"

    def test_a_clinical_remark_still_adds_to_the_note(self) -> None:
        driver = self.measured_in_report()
        driver.send("paciente com tosse seca")
        driver.send("sim")
        assert "tosse" in driver.calls_of(ActionKind.UPDATE_CLINICAL)[-1]["clinicalNote"]


class TestThanksAfterTheShiftWasCancelled:
    def test_thanks_are_thanked_before_the_out_of_schedule_answer(self) -> None:
        """ "obrigada" after picking a substitute got only "Seu plantão ... foi cancelado"."""
        driver = substitutes_offered()
        driver.send("2")
        driver.send("obrigada")
        assert driver.reply.startswith("Eu que agradeço") and "foi cancelado" in driver.reply
        assert len(driver.calls_of(ActionKind.CREATE_SCHEDULE)) == 1


class TestPendingItemsLabel:
    def test_pendencias_is_the_administrative_label(self) -> None:
        """ "pendências: comprar pomada" was stored with its label."""
        driver = reporting()
        driver.send("pendências: comprar pomada")
        assert driver.state.topics.get(Topic.ADMINISTRATIVE) == "comprar pomada"


class TestAYesBesideANumberNothingRead:
    @pytest.mark.parametrize(
        ("message", "shown"),
        (("correto, só a temp que foi 36,8", "Temp 36.8°C"), ("isso, so a fc que deu 82", "FC 82")),
    )
    def test_nothing_is_saved_and_the_correction_is_shown(self, message: str, shown: str) -> None:
        """ "correto, só a temp que foi 36,8" at the summary saved Temp 36.5: the correction was dropped
        unread and "correto" taken for the yes. (QA 11: "a temp que foi 36,8" is read, and shown again.)"""
        driver = Driver(SHIFT_B)
        driver.send(FULL)
        driver.send(message)
        assert not driver.calls and shown in driver.reply and "Posso salvar?" in driver.reply
        assert driver.state.staged is not None

    @pytest.mark.parametrize("message", ("sim, medi às 14h", "sim, pode salvar"))
    def test_a_yes_with_a_time_or_no_number_still_saves(self, message: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(FULL)
        driver.send(message)
        assert len(driver.calls_of(ActionKind.UPDATE_CLINICAL)) == 1


class TestWhatPeopleDoIsNoPatientTopic:
    @pytest.mark.parametrize(
        "message", ("a família trouxe fralda", "a filha comprou luva e gaze", "o filho levou ele no medico")
    )
    def test_it_is_administrative_while_the_report_is_collected(self, message: str) -> None:
        """ "a família trouxe fralda" was filed as the stool and urine topic (by "fralda")."""
        driver = reporting()
        driver.send("comeu bem")
        driver.send(message)
        assert driver.state.topics.get(Topic.ADMINISTRATIVE) == message
        assert driver.state.topics.get(Topic.STOOL_URINE) is None

    def test_at_the_report_summary_it_corrects_no_topic(self) -> None:
        """At the report summary, "isso, e a família trouxe fralda" replaced the stool topic "normais"."""
        driver = reporting()
        driver.send(REPORT)
        driver.send("isso, e a família trouxe fralda")
        notes = [call for call in driver.calls_of(ActionKind.UPDATE_CLINICAL) if call["operationalNote"]]
        assert [note["clinicalNote"] for note in notes] == ["a família trouxe fralda"]
        assert driver.calls_of(ActionKind.UPDATE_SUMMARY)[0]["stoolUrineSpecification"] == "normais"


class TestAPartMissingFromTheReport:
    @pytest.mark.parametrize(
        "message",
        (
            "nao envia ainda, falta a medicação das 18h",
            "espera, falta o remédio da noite",
        ),
    )
    def test_it_is_no_occurrence_and_the_report_waits(self, message: str) -> None:
        """ "não envia ainda, falta a medicação das 18h" at the report summary saved the occurrence "envia
        ainda, falta a medicação das 18h" to the backend."""
        driver = reporting()
        driver.send(REPORT)
        driver.send(message)
        assert not driver.calls and driver.state.staged is None
        driver.send("Medicação: dipirona às 18h")
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_SUMMARY)[0]["medicationsSpecification"] == "dipirona às 18h"

    def test_a_shortage_at_the_report_summary_is_still_an_occurrence(self) -> None:
        driver = reporting()
        driver.send(REPORT)
        driver.send("faltou luva")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[0]["clinicalNote"] == "faltou luva"
        assert driver.state.staged is not None


class TestCorrectionsAtTheReportSummary:
    @pytest.mark.parametrize(
        ("message", "topic", "value"),
        (
            ("pode enviar, só corrige o humor pra agitado", Topic.MOOD, "agitado"),
            ("muda a medicação para dipirona 1g às 14h", Topic.MEDICATIONS, "dipirona 1g às 14h"),
            ("ok, só faltou dizer que ele tomou banho", Topic.ACTIVITIES, "banho de sol; ele tomou banho"),
        ),
    )
    def test_the_topic_gets_the_new_answer_without_the_request(self, message: str, topic: Topic, value: str) -> None:
        """The mood was stored as "só corrige o humor pra agitado", and "ok, só faltou dizer que ele tomou
        banho" replaced the activities with those words."""
        driver = reporting()
        driver.send(REPORT)
        driver.send(message)
        assert driver.state.topics.get(topic) == value and "Posso enviar?" in driver.reply
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_SUMMARY)[0][topic.value] == value


class TestFinishingAtTheFirstSummary:
    def test_the_report_opens_once_the_summary_is_saved(self) -> None:
        """ "finalizar" at the first measurement's summary got "Não entendi" and was forgotten: after "sim"
        nothing opened, and "comeu bem" was staged as a new clinical note."""
        driver = Driver(SHIFT_B)
        driver.send(FULL)
        driver.send("finalizar")
        assert "Não entendi" not in driver.reply and "Posso salvar?" in driver.reply
        driver.send("sim")
        assert "Vamos finalizar o plantão" in driver.reply
        driver.send("comeu bem")
        assert driver.state.topics.get(Topic.FOOD_HYDRATION) == "comeu bem" and driver.state.staged is None


class TestLeavingEarlyWithTheWishToFinish:
    def test_it_is_no_food(self) -> None:
        """ "tenho que sair mais cedo hoje, posso finalizar agora?" with the report open was filed as the
        food topic."""
        driver = Driver(SHIFT_C)
        driver.send("tenho que sair mais cedo hoje, posso finalizar agora?")
        assert driver.state.topics.get(Topic.FOOD_HYDRATION) is None
        assert driver.state.topics.get(Topic.ADMINISTRATIVE) == "tenho que sair mais cedo hoje"

    def test_before_the_report_it_is_an_occurrence(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("tenho que sair mais cedo hoje")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[0]["operationalNote"] is True


class TestNotComingSaidDuringTheReport:
    @pytest.mark.parametrize("message", ("nao vou poder ir", "não vou conseguir ir amanhã"))
    def test_it_is_administrative_no_patient_topic(self, message: str) -> None:
        """ "não vou conseguir ir amanhã" while the report was collected was filed as the topic asked
        (food, or stool and urine)."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem")
        driver.send(message)
        assert driver.state.topics.get(Topic.ADMINISTRATIVE) == message
        assert driver.state.topics.get(Topic.STOOL_URINE) is None and not driver.calls


class TestCourtesyAroundAYesWhileATopicIsAsked:
    @pytest.mark.parametrize("message", ("sim! obrigada", "beleza, valeu", "cancela"))
    def test_it_answers_no_topic(self, message: str) -> None:
        """ "sim! obrigada" with the food topic asked was stored as the food "sim"; "beleza, valeu" as
        "beleza"; "cancela" as the topic asked."""
        driver = reporting()
        driver.send(message)
        assert driver.state.topics.given == ()
        assert "*alimentação e hidratação*" in driver.reply


class TestNothingSaidOfTheTopicNamed:
    @pytest.mark.parametrize(
        ("message", "topic"),
        (
            ("sobre atividades, nada", Topic.ACTIVITIES),
            ("quanto ao sono, nada", Topic.SLEEP),
            ("quanto ao sono nada a declarar", Topic.SLEEP),
            ("sobre as atividades nenhuma", Topic.ACTIVITIES),
        ),
    )
    def test_the_named_topic_is_sem_informacoes(self, message: str, topic: Topic) -> None:
        """ "sobre atividades, nada" answered the topic asked (stool and urine); "quanto ao sono nada a
        declarar" was taken for a question ("quanto") and answered with the question reply."""
        driver = reporting()
        driver.send("comeu bem")
        driver.send(message)
        assert driver.state.topics.get(topic) == "Sem informações"
        assert driver.state.topics.get(Topic.STOOL_URINE) is None and "perguntas" not in driver.reply


class TestTenhoAtTheCancellationCheck:
    def test_tenho_confirms_the_cancellation(self) -> None:
        """ "Tem certeza?" answered "tenho" got "Não entendi"."""
        driver = Driver(SHIFT_A)
        driver.send("nao vou poder ir hoje")
        driver.send("tenho")
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["cancelado"]

    def test_tenho_que_ver_cancels_nothing(self) -> None:
        driver = Driver(SHIFT_A)
        driver.send("nao vou poder ir hoje")
        driver.send("tenho que ver ainda")
        assert not driver.calls


class TestAnswersSeparatedBySlashes:
    def test_each_label_after_a_slash_starts_its_own_answer(self) -> None:
        """ "alimentação: boa / eliminações: ok / sono: bom / ..." was all stored as the food."""
        driver = reporting()
        driver.send("alimentação: boa / eliminações: ok / sono: bom / humor: ok / medicação: ok / atividades: nenhuma")
        topics = driver.state.topics
        assert topics.get(Topic.FOOD_HYDRATION) == "boa" and topics.get(Topic.SLEEP) == "bom"
        assert topics.get(Topic.ACTIVITIES) == "nenhuma"

    def test_a_pressure_keeps_its_slash(self) -> None:
        driver = reporting()
        driver.send("Info clínica: PA 12/8 estável / adm: nada")
        assert driver.state.topics.get(Topic.ADDITIONAL_INFO) == "PA 12/8 estável"
        assert driver.state.topics.get(Topic.ADMINISTRATIVE) == "Sem informações"


class TestForgottenLeadIn:
    @pytest.mark.parametrize(
        ("message", "topic", "value"),
        (
            ("esqueci: ele tomou dipirona às 16h", Topic.MEDICATIONS, "ele tomou dipirona às 16h"),
            ("ah, esqueci, ele fez fisio", Topic.ACTIVITIES, "ele fez fisio"),
            ("ops, faltou dizer que ele tomou banho", Topic.ACTIVITIES, "ele tomou banho"),
        ),
    )
    def test_the_lead_in_is_no_part_of_the_answer(self, message: str, topic: Topic, value: str) -> None:
        """ "esqueci: ele tomou dipirona às 16h" was stored with its "esqueci:"; "ah, esqueci, ele fez
        fisio" filed "esqueci" as additional information."""
        driver = reporting()
        driver.send("comeu bem")
        driver.send(message)
        assert driver.state.topics.get(topic) == value
        assert driver.state.topics.get(Topic.ADDITIONAL_INFO) is None


class TestTheLastSubstitute:
    def test_a_ultima_picks_the_last_of_the_list(self) -> None:
        """ "a última" got "Não entendi"."""
        driver = substitutes_offered()
        driver.send("a última")
        assert [call["newCaregiverID"] for call in driver.calls_of(ActionKind.CREATE_SCHEDULE)] == ["C-9"]


class TestDiscardingTheSummary:
    @pytest.mark.parametrize("message", ("pode descartar", "esquece", "deixa pra lá", "deixa quieto", "apaga"))
    def test_it_is_a_no(self, message: str) -> None:
        """ "pode descartar" at a measurement's summary saved it ("pode" is a yes); "deixa quieto" became
        its clinical note; "esquece" got "Não entendi"."""
        driver = Driver(SHIFT_B)
        driver.send(FULL)
        driver.send(message)
        assert not driver.calls and driver.state.staged is None and "não salvei" in driver.reply
        assert driver.state.clinical_note == "paciente tranquilo"


class TestMeasuringAgainAtTheSummary:
    @pytest.mark.parametrize(
        "message", ("pode esperar", "pode deixar que eu mando de novo", "ok vou refazer", "vou medir de novo")
    )
    def test_nothing_is_saved_and_the_summary_waits(self, message: str) -> None:
        """ "pode esperar", "pode deixar que eu mando de novo" and "ok vou refazer" at a measurement's
        summary saved it ("pode", "ok" read as a yes)."""
        driver = Driver(SHIFT_B)
        driver.send(FULL)
        driver.send(message)
        assert not driver.calls and driver.state.staged is not None and "fico no aguardo" in driver.reply

    def test_melhor_nao_is_a_no(self) -> None:
        """ "melhor não" became the measurement's clinical note."""
        driver = Driver(SHIFT_B)
        driver.send(FULL)
        driver.send("melhor não")
        assert not driver.calls and "não salvei" in driver.reply
        assert driver.state.clinical_note == "paciente tranquilo"


class TestReadingTheReportSummaryFirst:
    @pytest.mark.parametrize(
        "message", ("ok vou revisar", "deixa eu ler", "vou ler com calma", "pode enviar depois", "manda amanhã")
    )
    def test_nothing_is_sent_and_the_summary_waits(self, message: str) -> None:
        """ "ok vou revisar", "pode enviar depois" and "manda amanhã" at the report summary sent the report;
        "vou ler com calma" was stored as the mood."""
        driver = reporting()
        driver.send(REPORT)
        driver.send(message)
        assert not driver.calls and driver.state.staged is not None and "fico no aguardo" in driver.reply
        assert driver.state.topics.get(Topic.MOOD) == "calmo"


class TestPresenceNotDecidedYet:
    @pytest.mark.parametrize(
        "message",
        (
            "confirmo depois",
            "te confirmo mais tarde",
            "vou confirmar com minha filha se consigo",
            "vou tentar ir",
            "sim, mas so amanha",
        ),
    )
    def test_nothing_is_confirmed(self, message: str) -> None:
        """ "confirmo depois", "vou confirmar com minha filha se consigo", "vou tentar ir" and "sim, mas só
        amanhã" confirmed today's shift."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(message)
        assert not driver.calls and "Presença confirmada" not in driver.reply
        assert "plantão com José" in driver.reply
        driver.send("sim")
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["confirmado"]


class TestTheHourOfArrival:
    @pytest.mark.parametrize(
        ("message", "note"),
        (
            ("consigo só a partir das 10h", "consigo só a partir das 10h"),
            ("vou, mas vou chegar 9h", "vou chegar 9h"),
            ("tô a caminho, chego 8h10", "tô a caminho, chego 8h10"),
        ),
    )
    def test_it_confirms_and_is_kept_for_the_coordination(self, message: str, note: str) -> None:
        """ "consigo só a partir das 10h" confirmed the presence and the hour was lost (written nowhere)."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(message)
        assert [call["clinicalNote"] for call in driver.calls_of(ActionKind.UPDATE_CLINICAL)] == [note]
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["confirmado"]


class TestThinkingItOver:
    @pytest.mark.parametrize("message", ("ok, vou pensar", "deixa eu pensar"))
    def test_it_confirms_nothing(self, message: str) -> None:
        """ "ok, vou pensar" at the presence question confirmed the shift."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(message)
        assert not driver.calls and "fico no aguardo" in driver.reply


class TestLeavingMidShift:
    @pytest.mark.parametrize(
        ("message", "note"),
        (
            ("não vou poder ficar, preciso ir embora", "não vou poder ficar; preciso ir embora"),
            ("vou ter que ir embora mais cedo", "vou ter que ir embora mais cedo"),
        ),
    )
    def test_it_is_news_for_the_coordination_not_the_patients_note(self, message: str, note: str) -> None:
        """ "não vou poder ficar, ..." while a measurement was collected became its clinical note."""
        driver = Driver(SHIFT_B)
        driver.send("PA 12/8 fc 80")
        driver.send(message)
        assert [call["clinicalNote"] for call in driver.calls_of(ActionKind.UPDATE_CLINICAL)] == [note]
        assert driver.state.clinical_note is None


class TestTheRestWithoutNews:
    @pytest.mark.parametrize(
        "message", ("Alimentação: boa. Sono: bom. O resto sem novidades", "comeu bem, resto sem novidade")
    )
    def test_every_other_topic_is_sem_informacoes(self, message: str) -> None:
        """ "O resto sem novidades" answered only the stool and urine topic; five stayed missing."""
        driver = reporting()
        driver.send(message)
        assert driver.state.topics.missing() == () and "Posso enviar?" in driver.reply


class TestTheRightOneLeadIn:
    def test_o_certo_e_is_no_part_of_the_answer(self) -> None:
        """ "o certo é: comeu pouco" replaced the food with "o certo é: comeu pouco"."""
        driver = reporting()
        driver.send("comeu bem")
        driver.send("o certo é: comeu pouco")
        assert driver.state.topics.get(Topic.FOOD_HYDRATION) == "comeu pouco"


class TestSayingAgainOneCannotCome:
    @pytest.mark.parametrize(
        "message",
        (
            "sim, infelizmente não vou conseguir",
            "sim, não dá mesmo",
            "pode cancelar, não tenho como ir",
            "confirmo, não vou poder ir",
            "tenho certeza, não consigo ir",
            "não vou mesmo",
            "não consigo mesmo, pode cancelar",
        ),
    )
    def test_it_confirms_the_cancellation(self, message: str) -> None:
        """At "Tem certeza que quer cancelar?", "sim, infelizmente não vou conseguir" was read as "não"
        (any "não" kept the shift): the caregiver heard "Ok, não cancelei" and nobody was told."""
        driver = Driver(SHIFT_A)
        driver.send("nao vou poder ir hoje")
        driver.send(message)
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["cancelado"]

    @pytest.mark.parametrize("message", ("não, pode cancelar", "não, não vou mesmo"))
    def test_a_no_beside_it_is_asked_again(self, message: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("nao vou poder ir hoje")
        driver.send(message)
        assert not driver.calls and "Cancelo o plantão" in driver.reply

    @pytest.mark.parametrize("message", ("não cancela", "não, vou tentar ir", "não quero cancelar", "nao"))
    def test_keeping_the_shift_is_still_a_no(self, message: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("nao vou poder ir hoje")
        driver.send(message)
        assert not driver.calls and "não cancelei" in driver.reply


class TestNothingWrongIsAYes:
    @pytest.mark.parametrize(
        "message",
        ("sim, não tem nada errado", "sim, nada a corrigir", "isso, não precisa corrigir", "pode salvar, não tem erro"),
    )
    def test_the_summary_is_saved(self, message: str) -> None:
        """ "sim, não tem nada errado" at a measurement's summary was a "não" (negation wins): not saved."""
        driver = Driver(SHIFT_B)
        driver.send(FULL)
        driver.send(message)
        assert len(driver.calls_of(ActionKind.UPDATE_CLINICAL)) == 1 and "salvos" in driver.reply

    def test_an_error_named_is_still_a_no(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(FULL)
        driver.send("não, tem erro na PA")
        assert not driver.calls and "não salvei" in driver.reply


class TestReassuringAtThePresenceQuestion:
    @pytest.mark.parametrize("message", ("sim, não se preocupe", "sim, nao tem problema", "claro, não falto"))
    def test_it_confirms_and_asks_no_cancellation(self, message: str) -> None:
        """ "sim, não se preocupe" at the presence question was a "não": the cancellation was asked
        ("Tem certeza que quer cancelar?"), and a quick "sim" to it would cancel the shift."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(message)
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["confirmado"]
        assert "cancelar" not in driver.reply
