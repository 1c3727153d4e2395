"""What one step of the machine returns: the new state, action changes and reply parts.

The caller (`orchestrator.turn`) does all the I/O these describe.
"""

from __future__ import annotations

from orchestrator.machine.state import SessionState
from orchestrator.models import ActionChange, Frozen
from orchestrator.outbound import PartKind, Question, QuestionKind, ReplyPart

# The reply parts are shared with the outbox (`orchestrator.outbound`); the flows know them from here.
__all__ = ["PartKind", "Question", "QuestionKind", "ReplyPart", "Transition"]


class Transition(Frozen):
    """The result of `step`: never mutates its input state."""

    state: SessionState
    actions: tuple[ActionChange, ...] = ()
    parts: tuple[ReplyPart, ...] = ()
