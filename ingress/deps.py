"""What the ingress needs from the outside world, and the one place that wires the real adapters.

`IngressDeps` holds Protocol-typed ports; `open_ingress_deps` opens one `AwsClients` for the
process and builds the DynamoDB stores and SQS queues on it. Tests pass their own `IngressDeps`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from ingress.admission import EventSender
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import Queue
from orchestrator.settings import Settings
from orchestrator.store.actions import DynamoPendingActionStore
from orchestrator.store.base import (
    ConversationStore,
    IdempotencyStore,
    PendingActionStore,
    SessionStore,
)
from orchestrator.store.conversation import DynamoConversationStore
from orchestrator.store.idempotency import DynamoIdempotencyStore
from orchestrator.store.schema import TableSummary, describe_tables
from orchestrator.store.sessions import DynamoSessionStore, count_active_sessions

if TYPE_CHECKING:
    from types_aiobotocore_dynamodb.client import DynamoDBClient


class QueueProbe(Protocol):
    """A queue's approximate depth (`Queue.depth`)."""

    async def depth(self) -> dict[str, int]: ...


class InboundQueue(EventSender, QueueProbe, Protocol):
    """The inbound queue: the request path sends to it, ops routes read its depth."""


class TableInspector(Protocol):
    """Table-level views for readiness and the admin routes."""

    async def describe(self) -> list[TableSummary]:
        """Each table's name, status, TTL status and approximate item count."""
        ...

    async def count_active_sessions(self, since: datetime) -> int:
        """Sessions whose state was saved at or after `since`."""
        ...


@dataclass(frozen=True)
class IngressDeps:
    """Everything a request handler may touch. No handler opens a client of its own."""

    idempotency: IdempotencyStore
    sessions: SessionStore
    actions: PendingActionStore
    conversation: ConversationStore
    inbound: InboundQueue
    dlq: QueueProbe
    tables: TableInspector


class DynamoTables:
    """`TableInspector` over the process's DynamoDB client."""

    def __init__(self, dynamodb: DynamoDBClient, table_prefix: str) -> None:
        self._dynamodb = dynamodb
        self._table_prefix = table_prefix

    async def describe(self) -> list[TableSummary]:
        return await describe_tables(self._dynamodb, self._table_prefix)

    async def count_active_sessions(self, since: datetime) -> int:
        return await count_active_sessions(self._dynamodb, self._table_prefix, since)


async def build_ingress_deps(aws: AwsClients, settings: Settings) -> IngressDeps:
    """The real adapters on already-open clients. Fails when the queues do not exist (run `init`)."""
    prefix = settings.table_prefix
    return IngressDeps(
        idempotency=DynamoIdempotencyStore(aws.dynamodb, prefix),
        sessions=DynamoSessionStore(aws.dynamodb, prefix),
        actions=DynamoPendingActionStore(aws.dynamodb, prefix),
        conversation=DynamoConversationStore(aws.dynamodb, prefix),
        inbound=await Queue.by_name(aws.sqs, settings.inbound_queue_name),
        dlq=await Queue.by_name(aws.sqs, settings.dlq_name),
        tables=DynamoTables(aws.dynamodb, prefix),
    )


# A sender waits on every call of the request path: short attempts, so a stalled endpoint is
# retried or given up within the call's deadline (`ingress.admission.CALL_DEADLINE_SECONDS`)
# instead of botocore's 30 s reads. DynamoDB and SQS answer in milliseconds when healthy.
INGRESS_CONNECT_TIMEOUT_SECONDS = 1.0
INGRESS_READ_TIMEOUT_SECONDS = 2.0
INGRESS_ATTEMPTS = 3


async def open_ingress_clients(
    settings: Settings, *, endpoint_url: str | None = None, credentials: dict[str, str] | None = None
) -> AwsClients:
    """The ingress's `AwsClients`, with the request path's short timeouts.

    Args:
        settings: region and AWS_ENDPOINT_URL (else botocore resolves the endpoints itself).
        endpoint_url: overrides the settings' endpoint (tests put a fault proxy in front).
        credentials: explicit keys (local endpoints accept any).
    """
    return await AwsClients.create(
        region=settings.aws_region,
        endpoint_url=endpoint_url or settings.aws_endpoint_url,
        credentials=credentials,
        connect_timeout=INGRESS_CONNECT_TIMEOUT_SECONDS,
        read_timeout=INGRESS_READ_TIMEOUT_SECONDS,
        attempts=INGRESS_ATTEMPTS,
    )


@asynccontextmanager
async def open_ingress_deps(settings: Settings) -> AsyncIterator[IngressDeps]:
    """One `AwsClients` for the process (endpoint from AWS_ENDPOINT_URL or botocore's resolution)."""
    async with await open_ingress_clients(settings) as aws:
        yield await build_ingress_deps(aws, settings)
