"""`FakeQueue`: an in-memory SQS FIFO queue with a redrive policy, behind `WorkQueue`.

What the worker relies on is kept: one group's messages come out in order and never while one of
them is in flight; a received message is invisible for the visibility timeout (or until its
visibility is changed); each receive counts, and a message received more than `max_receive_count`
times moves to `dlq` instead of being handed out; a stale receipt handle is refused.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime

from orchestrator import envelope
from orchestrator.integrations.queue import MAX_BATCH, QueueMessage
from orchestrator.models import InboundEvent


@dataclass
class _Stored:
    message_id: str
    body: str
    group_id: str
    deduplication_id: str
    sent_at: datetime
    receive_count: int = 0
    visible_at: float = 0.0
    receipt_handle: str | None = None


@dataclass
class FakeQueue:
    visibility_timeout: int = 30
    max_receive_count: int = 5
    clock: Callable[[], float] = time.monotonic
    messages: list[_Stored] = field(default_factory=list)
    dlq: list[_Stored] = field(default_factory=list)
    _seen_dedup: set[str] = field(default_factory=set)

    async def send_event(self, event: InboundEvent) -> str:
        return await self.send_raw(
            envelope.encode(event),
            group_id=event.session_id,
            deduplication_id=envelope.deduplication_id(event.event_id),
        )

    async def send_raw(self, body: str, *, group_id: str, deduplication_id: str) -> str:
        message_id = str(uuid.uuid4())
        if deduplication_id not in self._seen_dedup:  # SQS drops a re-send within its window
            self._seen_dedup.add(deduplication_id)
            self.messages.append(_Stored(message_id, body, group_id, deduplication_id, datetime.now(UTC)))
        return message_id

    async def receive(
        self, *, max_messages: int = MAX_BATCH, wait_seconds: int = 0, visibility_timeout: int | None = None
    ) -> list[QueueMessage]:
        """Never waits: an empty answer comes at once (like a short poll that found nothing)."""
        now = self.clock()
        blocked = {m.group_id for m in self.messages if m.visible_at > now}
        taken: list[QueueMessage] = []
        for message in list(self.messages):
            if len(taken) >= min(max_messages, MAX_BATCH):
                break
            if message.group_id in blocked:
                continue
            if message.receive_count >= self.max_receive_count:  # the redrive policy
                self.messages.remove(message)
                self.dlq.append(message)
                continue
            message.receive_count += 1
            message.visible_at = now + (self.visibility_timeout if visibility_timeout is None else visibility_timeout)
            message.receipt_handle = str(uuid.uuid4())
            taken.append(self._as_received(message))
        return taken

    def _as_received(self, message: _Stored) -> QueueMessage:
        """Every `QueueMessage` field as stored now: one the fake does not keep fails here, loudly."""
        assert message.receipt_handle is not None
        return QueueMessage(**{each.name: getattr(message, each.name) for each in fields(QueueMessage)})

    def _each(self, receipt_handles: Sequence[str], act: Callable[[_Stored], None]) -> list[str]:
        """Apply `act` to each message still received under its handle; return the stale handles."""
        refused = []
        for handle in receipt_handles:
            message = next((m for m in self.messages if m.receipt_handle == handle), None)
            if message is None:
                refused.append(handle)
            else:
                act(message)
        return refused

    async def delete_batch(self, receipt_handles: Sequence[str]) -> list[str]:
        return self._each(receipt_handles, self.messages.remove)

    async def change_visibility_batch(self, receipt_handles: Sequence[str], seconds: int) -> list[str]:
        def show_again(message: _Stored) -> None:
            message.visible_at = self.clock() + seconds

        return self._each(receipt_handles, show_again)

    async def depth(self) -> dict[str, int]:
        now = self.clock()
        in_flight = sum(1 for message in self.messages if message.visible_at > now)
        return {"visible": len(self.messages) - in_flight, "in_flight": in_flight}
