"""The conversation state of one session, and the machine's configuration.

Bounded by construction: one staged action at most, a capped substitute list, capped texts.
The default instance is the state of a brand-new session.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import Field

from orchestrator.machine.notes import NOTE_MAX_CHARS
from orchestrator.machine.topics import Topics
from orchestrator.machine.vitals import RespiratoryCondition, Vitals
from orchestrator.models import Frozen, PendingAction, Shift, ShiftResponse, Substitute

MAX_SUBSTITUTES = 9  # a one-digit answer picks any of them


class MachineConfig(Frozen):
    """Time windows of the conversation (from PENDING_ACTION_TTL_MINUTES, SCHEDULE_REFRESH_SECONDS)."""

    pending_action_ttl: timedelta = timedelta(minutes=10)
    schedule_refresh: timedelta = timedelta(seconds=300)


class SessionState(Frozen):
    """Everything the machine remembers between messages of one caregiver.

    `shift` is the cached `getScheduleStarted` answer; `presence` is what the caregiver decided
    here, which wins over a cache that has not caught up yet. `vitals`, `respiratory` and
    `clinical_note` are the measurement being collected; `topics` the report being collected.
    """

    schedule_id: str | None = None
    shift: Shift | None = None
    shift_fetched_at: datetime | None = None
    presence: ShiftResponse | None = None
    staged: PendingAction | None = None
    substitutes: tuple[Substitute, ...] = Field(default=(), max_length=MAX_SUBSTITUTES)
    vitals: Vitals = Vitals()
    respiratory: RespiratoryCondition | None = None
    support: str | None = Field(default=None, max_length=NOTE_MAX_CHARS)  # "O2 em cateter 2 L/min", "BIPAP noturno"
    clinical_note: str | None = Field(default=None, max_length=NOTE_MAX_CHARS)
    # Measurements saved in this shift, and those of them with all five vitals (finishing needs one).
    measurements_saved: int = 0
    complete_measurements_saved: int = 0
    vitals_requested: bool = False
    note_requested: bool = False
    finalizing: bool = False
    topics: Topics = Topics()
    report_sent: bool = False

    @property
    def shift_response(self) -> ShiftResponse | None:
        """The shift's status as far as this conversation knows."""
        if self.presence is not None:
            return self.presence
        return self.shift.response if self.shift is not None else None

    @property
    def collecting_clinical(self) -> bool:
        return not self.vitals.empty or self.respiratory is not None or self.clinical_note is not None
