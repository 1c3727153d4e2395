"""`orchestrator init`: create or update the five tables and the two FIFO queues, idempotently."""

from __future__ import annotations

import structlog

from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import QueueSpec, ensure_queues
from orchestrator.settings import Settings
from orchestrator.store.schema import ensure_tables

log = structlog.get_logger(__name__)


def queue_spec(settings: Settings) -> QueueSpec:
    return QueueSpec(
        inbound_name=settings.inbound_queue_name,
        dlq_name=settings.dlq_name,
        max_receive_count=settings.max_receive_count,
        visibility_timeout_seconds=settings.visibility_timeout_seconds,
    )


async def provision(aws: AwsClients, settings: Settings) -> list[str]:
    """Bring tables and queues in line with the settings; return what changed (empty: nothing)."""
    changes = await ensure_tables(aws.dynamodb, settings.table_prefix)
    changes += await ensure_queues(aws.sqs, queue_spec(settings))
    return changes


async def run_init(settings: Settings) -> int:
    """The `init` command: provision and say what changed."""
    async with await AwsClients.create(region=settings.aws_region, endpoint_url=settings.aws_endpoint_url) as aws:
        changes = await provision(aws, settings)
    for change in changes:
        print(f"  {change}")  # noqa: T201 - command output
    print("init: " + (f"{len(changes)} change(s) applied" if changes else "everything up to date, nothing changed"))  # noqa: T201
    return 0
