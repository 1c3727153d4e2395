"""The five tables and the two FIFO queues, built from `orchestrator.provision.definitions`.

The same definitions `orchestrator init` applies: key schema, attribute types, the status GSI,
TTL attribute, on-demand billing, FIFO, deduplication, retention, visibility and redrive. Both are
kept when the stack is deleted (they hold the conversations and the dead letters).
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from orchestrator.integrations.queue_definitions import QueueDefinition
from orchestrator.provision import Definitions
from orchestrator.store.tables import TableSpec


@dataclass(frozen=True)
class DataResources:
    tables: dict[str, dynamodb.CfnTable]  # by base name (`OrchestratorSessions`, ...)
    inbound: sqs.CfnQueue
    dead_letters: sqs.CfnQueue


def _table(scope: Construct, spec: TableSpec, table_prefix: str) -> dynamodb.CfnTable:
    Key = dynamodb.CfnTable.KeySchemaProperty
    table = dynamodb.CfnTable(
        scope,
        f"{spec.base_name}Table",
        table_name=spec.physical_name(table_prefix),
        billing_mode=spec.billing_mode,
        key_schema=[Key(attribute_name=k["AttributeName"], key_type=k["KeyType"]) for k in spec.key_schema()],
        attribute_definitions=[
            dynamodb.CfnTable.AttributeDefinitionProperty(
                attribute_name=a["AttributeName"], attribute_type=a["AttributeType"]
            )
            for a in spec.attribute_definitions()
        ],
        global_secondary_indexes=[
            dynamodb.CfnTable.GlobalSecondaryIndexProperty(
                index_name=index["IndexName"],
                key_schema=[Key(attribute_name=k["AttributeName"], key_type=k["KeyType"]) for k in index["KeySchema"]],
                projection=dynamodb.CfnTable.ProjectionProperty(projection_type=index["Projection"]["ProjectionType"]),
            )
            for index in spec.index_definitions()
        ]
        or None,
        time_to_live_specification=dynamodb.CfnTable.TimeToLiveSpecificationProperty(
            attribute_name=spec.ttl_specification()["AttributeName"], enabled=spec.ttl_specification()["Enabled"]
        ),
        point_in_time_recovery_specification=dynamodb.CfnTable.PointInTimeRecoverySpecificationProperty(
            point_in_time_recovery_enabled=True
        ),
        sse_specification=dynamodb.CfnTable.SSESpecificationProperty(sse_enabled=True),
    )
    table.apply_removal_policy(RemovalPolicy.RETAIN)
    return table


def _queue(
    scope: Construct, construct_id: str, queue: QueueDefinition, dead_letters: sqs.CfnQueue | None
) -> sqs.CfnQueue:
    if dead_letters is not None and queue.dead_letter_queue != dead_letters.queue_name:
        raise ValueError(f"{queue.name} redrives to {queue.dead_letter_queue}, not {dead_letters.queue_name}")
    created = sqs.CfnQueue(
        scope,
        construct_id,
        queue_name=queue.name,
        fifo_queue=queue.fifo,
        content_based_deduplication=queue.content_based_deduplication,
        message_retention_period=queue.retention_seconds,
        visibility_timeout=queue.visibility_timeout_seconds,
        redrive_policy=None if dead_letters is None else queue.redrive_policy(dead_letters.attr_arn),
        sqs_managed_sse_enabled=True,
    )
    created.apply_removal_policy(RemovalPolicy.RETAIN)
    return created


def data_resources(scope: Construct, definitions: Definitions) -> DataResources:
    """Tables and queues exactly as `definitions` say."""
    tables = {spec.base_name: _table(scope, spec, definitions.table_prefix) for spec in definitions.tables}
    dead_letters = _queue(scope, "DeadLetterQueue", definitions.queues.dead_letters(), None)
    inbound = _queue(scope, "InboundQueue", definitions.queues.inbound(), dead_letters)
    return DataResources(tables=tables, inbound=inbound, dead_letters=dead_letters)
