"""`BackendClient`: the backend contracts of SPEC section 7 over HTTP POST + JSON.

The contracts themselves (names, bodies, answers) are `machine.contracts.CONTRACTS`. Writes
carry `Idempotency-Key: <actionId>` and send the action's stored body exactly; reads parse into
domain values. Failures come out as `TransientIntegrationError` (timeouts, unreachable, 5xx: after
retries) or `PermanentIntegrationError` (every 4xx, 408 and 429 included, as SPEC section 7 says:
"4xx is a permanent failure"), classified in `orchestrator.integrations.http`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Self, TypeVar

import httpx
import structlog
from pydantic import JsonValue, ValidationError, model_validator

from orchestrator.errors import UnreadableAnswer
from orchestrator.integrations.http import (
    IDEMPOTENCY_HEADER,
    NO_RETRYABLE_CLIENT_ERRORS,
    RetryPolicy,
    encode_json,
    new_http_client,
    post_json,
)
from orchestrator.machine.contracts import ContractBody, Note, NoteReport, NoteReportQuery, ScheduleQuery, contract_of
from orchestrator.models import BackendAnswer, BackendContract, Frozen, PendingAction, Shift

logger = structlog.get_logger(__name__)

AnswerT = TypeVar("AnswerT", bound=BackendAnswer)


class BackendUrls(Frozen):
    """Where each contract lives: one URL per `BackendContract` (its `LAMBDA_<NAME>` setting)."""

    by_contract: Mapping[BackendContract, str]

    @model_validator(mode="after")
    def _every_contract(self) -> Self:
        if missing := [contract.setting for contract in BackendContract if not self.by_contract.get(contract)]:
            raise ValueError(f"no URL for {', '.join(missing)}")
        return self

    @classmethod
    def served_at(cls, base_url: str) -> BackendUrls:
        """Every contract at `<base_url>/<contract name>` (the demo backend's routes)."""
        base = base_url.rstrip("/")
        return cls(by_contract={contract: f"{base}/{contract.value}" for contract in BackendContract})

    def for_contract(self, contract: BackendContract) -> str:
        return self.by_contract[contract]

    def environment(self) -> dict[str, str]:
        """As `LAMBDA_*` environment variables (e.g. for a worker in another process)."""
        return {contract.setting: url for contract, url in self.by_contract.items()}

    def settings(self) -> dict[str, str]:
        """As `Settings` field overrides (`lambda_get_schedule=...`)."""
        return {name.lower(): url for name, url in self.environment().items()}


# -- the client ------------------------------------------------------------------------------------


class BackendClient:
    """One method per contract over the process's shared `httpx.AsyncClient`.

    Args:
        client: the process's HTTP client (the composition root owns and closes it).
        urls: every contract's URL.
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
        return await self._read(ScheduleQuery(phone_number=phone_number), Shift)

    async def get_note_report(self, report_id: str, report_date: str) -> list[Note]:
        """The notes recorded on a report, in the backend's order."""
        report = await self._read(NoteReportQuery(report_id=report_id, report_date=report_date), NoteReport)
        return list(report.notes)

    # -- writes ------------------------------------------------------------------------------------

    async def execute(self, action: PendingAction) -> None:
        """POST `action.payload`, unchanged, to its contract with `Idempotency-Key: action_id`.

        Raises:
            TransientIntegrationError: still failing after retries; the action stays confirmed.
            PermanentIntegrationError: the backend refused it (4xx).
        """
        headers = {IDEMPOTENCY_HEADER: action.action_id}
        await self._post(action.kind, action.payload, headers=headers)
        logger.info("backend_write_done", contract=str(action.kind), action_id=action.action_id)

    # -- plumbing ----------------------------------------------------------------------------------

    async def _read(self, query: ContractBody, answer: type[AnswerT]) -> AnswerT:
        contract = contract_of(query)
        response = await self._post(contract, query.wire(), headers=None)
        try:
            body = response.json()
        except ValueError as exc:
            raise UnreadableAnswer(f"{contract}: answer is not JSON", response.status_code) from exc
        return _parse(answer, body, contract)

    async def _post(
        self, contract: BackendContract, payload: Mapping[str, JsonValue], *, headers: Mapping[str, str] | None
    ) -> httpx.Response:
        return await post_json(
            self._client,
            self._urls.for_contract(contract),
            encode_json(payload),
            target=str(contract),
            timeout=self._timeout,
            policy=self._retry,
            headers=headers,
            retryable_statuses=NO_RETRYABLE_CLIENT_ERRORS,
        )


def _parse(model: type[AnswerT], body: object, contract: BackendContract) -> AnswerT:
    """Validate an answer; one the backend should never send is permanent (retrying returns it again)."""
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        fields = ", ".join(".".join(map(str, error["loc"])) or "(root)" for error in exc.errors())
        raise UnreadableAnswer(f"{contract}: unexpected answer ({fields})") from exc
