"""The accumulator one `step` call builds its `Transition` with.

Local to a single call (never stored, never shared): the flows add action changes and reply
parts to it in order, and `transition()` freezes the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from orchestrator.machine.state import MachineConfig, SessionState
from orchestrator.machine.transition import ReplyPart, Transition
from orchestrator.models import ActionChange, InboundEvent, Shift


@dataclass
class Outcome:
    state: SessionState
    event: InboundEvent
    now: datetime
    config: MachineConfig
    actions: list[ActionChange] = field(default_factory=list)
    parts: list[ReplyPart] = field(default_factory=list)

    @property
    def shift(self) -> Shift:
        """The current shift; the flows run only once a found shift is known."""
        if self.state.shift is None:
            raise ValueError("no shift in the session state")
        return self.state.shift

    def update(self, **changes: object) -> None:
        self.state = self.state.model_copy(update=changes)

    def change(self, change: ActionChange) -> None:
        self.actions.append(change)

    def say(self, part: ReplyPart) -> None:
        self.parts.append(part)

    def transition(self) -> Transition:
        return Transition(state=self.state, actions=tuple(self.actions), parts=tuple(self.parts))
