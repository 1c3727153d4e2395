"""Defects found by the blind held-out set of issue 11 (tests/unit/holdout_11.py): each replayed on the
pure machine, as a caregiver sent it."""

from __future__ import annotations

from orchestrator.machine import Topic
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_A, SHIFT_C, SHIFT_E
from tests.unit.driver import Driver, shift


class TestTheCombinedStoolLabel:
    def test_diurese_slash_evacuacao_is_the_label_not_the_value(self) -> None:
        """ "Diurese/evacuação: evacuou 1x" was stored whole, label and all."""
        driver = Driver(SHIFT_C)
        driver.send("Alimentação: comeu bem\nDiurese/evacuação: evacuou 1x\nSono: dormiu bem")
        assert driver.state.topics.get(Topic.STOOL_URINE) == "evacuou 1x"

    def test_urina_e_evacuacao_is_the_label_too(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("Alimentação: comeu bem\nUrina e evacuação: normais\nSono: dormiu bem")
        assert driver.state.topics.get(Topic.STOOL_URINE) == "normais"


class TestTheCancellationDoubleCheck:
    def test_tenho_ctz_is_a_yes(self) -> None:
        """ "tenho ctz" ("tenho certeza", typed short) got "Não entendi" and the shift stayed uncancelled."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send("nao vou conseguir ir hoje")
        driver.backend = shift(SHIFT_E)
        driver.send("tenho ctz")
        assert [call.payload["responseValue"] for call in driver.calls] == ["cancelado"]
        assert "1. Maria Souza" in driver.reply


class TestPresence:
    def test_to_confirmada_is_a_yes(self) -> None:
        """ "to confirmada sim" ("I'm confirmed, yes") got "Não entendi" and no confirmation."""
        for text in ("to confirmada sim", "estou confirmado"):
            driver = Driver(SHIFT_A)
            driver.send("oi")
            driver.send(text)
            assert [call.payload["responseValue"] for call in driver.calls] == ["confirmado"], text

    def test_to_confirmada_beside_lateness_is_the_answer_not_the_news(self) -> None:
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send("to confirmada, mas vou atrasar")
        notes = [call["clinicalNote"] for call in driver.calls_of(ActionKind.UPDATE_CLINICAL)]
        assert notes == ["vou atrasar"]
        assert [call["responseValue"] for call in driver.calls_of(ActionKind.UPDATE_SCHEDULE)] == ["confirmado"]


class TestNoMedicationInTheReport:
    def test_sem_medicacao_hoje_answers_the_medications(self) -> None:
        """ "sem medicação hoje" asked for the medications was filed as administrative information (as if
        the medicine had run out) and the medications were asked again."""
        driver = Driver(SHIFT_C)
        driver.send("alimentação: comeu bem; evacuação: normal; sono: dormiu bem; humor: calmo")
        driver.send("sem medicação hoje")
        topics = driver.state.topics
        assert topics.get(Topic.MEDICATIONS) == "sem medicação hoje"
        assert topics.get(Topic.ADMINISTRATIVE) is None

    def test_running_out_of_medicine_is_still_administrative(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("alimentação: comeu bem; evacuação: normal; sono: dormiu bem; humor: calmo; medicação: tomou tudo")
        driver.send("estamos sem remedio pra pressao")
        assert driver.state.topics.get(Topic.ADMINISTRATIVE) == "estamos sem remedio pra pressao"


class TestNothingAdministrativeJoinedByE:
    def test_sem_pendencias_after_e_answers_the_administrative_info(self) -> None:
        """ "…, sem intercorrencias e sem pendencias": the administrative part was kept inside the additional
        information and the administrative info asked again, though "sem intercorrencias, sem pendencias"
        answered both."""
        driver = Driver(SHIFT_C)
        driver.send(
            "comeu bem e bebeu agua, fez xixi, dormiu, ficou tranquila, tomou os remedios certinho, "
            "caminhou no corredor, sem intercorrencias e sem pendencias"
        )
        topics = driver.state.topics
        assert topics.get(Topic.ADDITIONAL_INFO) == "sem intercorrencias"
        assert topics.get(Topic.ADMINISTRATIVE) == "Sem informações"
        assert "Posso enviar?" in driver.reply

    def test_nada_adm_after_e_too(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("comeu bem, evacuou, dormiu bem, calmo, tomou tudo, assistiu tv, sem intercorrencias e nada adm")
        assert driver.state.topics.get(Topic.ADDITIONAL_INFO) == "sem intercorrencias"
        assert driver.state.topics.get(Topic.ADMINISTRATIVE) == "Sem informações"
