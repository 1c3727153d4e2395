"""The inbound SQS FIFO queue and its dead-letter queue.

`MessageGroupId` is the session id, so SQS hands out one session's messages in order and
never two at once; `MessageDeduplicationId` comes from the idempotency key, so a re-send of
the same event within SQS's 5-minute window is dropped by SQS itself.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypedDict, cast

from orchestrator import envelope
from orchestrator.integrations.queue_definitions import QueueDefinition, QueueSpec
from orchestrator.models import InboundEvent
from orchestrator.observability.tracing import traceparent_now

if TYPE_CHECKING:
    from types_aiobotocore_sqs.client import SQSClient
    from types_aiobotocore_sqs.literals import MessageSystemAttributeNameType, QueueAttributeNameType
    from types_aiobotocore_sqs.type_defs import (
        ChangeMessageVisibilityBatchRequestEntryTypeDef,
        DeleteMessageBatchRequestEntryTypeDef,
        MessageTypeDef,
        ReceiveMessageRequestTypeDef,
        SendMessageBatchRequestEntryTypeDef,
    )

__all__ = ["MAX_BATCH", "MAX_WAIT_SECONDS", "Queue", "QueueMessage", "QueueSpec", "ReceiveOptions", "ensure_queues"]

# SQS limits.
MAX_BATCH = 10
MAX_WAIT_SECONDS = 20


@dataclass(frozen=True)
class QueueMessage:
    """A received message: its body, receipt handle and the attributes the worker uses."""

    message_id: str
    receipt_handle: str
    body: str
    group_id: str
    receive_count: int
    sent_at: datetime
    deduplication_id: str | None = None

    @classmethod
    def from_sqs(cls, raw: MessageTypeDef) -> QueueMessage:
        attributes = raw.get("Attributes", {})
        sent_ms = int(attributes.get("SentTimestamp", "0"))
        return cls(
            message_id=raw["MessageId"],
            receipt_handle=raw["ReceiptHandle"],
            body=raw["Body"],
            group_id=attributes.get("MessageGroupId", ""),
            receive_count=int(attributes.get("ApproximateReceiveCount", "1")),
            sent_at=datetime.fromtimestamp(sent_ms / 1000, UTC),
            deduplication_id=attributes.get("MessageDeduplicationId"),
        )


_RECEIVE_ATTRIBUTES: list[MessageSystemAttributeNameType] = [
    "MessageGroupId",
    "ApproximateReceiveCount",
    "SentTimestamp",
    "MessageDeduplicationId",
]


class ReceiveOptions(TypedDict, total=False):
    """`Queue.receive`'s keywords, for a wrapper that passes them on."""

    max_messages: int
    wait_seconds: int
    visibility_timeout: int | None


class Queue:
    """One SQS queue, addressed by URL, through the process's shared client."""

    def __init__(self, sqs: SQSClient, url: str) -> None:
        self._sqs = sqs
        self.url = url

    @classmethod
    async def by_name(cls, sqs: SQSClient, name: str) -> Queue:
        response = await sqs.get_queue_url(QueueName=name)
        return cls(sqs, response["QueueUrl"])

    async def send_event(self, event: InboundEvent) -> str:
        """Enqueue one event in its session's group; returns the SQS message id."""
        return await self.send_raw(
            envelope.encode(event, traceparent=traceparent_now()),
            group_id=event.session_id,
            deduplication_id=envelope.deduplication_id(event.event_id),
        )

    async def send_events(self, events: Sequence[InboundEvent]) -> list[bool]:
        """Enqueue up to 10 events in one SendMessageBatch; whether SQS accepted each one.

        The entries may belong to several groups (FIFO keeps each group's order within a batch).
        Each envelope carries the caller's trace (SPEC section 13), as `send_event`'s does.
        """
        traceparent = traceparent_now()
        entries: list[SendMessageBatchRequestEntryTypeDef] = [
            {
                "Id": str(index),
                "MessageBody": envelope.encode(event, traceparent=traceparent),
                "MessageGroupId": event.session_id,
                "MessageDeduplicationId": envelope.deduplication_id(event.event_id),
            }
            for index, event in enumerate(events)
        ]
        response = await self._sqs.send_message_batch(QueueUrl=self.url, Entries=entries)
        failed = {int(entry["Id"]) for entry in response.get("Failed", [])}
        return [index not in failed for index in range(len(events))]

    async def send_raw(self, body: str, *, group_id: str, deduplication_id: str) -> str:
        response = await self._sqs.send_message(
            QueueUrl=self.url, MessageBody=body, MessageGroupId=group_id, MessageDeduplicationId=deduplication_id
        )
        return str(response["MessageId"])

    async def receive(
        self,
        *,
        max_messages: int = MAX_BATCH,
        wait_seconds: int = MAX_WAIT_SECONDS,
        visibility_timeout: int | None = None,
    ) -> list[QueueMessage]:
        request: ReceiveMessageRequestTypeDef = {
            "QueueUrl": self.url,
            "MaxNumberOfMessages": min(max_messages, MAX_BATCH),
            "WaitTimeSeconds": wait_seconds,
            "MessageSystemAttributeNames": _RECEIVE_ATTRIBUTES,
        }
        if visibility_timeout is not None:
            request["VisibilityTimeout"] = visibility_timeout
        response = await self._sqs.receive_message(**request)
        return [QueueMessage.from_sqs(raw) for raw in response.get("Messages", [])]

    async def delete_batch(self, receipt_handles: Sequence[str]) -> list[str]:
        """Delete up to 10 messages; returns the receipt handles SQS refused (e.g. stale ones)."""
        if not receipt_handles:
            return []
        entries: list[DeleteMessageBatchRequestEntryTypeDef] = [
            {"Id": str(i), "ReceiptHandle": handle} for i, handle in enumerate(receipt_handles)
        ]
        response = await self._sqs.delete_message_batch(QueueUrl=self.url, Entries=entries)
        return [receipt_handles[int(failed["Id"])] for failed in response.get("Failed", [])]

    async def change_visibility_batch(self, receipt_handles: Sequence[str], seconds: int) -> list[str]:
        """Set the visibility of up to 10 messages; returns the receipt handles SQS refused."""
        if not receipt_handles:
            return []
        entries: list[ChangeMessageVisibilityBatchRequestEntryTypeDef] = [
            {"Id": str(i), "ReceiptHandle": handle, "VisibilityTimeout": seconds}
            for i, handle in enumerate(receipt_handles)
        ]
        response = await self._sqs.change_message_visibility_batch(QueueUrl=self.url, Entries=entries)
        return [receipt_handles[int(failed["Id"])] for failed in response.get("Failed", [])]

    async def visibility_timeout(self) -> int:
        """The queue's own visibility timeout (seconds a received message stays invisible)."""
        response = await self._sqs.get_queue_attributes(QueueUrl=self.url, AttributeNames=["VisibilityTimeout"])
        return int(response["Attributes"]["VisibilityTimeout"])

    async def depth(self) -> dict[str, int]:
        """Approximate visible and in-flight message counts."""
        response = await self._sqs.get_queue_attributes(
            QueueUrl=self.url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )
        attributes = response["Attributes"]
        return {
            "visible": int(attributes.get("ApproximateNumberOfMessages", 0)),
            "in_flight": int(attributes.get("ApproximateNumberOfMessagesNotVisible", 0)),
        }

    async def purge(self) -> None:
        await self._sqs.purge_queue(QueueUrl=self.url)


async def ensure_queues(sqs: SQSClient, spec: QueueSpec) -> list[str]:
    """Create or update both FIFO queues and the redrive policy. Returns what changed (empty: nothing).

    The DLQ comes first: the inbound queue's redrive policy names its ARN.
    """
    changes: list[str] = []
    dlq_url = await _ensure_queue(sqs, spec.dead_letters(), None, changes)
    dlq_arn = (await sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"]))["Attributes"]["QueueArn"]
    await _ensure_queue(sqs, spec.inbound(), dlq_arn, changes)
    return changes


async def _ensure_queue(sqs: SQSClient, queue: QueueDefinition, dead_letter_arn: str | None, changes: list[str]) -> str:
    """Create the queue as defined, or bring an existing one's mutable attributes in line."""
    # The definitions are plain data shared with the CDK app; here they are SQS attribute names.
    wanted = cast("dict[QueueAttributeNameType, str]", queue.mutable_attributes(dead_letter_arn))
    try:
        url: str = (await sqs.get_queue_url(QueueName=queue.name))["QueueUrl"]
    except sqs.exceptions.QueueDoesNotExist:
        attributes = {**cast("dict[QueueAttributeNameType, str]", queue.creation_attributes()), **wanted}
        response = await sqs.create_queue(QueueName=queue.name, Attributes=attributes)
        changes.append(f"created queue {queue.name}")
        return str(response["QueueUrl"])
    current = (await sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"]))["Attributes"]
    stale = {key: value for key, value in wanted.items() if not _same_attribute(current.get(key), value)}
    if stale:
        await sqs.set_queue_attributes(QueueUrl=url, Attributes=stale)
        changes.append(f"updated queue {queue.name}: {', '.join(sorted(stale))}")
    return url


def _same_attribute(current: str | None, wanted: str) -> bool:
    if current is None:
        return False
    if current.startswith("{"):  # JSON policies may come back with other spacing or number types
        return bool(json.loads(current) == json.loads(wanted))
    return current == wanted
