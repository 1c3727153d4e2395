"""One source of truth: the template's tables and queues are what `orchestrator init` creates.

`init` runs on moto with the same settings the template was synthesized with; every property
that matters (keys, attribute types, GSI, billing, TTL attribute, FIFO, deduplication, retention,
visibility, redrive) is read back from moto and compared with the template.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import Queue
from orchestrator.provision import provision
from orchestrator.settings import Settings
from orchestrator.store.tables import TABLES
from tests.deploy.conftest import CONTEXT, resources_of

# Whichever test runs first pays for the session's CDK synthesis in its setup (jsii + node: over a
# minute on a loaded machine), and pytest-timeout counts setup: a bound, not a wait.
pytestmark = [pytest.mark.xdist_group("cdk_synth"), pytest.mark.timeout(300)]


def _settings(table_prefix: str) -> Settings:
    return Settings(
        _env_file=None,
        table_prefix=table_prefix,
        inbound_queue_name=f"{table_prefix}inbound.fifo",
        max_receive_count=CONTEXT["maxReceiveCount"],
        visibility_timeout_seconds=CONTEXT["visibilityTimeoutSeconds"],
    )


def _sorted(items: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return sorted(items, key=lambda item: str(item[key]))


def _table_shape(table: dict[str, Any], billing: str, ttl: tuple[str, bool]) -> dict[str, Any]:
    """What must agree, from a CloudFormation table's properties or a DescribeTable answer (same names)."""
    indexes = [
        {"IndexName": i["IndexName"], "KeySchema": i["KeySchema"], "Projection": i["Projection"]}
        for i in table.get("GlobalSecondaryIndexes", [])
    ]
    return {
        "keys": table["KeySchema"],
        "attributes": _sorted(table["AttributeDefinitions"], "AttributeName"),
        "indexes": _sorted(indexes, "IndexName"),
        "billing": billing,
        "ttl": ttl,
    }


def _template_table(properties: dict[str, Any]) -> dict[str, Any]:
    ttl = properties["TimeToLiveSpecification"]
    return _table_shape(properties, properties["BillingMode"], (ttl["AttributeName"], ttl["Enabled"]))


async def _initialized_table(aws: AwsClients, name: str) -> dict[str, Any]:
    table = (await aws.dynamodb.describe_table(TableName=name))["Table"]
    ttl = (await aws.dynamodb.describe_time_to_live(TableName=name))["TimeToLiveDescription"]
    billing = table["BillingModeSummary"]["BillingMode"]
    return _table_shape(table, billing, (ttl["AttributeName"], ttl["TimeToLiveStatus"] == "ENABLED"))


class TestTablesAgree:
    async def test_every_table_matches_what_init_creates(
        self, template: dict[str, Any], moto_aws: AwsClients, table_prefix: str
    ) -> None:
        """Keys, attribute types, the status GSI, on-demand billing and TTL: template == init."""
        await provision(moto_aws, _settings(table_prefix))
        declared = {p["TableName"]: _template_table(p) for p in resources_of(template, "AWS::DynamoDB::Table").values()}
        assert set(declared) == {spec.base_name for spec in TABLES}
        for spec in TABLES:
            created = await _initialized_table(moto_aws, spec.physical_name(table_prefix))
            assert declared[spec.base_name] == created, spec.base_name
        assert declared["PendingActions"]["indexes"][0]["IndexName"] == "status-index"


def _template_queue(properties: dict[str, Any]) -> dict[str, Any]:
    redrive = properties.get("RedrivePolicy")
    return {
        "fifo": properties["FifoQueue"],
        "content_dedup": properties["ContentBasedDeduplication"],
        "retention": properties["MessageRetentionPeriod"],
        "visibility": properties.get("VisibilityTimeout", 30),
        "max_receives": None if redrive is None else redrive["maxReceiveCount"],
    }


async def _initialized_queue(aws: AwsClients, name: str) -> tuple[dict[str, Any], str | None]:
    queue = await Queue.by_name(aws.sqs, name)
    attributes = (await aws.sqs.get_queue_attributes(QueueUrl=queue.url, AttributeNames=["All"]))["Attributes"]
    redrive = json.loads(attributes["RedrivePolicy"]) if "RedrivePolicy" in attributes else None
    described = {
        "fifo": attributes["FifoQueue"] == "true",
        "content_dedup": attributes["ContentBasedDeduplication"] == "true",
        "retention": int(attributes["MessageRetentionPeriod"]),
        "visibility": int(attributes["VisibilityTimeout"]),
        "max_receives": None if redrive is None else int(redrive["maxReceiveCount"]),
    }
    return described, None if redrive is None else str(redrive["deadLetterTargetArn"])


class TestQueuesAgree:
    async def test_both_queues_match_what_init_creates(
        self, template: dict[str, Any], moto_aws: AwsClients, table_prefix: str
    ) -> None:
        """FIFO, explicit deduplication, retention, visibility and redrive: template == init."""
        settings = _settings(table_prefix)
        await provision(moto_aws, settings)
        queues = resources_of(template, "AWS::SQS::Queue")
        declared = {p["QueueName"]: _template_queue(p) for p in queues.values()}
        defaults = Settings.model_construct()
        inbound, inbound_target = await _initialized_queue(moto_aws, settings.inbound_queue_name)
        dead_letters, _ = await _initialized_queue(moto_aws, settings.dlq_name)
        assert declared[defaults.inbound_queue_name] == inbound
        assert declared[defaults.dlq_name] == dead_letters
        assert inbound["visibility"] == CONTEXT["visibilityTimeoutSeconds"]
        assert inbound["max_receives"] == CONTEXT["maxReceiveCount"]
        assert dead_letters["retention"] > inbound["retention"]
        # Both redrive to their own DLQ: init by ARN, the template by a reference to the DLQ resource.
        assert inbound_target is not None and inbound_target.endswith(f":{settings.dlq_name}")
        dlq_id = next(lid for lid, p in queues.items() if p["QueueName"] == defaults.dlq_name)
        inbound_properties = next(p for p in queues.values() if p["QueueName"] == defaults.inbound_queue_name)
        assert inbound_properties["RedrivePolicy"]["deadLetterTargetArn"] == {"Fn::GetAtt": [dlq_id, "Arn"]}
