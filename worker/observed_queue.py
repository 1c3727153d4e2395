"""The inbound queue as the worker's consumer uses it, observed: readiness (do receives succeed?)
and, when tracing is on, the receive and delete spans of each message's trace."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Unpack

from opentelemetry.trace import SpanKind

from orchestrator.integrations.queue import Queue, QueueMessage, ReceiveOptions
from orchestrator.observability.tracing import continued, record_span, suppressed, tracing_active
from worker.health import WorkerHealth
from worker.tracing import MessageTraces

if TYPE_CHECKING:
    from types_aiobotocore_sqs.client import SQSClient


class ObservedQueue(Queue):
    """A `Queue` that notes receive outcomes in `health` and message traces in `traces`."""

    def __init__(self, sqs: SQSClient, url: str, health: WorkerHealth, traces: MessageTraces) -> None:
        super().__init__(sqs, url)
        self._health = health
        self.traces = traces

    async def receive(self, **options: Unpack[ReceiveOptions]) -> list[QueueMessage]:
        started = time.time_ns()
        try:
            # An empty long poll every 20 s is no one's trace; the messages' own spans stand for it.
            with suppressed():
                messages = await super().receive(**options)
        except Exception as exc:
            self._health.last_receive_failed = type(exc).__name__
            raise
        self._health.receiving, self._health.last_receive_failed = True, None
        if tracing_active() and messages:
            self.traces.received(messages, started)
        return messages

    async def delete_batch(self, receipt_handles: Sequence[str]) -> list[str]:
        if not tracing_active() or not receipt_handles:
            return await super().delete_batch(receipt_handles)
        parents = self.traces.parents(receipt_handles)
        self.traces.forget(receipt_handles)
        started = time.time_ns()
        # One call for the batch: run under the first message's trace, then record the same span
        # in the trace of every other message of the batch.
        attributes = {"messaging.batch.message_count": len(receipt_handles)}
        with continued("orchestrator.delete", parents[:1], attributes, kind=SpanKind.CLIENT):
            refused = await super().delete_batch(receipt_handles)
        for parent in parents[1:]:
            record_span(
                "orchestrator.delete", parent, attributes, start_ns=started, end_ns=time.time_ns(), kind=SpanKind.CLIENT
            )
        return refused
