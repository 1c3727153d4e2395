"""The worker's side of a message's trace: receive, turn and delete continue the ingress's span.

The envelope carries the ingress request span's `traceparent`. When a batch is received, each
message's trace gets a `receive` span (recorded afterwards: the traces are known only from the
bodies); a turn runs in a `turn` span continuing its first message's trace (linking the others of
a burst), so every DynamoDB, backend, LLM and reply call of the turn joins it; the batched delete
gets a `delete` span in each deleted message's trace. Nothing here runs when tracing is off.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from opentelemetry.context import Context
from opentelemetry.trace import SpanKind

from orchestrator import envelope
from orchestrator.integrations.queue import QueueMessage
from orchestrator.models import InboundEvent
from orchestrator.observability.tracing import context_of, continued, record_span, tracing_active

_MESSAGING: dict[str, str | int] = {"messaging.system": "aws_sqs"}


class MessageTraces:
    """The trace context of each message in flight, by receipt handle and by event id."""

    def __init__(self) -> None:
        self._by_handle: dict[str, Context] = {}
        self._by_event: dict[str, Context] = {}

    def received(self, messages: Sequence[QueueMessage], start_ns: int) -> None:
        end_ns = time.time_ns()
        for message in messages:
            event_id, traceparent = envelope.traceparent_of(message.body)
            parent = context_of(traceparent)
            self._by_handle[message.receipt_handle] = parent
            if event_id:
                self._by_event[event_id] = parent
            attributes = {
                **_MESSAGING,
                "messaging.message.id": message.message_id,
                "orchestrator.receive_count": message.receive_count,
            }
            record_span(
                "orchestrator.receive", parent, attributes, start_ns=start_ns, end_ns=end_ns, kind=SpanKind.CONSUMER
            )

    def parents(self, handles: Sequence[str]) -> list[Context]:
        return [self._by_handle[handle] for handle in handles if handle in self._by_handle]

    def forget(self, handles: Sequence[str]) -> None:
        for handle in handles:
            self._by_handle.pop(handle, None)

    @contextmanager
    def turn(self, events: Sequence[InboundEvent]) -> Iterator[None]:
        """The turn's span, continuing its events' traces (events' contexts are forgotten after)."""
        if not tracing_active():
            yield
            return
        parents = [self._by_event.pop(event.event_id) for event in events if event.event_id in self._by_event]
        with continued("orchestrator.turn", parents, {"orchestrator.events": len(events)}, kind=SpanKind.INTERNAL):
            yield
