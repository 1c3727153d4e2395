"""Domain values shared across layers: inbound events, shifts, backend contracts, pending actions, turns.

All are frozen pydantic models; a change is a new value (`model_copy(update=...)`).
The conversation state itself lives in `orchestrator.machine.state`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, JsonValue, field_validator, model_validator


class Frozen(BaseModel):
    """Base of our own value types: immutable and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# -- inbound -------------------------------------------------------------------------------------


class EventKind(StrEnum):
    MESSAGE = "message"
    TEMPLATE_FIRED = "template_fired"
    # Meta reported a reply undeliverable (a `failed` status, SPEC section 12): recorded on the session.
    DELIVERY_FAILED = "delivery_failed"


class Template(StrEnum):
    """WhatsApp templates the backend reports through /hooks/template-fired."""

    CONFIRM_PRESENCE = "confirmar_presenca"
    ASK_VITALS = "pedir_sinais_vitais"
    ASK_CLINICAL_NOTE = "pedir_nota_clinica"
    FINISH_SHIFT = "finalizar_plantao"


class InboundEvent(Frozen):
    """One thing that happened to a session, as carried by the queue envelope.

    `event_id` is the idempotency key (the message id for messages): unique per event, the
    seed of every derived id (`orchestrator.ids`: action ids, reply ids, its event marker).
    `session_id` is the caregiver's normalized phone number.
    """

    kind: EventKind
    event_id: str
    session_id: str
    received_at: datetime
    text: str = ""
    template: Template | None = None
    metadata: dict[str, JsonValue] = Field(default_factory=dict)


# -- the backend's view of a shift (getScheduleStarted) ------------------------------------------


class ShiftResponse(StrEnum):
    """The caregiver's answer to the shift as the backend records it."""

    CONFIRMED = "confirmado"
    AWAITING = "aguardando resposta"
    CANCELLED = "cancelado"
    NO_REMINDERS = "sem lembretes"


class BackendAnswer(BaseModel):
    """Base of what the backend answers: it owns these shapes, so extra fields are ignored, and a
    `null` is absent for every field (its default applies) and every list entry (it is skipped).
    SPEC section 6, "Never silent": a null must never turn an answer into a failure."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True, coerce_numbers_to_str=True)

    @model_validator(mode="before")
    @classmethod
    def _null_is_absent(cls, data: object) -> object:
        if not isinstance(data, dict):
            return data
        return {
            key: [item for item in value if item is not None] if isinstance(value, list) else value
            for key, value in data.items()
            if value is not None
        }


class Substitute(BackendAnswer):
    caregiver_identifier: str = Field(alias="caregiverIdentifier")
    caregiver_name: str = Field(alias="caregiverName")


_SUBSTITUTE_KEYS = (("caregiverIdentifier", "caregiver_identifier"), ("caregiverName", "caregiver_name"))


class Shift(BackendAnswer):
    """`getScheduleStarted`'s answer."""

    caregiver_not_found: bool = Field(default=False, alias="caregiverNotFound")
    caregiver_id: str | None = Field(default=None, alias="caregiverID")
    caregiver_first_name: str | None = Field(default=None, alias="caregiverFirstName")
    schedule_id: str | None = Field(default=None, alias="scheduleID")
    patient_id: str | None = Field(default=None, alias="patientID")
    patient_first_name: str | None = Field(default=None, alias="patientFirstName")
    report_id: str | None = Field(default=None, alias="reportID")
    report_date: str | None = Field(default=None, alias="reportDate")
    day: str | None = None
    start: str | None = None
    finish: str | None = None
    response: ShiftResponse | None = None
    shift_allow: bool = Field(default=False, alias="shiftAllow")
    schedule_started: bool = Field(default=False, alias="scheduleStarted")
    finish_reminder_sent: bool = Field(default=False, alias="finishReminderSent")
    # A list of candidates, or a text from the backend when there are none.
    substitute_info: tuple[Substitute, ...] | str | None = Field(
        default=None,
        validation_alias=AliasChoices("substituteInfo", "substitute_info"),
        serialization_alias="substituteInfo",
    )
    company: str | None = None

    @field_validator("response", mode="before")
    @classmethod
    def _response_as_written(cls, value: object) -> object:
        """ "Confirmado " is "confirmado": case and spaces are no reason to fail a shift."""
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("substitute_info", mode="before")
    @classmethod
    def _complete_candidates(cls, value: object) -> object:
        """A candidate without an id or a name cannot be offered: it is skipped, the others kept."""
        if not isinstance(value, list):
            return value
        return [
            item
            for item in value
            if not isinstance(item, dict) or all(item.get(alias) or item.get(name) for alias, name in _SUBSTITUTE_KEYS)
        ]

    @property
    def found(self) -> bool:
        """A shift exists for this phone (the caregiver is known and a schedule came back)."""
        return not self.caregiver_not_found and self.schedule_id is not None

    @property
    def substitutes(self) -> tuple[Substitute, ...]:
        return self.substitute_info if isinstance(self.substitute_info, tuple) else ()


# -- two-phase actions ---------------------------------------------------------------------------


class BackendContract(StrEnum):
    """The backend's operations (SPEC section 7), by their name on the wire.

    `LAMBDA_<member name>` holds each one's URL (`setting`); their request and answer models
    are `machine.contracts.CONTRACTS`. A pending action's `kind` is the write it will make.
    """

    GET_SCHEDULE = "getScheduleStarted"
    UPDATE_SCHEDULE = "updateWorkScheduleResponse"
    UPDATE_CLINICAL = "updateClinicalData"
    GET_NOTE_REPORT = "getNoteReport"
    UPDATE_SUMMARY = "updateReportSummary"
    CREATE_SCHEDULE = "createNewSchedule"

    @property
    def setting(self) -> str:
        """The environment variable holding its URL, e.g. `LAMBDA_GET_SCHEDULE`."""
        return f"LAMBDA_{self.name}"


# The name pending actions' kinds had before they were the contracts themselves (issue 12);
# kept so code written against it keeps importing. New code says BackendContract.
ActionKind = BackendContract


class Purpose(StrEnum):
    """Why an action exists (stored on it); with the event id it makes the action id."""

    PRESENCE = "presence"
    CANCEL = "cancel"
    SUBSTITUTE = "substitute"
    CLINICAL = "clinical"
    OPERATIONAL = "operational"
    REPORT = "report"


class ActionStatus(StrEnum):
    """`staged -> confirmed -> executed`, or `staged -> aborted | expired`. Only forward."""

    STAGED = "staged"
    CONFIRMED = "confirmed"
    EXECUTED = "executed"
    ABORTED = "aborted"
    EXPIRED = "expired"


# Which status each transition starts from: the condition of its conditional write.
ALLOWED_PREVIOUS: dict[ActionStatus, tuple[ActionStatus | None, ...]] = {
    ActionStatus.STAGED: (None,),
    # None: an operational note is confirmed by nature and skips the question.
    ActionStatus.CONFIRMED: (ActionStatus.STAGED, None),
    ActionStatus.EXECUTED: (ActionStatus.CONFIRMED,),
    ActionStatus.ABORTED: (ActionStatus.STAGED,),
    ActionStatus.EXPIRED: (ActionStatus.STAGED,),
}


class PendingAction(Frozen):
    """A backend write waiting for (or past) the caregiver's confirmation.

    `payload` is the exact request body of the contract named by `kind` (built from its typed
    request, `machine.contracts`); `action_id` is derived from the message that staged it and the
    `purpose`, so a redelivery reproduces it and the backend sees the same `Idempotency-Key`.
    """

    action_id: str
    session_id: str
    kind: BackendContract
    purpose: Purpose
    status: ActionStatus
    payload: dict[str, JsonValue]
    created_at: datetime
    expires_at: datetime  # end of the confirmation window
    message_id: str
    summary: str = ""  # what the caregiver was shown, to show again after an expiry
    # The event whose "sim" confirmed it: while it is not executed, that event's message stays
    # on the queue (and goes to the DLQ if the backend never recovers).
    confirmed_by: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _purpose_of_an_older_action(cls, data: object) -> object:
        """Actions stored before issue 12 have no purpose: it follows from their kind and payload."""
        if not isinstance(data, dict) or data.get("purpose") is not None or "kind" not in data:
            return data
        return {**data, "purpose": _purpose_from_payload(str(data["kind"]), data.get("payload") or {})}

    def is_expired(self, now: datetime) -> bool:
        """A staged action past its confirmation window counts as expired, whatever is stored."""
        return self.status is ActionStatus.STAGED and now >= self.expires_at


def _purpose_from_payload(kind: str, payload: Mapping[str, object]) -> Purpose:
    """What the code before issue 12 read from an action each time (only old items need it now)."""
    if kind == BackendContract.UPDATE_SCHEDULE:
        return Purpose.CANCEL if payload.get("responseValue") == ShiftResponse.CANCELLED else Purpose.PRESENCE
    if kind == BackendContract.UPDATE_CLINICAL:
        return Purpose.OPERATIONAL if payload.get("operationalNote") else Purpose.CLINICAL
    return Purpose.SUBSTITUTE if kind == BackendContract.CREATE_SCHEDULE else Purpose.REPORT


class ActionChange(Frozen):
    """One conditional move of an action: to `action.status`, from `previous` (None = new item)."""

    action: PendingAction
    previous: ActionStatus | None


def merge_changes(changes: Sequence[ActionChange]) -> list[ActionChange]:
    """One change per action (a transaction may touch an item once): the first change's
    `previous` and the last change's action, e.g. new -> staged -> confirmed is a new confirmed."""
    merged: dict[str, ActionChange] = {}
    for change in changes:
        first = merged.get(change.action.action_id)
        merged[change.action.action_id] = (
            change if first is None else ActionChange(action=change.action, previous=first.previous)
        )
    return list(merged.values())


# -- conversation record (replies: `orchestrator.outbound`) ------------------------------------


class Role(StrEnum):
    USER = "user"
    BOT = "bot"


class Choice(Frozen):
    """An answer offered to tap (a reply button or a list row): the id it sends back, its title."""

    id: str
    title: str


class Turn(Frozen):
    """One line of the conversation as ConversationBuffer keeps it.

    A bot turn that asked a closed question keeps the answers it offered: `buttons` (yes/no) or
    `options` (a list), as the WhatsApp channel showed them."""

    session_id: str
    at_ms: int  # sort key: unique and increasing within a session
    role: Role
    text: str
    message_id: str  # the inbound event this turn belongs to (for bot turns: in reply to)
    buttons: tuple[Choice, ...] = ()
    options: tuple[Choice, ...] = ()
