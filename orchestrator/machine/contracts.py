"""The backend's contracts (SPEC section 7): one entry in `CONTRACTS` each, with its request and
answer models. The flows build typed requests; `wire()` is the exact body the backend receives.

Everything else derives from this table and `BackendContract`: the `LAMBDA_*` settings, the
URLs, the demo backend's routes and request validation, the client's reads and writes. Adding a
write contract: a `BackendContract` member, its request model and entry here, and the flow that
stages it (`new_action(event, purpose, request, ...)`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, Literal, Self, TypedDict, TypeVar

from pydantic import ConfigDict, Field, JsonValue, model_validator
from pydantic_core import to_jsonable_python

from orchestrator.machine.topics import NO_INFORMATION, Topic, Topics
from orchestrator.machine.vitals import VITALS, RespiratoryCondition, Vitals
from orchestrator.models import BackendAnswer, BackendContract, Frozen, PendingAction, Shift, ShiftResponse

_Spreadable = TypeVar("_Spreadable", Vitals, Topics)


@dataclass(frozen=True)
class _Spread(Generic[_Spreadable]):
    """A value whose keys stand at the top level of a body (SPEC's bodies are flat)."""

    keys: tuple[str, ...]
    dump: Callable[[_Spreadable], dict[str, JsonValue]]
    load: Callable[[dict[str, JsonValue]], _Spreadable]


_SPREAD: Mapping[type, _Spread[Vitals] | _Spread[Topics]] = {
    Vitals: _Spread(tuple(spec.wire_key for spec in VITALS.values()), Vitals.to_wire, Vitals.from_wire),
    Topics: _Spread(tuple(topic.value for topic in Topic), lambda topics: topics.model_dump(), Topics.model_validate),
}


class ContractBody(Frozen):
    """A request body: every key of the contract present (null when absent), none of our invention."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, coerce_numbers_to_str=True)

    def wire(self) -> dict[str, JsonValue]:
        """The body as sent, keys in the contract's order."""
        body: dict[str, JsonValue] = {}
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            spread = _SPREAD.get(type(value))
            if spread is not None:
                body.update(spread.dump(value))
            else:
                body[field.alias or name] = to_jsonable_python(value)
        return body

    @model_validator(mode="before")
    @classmethod
    def _gather_spread_keys(cls, data: object) -> object:
        """A body as received: the keys of a spread value are gathered under its field."""
        if not isinstance(data, dict):
            return data
        gathered = dict(data)
        for name, field in cls.model_fields.items():
            spread = _SPREAD.get(field.annotation) if isinstance(field.annotation, type) else None
            if spread is None or name in gathered:
                continue
            if missing := [key for key in spread.keys if key not in gathered]:
                raise ValueError(f"missing {', '.join(missing)}")
            gathered[name] = spread.load({key: gathered.pop(key) for key in spread.keys})
        return gathered


# -- requests -------------------------------------------------------------------------------------


class ScheduleQuery(ContractBody):
    phone_number: str = Field(alias="phoneNumber")


class UpdateScheduleRequest(ContractBody):
    schedule_id: str | None = Field(alias="scheduleID")
    response_value: Literal[ShiftResponse.CONFIRMED, ShiftResponse.CANCELLED] = Field(alias="responseValue")
    caregiver_id: str | None = Field(alias="caregiverID")
    phone_number: str | None = Field(alias="phoneNumber")

    @classmethod
    def answer(cls, shift: Shift, session_id: str, response: ShiftResponse) -> Self:
        """`confirmado` or `cancelado` for the shift."""
        return cls(
            schedule_id=shift.schedule_id,
            response_value=response,
            caregiver_id=shift.caregiver_id,
            phone_number=session_id,
        )


class _ReportWrite(ContractBody):
    """The keys a write about the shift's report starts with."""

    report_id: str | None = Field(alias="reportID")
    report_date: str | None = Field(alias="reportDate")
    schedule_id: str | None = Field(alias="scheduleID")


class _ReportKeys(TypedDict):
    report_id: str | None
    report_date: str | None
    schedule_id: str | None


def _report_of(shift: Shift) -> _ReportKeys:
    return {"report_id": shift.report_id, "report_date": shift.report_date, "schedule_id": shift.schedule_id}


class UpdateClinicalRequest(_ReportWrite):
    patient_identifier: str | None = Field(alias="patientIdentifier")
    caregiver_identifier: str | None = Field(alias="caregiverIdentifier")
    session_id: str | None = Field(alias="sessionID")
    vitals: Vitals  # spread: one key per vital sign (`VITALS[*].wire_key`)
    supplementary_oxygen: RespiratoryCondition | None = Field(alias="supplementaryOxygen")
    clinical_note: str | None = Field(alias="clinicalNote")
    operational_note: bool | None = Field(alias="operationalNote")

    @classmethod
    def record(
        cls,
        shift: Shift,
        session_id: str,
        vitals: Vitals,
        respiratory: RespiratoryCondition | None,
        note: str | None,
        *,
        operational: bool,
    ) -> Self:
        """A measurement, a note alone, or an operational note."""
        return cls(
            **_report_of(shift),
            patient_identifier=shift.patient_id,
            caregiver_identifier=shift.caregiver_id,
            session_id=session_id,
            vitals=vitals,
            supplementary_oxygen=respiratory,
            clinical_note=note,
            operational_note=operational,
        )


class NoteReportQuery(ContractBody):
    report_id: str = Field(alias="reportID")
    report_date: str = Field(alias="reportDate")


class UpdateSummaryRequest(_ReportWrite):
    caregiver_id: str | None = Field(alias="caregiverID")
    patient_first_name: str | None = Field(alias="patientFirstName")
    caregiver_first_name: str | None = Field(alias="caregiverFirstName")
    shift_day: str | None = Field(alias="shiftDay")
    shift_start: str | None = Field(alias="shiftStart")
    shift_end: str | None = Field(alias="shiftEnd")
    topics: Topics  # spread: one key per topic, named after it

    @classmethod
    def report(cls, shift: Shift, topics: Topics) -> Self:
        """The report with the shift's real names, day and times; a topic not given is "Sem informações"."""
        return cls(
            **_report_of(shift),
            caregiver_id=shift.caregiver_id,
            patient_first_name=shift.patient_first_name,
            caregiver_first_name=shift.caregiver_first_name,
            shift_day=shift.day,
            shift_start=shift.start,
            shift_end=shift.finish,
            topics=Topics.model_validate({topic.value: topics.get(topic) or NO_INFORMATION for topic in Topic}),
        )


class CreateScheduleRequest(ContractBody):
    schedule_identifier: str | None = Field(alias="scheduleIdentifier")
    new_caregiver_id: str = Field(alias="newCaregiverID")

    @classmethod
    def substitute(cls, shift: Shift, caregiver_id: str) -> Self:
        """The chosen substitute takes the shift."""
        return cls(schedule_identifier=shift.schedule_id, new_caregiver_id=caregiver_id)


# -- answers (what reads return; writes answer 2xx with nothing to read) --------------------------


class Note(BackendAnswer):
    """One note of a report as `getNoteReport` returns it."""

    note_desc_ai: str | None = Field(default=None, alias="noteDescAI")
    timestamp: str | None = None


class NoteReport(BackendAnswer):
    notes: tuple[Note, ...] = ()


# -- the table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contract:
    """One backend operation: its request body and, for a read, the answer it returns."""

    request: type[ContractBody]
    answer: type[BackendAnswer] | None = None  # None: a write (Idempotency-Key, 2xx)

    @property
    def writes(self) -> bool:
        return self.answer is None


CONTRACTS: Mapping[BackendContract, Contract] = {
    BackendContract.GET_SCHEDULE: Contract(ScheduleQuery, answer=Shift),
    BackendContract.UPDATE_SCHEDULE: Contract(UpdateScheduleRequest),
    BackendContract.UPDATE_CLINICAL: Contract(UpdateClinicalRequest),
    BackendContract.GET_NOTE_REPORT: Contract(NoteReportQuery, answer=NoteReport),
    BackendContract.UPDATE_SUMMARY: Contract(UpdateSummaryRequest),
    BackendContract.CREATE_SCHEDULE: Contract(CreateScheduleRequest),
}
_CONTRACT_OF_REQUEST = {entry.request: contract for contract, entry in CONTRACTS.items()}


def contract_of(request: ContractBody) -> BackendContract:
    """The contract a request body belongs to."""
    return _CONTRACT_OF_REQUEST[type(request)]


def clinical_request(action: PendingAction) -> UpdateClinicalRequest:
    """The typed body of a staged `updateClinicalData` (stored as the wire body it will send).

    Raises:
        ValueError: the action is another contract's.
    """
    if action.kind is not BackendContract.UPDATE_CLINICAL:
        raise ValueError(f"{action.kind} is not {BackendContract.UPDATE_CLINICAL}")
    return UpdateClinicalRequest.model_validate(action.payload)
