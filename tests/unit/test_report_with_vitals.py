"""QA round 6 (the end-of-shift report): vital signs sent inside or beside the report are vital signs,
labelled topics beside them are topics, and a measurement asked for during the report is completed by
the next message."""

from __future__ import annotations

from orchestrator.machine import ReplyCode, Topic
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_C
from tests.unit.driver import Driver, reply_codes

LABELLED = "Sinais vitais: PA 12/8, FC 80, sat 96\nAlimentação: aceitou bem\nEliminações: evacuou\nObs: dormiu bem"
ALL_TOPICS = (
    "Sinais vitais: PA 12/8, FC 80, FR 18, sat 96, temp 36,5, ar ambiente\nAlimentação: aceitou bem\n"
    "Eliminações: evacuou\nSono: dormiu bem\nHumor: calmo\nMedicações: losartana 8h\nAtividades: fisio\n"
    "Obs: sem intercorrências\nAdministrativo: nada"
)


class TestALabelledReportWithVitals:
    def test_the_vitals_and_every_labelled_topic_are_kept(self) -> None:
        """Vitals in the report's first line are vital signs; each labelled topic goes to its topic, and
        no label or topic text ends up in the clinical note."""
        driver = Driver(SHIFT_C)
        driver.send(LABELLED)
        state = driver.state
        assert (state.vitals.heart_rate, state.vitals.saturation, str(state.vitals.blood_pressure)) == (
            80,
            96,
            "120x80",
        )
        assert state.topics.get(Topic.FOOD_HYDRATION) == "aceitou bem"
        assert state.topics.get(Topic.STOOL_URINE) == "evacuou"
        assert state.topics.get(Topic.ADDITIONAL_INFO) == "dormiu bem"
        assert state.clinical_note is None

    def test_bullets_and_numbers_open_the_lines(self) -> None:
        """ "• PA 12/8", "1) FC 80", "✅ sat 97" lines are read the same."""
        driver = Driver(SHIFT_C)
        driver.send("• PA 12/8\n1) FC 80\n✅ sat 97\n• Alimentação: aceitou bem\n• Humor: calmo")
        state = driver.state
        assert (state.vitals.heart_rate, state.vitals.saturation) == (80, 97)
        assert state.topics.get(Topic.MOOD) == "calmo"

    def test_a_complete_report_waits_for_the_measurement_beside_it(self) -> None:
        """All 8 topics and an incomplete measurement: the measurement is asked (its note), never hidden
        behind a report staged in the same reply; once saved, the report summary follows."""
        driver = Driver(SHIFT_C)
        driver.send(ALL_TOPICS)
        assert driver.state.staged is None and "nota clínica" in driver.reply
        driver.send("paciente tranquilo")
        assert driver.state.clinical_note == "paciente tranquilo" and "Posso salvar" in driver.reply
        driver.send("sim")
        assert "Resumo do plantão" in driver.reply
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[0]["clinicalNote"] == "paciente tranquilo"
        assert driver.calls_of(ActionKind.UPDATE_SUMMARY)[0]["moodSpecification"] == "calmo"


class TestAMeasurementDuringTheReport:
    def test_the_values_and_the_note_asked_complete_it(self) -> None:
        """During the report, "18 e 36,5" answers "Falta: FR, Temp", "ar" the respiratory question and the
        next free text the note asked for: the measurement is staged, no topic swallowed any of it."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem")
        driver.send("PA 12/8 FC 80 sat 96")
        driver.send("18 e 36,5")
        assert (driver.state.vitals.resp_rate, driver.state.vitals.temperature) == (18, 36.5)
        driver.send("ar")
        driver.send("paciente tranquilo")
        assert driver.state.staged is not None and driver.state.clinical_note == "paciente tranquilo"
        assert driver.state.topics.get(Topic.MOOD) is None

    def test_a_topic_meanwhile_keeps_the_measurement_asked(self) -> None:
        """A labelled topic sent while the measurement waits is kept, and the measurement is asked again."""
        driver = Driver(SHIFT_C)
        driver.send("PA 12/8 FC 80 FR 18 sat 96 temp 36,5 ar ambiente")
        driver.send("Humor: calmo")
        assert driver.state.topics.get(Topic.MOOD) == "calmo"
        assert reply_codes(driver)[-1] == ReplyCode.VITALS_MISSING


class TestAnUnlabelledListDuringTheReport:
    def test_a_list_of_values_is_vital_signs(self) -> None:
        """ "Sinais vitais: 12x8, 80, 18, 96%, 36,5" during the report is five vital signs, not a topic."""
        driver = Driver(SHIFT_C)
        driver.send("Sinais vitais: 12x8, 80, 18, 96%, 36,5\nAlimentação: boa\nSono: bom")
        vitals = driver.state.vitals
        assert (str(vitals.blood_pressure), vitals.heart_rate, vitals.resp_rate, vitals.saturation) == (
            "120x80",
            80,
            18,
            96,
        )
        assert vitals.temperature == 36.5
        assert driver.state.topics.get(Topic.ADDITIONAL_INFO) is None
        assert driver.state.topics.get(Topic.SLEEP) == "bom"

    def test_a_percentage_alone_is_still_no_saturation(self) -> None:
        """ "comeu 50% do almoço" stays the food topic."""
        driver = Driver(SHIFT_C)
        driver.send("comeu 50% do almoço")
        assert driver.state.vitals.empty and driver.state.topics.get(Topic.FOOD_HYDRATION) == "comeu 50% do almoço"


class TestAReportHeading:
    def test_segue_relatorio_is_no_note(self) -> None:
        """ "Boa noite, segue relatório" over a bulleted report: the measurement's note is asked, never
        "relatorio"."""
        driver = Driver(SHIFT_C)
        driver.send(
            "Boa noite, segue relatorio\n• PA 12/8\n• FC 76\n• FR 18\n• Sat 97%\n• Tax 36,4\n• AA\n"
            "Alimentação: aceitou toda a dieta\nSono: tranquilo"
        )
        assert driver.state.clinical_note is None and "nota clínica" in driver.reply
        assert driver.state.vitals.complete and driver.state.topics.get(Topic.SLEEP) == "tranquilo"
