"""QA round 11: the end-of-shift report's content, as caregivers send it (a voice note's transcript, a
list, answers one at a time, corrections and additions at its summary): each topic holds what was said
of it, nothing lost, nothing filed elsewhere, and vital signs inside the report reach the measurement."""

from __future__ import annotations

import pytest

from orchestrator.machine import Topic
from orchestrator.models import ActionKind, Template
from tests.shifts import SHIFT_B, SHIFT_C
from tests.unit.driver import Driver

REPORT = "comeu bem, evacuou, dormiu bem, calmo, tomou os remedios, fez fisio, sem intercorrencias, nada adm"


def finishing() -> Driver:
    """Shift B after the `finalizar_plantao` template fired: the report is asked for."""
    driver = Driver(SHIFT_B)
    driver.template(Template.FINISH_SHIFT)
    return driver


def at_summary() -> Driver:
    driver = Driver(SHIFT_C)
    driver.send(REPORT)
    assert "Posso enviar?" in driver.reply
    return driver


class TestAReportWithAValueInIt:
    def test_the_topics_stay_the_reports_and_the_value_is_the_measurements(self) -> None:
        """ "comeu bem, evacuou, …, PA 13x8 às 18h, sem intercorrencias, nada adm" after the template: the
        whole report became the measurement's note (the topics stayed missing) and "fez fisio" was saved
        as an occurrence."""
        driver = finishing()
        driver.send(
            "comeu bem, evacuou, dormiu bem, calmo, tomou os remedios, fez fisio, PA 13x8 às 18h, "
            "sem intercorrencias, nada adm"
        )
        topics = driver.state.topics
        assert topics.get(Topic.FOOD_HYDRATION) == "comeu bem" and topics.get(Topic.SLEEP) == "dormiu bem"
        assert topics.get(Topic.MEDICATIONS) == "tomou os remedios" and topics.get(Topic.ACTIVITIES) == "fez fisio"
        assert topics.get(Topic.ADMINISTRATIVE) == "Sem informações"
        assert str(driver.state.vitals.blood_pressure) == "130x80" and driver.state.clinical_note is None
        assert not driver.calls and "nota clínica" in driver.reply

    def test_a_voice_note_with_values_keeps_every_topic(self) -> None:
        driver = finishing()
        driver.send(
            "comeu bem no almoço e na janta, evacuou 2x, urina ok, dormiu bem, ficou calmo, tomou losartana 50mg "
            "às 8h, caminhou no quintal, PA 130x80 FC 72 às 18h, sem intercorrências, precisa de fralda"
        )
        topics = driver.state.topics
        assert topics.get(Topic.MEDICATIONS) == "tomou losartana 50mg às 8h"
        assert topics.get(Topic.ADMINISTRATIVE) == "precisa de fralda"
        assert (str(driver.state.vitals.blood_pressure), driver.state.vitals.heart_rate) == ("130x80", 72)
        assert not driver.calls_of(ActionKind.UPDATE_CLINICAL)

    def test_a_note_beside_values_is_still_the_note(self) -> None:
        """One observation beside the values is the measurement's note, as before."""
        driver = finishing()
        driver.send("PA 13x8 FC 80 paciente calmo")
        assert driver.state.clinical_note == "paciente calmo" and driver.state.topics.get(Topic.MOOD) is None


class TestAddingAtTheSummary:
    @pytest.mark.parametrize(
        ("message", "added"),
        [
            ("ah e ele tomou dipirona 1g às 15h", "ele tomou dipirona 1g às 15h"),
            ("mais uma coisa: tomou dipirona às 15h", "tomou dipirona às 15h"),
            ("outra coisa, ele tomou dipirona às 15h", "ele tomou dipirona às 15h"),
            ("lembrei que ele tomou dipirona às 15h", "ele tomou dipirona às 15h"),
            ("esqueci que ele tomou dipirona às 15h", "ele tomou dipirona às 15h"),
            ("além disso tomou dipirona às 15h", "tomou dipirona às 15h"),
            ("tb tomou dipirona às 15h", "tomou dipirona às 15h"),
            ("ah, ele também tomou dipirona às 15h", "ele também tomou dipirona às 15h"),
        ],
    )
    def test_one_more_thing_is_added_to_the_topic(self, message: str, added: str) -> None:
        """ "mais uma coisa: tomou dipirona às 15h" at the report summary replaced "tomou os remedios" with
        "mais uma coisa: tomou dipirona às 15h" (lead-in and all): what was said before was lost."""
        driver = at_summary()
        driver.send(message)
        assert driver.state.topics.get(Topic.MEDICATIONS) == f"tomou os remedios; {added}"
        assert "Posso enviar?" in driver.reply and not driver.calls

    def test_only_one_thing_adds_too(self) -> None:
        driver = at_summary()
        driver.send("só uma coisa, ele não quis jantar")
        assert driver.state.topics.get(Topic.FOOD_HYDRATION) == "comeu bem; ele não quis jantar"

    def test_a_correction_still_replaces(self) -> None:
        driver = at_summary()
        driver.send("não, ele dormiu mal")
        assert driver.state.topics.get(Topic.SLEEP) == "ele dormiu mal"


class TestAPartMissingGivenAtTheSummary:
    @pytest.mark.parametrize(
        ("message", "topic", "value"),
        [
            ("faltou a medicação: dipirona às 15h", Topic.MEDICATIONS, "tomou os remedios; dipirona às 15h"),
            ("faltou a parte administrativa: precisa comprar fralda", Topic.ADMINISTRATIVE, "precisa comprar fralda"),
            ("esqueci o sono - acordou 2x de madrugada", Topic.SLEEP, "dormiu bem; acordou 2x de madrugada"),
        ],
    )
    def test_the_part_given_is_added(self, message: str, topic: Topic, value: str) -> None:
        """ "faltou a medicação: dipirona às 15h" at the report summary got "Ok, não enviei" and the
        dipirona was written nowhere (read as a shortage of medication, then as a gap in the report)."""
        driver = at_summary()
        driver.send(message)
        assert driver.state.topics.get(topic) == value
        assert "Posso enviar?" in driver.reply and not driver.calls

    def test_a_gap_only_named_still_holds_the_report(self) -> None:
        driver = at_summary()
        driver.send("não envia ainda, falta a medicação das 18h")
        assert driver.state.staged is None and not driver.calls


class TestSuppliesJoinedByE:
    @pytest.mark.parametrize(
        ("message", "expected"),
        [
            (
                "a filha ligou e pediu pra comprar fralda",
                {Topic.ADMINISTRATIVE: "a filha ligou e pediu pra comprar fralda", Topic.STOOL_URINE: None},
            ),
            (
                "a enfermeira veio e trouxe fralda",
                {Topic.ADMINISTRATIVE: "a enfermeira veio e trouxe fralda", Topic.STOOL_URINE: None},
            ),
            (
                "dormiu bem e precisa comprar fralda",
                {Topic.SLEEP: "dormiu bem", Topic.ADMINISTRATIVE: "precisa comprar fralda", Topic.STOOL_URINE: None},
            ),
        ],
    )
    def test_the_supplies_are_administrative(self, message: str, expected: dict[Topic, str | None]) -> None:
        """ "a filha ligou e pediu pra comprar fralda" filed "pediu pra comprar fralda" as the stool and
        urine ("fralda" alone is elimination; a diaper to buy is the service's)."""
        driver = finishing()
        driver.send(message)
        assert {topic: driver.state.topics.get(topic) for topic in expected} == expected


class TestForgottenNewsOfTheServiceAtTheSummary:
    @pytest.mark.parametrize(
        "message",
        [
            "esqueci: a filha ligou e pediu pra comprar fralda",
            "não, esqueci: a filha ligou e pediu pra comprar fralda",
            "faltou dizer que a filha ligou e pediu pra comprar fralda",
        ],
    )
    def test_it_goes_into_the_report(self, message: str) -> None:
        """ "esqueci: a filha ligou e pediu pra comprar fralda" at the report summary was saved as an
        occurrence reading "esqueci: a filha ligou …" (after a "não" the report was dropped), and the
        report's administrative info stayed "Sem informações"."""
        driver = at_summary()
        driver.send(message)
        assert driver.state.topics.get(Topic.ADMINISTRATIVE) == "a filha ligou e pediu pra comprar fralda"
        assert not driver.calls and "Posso enviar?" in driver.reply

    def test_news_without_a_lead_in_is_still_an_occurrence(self) -> None:
        driver = at_summary()
        driver.send("acabou a fralda")
        assert [call["clinicalNote"] for call in driver.calls_of(ActionKind.UPDATE_CLINICAL)] == ["acabou a fralda"]
        assert driver.state.topics.get(Topic.ADMINISTRATIVE) == "Sem informações"


class TestTreatedUnderTheOccurrence:
    @pytest.mark.parametrize(
        ("message", "occurrence"),
        [
            ("Intercorrências: febre à tarde, medicada com dipirona", "febre à tarde, medicada com dipirona"),
            ("Info clínica: teve tosse, medicado com xarope", "teve tosse, medicado com xarope"),
        ],
    )
    def test_medicado_stays_with_the_occurrence(self, message: str, occurrence: str) -> None:
        """ "Intercorrências: febre à tarde, medicada com dipirona": "medicada" was read as the label of the
        medications, so the fever lost its treatment and the medications answered before were replaced."""
        driver = finishing()
        driver.send("Medicação: losartana 50mg 8h e 20h")
        driver.send(message)
        assert driver.state.topics.get(Topic.ADDITIONAL_INFO) == occurrence
        assert driver.state.topics.get(Topic.MEDICATIONS) == "losartana 50mg 8h e 20h"

    def test_a_medication_label_still_cuts(self) -> None:
        driver = finishing()
        driver.send("Atividades: banho de sol, medicação: dipirona às 14h")
        assert driver.state.topics.get(Topic.MEDICATIONS) == "dipirona às 14h"


class TestAnotherTopicInsideALabelledAnswer:
    def test_a_topic_answered_before_is_added_to(self) -> None:
        """ "Sono: agitado, remédio para dormir às 22h" after "Medicação: losartana 50mg 8h e 20h": the
        sleeping pill replaced the medications answered before (the losartana was lost)."""
        driver = finishing()
        driver.send("Medicação: losartana 50mg 8h e 20h")
        driver.send("Sono: agitado, remédio para dormir às 22h")
        assert driver.state.topics.get(Topic.SLEEP) == "agitado"
        assert driver.state.topics.get(Topic.MEDICATIONS) == "losartana 50mg 8h e 20h; remédio para dormir às 22h"

    def test_a_labelled_answer_alone_still_says_the_topic_again(self) -> None:
        driver = finishing()
        driver.send("Humor: calmo")
        driver.send("Humor: agitado à noite")
        assert driver.state.topics.get(Topic.MOOD) == "agitado à noite"


def measured() -> Driver:
    """Shift B with one complete measurement saved: the caregiver may ask to finish."""
    driver = Driver(SHIFT_B)
    driver.send("PA 12x8 fc 80 fr 18 sat 96 temp 36.5 aa paciente tranquilo")
    driver.send("sim")
    return driver


class TestFinishingWithTheReportAndAValue:
    def test_the_topics_are_the_reports_and_the_value_the_measurements(self) -> None:
        """ "vou finalizar. comeu bem, evacuou, …, PA 13x8 às 18h, …" became a clinical note ("fez fisio" an
        occurrence) and the caregiver was asked for the report just sent."""
        driver = measured()
        driver.send(
            "vou finalizar. comeu bem, evacuou, dormiu bem, calmo, tomou os remedios, fez fisio, PA 13x8 às 18h, "
            "sem intercorrencias, nada adm"
        )
        topics = driver.state.topics
        assert topics.missing() == () and topics.get(Topic.ACTIVITIES) == "fez fisio"
        assert str(driver.state.vitals.blood_pressure) == "130x80" and driver.state.clinical_note is None
        assert len(driver.calls) == 1 and "Conte como foi" not in driver.reply and "PA 130x80" in driver.reply


class TestANegatedAnswerAtTheSummary:
    @pytest.mark.parametrize(
        ("message", "topic"),
        [
            ("não evacuou hoje", Topic.STOOL_URINE),
            ("não quis jantar", Topic.FOOD_HYDRATION),
            ("não aceitou o almoço", Topic.FOOD_HYDRATION),
            ("não tomou a losartana das 20h", Topic.MEDICATIONS),
            ("não dormiu bem", Topic.SLEEP),
            ("nao tomou banho hoje", Topic.ACTIVITIES),
        ],
    )
    def test_the_no_stays_in_the_answer(self, message: str, topic: Topic) -> None:
        """ "não evacuou hoje" at the report summary stored "evacuou hoje" (the "não" read as the answer to
        "Posso enviar?"): the report said the opposite of what the caregiver wrote."""
        driver = at_summary()
        driver.send(message)
        assert driver.state.topics.get(topic) == message
        assert "Posso enviar?" in driver.reply and not driver.calls

    def test_a_no_before_the_correction_is_still_no_part_of_it(self) -> None:
        driver = at_summary()
        driver.send("não ele dormiu mal")
        assert driver.state.topics.get(Topic.SLEEP) == "ele dormiu mal"

    def test_a_bare_no_still_holds_the_report(self) -> None:
        driver = at_summary()
        driver.send("não")
        assert driver.state.staged is None and not driver.calls and "não enviei" in driver.reply


class TestChangingATopicAtTheSummary:
    @pytest.mark.parametrize(
        ("message", "topic", "value"),
        [
            ("troca o sono para: dormiu mal", Topic.SLEEP, "dormiu mal"),
            ("substitui o humor por agitado", Topic.MOOD, "agitado"),
            ("substitua a alimentação por: comeu pouco", Topic.FOOD_HYDRATION, "comeu pouco"),
        ],
    )
    def test_the_request_is_no_part_of_the_answer(self, message: str, topic: Topic, value: str) -> None:
        """ "troca o sono para: dormiu mal" was stored whole as the sleep, request and all."""
        driver = at_summary()
        driver.send(message)
        assert driver.state.topics.get(topic) == value

    def test_corrigir_is_the_request_and_no_part_of_the_answer(self) -> None:
        """ "corrigir sono para dormiu mal": "corrigir" was read as the "não" and the sleep stored as "sono
        para dormiu mal"."""
        driver = at_summary()
        driver.send("corrigir sono para dormiu mal")
        assert driver.state.topics.get(Topic.SLEEP) == "dormiu mal" and "Posso enviar?" in driver.reply

    @pytest.mark.parametrize("message", ["corrige o humor pra agitado", "não, corrige o humor pra agitado"])
    def test_corrige_too(self, message: str) -> None:
        driver = at_summary()
        driver.send(message)
        assert driver.state.topics.get(Topic.MOOD) == "agitado"


class TestASpokenReport:
    def test_ai_opening_each_part_is_no_part_of_the_answers(self) -> None:
        """A voice note told in order ("aí ele almoçou bem, aí depois dormiu, …") stored "aí" at the head of
        every topic ("aí evacuou", "aí tomou banho")."""
        driver = finishing()
        driver.send(
            "aí ele almoçou bem, aí depois dormiu, aí acordou agitado, aí dei o remédio das 16h, "
            "daí ele ficou calmo, e aí evacuou, aí tomou banho"
        )
        topics = driver.state.topics
        assert topics.get(Topic.FOOD_HYDRATION) == "ele almoçou bem"
        assert topics.get(Topic.SLEEP) == "depois dormiu; acordou agitado"
        assert topics.get(Topic.MOOD) == "ele ficou calmo" and topics.get(Topic.STOOL_URINE) == "evacuou"
        assert topics.get(Topic.MEDICATIONS) == "dei o remédio das 16h"
        assert topics.get(Topic.ACTIVITIES) == "tomou banho"


class TestAbbreviatedLabels:
    def test_med_is_the_medications_label(self) -> None:
        """ "humor: ok, med: ok": "med" was no label, so the mood was stored as "med: ok" and the medications
        stayed missing."""
        driver = finishing()
        driver.send("alim: boa, elim: ok, sono: ok, humor: ok, med: ok, ativ: fisio, obs: nada, adm: nada")
        topics = driver.state.topics
        assert topics.get(Topic.MOOD) == "ok" and topics.get(Topic.MEDICATIONS) == "ok"
        assert topics.get(Topic.ACTIVITIES) == "fisio" and topics.missing() == ()

    def test_med_with_a_dose(self) -> None:
        driver = finishing()
        driver.send("Med: losartana 50mg às 8h")
        assert driver.state.topics.get(Topic.MEDICATIONS) == "losartana 50mg às 8h"


class TestALabelledAnswerGoingOnAfterASemicolon:
    def test_the_second_medication_stays_the_medications(self) -> None:
        """ "Medicações: losartana 50mg 8h e 20h; dipirona 1g 14h" in a report with a value in it: the
        dipirona became the measurement's note and the medications lost it."""
        driver = finishing()
        driver.send(
            "Alimentação: comeu bem\nEvacuação: evacuou 1x\nSono: dormiu bem\nHumor: calmo\n"
            "Medicações: losartana 50mg 8h e 20h; dipirona 1g 14h\nAtividades: fisio\n"
            "Informações clínicas adicionais: PA 13x8 às 18h\nInformações administrativas: nada"
        )
        assert driver.state.topics.get(Topic.MEDICATIONS) == "losartana 50mg 8h e 20h, dipirona 1g 14h"
        assert driver.state.clinical_note is None and str(driver.state.vitals.blood_pressure) == "130x80"

    def test_another_topic_after_it_is_that_topics(self) -> None:
        driver = finishing()
        driver.send("Sono: dormiu bem; evacuou 2x")
        assert driver.state.topics.get(Topic.SLEEP) == "dormiu bem"
        assert driver.state.topics.get(Topic.STOOL_URINE) == "evacuou 2x"
