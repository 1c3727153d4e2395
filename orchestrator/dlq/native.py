"""SQS's own message-move task (`StartMessageMoveTask`): whole-queue redrive on real AWS.

Moto does not implement it, so `DeadLetters` falls back to its selective path everywhere else.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from botocore.exceptions import ClientError

from orchestrator.dlq.values import ProgressCallback, RedriveMethod, RedriveResult

if TYPE_CHECKING:
    from types_aiobotocore_sqs.client import SQSClient
    from types_aiobotocore_sqs.type_defs import ListMessageMoveTasksResultEntryTypeDef as MoveTask


def is_aws_endpoint(endpoint_url: str) -> bool:
    """True for Amazon's own SQS endpoints, where the native message-move task exists."""
    host = urlsplit(endpoint_url).hostname or ""
    return host.endswith((".amazonaws.com", ".amazonaws.com.cn", ".api.aws"))


# SQS error codes meaning "this endpoint has no message-move task" (older APIs, emulators).
_MOVE_TASK_UNSUPPORTED = frozenset(
    {"UnsupportedOperation", "InvalidAction", "AWS.SimpleQueueService.UnsupportedOperation"}
)
_MOVE_TASK_DONE = frozenset({"COMPLETED", "FAILED", "CANCELLED"})


@dataclass
class NativeMove:
    """SQS's own `StartMessageMoveTask` from the DLQ to the inbound queue, polled to its end.

    Only worth it on real AWS (`is_aws_endpoint`): it moves a large DLQ server-side, keeping
    FIFO groups, and gives redriven messages new ids. Moto does not implement it.
    """

    sqs: SQSClient
    source_arn: str
    destination_arn: str
    poll_seconds: float = 2.0

    async def run(self, on_progress: ProgressCallback | None = None) -> RedriveResult | None:
        """Run the task to its end; None when the endpoint does not support it (use the selective path)."""
        try:
            started = await self.sqs.start_message_move_task(
                SourceArn=self.source_arn, DestinationArn=self.destination_arn
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _MOVE_TASK_UNSUPPORTED:
                return None
            raise
        while True:
            task = await self._task(started["TaskHandle"])
            moved = int(task.get("ApproximateNumberOfMessagesMoved", 0))
            if on_progress is not None:
                on_progress(moved)
            if task.get("Status") in _MOVE_TASK_DONE:
                error = None if task["Status"] == "COMPLETED" else task.get("FailureReason", task["Status"])
                return RedriveResult(method=RedriveMethod.NATIVE, dry_run=False, moved_count=moved, task_error=error)
            await asyncio.sleep(self.poll_seconds)

    async def _task(self, handle: str) -> MoveTask:
        response = await self.sqs.list_message_move_tasks(SourceArn=self.source_arn, MaxResults=10)
        for task in response.get("Results", []):
            if task.get("TaskHandle") == handle:
                return task
        # Only a running task carries its handle; the finished one is the newest listed.
        results = response.get("Results", [])
        return results[0] if results else {"Status": "RUNNING"}
