"""Ops fixtures: a queue pair and a sessions table of its own for each test, on the moto server."""

from __future__ import annotations

import pytest

from orchestrator.devtools.localaws import MotoServer
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import Queue, QueueSpec, ensure_queues
from orchestrator.settings import Settings
from orchestrator.store.schema import ensure_tables
from orchestrator.store.sessions import DynamoSessionStore
from tests.conftest import REGION
from tests.ops.world import MAX_RECEIVES, DlqWorld


@pytest.fixture
async def world(
    moto_server: MotoServer, moto_aws: AwsClients, table_prefix: str, local_aws_credentials: None
) -> DlqWorld:
    settings = Settings(
        _env_file=None,
        aws_endpoint_url=moto_server.endpoint,
        aws_region=REGION,
        table_prefix=table_prefix,
        inbound_queue_name=f"{table_prefix}inbound.fifo",
        max_receive_count=MAX_RECEIVES,
    )
    spec = QueueSpec(settings.inbound_queue_name, settings.dlq_name, MAX_RECEIVES, 30)
    await ensure_queues(moto_aws.sqs, spec)
    await ensure_tables(moto_aws.dynamodb, table_prefix)
    return DlqWorld(
        settings=settings,
        inbound=await Queue.by_name(moto_aws.sqs, settings.inbound_queue_name),
        dlq=await Queue.by_name(moto_aws.sqs, settings.dlq_name),
        sessions=DynamoSessionStore(moto_aws.dynamodb, table_prefix),
    )
