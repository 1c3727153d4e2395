"""The inbound FIFO queue and its dead-letter queue as plain data.

The one definition both `orchestrator init` (`ensure_queues`) and the CDK app (`deploy/`) build
from: FIFO, no content-based deduplication (the ingress derives the deduplication id), retention,
visibility timeout and the redrive policy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

# The DLQ keeps messages for SQS's maximum, 14 days; the inbound queue for 4 days (its default).
# A DLQ that keeps letters longer than the queue feeding it never loses one before an operator looks.
INBOUND_RETENTION_SECONDS = 4 * 24 * 3600
DLQ_RETENTION_SECONDS = 14 * 24 * 3600


@dataclass(frozen=True)
class QueueDefinition:
    """One FIFO queue. `dead_letter_queue` names the queue the redrive policy moves letters to."""

    name: str
    retention_seconds: int
    visibility_timeout_seconds: int | None = None  # None: SQS's default (30 s)
    dead_letter_queue: str | None = None
    max_receive_count: int | None = None
    fifo: bool = True
    content_based_deduplication: bool = False

    def redrive_policy(self, dead_letter_arn: str) -> dict[str, object]:
        """SQS's (and CloudFormation's) redrive policy, once the DLQ's ARN is known."""
        return {"deadLetterTargetArn": dead_letter_arn, "maxReceiveCount": self.max_receive_count}

    def creation_attributes(self) -> dict[str, str]:
        """Attributes that can only be given at creation (`CreateQueue`)."""
        return {
            "FifoQueue": str(self.fifo).lower(),
            "ContentBasedDeduplication": str(self.content_based_deduplication).lower(),
        }

    def mutable_attributes(self, dead_letter_arn: str | None) -> dict[str, str]:
        """Attributes `SetQueueAttributes` keeps in line, as the SQS API spells them (strings)."""
        attributes = {"MessageRetentionPeriod": str(self.retention_seconds)}
        if self.visibility_timeout_seconds is not None:
            attributes["VisibilityTimeout"] = str(self.visibility_timeout_seconds)
        if self.dead_letter_queue is not None:
            if dead_letter_arn is None:
                raise ValueError(f"{self.name} needs the ARN of {self.dead_letter_queue}")
            attributes["RedrivePolicy"] = json.dumps(self.redrive_policy(dead_letter_arn))
        return attributes


@dataclass(frozen=True)
class QueueSpec:
    """What `init` makes of the inbound queue and its DLQ."""

    inbound_name: str
    dlq_name: str
    max_receive_count: int
    visibility_timeout_seconds: int

    def dead_letters(self) -> QueueDefinition:
        return QueueDefinition(self.dlq_name, DLQ_RETENTION_SECONDS)

    def inbound(self) -> QueueDefinition:
        return QueueDefinition(
            self.inbound_name,
            INBOUND_RETENTION_SECONDS,
            visibility_timeout_seconds=self.visibility_timeout_seconds,
            dead_letter_queue=self.dlq_name,
            max_receive_count=self.max_receive_count,
        )
