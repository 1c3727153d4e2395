"""Defects found by the blind held-out set of WhatsApp typing (tests/unit/holdout_11b.py): each replayed on
the pure machine, as a caregiver sent it."""

from __future__ import annotations

import pytest

from orchestrator.machine import Topic
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C
from tests.unit.driver import Driver


class TestBeingWithThePatientIsTheArrival:
    def test_not_written_into_the_note_beside_values(self) -> None:
        """ "sim, ja estou com o paciente, PA 12x8 FC 80" at the presence question: "ja estou com o paciente"
        (the caregiver is there) was kept as the patient's note and saved as "ja estou com o paciente; pcte
        tranquilo". It is the presence answer, like "sim, já cheguei": chat, never the note."""
        driver = Driver(SHIFT_A)
        driver.send("bom dia")
        driver.send("sim, ja estou com o paciente, PA 12x8 FC 80")
        driver.send("FR 18 SAT 97 TEMP 36,4 ar ambiente pcte tranquilo")
        driver.send("s")
        (written,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert written["clinicalNote"] == "pcte tranquilo"
        assert written["bloodPressure"] == "120x80" and written["heartRate"] == 80

    def test_alone_on_a_confirmed_shift_it_is_no_note(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("ja estou com a paciente")
        driver.send("PA 12x8 FC 80 FR 18 SAT 97 TEMP 36,4 ar ambiente")
        assert "Nota" not in driver.reply and driver.state.clinical_note is None

    def test_with_the_patient_elsewhere_stays_a_note(self) -> None:
        """Where they are is news: "ja estou com ela no hospital" is kept."""
        driver = Driver(SHIFT_B)
        driver.send("PA 12x8 FC 80 FR 18 SAT 97 TEMP 36,4 ar ambiente, ja estou com ela no hospital")
        assert "ja estou com ela no hospital" in driver.reply


class TestAgrIsAgora:
    def test_cheguei_agr_is_no_note(self) -> None:
        """ "cheguei agr" ("cheguei agora", typed short) beside values was kept in the note ("agr, pcte
        tranquilo" at the presence question, "cheguei agr, pcte tranquilo" after it)."""
        for backend in (SHIFT_A, SHIFT_B):
            driver = Driver(backend)
            driver.send("cheguei agr, PA 12x8 FC 80 FR 18 SAT 97 TEMP 36,4 ar ambiente, pcte tranquilo")
            assert driver.state.clinical_note == "pcte tranquilo", backend["response"]


VALUES = "PA 12x8 FC 80 FR 18 SAT 97 TEMP 36,4 aa"


class TestChatFillerAroundTheNote:
    @pytest.mark.parametrize("laugh", ("kkk", "kkkkkkk", "rs", "rsrs", "haha", "hehe", "flw"))
    def test_laughter_and_a_bye_are_not_the_note(self, laugh: str) -> None:
        """ "… pcte tranquilo kkk" saved the note "pcte tranquilo kkk" (and "rs", "hehe", "flw" likewise):
        WhatsApp laughter and a "falou" are chat filler, never the patient's note (SPEC §6)."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VALUES} pcte tranquilo {laugh}")
        assert driver.state.clinical_note == "pcte tranquilo"

    @pytest.mark.parametrize("lead", ("vou mandar:", "quero mandar:", "vou enviar os sinais:", "aqui:"))
    def test_an_announcement_before_the_values_is_not_the_note(self, lead: str) -> None:
        """ "vou mandar: PA … pcte tranquilo" saved the note "vou mandar pcte tranquilo"; like "segue:", it
        only announces the values (a leading piece of filler was dropped only between two values)."""
        driver = Driver(SHIFT_B)
        driver.send(f"{lead} {VALUES} pcte tranquilo")
        assert driver.state.clinical_note == "pcte tranquilo"

    def test_a_laugh_inside_a_remark_stays(self) -> None:
        """Only at the clause's edge: a word that merely contains the letters is untouched."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VALUES} pcte tranquilo, riu muito com a neta")
        assert driver.state.clinical_note == "pcte tranquilo, riu muito com a neta"


class TestNAsNaoInAnEquipmentProblem:
    @pytest.mark.parametrize(
        "text", ("o oximetro n funciona", "o oximetro n ta funcionando", "o termometro n liga", "n acho o oximetro")
    )
    def test_it_is_an_occurrence(self, text: str) -> None:
        """ "o oximetro n funciona" ("n" for "não", as typed) got "Não entendi" and nothing was written; with
        "nao" it is saved at once as an occurrence (SPEC §6: equipment is an operational note)."""
        driver = Driver(SHIFT_B)
        driver.send(text)
        (written,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert written["operationalNote"] is True and written["clinicalNote"] == text


class TestAbbreviatedLeadIns:
    @pytest.mark.parametrize(
        "lead", ("so pra avisar q", "so p avisar que", "so p avisar q", "avisando q", "so pra informar q")
    )
    def test_so_p_avisar_q_is_not_the_occurrence(self, lead: str) -> None:
        """ "so pra avisar q acabou a fralda" saved "q acabou a fralda", "so p avisar que …" kept its lead-in
        whole: "q" and "p" are "que" and "pra" typed short, and "só pra avisar que" is chat filler."""
        driver = Driver(SHIFT_B)
        driver.send(f"{lead} acabou a fralda")
        (written,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert written["clinicalNote"] == "acabou a fralda"


class TestShortYesAndWait:
    @pytest.mark.parametrize("text", ("td ok", "td certo pode salvar", "tá blz", "pd salvar"))
    def test_typed_short_it_saves(self, text: str) -> None:
        """ "td ok" ("tudo ok"), "tá blz" ("tá beleza"), "pd salvar" ("pode salvar") at the summary got
        "Não entendi" though written out they save."""
        driver = Driver(SHIFT_B)
        driver.send("PA 12x8 FC 80 FR 18 SAT 97 TEMP 36,4 ar ambiente, pcte tranquilo")
        driver.send(text)
        assert len(driver.calls_of(ActionKind.UPDATE_CLINICAL)) == 1, text


class TestPeraBeforeACorrection:
    @pytest.mark.parametrize("lead", ("pera", "perai", "pera ai", "espera ai"))
    def test_it_is_no_note(self, lead: str) -> None:
        """ "pera, a fc era 88" after a saved measurement: "Anotei a observação", and "pera" ("wait") was
        held as the next measurement's note; it is chat filler like "ops" (SPEC §6)."""
        driver = Driver(SHIFT_B)
        driver.send("PA 12x8 FC 80 FR 18 SAT 97 TEMP 36,4 ar ambiente, pcte tranquilo")
        driver.send("sim")
        driver.send(f"{lead}, a fc era 88")
        assert driver.state.clinical_note is None and driver.state.vitals.heart_rate == 88


class TestClosingCourtesy:
    @pytest.mark.parametrize(
        ("text", "kept"),
        (
            ("a fralda acabou pfvr", "a fralda acabou"),
            ("a fralda acabou por gentileza", "a fralda acabou"),
            ("acabou a fralda. Era isso", "acabou a fralda"),
        ),
    )
    def test_it_is_not_the_occurrence(self, text: str, kept: str) -> None:
        """ "pfvr" (por favor typed short), "por gentileza" and a closing "era isso" were saved with the
        remark; like "pfv" and "é isso" they add nothing to it."""
        driver = Driver(SHIFT_B)
        driver.send(text)
        (written,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert written["clinicalNote"] == kept


class TestSpokenUnits:
    @pytest.mark.parametrize(
        "text", ("respirando dezoito vezes por minuto", "FR 18 vezes por minuto", "fr 18 incursões por minuto")
    )
    def test_vezes_por_minuto_is_the_unit_not_the_note(self, text: str) -> None:
        """ "respirando dezoito vezes por minuto" (a voice note) held "vezes por minuto" as the note: the
        unit of the value read, never a note (SPEC §6)."""
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert driver.state.vitals.resp_rate == 18 and driver.state.clinical_note is None


class TestNoInformationTypedShort:
    @pytest.mark.parametrize("text", ("s/ inf", "sem inf.", "sem inf", "nenhuma informação"))
    def test_it_is_sem_informacoes(self, text: str) -> None:
        """ "s/ inf", "sem inf." (sem informações typed short) and "nenhuma informação" were stored as typed;
        like "sem info" and "s/info" they are the topic's "Sem informações"."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem")
        driver.send(text)
        assert driver.state.topics.get(Topic.STOOL_URINE) == "Sem informações"

    def test_a_word_that_starts_alike_is_no_such_answer(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("comeu bem")
        driver.send("sem inflamação na sonda")
        assert driver.state.topics.get(Topic.STOOL_URINE) != "Sem informações"


class TestComingTypedAsSaid:
    @pytest.mark.parametrize("text", ("ja to ai", "to ai", "vo sim"))
    def test_it_confirms_presence(self, text: str) -> None:
        """ "já tô aí" (I'm there) and "vô sim" (vou, as said) at the presence question got "Não entendi";
        like "to aqui" and "vou sim" they confirm."""
        driver = Driver(SHIFT_A)
        driver.send("bom dia")
        driver.send(text)
        assert [call.payload["responseValue"] for call in driver.calls] == ["confirmado"], text

    def test_ai_alone_is_no_yes(self) -> None:
        driver = Driver(SHIFT_A)
        driver.send("bom dia")
        driver.send("ai")
        assert not driver.calls
