"""A demo of the company backend: the contracts of SPEC section 7 over seeded shifts A-E.

`orchestrator dev` serves it when `LAMBDA_GET_SCHEDULE` is unset, and tests use it as the fake
backend. It changes state like the real one, applies a repeated `Idempotency-Key` once, and
records every call (GET /_calls, POST /_reset, or `DemoBackend.calls()` in process).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

import uvicorn
from litestar import Litestar, Request, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from pydantic import BaseModel, JsonValue, ValidationError

from orchestrator.clock import utc_now
from orchestrator.devtools.embedded import ServedApp, listen
from orchestrator.errors import InvalidPhone
from orchestrator.integrations.backend import BackendUrls
from orchestrator.integrations.http import IDEMPOTENCY_HEADER
from orchestrator.machine.contracts import (
    CONTRACTS,
    CreateScheduleRequest,
    Note,
    NoteReport,
    NoteReportQuery,
    ScheduleQuery,
    UpdateClinicalRequest,
    UpdateScheduleRequest,
    UpdateSummaryRequest,
)
from orchestrator.models import BackendContract, Frozen, Shift, ShiftResponse, Substitute
from orchestrator.phones import normalize_phone

ModelT = TypeVar("ModelT", bound=BaseModel)
JsonObject = dict[str, JsonValue]
# A JSON object as the demo keeps and answers it. Not JsonObject: msgspec (Litestar's signature
# model, which reads DemoBackend's fields, and its encoder) cannot read the recursive JsonValue alias.
StoredBody = Mapping[str, object]

# The fixtures of conversations.md are dated 26/11/2026; the demo uses that day unless told
# otherwise (`dev` may pass today's date), so its answers are the same on every run.
DEMO_DAY = date(2026, 11, 26)


class DemoShiftKind(StrEnum):
    """The shift fixtures of conversations.md."""

    UNCONFIRMED = "A"
    CONFIRMED = "B"
    FINISHING = "C"  # confirmed, and the backend sent the finish reminder
    UNKNOWN_PHONE = "D"  # not seeded: any phone without a shift answers like this
    CANCELLED = "E"


# +55 11 90000-0001 .. 0005, one per kind, as normalized session ids.
DEMO_PHONES: Mapping[DemoShiftKind, str] = {kind: f"551190000000{n}" for n, kind in enumerate(DemoShiftKind, 1)}
DEMO_SUBSTITUTES = (
    Substitute(caregiver_identifier="C-7", caregiver_name="Maria Souza"),
    Substitute(caregiver_identifier="C-9", caregiver_name="João Lima"),
)
# The backend's own texts for substituteInfo when it has no list to offer.
NO_SUBSTITUTES_TEXT = "Nenhum substituto disponível"
SUBSTITUTE_SCHEDULED_TEXT = "Substituto agendado: {name}"
DEMO_COMPANY = "Demo Home Care"


def seed_shifts(day: date = DEMO_DAY) -> dict[str, Shift]:
    """The seeded shifts by phone. Shift A keeps the exact ids of conversations.md (S-A, C-1, R-A)."""
    shifts: dict[str, Shift] = {}
    for number, kind in enumerate(DemoShiftKind, 1):
        if kind is DemoShiftKind.UNKNOWN_PHONE:
            continue
        confirmed = kind in (DemoShiftKind.CONFIRMED, DemoShiftKind.FINISHING)
        response = {
            DemoShiftKind.UNCONFIRMED: ShiftResponse.AWAITING,
            DemoShiftKind.CANCELLED: ShiftResponse.CANCELLED,
        }.get(kind, ShiftResponse.CONFIRMED)
        shifts[DEMO_PHONES[kind]] = Shift(
            caregiver_id=f"C-{number}",
            caregiver_first_name="Ana",
            schedule_id=f"S-{kind.value}",
            patient_id=f"P-{kind.value}",
            patient_first_name="José",
            report_id=f"R-{kind.value}",
            report_date=day.isoformat(),
            day=day.strftime("%d/%m/%Y"),
            start="08:00",
            finish="20:00",
            response=response,
            shift_allow=True,
            schedule_started=confirmed,
            finish_reminder_sent=kind is DemoShiftKind.FINISHING,
            substitute_info=DEMO_SUBSTITUTES if kind is DemoShiftKind.CANCELLED else NO_SUBSTITUTES_TEXT,
            company=DEMO_COMPANY,
        )
    return shifts


def schedule_body(shift: Shift) -> JsonObject:
    """`getScheduleStarted`'s answer, with the contract's key names."""
    return shift.model_dump(mode="json", by_alias=True)


class RecordedCall(Frozen):
    """One request the demo backend received, whatever became of it."""

    contract: BackendContract
    body: JsonValue
    idempotency_key: str | None
    status: int
    replayed: bool = False  # a repeated Idempotency-Key: answered from memory, not applied

    @property
    def applied(self) -> bool:
        return self.status < 300 and not self.replayed


class _Rejected(Exception):
    """A 4xx answer of the demo backend."""

    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error


@dataclass
class DemoBackend:
    """The demo's state and its answers (no HTTP here: `create_demo_backend` serves it).

    Stricter than a real backend may be, so tests catch contract drift: write bodies must carry
    exactly the contract's keys (400 otherwise), writes need `Idempotency-Key` (400), unknown
    schedules/reports are 404, and a substitute must be one offered by a cancelled shift (409/422).
    Only successful writes are remembered by key; a replay answers the stored response.

    Args:
        day: the date of every seeded shift.
        clock: stamps recorded notes.
    """

    day: date = DEMO_DAY
    clock: Callable[[], datetime] = utc_now
    # Run by `POST /_reset` after the shifts are restored (`dev` forgets the demo conversations there).
    reset_hooks: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    shifts: dict[str, Shift] = field(init=False)
    _calls: list[RecordedCall] = field(init=False)
    _answered: dict[str, tuple[int, StoredBody]] = field(init=False)  # by Idempotency-Key
    clinical_records: dict[str, list[StoredBody]] = field(init=False)  # by report id
    report_notes: dict[str, list[Note]] = field(init=False)  # by report id
    summaries: dict[str, StoredBody] = field(init=False)  # by report id
    substitutions: list[StoredBody] = field(init=False)

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Back to the seeded shifts; forgets every call, key and record."""
        self.shifts = seed_shifts(self.day)
        self._calls = []
        self._answered = {}
        self.clinical_records = {}
        self.report_notes = {}
        self.summaries = {}
        self.substitutions = []

    # -- in-process accessors ----------------------------------------------------------------------

    def calls(self, contract: BackendContract | None = None) -> list[RecordedCall]:
        return [call for call in self._calls if contract is None or call.contract is contract]

    def writes(self, contract: BackendContract | None = None) -> list[RecordedCall]:
        """Write calls that changed state (2xx and not a replayed key)."""
        return [call for call in self.calls(contract) if CONTRACTS[call.contract].writes and call.applied]

    def shift(self, phone: str) -> Shift:
        """What `getScheduleStarted` answers for `phone` now."""
        try:
            found = self.shifts.get(normalize_phone(phone))
        except InvalidPhone:
            found = None
        return found or Shift(caregiver_not_found=True)

    # -- the contracts -----------------------------------------------------------------------------

    def handle(self, contract: BackendContract, raw: bytes, idempotency_key: str | None) -> tuple[int, StoredBody]:
        """Answer one request (status, JSON body) and record it."""
        body: JsonValue = None
        answer: StoredBody
        replayed = False
        try:
            body = _json_object(raw)
            if not CONTRACTS[contract].writes:
                status, answer = 200, self._read(contract, body)
            elif idempotency_key is None:
                raise _Rejected(400, f"missing {IDEMPOTENCY_HEADER} header")
            elif idempotency_key in self._answered:
                (status, answer), replayed = self._answered[idempotency_key], True
            else:
                status, answer = 200, self._write(contract, body)
                self._answered[idempotency_key] = (status, answer)
        except _Rejected as rejected:
            status, answer = rejected.status, {"error": rejected.error}
        self._calls.append(
            RecordedCall(
                contract=contract, body=body, idempotency_key=idempotency_key, status=status, replayed=replayed
            )
        )
        return status, answer

    def _read(self, contract: BackendContract, body: JsonObject) -> JsonObject:
        if contract is BackendContract.GET_SCHEDULE:
            return schedule_body(self.shift(_valid(ScheduleQuery, body).phone_number))
        query = _valid(NoteReportQuery, body)
        shift = self._shift_by_report(query.report_id, query.report_date, schedule_id=None, strict=False)
        notes = self.report_notes.get(query.report_id, []) if shift else []
        return NoteReport(notes=tuple(notes)).model_dump(by_alias=True)

    def _write(self, contract: BackendContract, body: JsonObject) -> JsonObject:
        """Validate the body against its contract's request model, then change what it changes
        (a write contract without an effect here is only recorded)."""
        match _valid(CONTRACTS[contract].request, body):
            case UpdateScheduleRequest() as request:
                self._update_schedule(request)
            case UpdateClinicalRequest() as request:
                self._update_clinical(request)
            case UpdateSummaryRequest() as request:
                self._shift_by_report(request.report_id, request.report_date, schedule_id=request.schedule_id)
                self.summaries[str(request.report_id)] = request.wire()
            case CreateScheduleRequest() as request:
                self._create_schedule(request)
        return {"status": "ok"}

    def _update_schedule(self, request: UpdateScheduleRequest) -> None:
        phone, shift = self._shift_by_schedule(request.schedule_id)
        if request.response_value is ShiftResponse.CONFIRMED:
            update: dict[str, object] = {"response": ShiftResponse.CONFIRMED, "schedule_started": True}
        else:  # cancelling notifies the coordination, which offers substitutes
            update = {"response": ShiftResponse.CANCELLED, "schedule_started": False}
            update["substitute_info"] = DEMO_SUBSTITUTES
        self.shifts[phone] = shift.model_copy(update=update)

    def _update_clinical(self, request: UpdateClinicalRequest) -> None:
        self._shift_by_report(request.report_id, request.report_date, schedule_id=request.schedule_id)
        self.clinical_records.setdefault(str(request.report_id), []).append(request.wire())
        if request.clinical_note:
            # The real backend stores an AI rewrite of the note; the demo keeps the note as sent.
            note = Note(note_desc_ai=request.clinical_note, timestamp=self.clock().isoformat())
            self.report_notes.setdefault(str(request.report_id), []).append(note)

    def _create_schedule(self, request: CreateScheduleRequest) -> None:
        phone, shift = self._shift_by_schedule(request.schedule_identifier)
        if shift.response is not ShiftResponse.CANCELLED:
            raise _Rejected(409, "the shift is not cancelled")
        chosen = next((s for s in shift.substitutes if s.caregiver_identifier == request.new_caregiver_id), None)
        if chosen is None:
            raise _Rejected(422, "newCaregiverID is not an offered substitute")
        self.substitutions.append(request.wire())
        text = SUBSTITUTE_SCHEDULED_TEXT.format(name=chosen.caregiver_name)
        self.shifts[phone] = shift.model_copy(update={"substitute_info": text})

    def _shift_by_schedule(self, schedule_id: str | None) -> tuple[str, Shift]:
        for phone, shift in self.shifts.items():
            if shift.schedule_id == schedule_id:
                return phone, shift
        raise _Rejected(404, "unknown scheduleID")

    def _shift_by_report(
        self, report_id: str | None, report_date: str | None, *, schedule_id: str | None, strict: bool = True
    ) -> Shift | None:
        for shift in self.shifts.values():
            if (shift.report_id, shift.report_date) == (report_id, report_date) and (
                schedule_id is None or shift.schedule_id == schedule_id
            ):
                return shift
        if strict:
            raise _Rejected(404, "unknown reportID, reportDate and scheduleID")
        return None


def _json_object(raw: bytes) -> JsonObject:
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise _Rejected(400, "body is not JSON") from exc
    if not isinstance(body, dict):
        raise _Rejected(400, "body is not a JSON object")
    return body


def _valid(model: type[ModelT], body: JsonObject) -> ModelT:
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        fields = ", ".join(".".join(map(str, error["loc"])) for error in exc.errors())
        raise _Rejected(400, f"invalid fields: {fields}") from exc


# -- HTTP --------------------------------------------------------------------------------------------


def demo_backend_urls(base_url: str) -> BackendUrls:
    """Every contract's URL on a demo backend served at `base_url`."""
    return BackendUrls.served_at(base_url)


def demo_backend_env(base_url: str) -> dict[str, str]:
    """The same as `LAMBDA_*` environment names (e.g. for a worker in another process)."""
    return demo_backend_urls(base_url).environment()


@post([f"/{contract.value}" for contract in BackendContract], status_code=200)
async def serve_contract(
    request: Request[object, object, State], demo: NamedDependency[DemoBackend]
) -> Response[StoredBody]:
    contract = BackendContract(request.url.path.rstrip("/").rsplit("/", 1)[-1])
    status, answer = demo.handle(contract, await request.body(), request.headers.get(IDEMPOTENCY_HEADER))
    return Response(answer, status_code=status)


@get("/_calls")
async def list_calls(demo: NamedDependency[DemoBackend]) -> StoredBody:
    return {"calls": [call.model_dump(mode="json") for call in demo.calls()]}


@post("/_reset", status_code=200)
async def reset_state(demo: NamedDependency[DemoBackend]) -> dict[str, str]:
    demo.reset()
    for hook in demo.reset_hooks:
        await hook()
    return {"status": "reset"}


def create_demo_backend(backend: DemoBackend | None = None) -> Litestar:
    """The demo backend as an ASGI app; pass `backend` to inspect its state in process."""
    demo = backend if backend is not None else DemoBackend()

    def provide_demo() -> DemoBackend:
        return demo

    return Litestar(
        route_handlers=[serve_contract, list_calls, reset_state],
        dependencies={"demo": Provide(provide_demo, sync_to_thread=False)},
        openapi_config=None,
        logging_config=None,
    )


def run_demo_backend(*, host: str, port: int) -> int:
    """`orchestrator demo-backend`: the demo backend as a process of its own (docker compose)."""
    uvicorn.run(create_demo_backend(), host=host, port=port, log_config=None, access_log=False)
    return 0


@dataclass
class DemoBackendServer(ServedApp):
    """A demo backend listening in the current event loop. `await stop()` (or `async with`) ends it."""

    backend: DemoBackend

    @property
    def urls(self) -> BackendUrls:
        return demo_backend_urls(self.url)


async def serve_demo_backend(
    host: str = "127.0.0.1", port: int = 0, *, backend: DemoBackend | None = None
) -> DemoBackendServer:
    """Start the demo backend on `host:port` (0: a free port) in the running loop; returns once it listens.

    Raises:
        OSError: the address cannot be bound.
    """
    demo = backend if backend is not None else DemoBackend()
    config = uvicorn.Config(
        create_demo_backend(demo), log_config=None, access_log=False, lifespan="off", timeout_graceful_shutdown=5
    )
    listening = await listen(config, host, port, name="demo-backend")
    return DemoBackendServer(url=f"http://{host}:{listening.port}", listening=listening, backend=demo)
