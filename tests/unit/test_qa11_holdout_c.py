"""Defects found by the blind held-out set 11c (tests/unit/holdout_11c.py): each replayed on the pure
machine, as a caregiver sent it."""

from __future__ import annotations

from orchestrator.machine import Topic
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_B, SHIFT_C
from tests.unit.driver import Driver


class TestAReportLabelOutsideTheReport:
    """Before the report opens, a labelled line of it that is news of the service is an occurrence: the
    topic's label is no part of the note (SPEC §6: topic labels are not part of the stored value)."""

    def test_administrativo_label_is_not_stored(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("administrativo: filha visitou")
        [note] = driver.calls
        assert note.kind is ActionKind.UPDATE_CLINICAL and note.payload["operationalNote"] is True
        assert note.payload["clinicalNote"] == "filha visitou"

    def test_info_clinica_label_is_not_stored(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("Info clínica: chegou a enfermeira")
        [note] = driver.calls
        assert note.payload["clinicalNote"] == "chegou a enfermeira"

    def test_the_last_line_of_a_whole_report(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("alimentação: comeu bem; sono: dormiu bem; administrativo: filha visitou")
        assert [call.payload["clinicalNote"] for call in driver.calls] == ["filha visitou"]

    def test_at_the_report_summary_the_label_still_names_the_topic(self) -> None:
        """While the report summary awaits its answer, "não, administrativo: ..." corrects that topic."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem; evacuou normal; dormiu bem; tranquilo; tomou dipirona; caminhou; sem intercorrências")
        driver.send("sem informações")
        driver.send("não, administrativo: família trouxe fraldas")
        assert driver.state.topics.get(Topic.ADMINISTRATIVE) == "família trouxe fraldas"


class TestACorrectionAtTheReportSummary:
    """ "não, administrativo: família trouxe fraldas" at the report summary corrects the administrative info;
    it was also saved as an occurrence (two writes of one remark)."""

    def test_the_corrected_topic_is_no_occurrence(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("comeu bem; evacuou normal; dormiu bem; tranquilo; tomou dipirona; caminhou; sem intercorrências")
        driver.send("sem informações")
        driver.send("não, administrativo: família trouxe fraldas")
        driver.send("sim")
        assert [call.kind for call in driver.calls] == [ActionKind.UPDATE_SUMMARY]
        assert driver.calls[0].payload["administrativeInfo"] == "família trouxe fraldas"


class TestNotYetAtTheReportSummary:
    def test_nao_envia_ainda_is_no_part_of_the_occurrence(self) -> None:
        """ "não envia ainda, acabou a fralda" saved the occurrence "envia ainda, acabou a fralda"."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem; evacuou normal; dormiu bem; tranquilo; tomou dipirona; caminhou; sem intercorrências")
        driver.send("filha visitou")
        driver.send("não envia ainda, acabou a fralda")
        assert [call.payload["clinicalNote"] for call in driver.calls] == ["acabou a fralda"]
