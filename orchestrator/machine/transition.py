"""What one step of the machine returns: the new state, action changes and reply parts.

The caller (`orchestrator.turn`) does all the I/O these describe.
"""

from __future__ import annotations

from enum import StrEnum

from orchestrator.machine.state import SessionState
from orchestrator.models import ActionChange, ActionStatus, Frozen


class PartKind(StrEnum):
    """Notices are all kept across a burst; of the prompts only the last one is sent."""

    NOTICE = "notice"
    PROMPT = "prompt"


class ReplyPart(Frozen):
    """A piece of the bot's answer.

    `after_action` names a confirmed action this part announces as saved: it is sent only
    once that action executed; otherwise the turn replaces it by the "saving delayed" notice.
    """

    code: str
    text: str
    kind: PartKind = PartKind.PROMPT
    after_action: str | None = None


class Transition(Frozen):
    """The result of `step`: never mutates its input state."""

    state: SessionState
    actions: tuple[ActionChange, ...] = ()
    parts: tuple[ReplyPart, ...] = ()
    # After executing this transition's confirmed actions, fetch the shift again and call
    # `machine.after_execution` (e.g. a cancellation makes the backend offer substitutes).
    refresh_shift_after_execution: bool = False

    @property
    def to_execute(self) -> tuple[ActionChange, ...]:
        return tuple(change for change in self.actions if change.action.status is ActionStatus.CONFIRMED)
