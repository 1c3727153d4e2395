"""Each vocabulary has one definition; the shapes written beside it follow it."""

from __future__ import annotations

from orchestrator.machine import replies
from orchestrator.machine.reading import Expectation, ExpectationKind
from orchestrator.machine.topics import Topic, Topics
from orchestrator.machine.vitals import VITALS, BloodPressure, ClinicalItem, VitalName, Vitals


class TestVitals:
    def test_vitals_fields_follow_the_definition(self) -> None:
        """`Vitals` has one field per `VITALS` entry, in `VitalName` order."""
        assert tuple(Vitals.model_fields) == tuple(VITALS[name].field for name in VitalName)

    def test_wire_round_trip(self) -> None:
        """`to_wire` writes the contract keys (blood pressure as SYSxDIA) and `from_wire` reads them back."""
        vitals = Vitals(blood_pressure=BloodPressure(systolic=120, diastolic=80), heart_rate=76, temperature=36.0)
        wire = vitals.to_wire()
        assert wire == {
            "bloodPressure": "120x80",
            "heartRate": 76,
            "respRate": None,
            "saturationO2": None,
            "temperature": 36.0,
        }
        assert Vitals.from_wire(wire) == vitals

    def test_the_ready_prompt_names_every_vital(self) -> None:
        """The prompt lists the measures from the definition, then the respiratory condition."""
        assert "(PA, FC, FR, Sat, Temp e condição respiratória)" in replies.ready().text


class TestTopics:
    def test_topics_fields_are_the_topic_names(self) -> None:
        """`Topics` has one field per `Topic`, named after its `updateReportSummary` key."""
        assert tuple(Topics.model_fields) == tuple(topic.value for topic in Topic)


class TestExpectation:
    def test_missing_items_are_typed(self) -> None:
        """Item names given as text (e.g. by a test or an old caller) become their enum members."""
        expectation = Expectation(kind=ExpectationKind.VITALS, missing=("FR", "nota clínica", "sleepSpecification"))
        assert expectation.missing == (VitalName.RESP_RATE, ClinicalItem.NOTE, Topic.SLEEP)
