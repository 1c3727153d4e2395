"""`orchestrator init`, run as a command twice against a fresh moto server."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from orchestrator.devtools.localaws import LOCAL_CREDENTIALS, MotoProcess
from orchestrator.integrations.aws import AwsClients

TABLES = {"OrchestratorSessions", "PendingActions", "ConversationBuffer", "Locks", "Idempotency"}


@pytest.fixture
def fresh_moto() -> Iterator[str]:
    """A moto server of its own, in a child process: moto's in-process servers share one state."""
    moto = MotoProcess().start()
    try:
        yield moto.endpoint
    finally:
        moto.stop()


def _init(endpoint: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env |= {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": LOCAL_CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": LOCAL_CREDENTIALS["aws_secret_access_key"],
        "MAX_RECEIVE_COUNT": "4",
        "VISIBILITY_TIMEOUT_SECONDS": "45",
    }
    return subprocess.run(
        [sys.executable, "-m", "orchestrator.cli", "init"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class TestInitCommand:
    async def test_twice_on_a_fresh_endpoint(self, fresh_moto: str) -> None:
        """The first run creates five tables with TTL and two FIFO queues with the redrive policy;
        the second changes nothing and says so."""
        first = await asyncio.to_thread(_init, fresh_moto)
        assert first.returncode == 0, first.stderr
        assert "change(s) applied" in first.stdout
        # Each change is said once: the table changes also came as JSON log lines on stderr, so a
        # terminal (or compose's log) showed them twice, the queue changes once.
        changes = [line.strip() for line in first.stdout.splitlines() if line.startswith("  ")]
        assert "created table Locks" in changes and "created queue orchestrator-inbound.fifo" in changes
        output = first.stdout + first.stderr
        assert all(output.count(change) == 1 for change in changes), first.stderr
        second = await asyncio.to_thread(_init, fresh_moto)
        assert second.returncode == 0, second.stderr
        assert "nothing changed" in second.stdout

        async with await AwsClients.create(
            region="sa-east-1", endpoint_url=fresh_moto, credentials=LOCAL_CREDENTIALS
        ) as aws:
            names = set((await aws.dynamodb.list_tables())["TableNames"])
            assert names == TABLES
            for name in names:
                ttl = await aws.dynamodb.describe_time_to_live(TableName=name)
                assert ttl["TimeToLiveDescription"] == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expiresAt"}
                table = (await aws.dynamodb.describe_table(TableName=name))["Table"]
                assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
            actions = (await aws.dynamodb.describe_table(TableName="PendingActions"))["Table"]
            assert [index["IndexName"] for index in actions["GlobalSecondaryIndexes"]] == ["status-index"]

            urls = (await aws.sqs.list_queues())["QueueUrls"]
            assert sorted(url.rsplit("/", 1)[1] for url in urls) == [
                "orchestrator-inbound-dlq.fifo",
                "orchestrator-inbound.fifo",
            ]
            inbound_url = next(url for url in urls if url.endswith("/orchestrator-inbound.fifo"))
            dlq_url = next(url for url in urls if url.endswith("-dlq.fifo"))
            inbound = (await aws.sqs.get_queue_attributes(QueueUrl=inbound_url, AttributeNames=["All"]))["Attributes"]
            dlq = (await aws.sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["All"]))["Attributes"]
            assert inbound["FifoQueue"] == dlq["FifoQueue"] == "true"
            assert json.loads(inbound["RedrivePolicy"]) == {
                "deadLetterTargetArn": dlq["QueueArn"],
                "maxReceiveCount": 4,
            }
            assert inbound["VisibilityTimeout"] == "45"
            assert int(dlq["MessageRetentionPeriod"]) > int(inbound["MessageRetentionPeriod"])
