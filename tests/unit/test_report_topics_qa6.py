"""QA round 6 (the end-of-shift report's topics and the labels around notes): each answer goes to the
topic it is about, without its label; a fever's time stays in the note; list numbering is no value."""

from __future__ import annotations

import pytest

from orchestrator.machine import Expectation, ExpectationKind, Topic, read_rules
from orchestrator.machine.reading import TopicEdit

TOPICS = Expectation(kind=ExpectationKind.FINALIZATION_TOPICS, missing=tuple(Topic))
VITALS = Expectation(
    kind=ExpectationKind.VITALS, missing=("PA", "FC", "FR", "Sat", "Temp", "condição respiratória", "nota clínica")
)


class TestFeverWithItsTime:
    @pytest.mark.parametrize(
        ("text", "temperature", "note"),
        [
            ("febre de 37,8 às 15h", 37.8, "febre às 15h"),
            ("teve febre de 37,8 as 15h, dei dipirona", 37.8, "teve febre as 15h, dei dipirona"),
            ("febre de 38,2 às 15h30, medicado com dipirona", 38.2, "febre às 15h30, medicado com dipirona"),
        ],
    )
    def test_the_value_is_the_temperature_and_the_fever_stays_in_the_note(
        self, text: str, temperature: float, note: str
    ) -> None:
        """ "febre de 37,8 às 15h": Temp 37.8, and the note keeps the fever with its time (15 is nothing else)."""
        reading = read_rules(text, VITALS)
        assert reading.vitals.temperature == temperature and reading.clinical_note == note
        assert reading.vitals.heart_rate is None and not reading.rejected and not reading.unread_numbers

    def test_during_the_report_it_is_still_a_vital_sign(self) -> None:
        """Sent while the report is collected, it is the temperature and a note, never a topic."""
        reading = read_rules("febre de 37,8 às 15h", TOPICS)
        assert reading.vitals.temperature == 37.8 and not reading.topics.given


class TestAddingToATopic:
    @pytest.mark.parametrize(
        "text",
        [
            "acrescenta nas medicações: dipirona 1g às 14h",
            "acrescentar na medicação: dipirona 1g às 14h",
            "faltou colocar na medicação: dipirona 1g às 14h",
            "coloca nas medicações: dipirona 1g às 14h",
            "inclui em medicações: dipirona 1g às 14h",
        ],
    )
    def test_the_addition_goes_to_the_topic_named_without_its_label(self, text: str) -> None:
        """ "acrescenta nas medicações: dipirona 1g às 14h" adds "dipirona 1g às 14h" to the medications."""
        reading = read_rules(text, TOPICS)
        assert reading.topics.get(Topic.MEDICATIONS) == "dipirona 1g às 14h"
        assert reading.topics.given == (Topic.MEDICATIONS,) and reading.topic_edit is TopicEdit.ADD

    @pytest.mark.parametrize(
        "text", ["dipirona 500mg", "tomou dipirona 500 mg às 14h", "Medicações: dipirona 500mg 8h"]
    )
    def test_a_dose_is_no_vital_sign(self, text: str) -> None:
        """ "dipirona 500mg" is a medication, never a value."""
        reading = read_rules(text, TOPICS)
        assert reading.vitals.empty and not reading.rejected
        assert reading.topics.given == (Topic.MEDICATIONS,)


class TestNoteLabels:
    @pytest.mark.parametrize(
        "text",
        [
            "PA 120x80 FC 80 FR 18 sat 96 temp 36,5 ar ambiente. Obs: paciente agitado",
            "PA 120x80 FC 80 FR 18 sat 96 temp 36,5 ar ambiente\nObs.: paciente agitado",
            "PA 120x80 FC 80 FR 18 sat 96 temp 36,5 ar ambiente\nOBS paciente agitado",
            "PA 120x80 FC 80 FR 18 sat 96 temp 36,5 ar ambiente\nObservação: paciente agitado",
            "PA 120x80 FC 80 FR 18 sat 96 temp 36,5 ar ambiente\nOBS - paciente agitado",
        ],
    )
    def test_the_obs_label_is_no_part_of_the_clinical_note(self, text: str) -> None:
        """ "Obs: paciente agitado" is the note "paciente agitado"."""
        assert read_rules(text, VITALS).clinical_note == "paciente agitado"

    @pytest.mark.parametrize("text", ["Obs: paciente agitado", "Obs.: paciente agitado", "obs paciente agitado"])
    def test_the_obs_label_names_the_additional_information(self, text: str) -> None:
        """In the report "Obs.: ..." (even without a colon) is the additional information, without "Obs"."""
        reading = read_rules(text, TOPICS)
        assert reading.topics.get(Topic.ADDITIONAL_INFO) == "paciente agitado"
        assert reading.topics.given == (Topic.ADDITIONAL_INFO,)


class TestListNumbering:
    @pytest.mark.parametrize("text", ["1) FC 80\n2) sat 97", "1. FC 80\n2. sat 97", "1- FC 80\n2- sat 97"])
    def test_numbered_lines_are_read_without_their_numbers(self, text: str) -> None:
        """ "1) FC 80" is FC 80: the "1" is never named back as a number not understood."""
        reading = read_rules(text, VITALS)
        assert (reading.vitals.heart_rate, reading.vitals.saturation) == (80, 97)
        assert not reading.unread_numbers and reading.decided


class TestFallOrElimination:
    @pytest.mark.parametrize(
        "text",
        [
            "caiu no banheiro",
            "teve uma queda no banheiro, sem lesões",
            "escorregou no banheiro mas não se machucou",
            "levou um tombo no quarto",
        ],
    )
    def test_a_fall_is_an_occurrence(self, text: str) -> None:
        """A fall, even in the bathroom, is additional clinical information, never stool and urine."""
        reading = read_rules(text, TOPICS)
        assert reading.topics.given == (Topic.ADDITIONAL_INFO,)

    @pytest.mark.parametrize("text", ["foi ao banheiro", "levei ao banheiro, urinou", "evacuou no banheiro"])
    def test_going_to_the_bathroom_is_elimination(self, text: str) -> None:
        """ "foi ao banheiro" is stool and urine."""
        assert read_rules(text, TOPICS).topics.given == (Topic.STOOL_URINE,)


class TestTopicsSharingOneAnswer:
    @pytest.mark.parametrize(
        "text", ["o sono e o humor foram bons", "sono e humor tranquilos", "o sono e o humor foram bons e tranquilos"]
    )
    def test_both_topics_get_the_whole_answer(self, text: str) -> None:
        """ "o sono e o humor foram bons": sleep is not left with "o sono" alone."""
        reading = read_rules(text, TOPICS)
        assert reading.topics.get(Topic.SLEEP) == text and reading.topics.get(Topic.MOOD) == text


class TestReportFormats:
    @pytest.mark.parametrize(
        ("text", "wanted"),
        [
            (
                "✅ PA 12/8\n✅ FC 80\n✅ Alimentação: boa\n✅ Sono: bom\n✅ Humor: calmo",
                {Topic.FOOD_HYDRATION: "boa", Topic.SLEEP: "bom", Topic.MOOD: "calmo"},
            ),
            (
                "*Sinais vitais*: PA 120x80 | FC 80 | Sat 96%\n*Alimentação*: aceitou bem a dieta\n*Sono*: dormiu bem",
                {Topic.FOOD_HYDRATION: "aceitou bem a dieta", Topic.SLEEP: "dormiu bem"},
            ),
            (
                "Relatório: PA 12/8, FC 80, sat 96. Alimentação: comeu pouco. Sono: agitado.",
                {Topic.FOOD_HYDRATION: "comeu pouco", Topic.SLEEP: "agitado"},
            ),
            (
                "SSVV: PA 13x8 FC 88 FR 20 Sat 95 Tax 36,8\nAlimentação - aceitou 100%\nDiurese - presente\n"
                "Evacuação - ausente",
                {Topic.FOOD_HYDRATION: "aceitou 100%", Topic.STOOL_URINE: "Diurese presente; Evacuação ausente"},
            ),
        ],
    )
    def test_vitals_and_labelled_topics_are_both_kept(self, text: str, wanted: dict[Topic, str]) -> None:
        """Emoji, bold marks and a "Relatório:"/"SSVV:" heading: the vitals are read, each topic gets its
        answer without label, and nothing is left for a clinical note."""
        reading = read_rules(text, TOPICS)
        assert reading.vitals.heart_rate in (80, 88)
        assert {topic: reading.topics.get(topic) for topic in reading.topics.given} == wanted
        assert reading.clinical_note is None
