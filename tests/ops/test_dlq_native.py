"""The native whole-queue redrive (SQS's StartMessageMoveTask), which moto lacks: a stub answers the
move-task calls as SQS does (tests/faultproxy.py answering them, forwarding every other call to
moto), and `DeadLetters.redrive` runs it to its end, reports a failed task, and falls back to the
selective path where the endpoint has no such task."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import pytest

from orchestrator.devtools.localaws import LOCAL_CREDENTIALS, MotoServer
from orchestrator.dlq.letters import DeadLetters
from orchestrator.dlq.native import NativeMove
from orchestrator.dlq.values import RedriveMethod, Selection
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import Queue
from tests.conftest import REGION
from tests.faultproxy import FaultProxy
from tests.ops.world import DlqWorld, message_event

ANA = "5511999990001"


@dataclass
class MoveTaskStub:
    """SQS's move-task API with a scripted sequence of task states; records the requests."""

    states: Iterator[dict[str, object]]
    requests: list[dict[str, object]] = field(default_factory=list)

    def start(self, body: bytes) -> tuple[int, bytes]:
        self.requests.append(json.loads(body))
        return 200, json.dumps({"TaskHandle": "task-1"}).encode()

    def list_tasks(self, body: bytes) -> tuple[int, bytes]:
        self.requests.append(json.loads(body))
        return 200, json.dumps({"Results": [next(self.states)]}).encode()


def unsupported(_: bytes) -> tuple[int, bytes]:
    """How an SQS-compatible endpoint without the move task answers."""
    return 400, json.dumps({"__type": "com.amazonaws.sqs#UnsupportedOperation", "message": "not here"}).encode()


@dataclass
class Proxied:
    proxy: FaultProxy
    letters: DeadLetters
    dlq_arn: str
    inbound_arn: str


@pytest.fixture
async def proxied(world: DlqWorld, moto_server: MotoServer, moto_aws: AwsClients) -> AsyncIterator[Proxied]:
    """DeadLetters whose SQS calls go through the proxy, with a native move between the world's queues."""
    proxy = await FaultProxy(moto_server.endpoint).start()
    aws = await AwsClients.create(region=REGION, endpoint_url=proxy.url, credentials=LOCAL_CREDENTIALS)
    arns = []
    for queue in (world.dlq, world.inbound):
        attributes = await moto_aws.sqs.get_queue_attributes(QueueUrl=queue.url, AttributeNames=["QueueArn"])
        arns.append(attributes["Attributes"]["QueueArn"])
    letters = DeadLetters(
        dlq=Queue(aws.sqs, world.dlq.url),
        inbound=Queue(aws.sqs, world.inbound.url),
        sessions=world.sessions,
        native_move=NativeMove(aws.sqs, arns[0], arns[1], poll_seconds=0.01),
        wait_seconds=0,
    )
    yield Proxied(proxy, letters, arns[0], arns[1])
    await aws.close()
    await proxy.stop()


class TestNativeMove:
    async def test_whole_queue_redrive_runs_the_task_to_its_end(self, world: DlqWorld, proxied: Proxied) -> None:
        """StartMessageMoveTask from the DLQ to the inbound queue, then ListMessageMoveTasks until the
        task is done: its count is the result, progress is reported, and no letter is read one by one."""
        await world.bury(message_event("wamid.a1", ANA), reason="boom")
        stub = MoveTaskStub(
            iter(
                [
                    {"TaskHandle": "task-1", "Status": "RUNNING", "ApproximateNumberOfMessagesMoved": 1},
                    {"Status": "COMPLETED", "ApproximateNumberOfMessagesMoved": 2},  # a finished task has no handle
                ]
            )
        )
        proxied.proxy.inject("StartMessageMoveTask", stub.start)
        proxied.proxy.inject("ListMessageMoveTasks", stub.list_tasks, times=None)
        progress: list[int] = []

        result = await proxied.letters.redrive(Selection(), on_progress=progress.append)

        assert (result.method, result.moved_count, result.task_error) == (RedriveMethod.NATIVE, 2, None)
        assert progress == [1, 2]
        assert stub.requests[0] == {"SourceArn": proxied.dlq_arn, "DestinationArn": proxied.inbound_arn}
        assert all(request["SourceArn"] == proxied.dlq_arn for request in stub.requests[1:])
        assert "ReceiveMessage" not in proxied.proxy.seen

    async def test_a_failed_task_reports_its_reason(self, world: DlqWorld, proxied: Proxied) -> None:
        """A task that ends FAILED: the result carries SQS's failure reason."""
        await world.bury(message_event("wamid.a1", ANA), reason="boom")
        failed = {"Status": "FAILED", "ApproximateNumberOfMessagesMoved": 0, "FailureReason": "AccessDenied"}
        stub = MoveTaskStub(iter([failed]))
        proxied.proxy.inject("StartMessageMoveTask", stub.start)
        proxied.proxy.inject("ListMessageMoveTasks", stub.list_tasks, times=None)

        result = await proxied.letters.redrive(Selection())

        assert (result.method, result.moved_count, result.task_error) == (RedriveMethod.NATIVE, 0, "AccessDenied")

    async def test_an_endpoint_without_the_task_gets_the_selective_path(
        self, world: DlqWorld, proxied: Proxied
    ) -> None:
        """UnsupportedOperation from StartMessageMoveTask: the letters are moved one by one instead."""
        await world.bury(message_event("wamid.a1", ANA), reason="boom")
        proxied.proxy.inject("StartMessageMoveTask", unsupported)

        result = await proxied.letters.redrive(Selection())

        assert (result.method, result.moved_count) == (RedriveMethod.SELECTIVE, 1)
        assert [message.group_id for message in await world.peek(world.inbound)] == [ANA]
        assert await world.peek(world.dlq) == []
