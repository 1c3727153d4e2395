"""`orchestrator init`: create or update the five tables and the two FIFO queues, idempotently.

`definitions(settings)` is what both `init` and the CDK app (`deploy/`) build: one source of truth
for keys, indexes, TTL, FIFO, redrive, visibility and retention.
"""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import ensure_queues
from orchestrator.integrations.queue_definitions import QueueSpec
from orchestrator.settings import Settings
from orchestrator.store.schema import ensure_tables
from orchestrator.store.tables import TABLES, TableSpec

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Definitions:
    """The tables (physical names carry `table_prefix`) and the queue pair of one deployment."""

    table_prefix: str
    tables: tuple[TableSpec, ...]
    queues: QueueSpec


def queue_spec(settings: Settings) -> QueueSpec:
    return QueueSpec(
        inbound_name=settings.inbound_queue_name,
        dlq_name=settings.dlq_name,
        max_receive_count=settings.max_receive_count,
        visibility_timeout_seconds=settings.visibility_timeout_seconds,
    )


def definitions(settings: Settings) -> Definitions:
    return Definitions(table_prefix=settings.table_prefix, tables=TABLES, queues=queue_spec(settings))


async def provision(aws: AwsClients, settings: Settings) -> list[str]:
    """Bring tables and queues in line with the settings; return what changed (empty: nothing)."""
    wanted = definitions(settings)
    changes = await ensure_tables(aws.dynamodb, wanted.table_prefix)
    changes += await ensure_queues(aws.sqs, wanted.queues)
    return changes


async def run_init(settings: Settings) -> int:
    """The `init` command: provision and say what changed."""
    async with await AwsClients.create(region=settings.aws_region, endpoint_url=settings.aws_endpoint_url) as aws:
        changes = await provision(aws, settings)
    for change in changes:
        print(f"  {change}")  # noqa: T201 - command output
    print("init: " + (f"{len(changes)} change(s) applied" if changes else "everything up to date, nothing changed"))  # noqa: T201
    return 0
