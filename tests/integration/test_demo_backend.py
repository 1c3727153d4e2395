"""The demo backend over real HTTP: seeded shifts, state changes, idempotent writes, call recording."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from orchestrator.devtools.demo_backend import (
    DEMO_PHONES,
    DemoBackend,
    DemoBackendServer,
    DemoShiftKind,
    demo_backend_env,
    serve_demo_backend,
)
from orchestrator.devtools.localaws import free_port
from orchestrator.errors import PermanentIntegrationError, TransientIntegrationError
from orchestrator.integrations.backend import BackendClient
from orchestrator.integrations.http import RetryPolicy
from orchestrator.models import ActionKind, BackendContract, Shift, ShiftResponse
from tests.integration.backend_actions import confirmed_action

FAST = RetryPolicy(attempts=2, wait_initial=0.01, wait_max=0.02, wait_jitter=0.0)
NOTE_TIME = datetime(2026, 11, 26, 10, 30, tzinfo=UTC)
PHONE_A, PHONE_B, PHONE_C, PHONE_D, PHONE_E = (DEMO_PHONES[kind] for kind in DemoShiftKind)
SCHEDULE_KEYS = {
    "caregiverID", "caregiverFirstName", "scheduleID", "patientID", "patientFirstName", "reportID", "reportDate",
    "day", "start", "finish", "response", "shiftAllow", "scheduleStarted", "finishReminderSent", "substituteInfo",
    "company",
}  # fmt: skip


@pytest.fixture
async def demo() -> AsyncIterator[DemoBackendServer]:
    async with await serve_demo_backend(backend=DemoBackend(clock=lambda: NOTE_TIME)) as server:
        yield server


@pytest.fixture
async def backend(demo: DemoBackendServer) -> AsyncIterator[BackendClient]:
    async with BackendClient.open(demo.urls, timeout=5.0, retry=FAST) as client:
        yield client


def presence(shift: Shift, value: str) -> dict[str, Any]:
    return {
        "scheduleID": shift.schedule_id,
        "responseValue": value,
        "caregiverID": shift.caregiver_id,
        "phoneNumber": "5511900000001",
    }


def clinical(shift: Shift, **changes: Any) -> dict[str, Any]:
    payload = {
        "reportID": shift.report_id,
        "reportDate": shift.report_date,
        "scheduleID": shift.schedule_id,
        "patientIdentifier": shift.patient_id,
        "caregiverIdentifier": shift.caregiver_id,
        "sessionID": "5511900000002",
        "bloodPressure": "120x80",
        "heartRate": 76,
        "respRate": 18,
        "saturationO2": 97,
        "temperature": 36.4,
        "supplementaryOxygen": "Ar ambiente",
        "clinicalNote": "paciente tranquilo e orientado",
        "operationalNote": False,
    }
    return {**payload, **changes}


def summary(shift: Shift) -> dict[str, Any]:
    topics = [
        "foodHydrationSpecification", "stoolUrineSpecification", "sleepSpecification", "moodSpecification",
        "medicationsSpecification", "activitiesSpecification", "additionalInformationSpecification",
        "administrativeInfo",
    ]  # fmt: skip
    return {
        "reportID": shift.report_id,
        "reportDate": shift.report_date,
        "scheduleID": shift.schedule_id,
        "caregiverID": shift.caregiver_id,
        "patientFirstName": shift.patient_first_name,
        "caregiverFirstName": shift.caregiver_first_name,
        "shiftDay": shift.day,
        "shiftStart": shift.start,
        "shiftEnd": shift.finish,
        **{topic: "sem informações" for topic in topics},
    }


class TestSeededShifts:
    async def test_each_kind_answers_its_fixture(self, backend: BackendClient) -> None:
        """A unconfirmed, B confirmed, C finish reminder sent, D unknown, E cancelled with two substitutes."""
        a, b, c, d, e = [await backend.get_schedule(phone) for phone in DEMO_PHONES.values()]
        assert (a.schedule_id, a.caregiver_id, a.report_id, a.response) == ("S-A", "C-1", "R-A", ShiftResponse.AWAITING)
        assert (a.caregiver_first_name, a.patient_first_name, a.day, a.start, a.finish) == (
            "Ana", "José", "26/11/2026", "08:00", "20:00",
        )  # fmt: skip
        assert (b.response, b.schedule_started, b.finish_reminder_sent) == (ShiftResponse.CONFIRMED, True, False)
        assert (c.response, c.schedule_started, c.finish_reminder_sent) == (ShiftResponse.CONFIRMED, True, True)
        assert (d.caregiver_not_found, d.found, d.response, d.shift_allow) == (True, False, None, False)
        assert e.response is ShiftResponse.CANCELLED
        assert [(s.caregiver_identifier, s.caregiver_name) for s in e.substitutes] == [
            ("C-7", "Maria Souza"), ("C-9", "João Lima"),
        ]  # fmt: skip
        assert len({shift.schedule_id for shift in (a, b, c, e)}) == 4

    @pytest.mark.parametrize("phone", ["+55 (11) 90000-0001", "11900000001", "5511900000001"])
    async def test_phone_in_any_format_finds_the_shift(self, backend: BackendClient, phone: str) -> None:
        """The backend normalizes the phone it is asked about."""
        assert (await backend.get_schedule(phone)).schedule_id == "S-A"

    @pytest.mark.parametrize("phone", ["5521988887777", "not a phone"])
    async def test_unknown_phone_answers_like_d(self, backend: BackendClient, phone: str) -> None:
        """Any phone without a shift gets caregiverNotFound true and no ids."""
        shift = await backend.get_schedule(phone)
        assert (shift.caregiver_not_found, shift.schedule_id, shift.response) == (True, None, None)

    async def test_answer_has_every_contract_key(self, demo: DemoBackendServer) -> None:
        """getScheduleStarted's body carries every key of SPEC section 7."""
        async with httpx.AsyncClient() as http:
            for phone in (PHONE_A, PHONE_D):
                response = await http.post(
                    demo.urls.for_contract(BackendContract.GET_SCHEDULE), json={"phoneNumber": phone}
                )
                assert response.status_code == 200
                assert set(response.json()) >= SCHEDULE_KEYS

    async def test_shift_day_is_configurable(self) -> None:
        """`DemoBackend(day=...)` dates every shift (dd/mm/yyyy and ISO report date)."""
        demo = DemoBackend(day=date(2027, 1, 5))
        shift = demo.shift(PHONE_B)
        assert (shift.day, shift.report_date) == ("05/01/2027", "2027-01-05")


class TestPresence:
    async def test_confirming_sets_confirmado(self, backend: BackendClient, demo: DemoBackendServer) -> None:
        """updateWorkScheduleResponse confirmado -> response confirmado, scheduleStarted true."""
        shift = await backend.get_schedule(PHONE_A)
        await backend.execute(confirmed_action(ActionKind.UPDATE_SCHEDULE, presence(shift, "confirmado")))
        after = await backend.get_schedule(PHONE_A)
        assert (after.response, after.schedule_started) == (ShiftResponse.CONFIRMED, True)

    async def test_cancelling_offers_substitutes(self, backend: BackendClient) -> None:
        """cancelado -> response cancelado and the substitute list (the shift now answers like E)."""
        shift = await backend.get_schedule(PHONE_A)
        await backend.execute(confirmed_action(ActionKind.UPDATE_SCHEDULE, presence(shift, "cancelado")))
        after = await backend.get_schedule(PHONE_A)
        assert after.response is ShiftResponse.CANCELLED
        assert [s.caregiver_identifier for s in after.substitutes] == ["C-7", "C-9"]

    async def test_create_new_schedule_records_the_substitute(
        self, backend: BackendClient, demo: DemoBackendServer
    ) -> None:
        """Cancel, then createNewSchedule with C-9: recorded, and the offer is replaced by a text."""
        shift = await backend.get_schedule(PHONE_A)
        await backend.execute(confirmed_action(ActionKind.UPDATE_SCHEDULE, presence(shift, "cancelado"), "act-1"))
        payload = {"scheduleIdentifier": "S-A", "newCaregiverID": "C-9"}
        await backend.execute(confirmed_action(ActionKind.CREATE_SCHEDULE, payload, "act-2"))
        assert demo.backend.substitutions == [payload]
        after = await backend.get_schedule(PHONE_A)
        assert after.substitutes == ()
        assert isinstance(after.substitute_info, str)
        assert "João Lima" in after.substitute_info

    async def test_substitute_must_be_offered(self, backend: BackendClient, demo: DemoBackendServer) -> None:
        """A caregiver id not in the offer -> 422 (permanent), nothing recorded."""
        payload = {"scheduleIdentifier": "S-E", "newCaregiverID": "C-404"}
        with pytest.raises(PermanentIntegrationError) as info:
            await backend.execute(confirmed_action(ActionKind.CREATE_SCHEDULE, payload))
        assert info.value.status_code == 422
        assert demo.backend.substitutions == []

    async def test_substitute_needs_a_cancelled_shift(self, backend: BackendClient) -> None:
        """createNewSchedule on a confirmed shift -> 409."""
        payload = {"scheduleIdentifier": "S-B", "newCaregiverID": "C-7"}
        with pytest.raises(PermanentIntegrationError) as info:
            await backend.execute(confirmed_action(ActionKind.CREATE_SCHEDULE, payload))
        assert info.value.status_code == 409

    async def test_unknown_schedule_is_404(self, backend: BackendClient) -> None:
        """A scheduleID no shift has -> 404."""
        shift = (await backend.get_schedule(PHONE_A)).model_copy(update={"schedule_id": "S-404"})
        with pytest.raises(PermanentIntegrationError) as info:
            await backend.execute(confirmed_action(ActionKind.UPDATE_SCHEDULE, presence(shift, "confirmado")))
        assert info.value.status_code == 404


class TestClinical:
    async def test_clinical_data_is_recorded_and_its_note_listed(
        self, backend: BackendClient, demo: DemoBackendServer
    ) -> None:
        """updateClinicalData stores the record; getNoteReport returns its note, stamped by the clock."""
        shift = await backend.get_schedule(PHONE_B)
        await backend.execute(confirmed_action(ActionKind.UPDATE_CLINICAL, clinical(shift)))
        assert demo.backend.clinical_records["R-B"] == [clinical(shift)]
        notes = await backend.get_note_report("R-B", "2026-11-26")
        assert [(n.note_desc_ai, n.timestamp) for n in notes] == [
            ("paciente tranquilo e orientado", NOTE_TIME.isoformat())
        ]

    async def test_operational_note_is_listed_too(self, backend: BackendClient) -> None:
        """An operational note (vitals null) is recorded as a note of the report."""
        shift = await backend.get_schedule(PHONE_B)
        vitals_absent = dict.fromkeys(
            ["bloodPressure", "heartRate", "respRate", "saturationO2", "temperature", "supplementaryOxygen"]
        )
        payload = clinical(shift, **vitals_absent, clinicalNote="acabaram as luvas", operationalNote=True)
        await backend.execute(confirmed_action(ActionKind.UPDATE_CLINICAL, payload))
        notes = await backend.get_note_report("R-B", "2026-11-26")
        assert [n.note_desc_ai for n in notes] == ["acabaram as luvas"]

    async def test_vitals_without_note_add_no_note(self, backend: BackendClient, demo: DemoBackendServer) -> None:
        """A measurement with clinicalNote null is recorded but lists no note."""
        shift = await backend.get_schedule(PHONE_B)
        await backend.execute(confirmed_action(ActionKind.UPDATE_CLINICAL, clinical(shift, clinicalNote=None)))
        assert len(demo.backend.clinical_records["R-B"]) == 1
        assert await backend.get_note_report("R-B", "2026-11-26") == []

    @pytest.mark.parametrize(
        "mangle",
        [
            lambda p: {k: v for k, v in p.items() if k != "sessionID"},  # a contract key missing
            lambda p: {**p, "heart_rate": 80},  # a key of our own invention
            lambda p: {**p, "operationalNote": "talvez"},  # a value of the wrong type
        ],
        ids=["missing-key", "extra-key", "bad-type"],
    )
    async def test_payload_off_contract_is_400(
        self, backend: BackendClient, demo: DemoBackendServer, mangle: Any
    ) -> None:
        """A body that is not exactly the contract -> 400, nothing recorded."""
        shift = await backend.get_schedule(PHONE_B)
        with pytest.raises(PermanentIntegrationError) as info:
            await backend.execute(confirmed_action(ActionKind.UPDATE_CLINICAL, mangle(clinical(shift))))
        assert info.value.status_code == 400
        assert demo.backend.clinical_records == {}

    async def test_unknown_report_is_404(self, backend: BackendClient) -> None:
        """A reportID/reportDate/scheduleID triple of no shift -> 404."""
        shift = await backend.get_schedule(PHONE_B)
        with pytest.raises(PermanentIntegrationError) as info:
            await backend.execute(
                confirmed_action(ActionKind.UPDATE_CLINICAL, clinical(shift, reportDate="2026-11-27"))
            )
        assert info.value.status_code == 404

    async def test_unknown_report_has_no_notes(self, backend: BackendClient) -> None:
        """getNoteReport of an unknown report is an empty list, not an error."""
        assert await backend.get_note_report("R-404", "2026-11-26") == []


class TestSummary:
    async def test_summary_is_recorded(self, backend: BackendClient, demo: DemoBackendServer) -> None:
        """updateReportSummary stores the summary under its report."""
        shift = await backend.get_schedule(PHONE_C)
        await backend.execute(confirmed_action(ActionKind.UPDATE_SUMMARY, summary(shift)))
        assert demo.backend.summaries == {"R-C": summary(shift)}


class TestIdempotency:
    async def test_repeated_key_applies_once(self, backend: BackendClient, demo: DemoBackendServer) -> None:
        """The same action executed twice: two calls recorded, one applied, one replayed."""
        shift = await backend.get_schedule(PHONE_B)
        for _ in range(2):
            await backend.execute(confirmed_action(ActionKind.UPDATE_CLINICAL, clinical(shift), "act-9"))
        calls = demo.backend.calls(BackendContract.UPDATE_CLINICAL)
        assert [(call.applied, call.replayed) for call in calls] == [(True, False), (False, True)]
        assert len(demo.backend.clinical_records["R-B"]) == 1

    async def test_concurrent_replays_apply_once(self, backend: BackendClient, demo: DemoBackendServer) -> None:
        """Ten concurrent executions of one action: exactly one write applied."""
        shift = await backend.get_schedule(PHONE_B)
        same = confirmed_action(ActionKind.UPDATE_CLINICAL, clinical(shift), "act-c")
        await asyncio.gather(*(backend.execute(same) for _ in range(10)))
        assert len(demo.backend.calls(BackendContract.UPDATE_CLINICAL)) == 10
        assert len(demo.backend.writes(BackendContract.UPDATE_CLINICAL)) == 1

    async def test_different_keys_apply_each(self, backend: BackendClient, demo: DemoBackendServer) -> None:
        """Two actions with different ids are two writes."""
        shift = await backend.get_schedule(PHONE_B)
        for action_id in ("act-1", "act-2"):
            await backend.execute(confirmed_action(ActionKind.UPDATE_CLINICAL, clinical(shift), action_id))
        assert len(demo.backend.writes()) == 2

    async def test_write_without_key_is_refused(self, demo: DemoBackendServer) -> None:
        """A write with no Idempotency-Key -> 400, not applied."""
        shift = demo.backend.shift(PHONE_A)
        async with httpx.AsyncClient() as http:
            response = await http.post(
                demo.urls.for_contract(BackendContract.UPDATE_SCHEDULE), json=presence(shift, "confirmado")
            )
        assert response.status_code == 400
        assert demo.backend.shift(PHONE_A).response is ShiftResponse.AWAITING

    async def test_refused_write_can_be_retried_with_the_same_key(
        self, backend: BackendClient, demo: DemoBackendServer
    ) -> None:
        """Only successful writes are remembered: a fixed request with the refused key is applied."""
        shift = await backend.get_schedule(PHONE_B)
        with pytest.raises(PermanentIntegrationError):
            await backend.execute(
                confirmed_action(ActionKind.UPDATE_CLINICAL, clinical(shift, reportID="R-X"), "act-f")
            )
        await backend.execute(confirmed_action(ActionKind.UPDATE_CLINICAL, clinical(shift), "act-f"))
        assert len(demo.backend.writes()) == 1


class TestRecording:
    async def test_calls_endpoint_lists_every_call(self, backend: BackendClient, demo: DemoBackendServer) -> None:
        """GET /_calls: contract, body, key and status of each call, reads included, in order."""
        shift = await backend.get_schedule(PHONE_A)
        await backend.execute(confirmed_action(ActionKind.UPDATE_SCHEDULE, presence(shift, "confirmado"), "act-p"))
        async with httpx.AsyncClient() as http:
            calls = (await http.get(f"{demo.url}/_calls")).json()["calls"]
        assert [(c["contract"], c["idempotency_key"], c["status"]) for c in calls] == [
            ("getScheduleStarted", None, 200),
            ("updateWorkScheduleResponse", "act-p", 200),
        ]
        assert calls[1]["body"] == presence(shift, "confirmado")

    async def test_reset_restores_the_seeds(self, backend: BackendClient, demo: DemoBackendServer) -> None:
        """POST /_reset: shifts back to their seeds, calls and keys forgotten."""
        shift = await backend.get_schedule(PHONE_A)
        await backend.execute(confirmed_action(ActionKind.UPDATE_SCHEDULE, presence(shift, "confirmado"), "act-p"))
        async with httpx.AsyncClient() as http:
            assert (await http.post(f"{demo.url}/_reset")).status_code == 200
        assert demo.backend.calls() == []
        assert (await backend.get_schedule(PHONE_A)).response is ShiftResponse.AWAITING
        await backend.execute(confirmed_action(ActionKind.UPDATE_SCHEDULE, presence(shift, "confirmado"), "act-p"))
        assert len(demo.backend.writes()) == 1  # the key was forgotten too

    def test_env_names_the_six_contract_urls(self) -> None:
        """demo_backend_env gives the six LAMBDA_* variables under the base URL."""
        env = demo_backend_env("http://127.0.0.1:9000/")
        assert env == {
            "LAMBDA_GET_SCHEDULE": "http://127.0.0.1:9000/getScheduleStarted",
            "LAMBDA_UPDATE_SCHEDULE": "http://127.0.0.1:9000/updateWorkScheduleResponse",
            "LAMBDA_UPDATE_CLINICAL": "http://127.0.0.1:9000/updateClinicalData",
            "LAMBDA_GET_NOTE_REPORT": "http://127.0.0.1:9000/getNoteReport",
            "LAMBDA_UPDATE_SUMMARY": "http://127.0.0.1:9000/updateReportSummary",
            "LAMBDA_CREATE_SCHEDULE": "http://127.0.0.1:9000/createNewSchedule",
        }


class TestServer:
    async def test_stopped_server_no_longer_answers(self) -> None:
        """After stop() the port refuses connections: the client sees a transient failure."""
        server = await serve_demo_backend()
        urls = server.urls
        await server.stop()
        async with BackendClient.open(urls, timeout=1.0, retry=FAST) as client:
            with pytest.raises(TransientIntegrationError):
                await client.get_schedule(PHONE_B)

    async def test_two_servers_have_their_own_state(self) -> None:
        """Each server started without a backend gets fresh seeded state on its own free port."""
        async with await serve_demo_backend() as first, await serve_demo_backend() as second:
            assert first.url != second.url
            async with BackendClient.open(first.urls, retry=FAST) as client:
                shift = await client.get_schedule(PHONE_A)
                await client.execute(confirmed_action(ActionKind.UPDATE_SCHEDULE, presence(shift, "confirmado")))
            assert first.backend.shift(PHONE_A).response is ShiftResponse.CONFIRMED
            assert second.backend.shift(PHONE_A).response is ShiftResponse.AWAITING


class TestDemoBackendCommand:
    async def test_serves_the_contracts_as_a_process(self) -> None:
        """`orchestrator demo-backend --port P` answers getScheduleStarted for a seeded phone."""
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "orchestrator.cli", "demo-backend", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
                for _ in range(100):
                    try:
                        response = await client.post("/getScheduleStarted", json={"phoneNumber": "5511900000002"})
                        break
                    except httpx.ConnectError:
                        await asyncio.sleep(0.1)
                else:
                    raise AssertionError("the demo backend did not start")
            assert response.status_code == 200
            assert response.json()["response"] == "confirmado"
        finally:
            process.terminate()
            process.wait(timeout=10)
