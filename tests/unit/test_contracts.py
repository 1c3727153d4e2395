"""The backend contracts (SPEC section 7) from their one table: bodies byte for byte as before the
table existed, and every derived name (settings, URLs, demo routes) from the same entries."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from orchestrator.devtools.demo_backend import create_demo_backend
from orchestrator.integrations.backend import BackendUrls
from orchestrator.integrations.http import encode_json
from orchestrator.machine.contracts import CONTRACTS, UpdateClinicalRequest, contract_of
from orchestrator.models import BackendContract, Purpose, Shift
from orchestrator.settings import Settings
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_E
from tests.unit.driver import Driver

# Recorded from the machine before the contract table (commit "Golden backend payloads ...").
GOLDEN: dict[str, list[dict[str, str]]] = json.loads((Path(__file__).parent / "golden" / "payloads.json").read_text())

# SPEC section 7, key by key and in order.
SPEC_KEYS = {
    BackendContract.GET_SCHEDULE: ["phoneNumber"],
    BackendContract.UPDATE_SCHEDULE: ["scheduleID", "responseValue", "caregiverID", "phoneNumber"],
    BackendContract.UPDATE_CLINICAL: [
        "reportID", "reportDate", "scheduleID", "patientIdentifier", "caregiverIdentifier", "sessionID",
        "bloodPressure", "heartRate", "respRate", "saturationO2", "temperature", "supplementaryOxygen",
        "clinicalNote", "operationalNote",
    ],
    BackendContract.GET_NOTE_REPORT: ["reportID", "reportDate"],
    BackendContract.UPDATE_SUMMARY: [
        "reportID", "reportDate", "scheduleID", "caregiverID", "patientFirstName", "caregiverFirstName", "shiftDay",
        "shiftStart", "shiftEnd", "foodHydrationSpecification", "stoolUrineSpecification", "sleepSpecification",
        "moodSpecification", "medicationsSpecification", "activitiesSpecification",
        "additionalInformationSpecification", "administrativeInfo",
    ],
    BackendContract.CREATE_SCHEDULE: ["scheduleIdentifier", "newCaregiverID"],
}  # fmt: skip


# name -> (the shift, what the caregiver sends); a shift dict among the messages is the backend's
# answer from then on (the cancellation makes it offer substitutes).
CONVERSATIONS: dict[str, tuple[dict[str, Any], tuple[str | dict[str, Any], ...]]] = {
    "presence_confirmed": (SHIFT_A, ("bom dia", "sim, já cheguei")),
    "cancel_and_substitute": (SHIFT_A, ("bom dia", "não vou conseguir ir hoje", SHIFT_E, "sim, tenho certeza", "2")),
    "clinical_first": (
        SHIFT_B,
        ("PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo e orientado",
         "pode salvar"),
    ),
    "clinical_then_note": (
        SHIFT_B,
        ("pa 130x85 fc 90", "fr 20 sat 95 temp 37,1", "O2 no cateter, paciente sonolento", "sim",
         "paciente com tosse seca", "sim"),
    ),
    "operational": (SHIFT_B, ("PA 120x80 FC 80 e o termômetro quebrou",)),
    "report": (
        SHIFT_C,
        ("comeu bem no almoço, bebeu bastante água, dormiu a tarde toda",
         "evacuou normal, urina clara; calmo; tomou losartana às 14h; fez fisioterapia; sem intercorrências; "
         "filha visitou", "confirmo"),
    ),
    "report_partial_shift": (
        {**SHIFT_C, "patientID": None, "caregiverID": None, "day": None},
        ("Sono: dormiu bem", "sem informações pro resto", "sim"),
    ),
    "clinical_null_patient": (
        {**SHIFT_B, "patientID": None},
        ("PA 12/8 FC 76 FR 18 sat 97 temp 36 ar ambiente paciente bem", "sim"),
    ),
}  # fmt: skip


def conversations() -> Iterator[tuple[str, Driver]]:
    """The conversations the golden payloads were recorded from (conversations.md and a few nulls)."""
    for name, (shift, steps) in CONVERSATIONS.items():
        driver = Driver(shift)
        for step in steps:
            if isinstance(step, dict):
                driver.backend = Shift.model_validate(step)
            else:
                driver.send(step)
        yield name, driver


class TestWirePayloads:
    @pytest.mark.parametrize(("name", "driver"), list(conversations()), ids=[name for name, _ in conversations()])
    def test_bodies_are_byte_for_byte_the_recorded_ones(self, name: str, driver: Driver) -> None:
        """Each conversation makes the machine send exactly the bytes it sent before the contract table."""
        sent = [{"kind": action.kind.value, "body": encode_json(action.payload).decode()} for action in driver.calls]
        assert sent == GOLDEN[name]

    @pytest.mark.parametrize(
        "recorded", [call for calls in GOLDEN.values() for call in calls], ids=lambda call: call["kind"]
    )
    def test_a_body_read_back_is_written_the_same(self, recorded: dict[str, str]) -> None:
        """The demo backend reads a body into its contract's model; written again it is the same bytes."""
        request = CONTRACTS[BackendContract(recorded["kind"])].request.model_validate_json(recorded["body"])
        assert encode_json(request.wire()).decode() == recorded["body"]

    def test_every_action_carries_its_purpose(self) -> None:
        """The purpose is stored on the action, not read back from its payload."""
        purposes = [action.purpose for _, driver in conversations() for action in driver.calls]
        assert set(purposes) == set(Purpose)


class TestTable:
    @pytest.mark.parametrize("contract", list(BackendContract))
    def test_every_contract_has_an_entry_with_the_spec_keys(self, contract: BackendContract) -> None:
        """One entry per contract; its request model writes exactly SPEC's keys, in order."""
        request = CONTRACTS[contract].request
        assert contract_of(request.model_validate(_nulls(contract))) is contract
        assert list(request.model_validate(_nulls(contract)).wire()) == SPEC_KEYS[contract]

    def test_reads_and_writes(self) -> None:
        """getScheduleStarted and getNoteReport answer something; the four writes answer 2xx."""
        assert {c for c, entry in CONTRACTS.items() if not entry.writes} == {
            BackendContract.GET_SCHEDULE,
            BackendContract.GET_NOTE_REPORT,
        }

    def test_settings_urls_and_demo_routes_derive_from_the_contracts(self) -> None:
        """LAMBDA_<NAME> per contract (SPEC section 9 names), URLs and the demo's routes by contract name."""
        assert {contract.setting for contract in BackendContract} == {
            "LAMBDA_GET_SCHEDULE", "LAMBDA_UPDATE_SCHEDULE", "LAMBDA_UPDATE_CLINICAL", "LAMBDA_GET_NOTE_REPORT",
            "LAMBDA_UPDATE_SUMMARY", "LAMBDA_CREATE_SCHEDULE",
        }  # fmt: skip
        urls = BackendUrls.served_at("http://backend.test/")
        settings = Settings(_env_file=None, **urls.settings())  # type: ignore[arg-type]
        for contract in BackendContract:
            assert settings.backend_url(contract) == urls.for_contract(contract) == f"http://backend.test/{contract}"
        routes = {route.path for route in create_demo_backend().routes}
        assert {f"/{contract}" for contract in BackendContract} <= routes

    def test_a_clinical_body_missing_a_vital_key_is_refused(self) -> None:
        """Spread keys (one per vital sign) are contract keys like the others: all present."""
        body = json.loads(GOLDEN["clinical_first"][0]["body"])
        del body["respRate"]
        with pytest.raises(ValueError, match="respRate"):
            UpdateClinicalRequest.model_validate(body)


def _nulls(contract: BackendContract) -> dict[str, Any]:
    """A body of the contract with every key present, values as null as the model allows."""
    body: dict[str, Any] = dict.fromkeys(SPEC_KEYS[contract])
    body |= {"responseValue": "confirmado", "newCaregiverID": "C-9", "phoneNumber": "5511900000001"}
    body |= {"reportID": "R-A", "reportDate": "2026-11-26"} if contract is BackendContract.GET_NOTE_REPORT else {}
    return {key: value for key, value in body.items() if key in SPEC_KEYS[contract]}
