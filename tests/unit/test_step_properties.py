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
    MachineConfig,
    Reading,
    RespiratoryCondition,
    SessionState,
    Topic,
    Topics,
    Vitals,
    Wish,
    after_execution,
    compose,
    expectation_of,
    needs_refresh_after,
    needs_shift,
    read_rules,
    step,
)
from orchestrator.machine.vitals import DIASTOLIC_RANGE, RANGES, SYSTOLIC_RANGE, BloodPressure
from orchestrator.models import ActionStatus, EventKind, InboundEvent, Shift, Template
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_D, SHIFT_E
from tests.unit.driver import PHONE, T0, shift
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
    """The worker's turn in miniature: fetch when due, read, step, react after a cancellation."""

    def __init__(self, backend: dict[str, Any]) -> None:
        self.backend: Shift | None = shift(backend)
        self.state = SessionState()
        self.now = T0
        self.config = MachineConfig()
        self.count = 0

    def apply(self, event: Message | Template | Later | Backend) -> None:
        if isinstance(event, Later):
            self.now += timedelta(minutes=event.minutes)
        elif isinstance(event, Backend):
            self.backend = shift(event.answer) if event.answer is not None else None
        elif isinstance(event, Template):
            self._step(self._event(EventKind.TEMPLATE_FIRED, template=event), None)
        else:
            self._message(event)

    def _message(self, message: Message) -> None:
        event = self._event(EventKind.MESSAGE, text=message.text)
        fetched = self.backend if needs_shift(self.state, event, self.now, self.config) else None
        reading = message.reading or read_rules(message.text, expectation_of(self.state, self.now, fetched))
        parts = self._step(event, reading)
        assert parts, f"no reply to {message.text!r}"
        assert compose(parts).strip()

    def _step(self, event: InboundEvent, reading: Reading | None) -> list[Any]:
        fetched = self.backend if needs_shift(self.state, event, self.now, self.config) else None
        transition = step(self.state, event, reading, fetched, self.now, self.config)
        self.state = transition.state
        parts = list(transition.parts)
        for change in transition.actions:
            if change.action.status is ActionStatus.CONFIRMED and needs_refresh_after(change.action):
                follow = after_execution(self.state, change.action, self.backend, self.now, self.config)
                self.state = follow.state
                parts.extend(follow.parts)
        self._check_state()
        return parts

    def _event(self, kind: EventKind, *, text: str = "", template: Template | None = None) -> InboundEvent:
        self.count += 1
        return InboundEvent(
            kind=kind, event_id=f"e-{self.count}", session_id=PHONE, received_at=self.now, text=text, template=template
        )

    def _check_state(self) -> None:
        state = self.state
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
