"""Whole conversations as data: `Script` (what a caregiver sends, and every backend write it must cause)
and `replay`, which drives the pure machine through it and says what went wrong. Shared by the held-out
conversation sets and `bench/understanding.py`.

A step of a script is a message (str), time passing (timedelta), a template the backend fired, or a new
`getScheduleStarted` answer (dict) that the next fetch returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from orchestrator.models import ActionKind, Template
from tests.unit.driver import Driver, shift

Step = str | timedelta | Template | dict[str, Any]
# The fields compared for each kind of write (the rest are the shift's ids, fixed by the fixtures).
_FIELDS: dict[ActionKind, tuple[str, ...]] = {
    ActionKind.UPDATE_SCHEDULE: ("responseValue",),
    ActionKind.CREATE_SCHEDULE: ("newCaregiverID",),
    ActionKind.UPDATE_CLINICAL: (
        "bloodPressure", "heartRate", "respRate", "saturationO2", "temperature", "supplementaryOxygen",
        "clinicalNote", "operationalNote",
    ),
    ActionKind.UPDATE_SUMMARY: (
        "foodHydrationSpecification", "stoolUrineSpecification", "sleepSpecification", "moodSpecification",
        "medicationsSpecification", "activitiesSpecification", "additionalInformationSpecification",
        "administrativeInfo",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Script:
    """A conversation and its truth. `calls`: every backend write, in order, each as (kind, fields);
    a field not named for a clinical write is expected absent (None). `last_has` / `last_lacks`: words
    the last reply must (not) contain."""

    name: str
    backend: dict[str, Any]
    steps: tuple[Step, ...]
    calls: tuple[tuple[ActionKind, dict[str, Any]], ...] = ()
    last_has: tuple[str, ...] = ()
    last_lacks: tuple[str, ...] = ()
    intent: str = "conversation"
    messages: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "messages", sum(isinstance(step, str) for step in self.steps))


def written(kind: ActionKind, payload: dict[str, Any]) -> dict[str, Any]:
    return {name: payload.get(name) for name in _FIELDS[kind]}


def replay(script: Script) -> list[str]:
    """What the conversation gets wrong (empty: every write exact, every message answered)."""
    return check_script(script, play(script))


def play(script: Script, *, watch: Callable[[Driver, str, int], None] | None = None) -> Driver:
    """The conversation driven through the pure machine, read by the rules. `watch(driver, message,
    calls_before)` sees each message's turn as it is answered."""
    driver = Driver(script.backend)
    for step in script.steps:
        if isinstance(step, timedelta):
            driver.later(step)
        elif isinstance(step, Template):
            driver.template(step)
        elif isinstance(step, dict):
            driver.backend = shift(step)
        else:
            before = len(driver.calls)
            driver.send(step)
            if watch is not None:
                watch(driver, step, before)
    return driver


def check_script(script: Script, driver: Driver) -> list[str]:
    """What `driver`, having played `script`, got wrong."""
    wrong = [f"silent after {text!r}" for text, reply in driver.answers if not reply.strip()]
    got = [(action.kind, written(action.kind, action.payload)) for action in driver.calls]
    want = [(kind, {**dict.fromkeys(_FIELDS[kind]), **fields}) for kind, fields in script.calls]
    if got != want:
        wrong.append(f"writes: got {got!r}, want {want!r}")
    wrong.extend(f"last reply lacks {text!r}" for text in script.last_has if text not in driver.reply)
    wrong.extend(f"last reply has {text!r}" for text in script.last_lacks if text in driver.reply)
    return wrong
