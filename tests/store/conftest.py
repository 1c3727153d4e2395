"""Store fixtures: the store contract tests run against the in-memory fakes, moto's server AND
Amazon's DynamoDB Local (`stores`); tests of DynamoDB itself (call counts, schema, idempotency)
against the two servers (`dynamo`).

Moto is lenient where DynamoDB is strict (expression syntax, reserved words, limits), so
DynamoDB Local is the judge of expression correctness; moto covers what `orchestrator dev` runs;
the fakes, held to the same tests, are what the fast tier of turn tests runs on.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

import pytest

from orchestrator.models import ActionChange, ActionKind, ActionStatus, PendingAction, Role, Turn
from orchestrator.store.actions import DynamoPendingActionStore
from orchestrator.store.base import (
    CommitPlan,
    ConversationStore,
    LockStore,
    PendingActionStore,
    SessionRecord,
    SessionStore,
)
from orchestrator.store.conversation import DynamoConversationStore
from orchestrator.store.idempotency import DynamoIdempotencyStore
from orchestrator.store.items import decode_item
from orchestrator.store.locks import DynamoLockStore
from orchestrator.store.schema import TABLES, ensure_tables
from orchestrator.store.sessions import DynamoSessionStore
from tests.aws_calls import CallLog
from tests.conftest import open_clients
from tests.fakes.clock import MutableClock
from tests.fakes.stores import (
    FakeConversationStore,
    FakeLockStore,
    FakePendingActionStore,
    FakeSessionStore,
    MemoryTables,
)

BACKENDS = ("moto", "dynamodb_local")
STORE_BACKENDS = ("fake", *BACKENDS)
LEASE_SECONDS = 10
SESSION = "5511999990001"


class Stores(Protocol):
    """One backend's four stores (sessions, actions, conversation, locks) on a fresh set of tables."""

    backend: str
    clock: MutableClock

    def sessions(self) -> SessionStore: ...
    def actions(self) -> PendingActionStore: ...
    def conversation(self) -> ConversationStore: ...
    def locks(self) -> LockStore: ...

    async def stored(self, base_name: str) -> list[dict[str, Any]]:
        """Every item a table physically holds, expired or not, decoded."""
        ...


@dataclass
class FakeStores:
    """The in-memory stores on one `MemoryTables`."""

    clock: MutableClock
    tables: MemoryTables = field(init=False)
    backend: str = "fake"

    def __post_init__(self) -> None:
        self.tables = MemoryTables(clock=self.clock)

    def sessions(self) -> FakeSessionStore:
        return FakeSessionStore(self.tables)

    def actions(self) -> FakePendingActionStore:
        return FakePendingActionStore(self.tables)

    def conversation(self) -> FakeConversationStore:
        return FakeConversationStore(self.tables)

    def locks(self) -> FakeLockStore:
        return FakeLockStore(self.tables, lease_seconds=LEASE_SECONDS)

    async def stored(self, base_name: str) -> list[dict[str, Any]]:
        return self.tables.stored(base_name)


@dataclass
class Dynamo:
    """One backend's client with a fresh set of the five tables, and the stores on top of it."""

    backend: str
    client: Any
    prefix: str
    clock: MutableClock
    calls: CallLog

    def sessions(self) -> DynamoSessionStore:
        return DynamoSessionStore(self.client, self.prefix, clock=self.clock)

    def actions(self) -> DynamoPendingActionStore:
        return DynamoPendingActionStore(self.client, self.prefix, clock=self.clock)

    def conversation(self) -> DynamoConversationStore:
        return DynamoConversationStore(self.client, self.prefix, clock=self.clock)

    def locks(self) -> DynamoLockStore:
        return DynamoLockStore(self.client, self.prefix, lease_seconds=LEASE_SECONDS, clock=self.clock)

    def idempotency(self) -> DynamoIdempotencyStore:
        return DynamoIdempotencyStore(
            self.client, self.prefix, ttl_seconds=600, in_progress_seconds=10, clock=self.clock
        )

    def table(self, base_name: str) -> str:
        return f"{self.prefix}{base_name}"

    async def scan(self, base_name: str) -> list[dict[str, Any]]:
        """Every stored item of a table, expired or not (what is physically there)."""
        response = await self.client.scan(TableName=self.table(base_name), ConsistentRead=True)
        return list(response.get("Items", []))

    async def stored(self, base_name: str) -> list[dict[str, Any]]:
        return [decode_item(item) for item in await self.scan(base_name)]


@asynccontextmanager
async def _tables_on(request: pytest.FixtureRequest, backend: str, table_prefix: str) -> AsyncIterator[Dynamo]:
    """The five tables under this test's prefix on one server; dropped afterwards."""
    server = request.getfixturevalue("moto_server" if backend == "moto" else "dynamodb_local")
    async with await open_clients(server.endpoint) as aws:
        await ensure_tables(aws.dynamodb, table_prefix)
        calls = CallLog()
        aws.dynamodb.meta.events.register("before-call.dynamodb.*", calls)
        yield Dynamo(backend=backend, client=aws.dynamodb, prefix=table_prefix, clock=MutableClock(), calls=calls)
        aws.dynamodb.meta.events.unregister("before-call.dynamodb.*", calls)
        await asyncio.gather(*(aws.dynamodb.delete_table(TableName=f"{table_prefix}{t.base_name}") for t in TABLES))


@pytest.fixture(params=BACKENDS)
async def dynamo(request: pytest.FixtureRequest, table_prefix: str) -> AsyncIterator[Dynamo]:
    """DynamoDB itself, on moto and on DynamoDB Local: for what only DynamoDB has (calls, schema)."""
    async with _tables_on(request, request.param, table_prefix) as tables:
        yield tables


@pytest.fixture(params=STORE_BACKENDS)
async def stores(request: pytest.FixtureRequest, table_prefix: str) -> AsyncIterator[Stores]:
    """The store contract's backends: the in-memory fakes, moto and DynamoDB Local."""
    if request.param == "fake":
        yield FakeStores(clock=MutableClock())
        return
    async with _tables_on(request, request.param, table_prefix) as tables:
        yield tables


# -- writing as production does: in a session's commit -------------------------------------------


async def commit_writes(
    stores: Stores, *, actions: tuple[ActionChange, ...] = (), turns: tuple[Turn, ...] = (), session_id: str = SESSION
) -> SessionRecord:
    """Commit `actions` and `turns` with the session's current record, as a turn would."""
    sessions = stores.sessions()
    record = await sessions.load(session_id)
    plan = CommitPlan(
        record=record,
        expected_version=record.version,
        lease=None,
        actions=actions,
        turns=turns,
        request_token=uuid.uuid4().hex,
    )
    return await sessions.commit(plan)


async def put_actions(stores: Stores, *actions: PendingAction) -> None:
    """Create each action as stored with its status (one commit per session, in order)."""
    for action in actions:
        await commit_writes(stores, actions=(ActionChange(action=action, previous=None),), session_id=action.session_id)


# -- value factories -----------------------------------------------------------------------------


def make_action(
    clock: Callable[[], datetime],
    action_id: str = "act-1",
    *,
    status: ActionStatus = ActionStatus.STAGED,
    session_id: str = SESSION,
    created_offset: float = 0,
    window_minutes: float = 10,
) -> PendingAction:
    created = clock() + timedelta(seconds=created_offset)
    return PendingAction(
        action_id=action_id,
        session_id=session_id,
        kind=ActionKind.UPDATE_CLINICAL,
        status=status,
        payload={"vitals": {"temperature": 36.5, "heartRate": 80}, "note": "sem queixas"},
        created_at=created,
        expires_at=created + timedelta(minutes=window_minutes),
        message_id="wamid.1",
        summary="PA 12/8, FC 80",
    )


def make_turn(at_ms: int, text: str = "PA 12 por 8", *, role: Role = Role.USER, session_id: str = SESSION) -> Turn:
    return Turn(session_id=session_id, at_ms=at_ms, role=role, text=text, message_id=f"wamid.{at_ms}")
