"""The LLM's answer as a Reading (validated and range-checked) and the circuit breaker, both pure."""

from __future__ import annotations

from typing import Any

import pytest
from openai.lib._pydantic import to_strict_json_schema
from pydantic import ValidationError

from orchestrator.integrations.llm import CircuitBreaker
from orchestrator.integrations.llm_schema import LlmOutput, to_reading
from orchestrator.machine import Answer, Expectation, ExpectationKind, RespiratoryCondition, Source, Topic, VitalName
from orchestrator.machine.notes import NOTE_MAX_CHARS
from orchestrator.machine.vitals import VITALS


class TestLlmOutput:
    def test_values_are_range_checked_like_user_input(self) -> None:
        """An out-of-range value from the LLM is rejected, never stored."""
        output = LlmOutput(heart_rate=300, saturation=97, blood_pressure="12 por 8", temperature=36.44)
        reading = to_reading(output, Expectation())
        assert reading.vitals.heart_rate is None and [r.name for r in reading.rejected] == [VitalName.HEART_RATE]
        assert reading.vitals.saturation == 97 and str(reading.vitals.blood_pressure) == "120x80"
        assert reading.vitals.temperature == 36.4 and reading.source is Source.LLM

    def test_choice_outside_the_offered_list_is_dropped(self) -> None:
        """A 1-based choice maps to an index only when the list has it."""
        expectation = Expectation(kind=ExpectationKind.SUBSTITUTE_CHOICE, choices=("Maria", "João"))
        assert to_reading(LlmOutput(choice=2), expectation).choice == 1
        assert to_reading(LlmOutput(choice=5), expectation).choice is None

    def test_malformed_answers_are_refused(self) -> None:
        """Wrong types or unknown enum values fail validation (the caller falls back to rules)."""
        with pytest.raises(ValidationError):
            LlmOutput.model_validate_json('{"answer": "maybe"}')
        with pytest.raises(ValidationError):
            LlmOutput.model_validate_json('{"respiratory_condition": "Ar livre"}')
        with pytest.raises(ValidationError):
            LlmOutput.model_validate_json("not json")

    def test_full_answer_maps_every_field(self) -> None:
        """Answer, condition, notes, topics and wishes all reach the Reading."""
        output = LlmOutput.model_validate(
            {
                "answer": "no",
                "respiratory_condition": "Ventilação mecânica",
                "clinical_note": " paciente sonolento ",
                "operational_note": "luvas acabaram",
                "topics": {"sleepSpecification": "dormiu bem"},
                "wishes": ["help", "help"],
            }
        )
        reading = to_reading(output, Expectation())
        assert reading.answer is Answer.NO and reading.respiratory is RespiratoryCondition.MECHANICAL_VENTILATION
        assert reading.clinical_note == "paciente sonolento" and reading.operational_note == "luvas acabaram"
        assert reading.topics.get(Topic.SLEEP) == "dormiu bem" and len(reading.wishes) == 1

    def test_notes_from_the_llm_are_cleaned_like_the_rules_notes(self) -> None:
        """A greeting, filler, an emoji or a question in the LLM's note never reaches the record."""
        output = LlmOutput(clinical_note="Boa noite! ops, paciente sonolento 😴", operational_note="vcs tem luva?")
        reading = to_reading(output, Expectation())
        assert reading.clinical_note == "paciente sonolento" and reading.operational_note is None

    def test_a_question_is_a_wish(self) -> None:
        """The schema offers "question" among the wishes, and it reaches the Reading."""
        schema = RESPONSE_SCHEMA
        assert "question" in resolve(schema, schema["properties"]["wishes"]["items"])["enum"]
        assert [wish.value for wish in to_reading(LlmOutput(wishes=["question"]), Expectation()).wishes] == ["question"]

    def test_schema_requires_every_property(self) -> None:
        """Strict structured output needs every property listed as required."""
        assert set(RESPONSE_SCHEMA["required"]) == set(RESPONSE_SCHEMA["properties"])
        topics = resolve(RESPONSE_SCHEMA, RESPONSE_SCHEMA["properties"]["topics"])
        assert set(topics["required"]) == {topic.value for topic in Topic}

    def test_schema_has_a_field_per_vital_sign_and_no_defaults(self) -> None:
        """The vital signs' fields come from their definition; strict mode takes no `default`."""
        properties = RESPONSE_SCHEMA["properties"]
        assert {spec.field for spec in VITALS.values()} <= set(properties)
        assert all("default" not in field for field in properties.values())

    def test_overlong_texts_are_malformed(self) -> None:
        """A note or a topic over the note limit fails validation (the rules answer), as before."""
        with pytest.raises(ValidationError):
            LlmOutput.model_validate({"clinical_note": "x" * (NOTE_MAX_CHARS + 1)})
        with pytest.raises(ValidationError):
            LlmOutput.model_validate({"topics": {"sleepSpecification": "x" * (NOTE_MAX_CHARS + 1)}})


# What the client sends as the response format's schema (derived from LlmOutput by the openai client).
RESPONSE_SCHEMA: dict[str, Any] = to_strict_json_schema(LlmOutput)


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """A `$ref` of the schema followed to its definition."""
    ref = node.get("$ref")
    return node if ref is None else schema["$defs"][ref.removeprefix("#/$defs/")]


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class TestCircuitBreaker:
    def test_opens_after_consecutive_failures_and_closes_after_cooldown(self) -> None:
        """3 failures open it; after the cooldown one trial is allowed; success closes it."""
        clock = FakeClock()
        breaker = CircuitBreaker(failure_threshold=3, cooldown=30, clock=clock)
        for _ in range(2):
            breaker.record_failure()
        assert breaker.allow()
        breaker.record_failure()
        assert not breaker.allow()
        clock.now = 30.0
        assert breaker.allow()
        breaker.record_success()
        assert breaker.allow() and not breaker.is_open

    def test_a_failed_trial_reopens_at_once(self) -> None:
        """In half-open state one more failure opens it again for a full cooldown."""
        clock = FakeClock()
        breaker = CircuitBreaker(failure_threshold=2, cooldown=10, clock=clock)
        breaker.record_failure()
        breaker.record_failure()
        clock.now = 11
        assert breaker.allow()
        breaker.record_failure()
        assert not breaker.allow()
        clock.now = 20
        assert not breaker.allow()

    def test_success_resets_the_count(self) -> None:
        """Failures must be consecutive to open the breaker."""
        breaker = CircuitBreaker(failure_threshold=2, cooldown=10, clock=FakeClock())
        breaker.record_failure()
        breaker.record_success()
        breaker.record_failure()
        assert breaker.allow()
