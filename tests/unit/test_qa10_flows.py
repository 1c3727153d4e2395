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
