"""A conversation driver for the pure machine: reads each message with the rules and steps it,
the way the worker's turn does, and records the backend calls a worker would make."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from orchestrator.machine import (
    MachineConfig,
    Reading,
    SessionState,
    Transition,
    after_execution,
    compose,
    expectation_of,
    needs_refresh_after,
    needs_shift,
    read_rules,
    step,
)
from orchestrator.models import ActionKind, ActionStatus, EventKind, InboundEvent, PendingAction, Shift, Template

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
PHONE = "5511999990000"


def shift(data: dict[str, Any]) -> Shift:
    return Shift.model_validate(data)


class Driver:
    """One caregiver talking to the machine; `backend` is what getScheduleStarted answers now."""

    def __init__(self, backend: dict[str, Any], *, now: datetime = T0, config: MachineConfig | None = None) -> None:
        self.backend: Shift | None = shift(backend)  # None: its answer cannot be read
        self.now = now
        self.config = config or MachineConfig()
        self.state = SessionState()
        self.calls: list[PendingAction] = []  # confirmed actions, in order: what the worker executes
        self.transitions: list[Transition] = []
        self.readings: list[Reading] = []  # one per message, as the machine received it
        self.answers: list[tuple[str, str]] = []  # (message, the reply it got), in order
        self.reply = ""
        self._count = 0

    def _event(
        self, kind: EventKind, text: str = "", template: Template | None = None, event_id: str | None = None
    ) -> InboundEvent:
        self._count += 1
        return InboundEvent(
            kind=kind,
            event_id=event_id or f"m-{self._count}",
            session_id=PHONE,
            received_at=self.now,
            text=text,
            template=template,
        )

    def send(self, text: str, *, event_id: str | None = None, reading: Reading | None = None) -> Transition:
        """One message, read by the rules unless a `reading` is given (as an LLM might produce)."""
        event = self._event(EventKind.MESSAGE, text, event_id=event_id)
        fetched = self.backend if needs_shift(self.state, event, self.now, self.config) else None
        reading = reading or read_rules(text, expectation_of(self.state, self.now, fetched))
        self.readings.append(reading)
        transition = self._apply(event, reading, fetched)
        self.answers.append((text, self.reply))
        return transition

    def template(self, template: Template) -> Transition:
        event = self._event(EventKind.TEMPLATE_FIRED, template=template)
        fetched = self.backend if needs_shift(self.state, event, self.now, self.config) else None
        return self._apply(event, None, fetched)

    def later(self, delta: timedelta) -> None:
        self.now += delta

    def _apply(self, event: InboundEvent, reading: Any, fetched: Shift | None) -> Transition:
        transition = step(self.state, event, reading, fetched, self.now, self.config)
        self.state = transition.state
        parts = list(transition.parts)
        confirmed = [c.action for c in transition.actions if c.action.status is ActionStatus.CONFIRMED]
        self.calls.extend(confirmed)
        for action in confirmed:
            if needs_refresh_after(action):
                follow = after_execution(self.state, action, self.backend, self.now, self.config)
                self.state = follow.state
                parts.extend(follow.parts)
        self.transitions.append(transition)
        self.reply = compose(parts)
        return transition

    def calls_of(self, kind: ActionKind) -> list[dict[str, Any]]:
        return [action.payload for action in self.calls if action.kind is kind]


def reply_codes(driver: Driver) -> list[str]:
    """The codes of the reply parts of the driver's last transition, in order."""
    return [part.code for part in driver.transitions[-1].parts]


def saved_measurement(driver: Driver) -> dict[str, Any]:
    """The measurement a "sim" to the summary on screen saves (its updateClinicalData body)."""
    assert "Posso salvar?" in driver.reply
    driver.send("sim")
    calls = driver.calls_of(ActionKind.UPDATE_CLINICAL)
    assert calls and calls[-1]["operationalNote"] is False
    return calls[-1]
