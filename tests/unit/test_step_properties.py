"""Hypothesis properties of `machine.step` (SPEC section 6, "Never silent").

Sequences of messages, templates, clock jumps and backend answers, from every shift fixture, reach
every state the machine has (presence, cancellation, substitutes, clinical collection and
confirmation, report collection and confirmation, expiry, closed shift). Whatever the sequence and
whatever a reader made of the text (the rules, or any Reading an LLM could produce):
- `step` never raises;
- every message gets at least one reply part, and the composed reply is never empty;
- nothing out of range is stored, and no note holds a question or a separator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestrator.machine import (
    Answer,
    Reading,
    RespiratoryCondition,
    SessionState,
    Topic,
    Topics,
    Vitals,
    Wish,
)
from orchestrator.machine.vitals import DIASTOLIC_RANGE, RANGES, SYSTOLIC_RANGE, BloodPressure
from orchestrator.models import ActionStatus, Template
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_D, SHIFT_E
from tests.unit.driver import Driver, shift
from tests.unit.holdout import HELD_OUT
from tests.unit.note_table import NOTE_ROWS
from tests.unit.utterances import UTTERANCES

FIXTURES = [SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_D, SHIFT_E, {**SHIFT_C, "scheduleID": "S-NEXT", "reportID": "R-NEXT"}]
PHRASES = sorted(
    {u.text for u in UTTERANCES}
    | {u.text for u in HELD_OUT}
    | {row.text for row in NOTE_ROWS}
    | {"sim", "não", "oi", "finalizar", "sem informações", "não, sono: acordou duas vezes", "1", "nenhum"}
)
texts = st.one_of(
    st.sampled_from(PHRASES),
    st.lists(st.sampled_from(PHRASES), min_size=2, max_size=3).map(", ".join),
    st.text(max_size=60),
)
# Readings no rule would produce but an LLM might: any combination of answers, values and wishes.
llm_readings = st.builds(
    Reading,
    answer=st.none() | st.sampled_from(Answer),
    choice=st.none() | st.integers(-2, 12),
    no_choice=st.booleans(),
    vitals=st.builds(
        Vitals,
        heart_rate=st.none() | st.integers(40, 190),
        resp_rate=st.none() | st.integers(8, 50),
        saturation=st.none() | st.integers(70, 100),
        temperature=st.none() | st.sampled_from([34.0, 36.5, 41.0]),
        blood_pressure=st.none() | st.just(BloodPressure(systolic=120, diastolic=80)),
    ),
    respiratory=st.none() | st.sampled_from(RespiratoryCondition),
    clinical_note=st.none() | st.sampled_from(["paciente calmo", "dor leve"]),
    operational_note=st.none() | st.just("acabou a luva"),
    topics=st.builds(Topics, sleepSpecification=st.none() | st.just("dormiu bem")),
    wishes=st.lists(st.sampled_from(Wish), max_size=3, unique=True).map(tuple),
)


@dataclass(frozen=True)
class Message:
    text: str
    reading: Reading | None  # None: the rules read the text


@dataclass(frozen=True)
class Later:
    minutes: int


@dataclass(frozen=True)
class Backend:
    answer: dict[str, Any] | None  # None: the backend's answer could not be read


events = st.one_of(
    st.builds(Message, text=texts, reading=st.none()),
    st.builds(Message, text=texts, reading=llm_readings),
    st.builds(Template, st.sampled_from(Template)),
    st.builds(Later, st.sampled_from([1, 6, 11])),
    st.builds(Backend, st.none() | st.sampled_from(FIXTURES)),
)


class Conversation:
    """A caregiver and the backend driving the machine (tests/unit/driver.py), checked after every step."""

    def __init__(self, backend: dict[str, Any]) -> None:
        self.driver = Driver(backend)

    def apply(self, event: Message | Template | Later | Backend) -> None:
        driver = self.driver
        if isinstance(event, Later):
            driver.later(timedelta(minutes=event.minutes))
        elif isinstance(event, Backend):
            driver.backend = shift(event.answer) if event.answer is not None else None
        elif isinstance(event, Template):
            driver.template(event)
        else:
            driver.send(event.text, reading=event.reading)
            assert driver.transitions[-1].parts, f"no reply to {event.text!r}"
            assert driver.reply.strip()
        self._check_state(driver.state)

    @staticmethod
    def _check_state(state: SessionState) -> None:
        for name, (low, high) in RANGES.items():
            value = state.vitals.value(name)
            assert value is None or low <= float(str(value)) <= high
        if (bp := state.vitals.blood_pressure) is not None:
            assert SYSTOLIC_RANGE[0] <= bp.systolic <= SYSTOLIC_RANGE[1]
            assert DIASTOLIC_RANGE[0] <= bp.diastolic <= DIASTOLIC_RANGE[1] and bp.systolic > bp.diastolic
        assert state.staged is None or state.staged.status is ActionStatus.STAGED
        for note in (state.clinical_note, *(state.topics.get(topic) for topic in Topic)):
            assert note is None or ("|" not in note and "?" not in note), note


class TestStepNeverRaises:
    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(backend=st.sampled_from(FIXTURES), sequence=st.lists(events, max_size=25))
    def test_any_sequence_in_any_state(self, backend: dict[str, Any], sequence: list[Any]) -> None:
        """From any shift, any sequence of events: no exception, a reply to every message, values in range."""
        conversation = Conversation(backend)
        for event in sequence:
            conversation.apply(event)

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(sequence=st.lists(st.sampled_from(PHRASES), min_size=1, max_size=30))
    def test_whole_shifts_in_words(self, sequence: list[str]) -> None:
        """A report that opens with the finish reminder, then any phrases: never silent, never raising."""
        conversation = Conversation(SHIFT_C)
        for text in ["sem informações pra todos", "não", *sequence]:
            conversation.apply(Message(text=text, reading=None))
