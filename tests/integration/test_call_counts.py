"""AWS calls per message, ingress and worker, counted with botocore hooks (deterministic, so asserted).

Steady state is a session whose shift is cached: the second message onwards.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from orchestrator.devtools.demo_backend import DEMO_PHONES, DemoShiftKind
from orchestrator.devtools.localaws import MotoServer
from orchestrator.integrations.sinks import LogSink
from tests.aws_calls import CallLog
from tests.integration.scripted import ScriptedServer
from tests.integration.stack import Stack, running_stack, wait_for
from worker.app import WorkerDeps

B = "+" + DEMO_PHONES[DemoShiftKind.CONFIRMED]


def _dynamodb(calls: CallLog) -> list[str]:
    return [op for op in calls.operations if op in DYNAMODB_OPERATIONS]


DYNAMODB_OPERATIONS = {"PutItem", "GetItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "Query", "Scan"}


@pytest.fixture
def counted(stack: Stack) -> Any:
    """Two logs: one on the shared DynamoDB client, one on the shared SQS client."""
    dynamodb, sqs = CallLog().watch(stack.aws.dynamodb), CallLog().watch(stack.aws.sqs)
    yield dynamodb, sqs
    dynamodb.stop(stack.aws.dynamodb)
    sqs.stop(stack.aws.sqs)


class TestIngressCalls:
    async def test_accept_is_two_calls_then_a_completion_and_replay_one(self, stack: Stack, counted: Any) -> None:
        """An accepted webhook: one DynamoDB PutItem (the claim) and one SQS SendMessage, then the
        claim's completion, one UpdateItem that its answer does not wait for (tests/ingress/
        test_claims.py shows it): 3 calls, 2 of them before the answer. Its replay: one PutItem."""
        dynamodb, sqs = counted
        assert (await stack.send(B, "FC 80", message_id="count-1")).status_code == 202
        await wait_for(lambda: "UpdateItem" in dynamodb.operations, timeout=10, what="the claim's completion")
        assert (dynamodb.operations, sqs.operations) == (["PutItem", "UpdateItem"], ["SendMessage"])
        dynamodb.clear()
        sqs.clear()
        replay = await stack.send(B, "FC 80", message_id="count-1")
        assert replay.headers["Idempotent-Replayed"] == "true"
        assert (dynamodb.operations, sqs.operations) == (["PutItem"], [])


class TestWorkerCalls:
    async def test_steady_state_message_is_four_dynamodb_calls(self, stack: Stack, counted: Any) -> None:
        """Lock, load, one commit transaction, one settle after delivering to the webhook sink: 4."""
        dynamodb, sqs = counted
        await stack.say(B, "como funciona?")  # first message: fetches and caches the shift
        await stack.send(B, "FC 80")
        dynamodb.clear()
        sqs.clear()
        await stack.drain()
        assert _dynamodb(dynamodb) == ["PutItem", "GetItem", "TransactWriteItems", "UpdateItem"]
        assert Counter(sqs.operations)["DeleteMessageBatch"] == 1

    async def test_log_only_sink_needs_no_settle(self, stack: Stack, counted: Any) -> None:
        """With nothing external to deliver to, the commit is the last write: 3 calls."""
        dynamodb, _ = counted
        deps = WorkerDeps(aws=stack.aws, sink=LogSink())
        await stack.send(B, "como funciona?")
        await stack.drain(deps)
        await stack.send(B, "FC 80")
        dynamodb.clear()
        await stack.drain(deps)
        assert _dynamodb(dynamodb) == ["PutItem", "GetItem", "TransactWriteItems"]

    async def test_burst_shares_one_cycle(
        self, moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str
    ) -> None:
        """Three messages of one session waiting together: one lock, one load, one commit, one settle."""
        async with running_stack(moto_server.endpoint, scripted, table_prefix) as stack:
            await stack.say(B, "como funciona?")
            for text in ("FC 80", "FR 18", "sat 97"):
                assert (await stack.send(B, text)).status_code == 202
            calls = CallLog().watch(stack.aws.dynamodb)
            await stack.drain()
            calls.stop(stack.aws.dynamodb)
            assert _dynamodb(calls) == ["PutItem", "GetItem", "TransactWriteItems", "UpdateItem"]
            assert len(stack.replies(B)) == 2  # the help answer, then one reply for the burst
