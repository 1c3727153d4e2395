"""`BackendClient`: the six backend contracts of SPEC section 7 over HTTP POST + JSON.

Writes carry `Idempotency-Key: <actionId>` and send their payload exactly as given; reads parse
into domain values. Failures come out as `TransientIntegrationError` (after retries) or
`PermanentIntegrationError` (4xx), classified in `orchestrator.integrations.http`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from enum import StrEnum
from typing import Any, Literal, TypeVar

import httpx
import structlog
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from orchestrator.errors import UnreadableAnswer
from orchestrator.integrations.http import IDEMPOTENCY_HEADER, RetryPolicy, encode_json, new_http_client, post_json
from orchestrator.models import ActionKind, BackendAnswer, PendingAction, Shift, ShiftResponse

logger = structlog.get_logger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)


class BackendContract(StrEnum):
    """The six backend operations; the write ones share their value with `ActionKind`."""

    GET_SCHEDULE = "getScheduleStarted"
    UPDATE_SCHEDULE = ActionKind.UPDATE_SCHEDULE.value
    UPDATE_CLINICAL = ActionKind.UPDATE_CLINICAL.value
    GET_NOTE_REPORT = "getNoteReport"
    UPDATE_SUMMARY = ActionKind.UPDATE_SUMMARY.value
    CREATE_SCHEDULE = ActionKind.CREATE_SCHEDULE.value


class BackendUrls(BaseModel):
    """Where each contract lives: the `LAMBDA_*` variables, field `x` <- `LAMBDA_X`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    get_schedule: str
    update_schedule: str
    update_clinical: str
    get_note_report: str
    update_summary: str
    create_schedule: str

    def for_contract(self, contract: BackendContract) -> str:
        return {
            BackendContract.GET_SCHEDULE: self.get_schedule,
            BackendContract.UPDATE_SCHEDULE: self.update_schedule,
            BackendContract.UPDATE_CLINICAL: self.update_clinical,
            BackendContract.GET_NOTE_REPORT: self.get_note_report,
            BackendContract.UPDATE_SUMMARY: self.update_summary,
            BackendContract.CREATE_SCHEDULE: self.create_schedule,
        }[contract]


# -- request and response bodies (contract keys, exactly) ------------------------------------------


class _Body(BaseModel):
    """A contract body: every key present (null when absent), no key of our own invention."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, coerce_numbers_to_str=True)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, mode="json")


Number = int | float


class ScheduleQuery(_Body):
    phone_number: str = Field(alias="phoneNumber")


class UpdateScheduleRequest(_Body):
    schedule_id: str = Field(alias="scheduleID")
    response_value: Literal[ShiftResponse.CONFIRMED, ShiftResponse.CANCELLED] = Field(alias="responseValue")
    caregiver_id: str | None = Field(alias="caregiverID")
    phone_number: str | None = Field(alias="phoneNumber")


class UpdateClinicalRequest(_Body):
    report_id: str = Field(alias="reportID")
    report_date: str = Field(alias="reportDate")
    schedule_id: str = Field(alias="scheduleID")
    patient_identifier: str | None = Field(alias="patientIdentifier")
    caregiver_identifier: str | None = Field(alias="caregiverIdentifier")
    session_id: str | None = Field(alias="sessionID")
    blood_pressure: str | None = Field(alias="bloodPressure")
    heart_rate: Number | None = Field(alias="heartRate")
    resp_rate: Number | None = Field(alias="respRate")
    saturation_o2: Number | None = Field(alias="saturationO2")
    temperature: Number | None = Field(alias="temperature")
    supplementary_oxygen: str | None = Field(alias="supplementaryOxygen")
    clinical_note: str | None = Field(alias="clinicalNote")
    operational_note: bool | None = Field(alias="operationalNote")


class NoteReportQuery(_Body):
    report_id: str = Field(alias="reportID")
    report_date: str = Field(alias="reportDate")


class UpdateSummaryRequest(_Body):
    report_id: str = Field(alias="reportID")
    report_date: str = Field(alias="reportDate")
    schedule_id: str = Field(alias="scheduleID")
    caregiver_id: str | None = Field(alias="caregiverID")
    patient_first_name: str | None = Field(alias="patientFirstName")
    caregiver_first_name: str | None = Field(alias="caregiverFirstName")
    shift_day: str | None = Field(alias="shiftDay")
    shift_start: str | None = Field(alias="shiftStart")
    shift_end: str | None = Field(alias="shiftEnd")
    food_hydration: str | None = Field(alias="foodHydrationSpecification")
    stool_urine: str | None = Field(alias="stoolUrineSpecification")
    sleep: str | None = Field(alias="sleepSpecification")
    mood: str | None = Field(alias="moodSpecification")
    medications: str | None = Field(alias="medicationsSpecification")
    activities: str | None = Field(alias="activitiesSpecification")
    additional_information: str | None = Field(alias="additionalInformationSpecification")
    administrative_info: str | None = Field(alias="administrativeInfo")


class CreateScheduleRequest(_Body):
    schedule_identifier: str = Field(alias="scheduleIdentifier")
    new_caregiver_id: str = Field(alias="newCaregiverID")


class Note(BackendAnswer):
    """One note of a report as `getNoteReport` returns it."""

    note_desc_ai: str | None = Field(default=None, alias="noteDescAI")
    timestamp: str | None = None


class NoteReport(BackendAnswer):
    notes: tuple[Note, ...] = ()


WRITE_REQUESTS: Mapping[BackendContract, type[_Body]] = {
    BackendContract.UPDATE_SCHEDULE: UpdateScheduleRequest,
    BackendContract.UPDATE_CLINICAL: UpdateClinicalRequest,
    BackendContract.UPDATE_SUMMARY: UpdateSummaryRequest,
    BackendContract.CREATE_SCHEDULE: CreateScheduleRequest,
}


# -- the client ------------------------------------------------------------------------------------


class BackendClient:
    """One method per contract over the process's shared `httpx.AsyncClient`.

    Args:
        client: the process's HTTP client (the composition root owns and closes it).
        urls: the six contract URLs.
        timeout: per attempt, seconds (`BACKEND_TIMEOUT_SECONDS`, 10 by default).
        retry: how transient failures are retried; tests pass small waits.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        urls: BackendUrls,
        *,
        timeout: float = 10.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._client = client
        self._urls = urls
        self._timeout = timeout
        self._retry = retry or RetryPolicy()

    @classmethod
    @asynccontextmanager
    async def open(
        cls, urls: BackendUrls, *, timeout: float = 10.0, retry: RetryPolicy | None = None
    ) -> AsyncIterator[BackendClient]:
        """A client with an HTTP client of its own, closed on exit (for processes that share none)."""
        async with new_http_client(timeout=timeout) as client:
            yield cls(client, urls, timeout=timeout, retry=retry)

    # -- reads -------------------------------------------------------------------------------------

    async def get_schedule(self, phone_number: str) -> Shift:
        """The caregiver's current shift. An unknown phone is a normal answer (`caregiver_not_found`).

        Raises:
            UnreadableAnswer: a 2xx whose body is no shift at all (nulls alone never are).
        """
        body = await self._read(BackendContract.GET_SCHEDULE, ScheduleQuery(phone_number=phone_number))
        return _parse(Shift, body, BackendContract.GET_SCHEDULE)

    async def get_note_report(self, report_id: str, report_date: str) -> list[Note]:
        """The notes recorded on a report, in the backend's order."""
        query = NoteReportQuery(report_id=report_id, report_date=report_date)
        body = await self._read(BackendContract.GET_NOTE_REPORT, query)
        return list(_parse(NoteReport, body, BackendContract.GET_NOTE_REPORT).notes)

    # -- writes ------------------------------------------------------------------------------------

    async def execute(self, action: PendingAction) -> None:
        """POST `action.payload`, unchanged, to its contract with `Idempotency-Key: action_id`.

        Raises:
            TransientIntegrationError: still failing after retries; the action stays confirmed.
            PermanentIntegrationError: the backend refused it (4xx).
        """
        await self._write(BackendContract(action.kind.value), action.payload, idempotency_key=action.action_id)

    async def update_schedule(self, request: UpdateScheduleRequest, *, idempotency_key: str) -> None:
        await self._write(BackendContract.UPDATE_SCHEDULE, request.to_json(), idempotency_key=idempotency_key)

    async def update_clinical(self, request: UpdateClinicalRequest, *, idempotency_key: str) -> None:
        await self._write(BackendContract.UPDATE_CLINICAL, request.to_json(), idempotency_key=idempotency_key)

    async def update_summary(self, request: UpdateSummaryRequest, *, idempotency_key: str) -> None:
        await self._write(BackendContract.UPDATE_SUMMARY, request.to_json(), idempotency_key=idempotency_key)

    async def create_schedule(self, request: CreateScheduleRequest, *, idempotency_key: str) -> None:
        await self._write(BackendContract.CREATE_SCHEDULE, request.to_json(), idempotency_key=idempotency_key)

    # -- plumbing ----------------------------------------------------------------------------------

    async def _read(self, contract: BackendContract, query: _Body) -> Any:
        response = await self._post(contract, query.to_json(), headers=None)
        try:
            return response.json()
        except ValueError as exc:
            raise UnreadableAnswer(f"{contract}: answer is not JSON", response.status_code) from exc

    async def _write(self, contract: BackendContract, payload: Mapping[str, Any], *, idempotency_key: str) -> None:
        await self._post(contract, payload, headers={IDEMPOTENCY_HEADER: idempotency_key})
        logger.info("backend_write_done", contract=str(contract), action_id=idempotency_key)

    async def _post(
        self, contract: BackendContract, payload: Mapping[str, Any], *, headers: Mapping[str, str] | None
    ) -> httpx.Response:
        return await post_json(
            self._client,
            self._urls.for_contract(contract),
            encode_json(payload),
            target=str(contract),
            timeout=self._timeout,
            policy=self._retry,
            headers=headers,
        )


def _parse(model: type[ModelT], body: Any, contract: BackendContract) -> ModelT:
    """Validate an answer; one the backend should never send is permanent (retrying returns it again)."""
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        fields = ", ".join(".".join(map(str, error["loc"])) or "(root)" for error in exc.errors())
        raise UnreadableAnswer(f"{contract}: unexpected answer ({fields})") from exc
