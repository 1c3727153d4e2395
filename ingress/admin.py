"""Admin routes (bearer ADMIN_TOKEN, 404 while it is unset, rate-limited): sessions, tables, queue metrics.

Read-only views for operators; `{session_id}` is the normalized phone (a raw phone is normalized).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Annotated

import structlog
from botocore.exceptions import BotoCoreError
from litestar import Controller, Router, get
from litestar.di import NamedDependency
from litestar.middleware.rate_limit import DurationUnit, RateLimitConfig
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, QueryParameter
from pydantic import BaseModel, ConfigDict, JsonValue

from ingress.auth import admin_guard
from ingress.deps import IngressDeps
from ingress.errors import AwsUnavailable, NotFound
from ingress.schemas import ERROR_DESCRIPTION, ErrorBody
from orchestrator.clock import utc_now
from orchestrator.errors import InvalidPhone
from orchestrator.models import ActionStatus, PendingAction, Turn
from orchestrator.outbound import DeliveryFailure
from orchestrator.phones import normalize_phone
from orchestrator.settings import Settings
from orchestrator.store.schema import TableSummary

# Admin reads scan GSIs and describe tables: cap them per client so a loop cannot run up the bill.
ADMIN_RATE_LIMIT: tuple[DurationUnit, int] = ("minute", 120)
# Pending actions are counted by listing the status GSI; beyond this the count is a lower bound.
PENDING_COUNT_LIMIT = 1000
ACTIVE_WINDOW = timedelta(hours=24)
MAX_TURNS = 200
# An admin view's AWS reads get this long in all, botocore's retries included: an outage answers 503
# in seconds (it hung for botocore's retries, then a 500 with a traceback in the log).
ADMIN_DEADLINE_SECONDS = 5.0

log = structlog.get_logger(__name__)


class _Body(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SessionStateBody(_Body):
    session_id: str
    version: int
    updated_at: datetime | None
    state: dict[str, JsonValue]
    pending_action: PendingAction | None
    delivery_failures: list[DeliveryFailure]  # what Meta reported undeliverable, newest first (at most 20)
    failures: dict[str, str]  # why an event failed, by event id (SPEC 6 "Never silent"), as `dlq list` shows


class ConversationBody(_Body):
    session_id: str
    turns: list[Turn]  # oldest first


class TablesBody(_Body):
    tables: list[TableSummary]


class SessionsMetricsBody(_Body):
    pending_actions: dict[str, int]  # by status; each capped at `pending_actions_limit`
    pending_actions_limit: int
    queues: dict[str, dict[str, int]]  # inbound / dlq: visible and in-flight messages
    active_sessions_24h: int


_ADMIN_ERRORS = {
    status: ResponseSpec(data_container=ErrorBody, description=ERROR_DESCRIPTION, generate_examples=False)
    for status in (400, 401, 404, 429, 503)
}


@asynccontextmanager
async def _aws_reads() -> AsyncIterator[None]:
    """Bound the reads of one admin view; AWS not answering (or refusing the connection) becomes 503
    `aws_unavailable` with Retry-After and one log line.

    Raises:
        AwsUnavailable: the deadline passed or botocore gave up (no connection, read timeouts).
    """
    try:
        async with asyncio.timeout(ADMIN_DEADLINE_SECONDS):
            yield
    except (TimeoutError, BotoCoreError) as exc:
        log.warning("admin_aws_unavailable", error_type=type(exc).__name__)
        raise AwsUnavailable(f"DynamoDB/SQS did not answer within {ADMIN_DEADLINE_SECONDS:g} s; retry") from exc


def _session_id(raw: str) -> str:
    try:
        return normalize_phone(raw)
    except InvalidPhone as exc:
        raise InvalidPhone(exc.reason, field="session_id") from exc


class AdminController(Controller):
    """Read-only operator views; mounted behind `admin_guard` and a rate limit by `admin_router`."""

    path = "/"
    tags = ("admin",)
    security = ({"bearer": []},)

    @get(
        "/sessions/{session_id:str}/state",
        responses=_ADMIN_ERRORS,
        summary="A session's state, version, current pending action and recorded failures",
    )
    async def session_state(self, session_id: FromPath[str], deps: NamedDependency[IngressDeps]) -> SessionStateBody:
        sid = _session_id(session_id)
        async with _aws_reads():
            record, pending, failures = await asyncio.gather(
                deps.sessions.load(sid), deps.actions.current(sid), deps.sessions.failures(sid)
            )
        # A first message that failed leaves a session with failures only: still worth showing.
        if record.version == 0 and pending is None and not failures:
            raise NotFound("no such session")
        return SessionStateBody(
            session_id=sid,
            version=record.version,
            updated_at=record.updated_at,
            state=record.state.model_dump(mode="json"),
            pending_action=pending,
            delivery_failures=list(record.delivery_failures),
            failures=failures,
        )

    @get(
        "/sessions/{session_id:str}/conversation",
        responses=_ADMIN_ERRORS,
        summary="A session's last turns, oldest first",
    )
    async def session_conversation(
        self,
        session_id: FromPath[str],
        deps: NamedDependency[IngressDeps],
        limit: Annotated[int, QueryParameter(name="limit", ge=1, le=MAX_TURNS)] = 20,
    ) -> ConversationBody:
        sid = _session_id(session_id)
        async with _aws_reads():
            turns = await deps.conversation.last(sid, limit)
        return ConversationBody(session_id=sid, turns=turns)

    @get(
        "/debug/dynamo/tables",
        responses=_ADMIN_ERRORS,
        summary="Each table's status, TTL setting and approximate item count",
    )
    async def dynamo_tables(self, deps: NamedDependency[IngressDeps]) -> TablesBody:
        async with _aws_reads():
            tables = await deps.tables.describe()
        return TablesBody(tables=tables)

    @get(
        "/metrics/sessions",
        responses=_ADMIN_ERRORS,
        summary="Pending actions by status, queue and DLQ depth, active sessions",
    )
    async def sessions_metrics(self, deps: NamedDependency[IngressDeps]) -> SessionsMetricsBody:
        statuses = list(ActionStatus)
        async with _aws_reads():
            counts, inbound, dlq, active = await asyncio.gather(
                asyncio.gather(
                    *(deps.actions.list_by_status(status, limit=PENDING_COUNT_LIMIT) for status in statuses)
                ),
                deps.inbound.depth(),
                deps.dlq.depth(),
                deps.tables.count_active_sessions(utc_now() - ACTIVE_WINDOW),
            )
        return SessionsMetricsBody(
            pending_actions={status.value: len(found) for status, found in zip(statuses, counts, strict=True)},
            pending_actions_limit=PENDING_COUNT_LIMIT,
            queues={"inbound": inbound, "dlq": dlq},
            active_sessions_24h=active,
        )


def admin_router(settings: Settings) -> Router:
    """The admin routes behind their guard and rate limit."""
    rate_limit = RateLimitConfig(rate_limit=ADMIN_RATE_LIMIT)
    return Router(
        path="/",
        route_handlers=[AdminController],
        guards=[admin_guard(settings.admin_token)],
        middleware=[rate_limit.middleware],
    )
