"""The pure conversation engine: `(state, event, reading, shift, now) -> Transition`. No I/O here."""

from orchestrator.machine.parse import read_rules
from orchestrator.machine.pending import needs_refresh_after
from orchestrator.machine.reading import Answer, Expectation, ExpectationKind, Reading, Source, Wish
from orchestrator.machine.reply_codes import ReplyCode
from orchestrator.machine.saving_notices import not_saved_yet, saving_delayed
from orchestrator.machine.state import MachineConfig, SessionState
from orchestrator.machine.step import after_execution, expectation_of, needs_shift, step
from orchestrator.machine.topics import Topic, Topics
from orchestrator.machine.transition import PartKind, ReplyPart, Transition
from orchestrator.machine.vitals import BloodPressure, RejectedValue, RespiratoryCondition, VitalName, Vitals
from orchestrator.outbound import compose

__all__ = [
    "Answer",
    "BloodPressure",
    "Expectation",
    "ExpectationKind",
    "MachineConfig",
    "PartKind",
    "Reading",
    "RejectedValue",
    "ReplyCode",
    "ReplyPart",
    "RespiratoryCondition",
    "SessionState",
    "Source",
    "Topic",
    "Topics",
    "Transition",
    "VitalName",
    "Vitals",
    "Wish",
    "after_execution",
    "compose",
    "expectation_of",
    "needs_refresh_after",
    "needs_shift",
    "not_saved_yet",
    "read_rules",
    "saving_delayed",
    "step",
]
