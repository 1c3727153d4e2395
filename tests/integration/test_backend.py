"""BackendClient against a scripted HTTP server: payloads, headers, retries and failure classes."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from orchestrator.errors import PermanentIntegrationError, TransientIntegrationError, UnreadableAnswer
from orchestrator.integrations.backend import BackendClient, BackendUrls
from orchestrator.integrations.http import RetryPolicy
from orchestrator.machine.contracts import CONTRACTS, UpdateClinicalRequest
from orchestrator.models import ActionKind, BackendContract, ShiftResponse
from tests.integration.backend_actions import confirmed_action
from tests.integration.scripted import Scripted, ScriptedServer
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_D, SHIFT_E

FAST = RetryPolicy(attempts=3, wait_initial=0.01, wait_max=0.02, wait_jitter=0.0)
TIMEOUT = 1.0  # per attempt; scripted slow answers wait longer than this (generous: CI machines are busy)

PATHS = {
    "get_schedule": "/getScheduleStarted",
    "update_schedule": "/updateWorkScheduleResponse",
    "update_clinical": "/updateClinicalData",
    "get_note_report": "/getNoteReport",
    "update_summary": "/updateReportSummary",
    "create_schedule": "/createNewSchedule",
}
KIND_PATHS = {
    ActionKind.UPDATE_SCHEDULE: "/updateWorkScheduleResponse",
    ActionKind.UPDATE_CLINICAL: "/updateClinicalData",
    ActionKind.UPDATE_SUMMARY: "/updateReportSummary",
    ActionKind.CREATE_SCHEDULE: "/createNewSchedule",
}

# conversations.md's shift fixtures, as getScheduleStarted answers them.

CLINICAL_PAYLOAD: dict[str, Any] = {
    "reportID": "R-A",
    "reportDate": "2026-11-26",
    "scheduleID": "S-A",
    "patientIdentifier": "P-1",
    "caregiverIdentifier": "C-1",
    "sessionID": "5511900000001",
    "bloodPressure": "120x80",
    "heartRate": 76,
    "respRate": 18,
    "saturationO2": 97,
    "temperature": 36.4,
    "supplementaryOxygen": "Ar ambiente",
    "clinicalNote": "paciente tranquilo e orientado, sem queixas — até agora",
    "operationalNote": False,
}


def urls_for(base: str) -> BackendUrls:
    return BackendUrls(by_contract={contract: base + PATHS[contract.name.lower()] for contract in BackendContract})


@pytest.fixture
async def backend(scripted: ScriptedServer) -> AsyncIterator[BackendClient]:
    async with BackendClient.open(urls_for(scripted.url), timeout=TIMEOUT, retry=FAST) as client:
        yield client


class TestWrites:
    async def test_payload_is_forwarded_byte_exact(self, backend: BackendClient, scripted: ScriptedServer) -> None:
        """The body received is the payload: same keys in the same order, same values, UTF-8 text."""
        await backend.execute(confirmed_action(ActionKind.UPDATE_CLINICAL, CLINICAL_PAYLOAD))
        (received,) = scripted.received
        assert list(json.loads(received.body).items()) == list(CLINICAL_PAYLOAD.items())
        assert "até agora".encode() in received.body
        assert received.headers["content-type"] == "application/json"

    async def test_write_carries_the_action_id_as_idempotency_key(
        self, backend: BackendClient, scripted: ScriptedServer
    ) -> None:
        """`Idempotency-Key` is the action id."""
        await backend.execute(confirmed_action(ActionKind.UPDATE_CLINICAL, CLINICAL_PAYLOAD, action_id="act-42"))
        assert scripted.received[0].headers["idempotency-key"] == "act-42"

    @pytest.mark.parametrize("kind", [contract for contract, entry in CONTRACTS.items() if entry.writes])
    async def test_each_action_kind_goes_to_its_contract_url(
        self, backend: BackendClient, scripted: ScriptedServer, kind: ActionKind
    ) -> None:
        """ActionKind -> LAMBDA_UPDATE_SCHEDULE / _CLINICAL / _SUMMARY / _CREATE_SCHEDULE."""
        await backend.execute(confirmed_action(kind, {"scheduleIdentifier": "S-A", "newCaregiverID": "C-9"}))
        assert [request.path for request in scripted.received] == [KIND_PATHS[kind]]

    async def test_typed_write_sends_exactly_the_contract_keys(
        self, backend: BackendClient, scripted: ScriptedServer
    ) -> None:
        """An action staged from a typed request sends the 14 keys of SPEC section 7, absent values as null."""
        request = UpdateClinicalRequest.model_validate({**CLINICAL_PAYLOAD, "bloodPressure": None})
        await backend.execute(confirmed_action(ActionKind.UPDATE_CLINICAL, request.wire(), action_id="act-7"))
        (received,) = scripted.received
        assert received.json() == {**CLINICAL_PAYLOAD, "bloodPressure": None}
        assert received.headers["idempotency-key"] == "act-7"


class TestRetries:
    async def test_5xx_is_retried_with_the_same_key_and_bytes(
        self, backend: BackendClient, scripted: ScriptedServer
    ) -> None:
        """500, 503, then 200: three hits, all with the same Idempotency-Key and body."""
        scripted.script(Scripted(status=500), Scripted(status=503), Scripted(status=200))
        await backend.execute(confirmed_action(ActionKind.UPDATE_CLINICAL, CLINICAL_PAYLOAD, action_id="act-r"))
        assert scripted.hits() == 3
        assert {request.headers["idempotency-key"] for request in scripted.received} == {"act-r"}
        assert len({request.body for request in scripted.received}) == 1

    async def test_timeout_is_retried(self, backend: BackendClient, scripted: ScriptedServer) -> None:
        """An answer slower than the timeout counts as a failed attempt; the next one succeeds."""
        scripted.script(Scripted(delay=TIMEOUT * 2), Scripted(status=200))
        await backend.execute(confirmed_action(ActionKind.UPDATE_SUMMARY, {"reportID": "R-A"}))
        assert scripted.hits() == 2

    async def test_persistent_5xx_ends_in_a_transient_error(
        self, backend: BackendClient, scripted: ScriptedServer
    ) -> None:
        """Still 502 after every attempt -> TransientIntegrationError; the server was hit `attempts` times."""
        scripted.default = Scripted(status=502)
        with pytest.raises(TransientIntegrationError, match="HTTP 502"):
            await backend.execute(confirmed_action(ActionKind.UPDATE_CLINICAL, CLINICAL_PAYLOAD))
        assert scripted.hits() == FAST.attempts

    async def test_persistent_timeout_ends_in_a_transient_error(
        self, backend: BackendClient, scripted: ScriptedServer
    ) -> None:
        """Every attempt times out -> TransientIntegrationError after `attempts` hits."""
        scripted.default = Scripted(delay=TIMEOUT * 2)
        with pytest.raises(TransientIntegrationError, match="timed out"):
            await backend.get_schedule("5511900000001")
        assert scripted.hits() == FAST.attempts

    async def test_unreachable_backend_is_transient(self) -> None:
        """Connection refused (nothing listens) -> TransientIntegrationError."""
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            closed_port = sock.getsockname()[1]
        async with BackendClient.open(urls_for(f"http://127.0.0.1:{closed_port}"), retry=FAST) as client:
            with pytest.raises(TransientIntegrationError):
                await client.get_schedule("5511900000001")

    # 408 and 429 too: SPEC section 7 retries timeouts and 5xx only, "4xx is a permanent failure".
    @pytest.mark.parametrize("status", [400, 401, 404, 408, 409, 422, 429])
    async def test_4xx_is_permanent_and_not_retried(
        self, backend: BackendClient, scripted: ScriptedServer, status: int
    ) -> None:
        """A 4xx (every one) raises PermanentIntegrationError carrying the status, after exactly one hit."""
        scripted.default = Scripted(status=status)
        with pytest.raises(PermanentIntegrationError) as info:
            await backend.execute(confirmed_action(ActionKind.UPDATE_SCHEDULE, {"scheduleID": "S-A"}))
        assert info.value.status_code == status
        assert scripted.hits() == 1

    @pytest.mark.parametrize("status", [408, 429])
    async def test_a_read_answered_4xx_is_permanent_too(
        self, backend: BackendClient, scripted: ScriptedServer, status: int
    ) -> None:
        """The schedule read is held to the same contract: one hit, PermanentIntegrationError."""
        scripted.default = Scripted(status=status)
        with pytest.raises(PermanentIntegrationError):
            await backend.get_schedule("5511900000001")
        assert scripted.hits() == 1

    async def test_redirect_is_not_followed(self, backend: BackendClient, scripted: ScriptedServer) -> None:
        """A 3xx is a configuration problem: permanent, one hit, the Location never requested."""
        scripted.default = Scripted(status=307)
        with pytest.raises(PermanentIntegrationError) as info:
            await backend.execute(confirmed_action(ActionKind.UPDATE_SCHEDULE, {"scheduleID": "S-A"}))
        assert (info.value.status_code, scripted.hits()) == (307, 1)


class TestReads:
    @pytest.mark.parametrize(
        ("fixture", "found", "response", "confirmed", "finishing", "substitutes"),
        [
            (SHIFT_A, True, ShiftResponse.AWAITING, False, False, ()),
            (SHIFT_B, True, ShiftResponse.CONFIRMED, True, False, ()),
            (SHIFT_C, True, ShiftResponse.CONFIRMED, True, True, ()),
            (SHIFT_D, False, None, False, False, ()),
            (SHIFT_E, True, ShiftResponse.CANCELLED, False, False, ("C-7", "C-9")),
        ],
        ids=list("ABCDE"),
    )
    async def test_schedule_fixtures_parse_into_shifts(
        self,
        backend: BackendClient,
        scripted: ScriptedServer,
        fixture: dict[str, Any],
        found: bool,
        response: ShiftResponse | None,
        confirmed: bool,
        finishing: bool,
        substitutes: tuple[str, ...],
    ) -> None:
        """Each shift fixture of conversations.md parses, the unknown phone (D) included."""
        scripted.script(Scripted.json(fixture))
        shift = await backend.get_schedule("5511900000001")
        assert (shift.found, shift.response, shift.schedule_started) == (found, response, confirmed)
        assert shift.finish_reminder_sent is finishing
        assert tuple(s.caregiver_identifier for s in shift.substitutes) == substitutes
        assert shift.caregiver_not_found is (not found)

    async def test_schedule_request_is_the_contract(self, backend: BackendClient, scripted: ScriptedServer) -> None:
        """POST {"phoneNumber"} to LAMBDA_GET_SCHEDULE, with no Idempotency-Key (a read)."""
        scripted.script(Scripted.json(SHIFT_B))
        shift = await backend.get_schedule("5511900000001")
        (received,) = scripted.received
        assert (received.path, received.json()) == ("/getScheduleStarted", {"phoneNumber": "5511900000001"})
        assert "idempotency-key" not in received.headers
        assert (shift.caregiver_first_name, shift.day, shift.start, shift.finish) == (
            "Ana",
            "26/11/2026",
            "08:00",
            "20:00",
        )

    async def test_note_report_parses_notes(self, backend: BackendClient, scripted: ScriptedServer) -> None:
        """POST {"reportID", "reportDate"}; the answer's notes come back in order."""
        notes = [{"noteDescAI": "Paciente tranquilo", "timestamp": "2026-11-26T10:00:00Z"}, {"noteDescAI": "Sem gaze"}]
        scripted.script(Scripted.json({"notes": notes}))
        result = await backend.get_note_report("R-A", "2026-11-26")
        assert scripted.received[0].json() == {"reportID": "R-A", "reportDate": "2026-11-26"}
        assert [(note.note_desc_ai, note.timestamp) for note in result] == [
            ("Paciente tranquilo", "2026-11-26T10:00:00Z"),
            ("Sem gaze", None),
        ]

    @pytest.mark.parametrize("body", [b"not json", b'{"notes": "many"}'])
    async def test_unusable_answer_is_permanent(
        self, backend: BackendClient, scripted: ScriptedServer, body: bytes
    ) -> None:
        """A 200 whose body is not JSON or not the contract shape: permanent, not retried."""
        scripted.default = Scripted(body=body)
        with pytest.raises(PermanentIntegrationError):
            await backend.get_note_report("R-A", "2026-11-26")
        assert scripted.hits() == 1


class TestNullTolerance:
    """SPEC section 6, "Never silent": a backend field that is null is treated as absent."""

    async def test_null_booleans_and_lists_of_a_shift_are_absent(
        self, backend: BackendClient, scripted: ScriptedServer
    ) -> None:
        """Every boolean and list of getScheduleStarted may be null: the shift still parses, with defaults."""
        nulls = {"shiftAllow": None, "scheduleStarted": None, "finishReminderSent": None, "substituteInfo": None}
        scripted.script(Scripted.json({**SHIFT_B, **nulls, "caregiverNotFound": None, "company": None}))
        shift = await backend.get_schedule("5511900000001")
        assert shift.found and shift.response is ShiftResponse.CONFIRMED
        assert (shift.shift_allow, shift.schedule_started, shift.finish_reminder_sent) == (False, False, False)
        assert shift.substitutes == () and shift.caregiver_not_found is False

    async def test_null_entries_of_the_substitute_list_are_skipped(
        self, backend: BackendClient, scripted: ScriptedServer
    ) -> None:
        """A null candidate, or a candidate's null name, is no candidate; the others are kept."""
        listed = [None, *SHIFT_E["substituteInfo"], {"caregiverIdentifier": "C-0", "caregiverName": None}]
        scripted.script(Scripted.json({**SHIFT_E, "substituteInfo": listed}))
        shift = await backend.get_schedule("5511900000001")
        assert [s.caregiver_identifier for s in shift.substitutes] == ["C-7", "C-9"]

    async def test_unknown_caregiver_with_nulls_is_not_found(
        self, backend: BackendClient, scripted: ScriptedServer
    ) -> None:
        """Shift D with every other field null is "not found" (the caller says "no shift found")."""
        nulls = {key: None for key in SHIFT_B if key != "caregiverNotFound"}
        scripted.script(Scripted.json({**nulls, "caregiverNotFound": True}))
        shift = await backend.get_schedule("5511900000001")
        assert not shift.found and shift.caregiver_not_found

    async def test_null_notes_are_absent(self, backend: BackendClient, scripted: ScriptedServer) -> None:
        """getNoteReport's `notes: null` is no notes; a null note or field is skipped or absent."""
        scripted.script(Scripted.json({"notes": None}), Scripted.json({"notes": [None, {"noteDescAI": None}]}))
        assert await backend.get_note_report("R-A", "2026-11-26") == []
        (note,) = await backend.get_note_report("R-A", "2026-11-26")
        assert (note.note_desc_ai, note.timestamp) == (None, None)

    @pytest.mark.parametrize("body", [b"<html>gateway</html>", b'["S-A"]', b'{"scheduleStarted": "talvez"}'])
    async def test_a_shift_that_cannot_be_read_is_unreadable(
        self, backend: BackendClient, scripted: ScriptedServer, body: bytes
    ) -> None:
        """A 200 answer that is no shift at all raises UnreadableAnswer (a permanent error), not retried."""
        scripted.default = Scripted(body=body)
        with pytest.raises(UnreadableAnswer):
            await backend.get_schedule("5511900000001")
        assert scripted.hits() == 1


class TestSharedClient:
    async def test_client_passed_in_is_used_and_left_open(self, scripted: ScriptedServer) -> None:
        """The composition root's httpx client serves the calls and is not closed by the backend client."""
        async with httpx.AsyncClient() as http:
            backend = BackendClient(http, urls_for(scripted.url), timeout=TIMEOUT, retry=FAST)
            scripted.script(Scripted.json(SHIFT_B))
            await backend.get_schedule("5511900000002")
            assert not http.is_closed
        assert scripted.hits() == 1
