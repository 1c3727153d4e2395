"""The inbound queue's contract, as the worker relies on it, on the in-memory `FakeQueue` and on
moto's SQS: what the fast tier's consumer tests assume holds on the emulator too."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from orchestrator import envelope
from orchestrator.integrations.base import WorkQueue
from orchestrator.integrations.queue import Queue, QueueSpec, ensure_queues
from orchestrator.models import EventKind, InboundEvent
from tests.conftest import open_clients
from tests.fakes.queue import FakeQueue

MAX_RECEIVES = 2
ANA, BETO = "5511999990001", "5511999990002"


def event(event_id: str, session_id: str = ANA) -> InboundEvent:
    return InboundEvent(
        kind=EventKind.MESSAGE,
        event_id=event_id,
        session_id=session_id,
        received_at=datetime(2026, 11, 26, 9, 30, tzinfo=UTC),
        text="oi",
    )


@dataclass
class Queues:
    inbound: WorkQueue
    fake: FakeQueue | None
    dlq: Queue | None

    async def send(self, *events: InboundEvent) -> None:
        for one in events:
            await self.inbound.send_event(one)  # type: ignore[attr-defined]

    async def dead_letters(self) -> int:
        if self.fake is not None:
            return len(self.fake.dlq)
        assert self.dlq is not None
        depth = await self.dlq.depth()
        return depth["visible"] + depth["in_flight"]

    async def receive(self) -> list[str]:
        """One receive; the event ids received (the envelope's key)."""
        return [m.deduplication_id or "" for m in await self.inbound.receive(max_messages=10, wait_seconds=0)]


@pytest.fixture(params=["fake", "moto"])
async def queues(request: pytest.FixtureRequest, table_prefix: str) -> AsyncIterator[Queues]:
    if request.param == "fake":
        fake = FakeQueue(visibility_timeout=30, max_receive_count=MAX_RECEIVES)
        yield Queues(inbound=fake, fake=fake, dlq=None)
        return
    server = request.getfixturevalue("moto_server")
    spec = QueueSpec(f"{table_prefix}inbound.fifo", f"{table_prefix}inbound-dlq.fifo", MAX_RECEIVES, 30)
    async with await open_clients(server.endpoint) as aws:
        await ensure_queues(aws.sqs, spec)
        inbound, dlq = await Queue.by_name(aws.sqs, spec.inbound_name), await Queue.by_name(aws.sqs, spec.dlq_name)
        yield Queues(inbound=inbound, fake=None, dlq=dlq)


def _ids(*events: InboundEvent) -> list[str]:
    return [envelope.deduplication_id(one.event_id) for one in events]


class TestFifo:
    async def test_a_groups_messages_come_in_order_and_together(self, queues: Queues) -> None:
        """Three messages of one session: one receive hands them out in the order sent."""
        sent = [event(f"m{n}") for n in range(3)]
        await queues.send(*sent)
        assert await queues.receive() == _ids(*sent)

    async def test_a_group_in_flight_is_held_back(self, queues: Queues) -> None:
        """While a session's message is in flight its later one waits; another session's does not."""
        first, later, other = event("a1"), event("a2"), event("b1", BETO)
        await queues.send(first)
        assert await queues.receive() == _ids(first)
        await queues.send(later, other)
        assert await queues.receive() == _ids(other)

    async def test_a_resend_of_the_same_event_is_dropped(self, queues: Queues) -> None:
        """The same event sent twice (same deduplication id) is queued once."""
        await queues.send(event("m1"), event("m1"))
        assert await queues.receive() == _ids(event("m1"))


class TestRedrive:
    async def test_given_back_then_dead_lettered_after_max_receives(self, queues: Queues) -> None:
        """A message given back at once is received again at once; after MAX_RECEIVES receives the
        next receive moves it to the DLQ, and the session's next message comes out."""
        failing, following = event("bad"), event("next")
        await queues.send(failing, following)
        for count in range(1, MAX_RECEIVES + 1):
            received = await queues.inbound.receive(max_messages=1, wait_seconds=0)
            assert [(m.deduplication_id, m.receive_count) for m in received] == [(_ids(failing)[0], count)]
            assert await queues.inbound.change_visibility_batch([received[0].receipt_handle], 0) == []
        assert await queues.receive() == _ids(following)  # the same receive moves one and hands out the next
        assert await queues.dead_letters() == 1

    async def test_deleted_message_is_gone(self, queues: Queues) -> None:
        """A deleted message is not received again, even after its visibility timeout would pass."""
        await queues.send(event("m1"))
        [message] = await queues.inbound.receive(max_messages=1, wait_seconds=0)
        assert await queues.inbound.delete_batch([message.receipt_handle]) == []
        assert await queues.receive() == []
