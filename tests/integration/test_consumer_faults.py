"""The consumer under the failures SQS consumers are known for, on moto's SQS (turns are stand-ins
that record what ran and wait when told): a turn longer than the visibility timeout, a stuck turn
past the extension cap, a delete refused for a stale receipt handle, and one session's failure
beside another session's progress."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from structlog.testing import capture_logs

from orchestrator.clock import utc_now
from orchestrator.devtools.localaws import LOCAL_CREDENTIALS, MotoServer
from orchestrator.errors import RetryLater
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import Queue, QueueSpec, ensure_queues
from orchestrator.models import EventKind, InboundEvent
from orchestrator.turn import TurnStats
from tests.aws_calls import CallLog
from tests.faultproxy import FaultProxy
from tests.integration.stack import wait_for
from worker.consumer import Consumer, ConsumerOptions

VISIBILITY = 3  # seconds: the heartbeat extends every second, within 1.5 s at the latest


@dataclass
class Turns:
    """Stand-in turns: record every run; a session in `failing` raises RetryLater, one in `held`
    waits for its event."""

    runs: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    failing: set[str] = field(default_factory=set)
    held: dict[str, asyncio.Event] = field(default_factory=dict)
    finished: list[str] = field(default_factory=list)

    async def run_turn(self, session_id: str, events: Sequence[InboundEvent], stats: TurnStats) -> TurnStats:
        self.runs.append((session_id, tuple(event.event_id for event in events)))
        if session_id in self.failing:
            raise RetryLater("backend down")
        if session_id in self.held:
            await self.held[session_id].wait()
        self.finished.append(session_id)
        return stats

    async def record_failure(self, session_id: str, event_id: str, reason: str) -> None:
        """Nothing to record for a stand-in."""

    def ran(self, session_id: str) -> list[str]:
        return [event_id for session, events in self.runs if session == session_id for event_id in events]


async def new_queue(aws: AwsClients, table_prefix: str, visibility: int = VISIBILITY) -> Queue:
    name = f"{table_prefix}{uuid.uuid4().hex[:6]}.fifo"
    await ensure_queues(aws.sqs, QueueSpec(name, name.replace(".fifo", "-dlq.fifo"), 5, visibility))
    return await Queue.by_name(aws.sqs, name)


async def send(queue: Queue, session_id: str, event_id: str) -> None:
    event = InboundEvent(
        kind=EventKind.MESSAGE, event_id=event_id, session_id=session_id, received_at=utc_now(), text="ok"
    )
    await queue.send_event(event)


@asynccontextmanager
async def consuming(queue: Queue, turns: Turns, **options: Any) -> AsyncIterator[Consumer]:
    settings = ConsumerOptions(**{"concurrency": 8, "visibility_timeout": VISIBILITY, "wait_seconds": 1, **options})
    consumer = Consumer(queue, turns.run_turn, turns.record_failure, settings)
    runner = asyncio.create_task(consumer.run())
    try:
        yield consumer
    finally:
        for event in turns.held.values():
            event.set()
        await consumer.stop(deadline=5)
        await runner
        await consumer.close()


@dataclass
class OtherReceiver:
    """Another worker polling the same queue: what it got, if anything."""

    queue: Queue
    received: list[Any] = field(default_factory=list)

    async def poll(self) -> None:
        self.received += await self.queue.receive(wait_seconds=0)

    async def got_one(self) -> bool:
        await self.poll()
        return bool(self.received)


class TestLongTurns:
    async def test_turn_longer_than_the_visibility_timeout_stays_invisible(
        self, moto_aws: AwsClients, table_prefix: str
    ) -> None:
        """A turn held for several visibility timeouts: the heartbeat keeps extending its message,
        so another receiver never gets it; once the turn ends, the message is deleted, run once."""
        queue = await new_queue(moto_aws, table_prefix)
        calls = CallLog().watch(moto_aws.sqs)
        turns = Turns(held={"s-long": asyncio.Event()})
        other = OtherReceiver(queue)
        await send(queue, "s-long", "long-1")
        async with consuming(queue, turns) as consumer:
            await wait_for(lambda: turns.runs, timeout=20, what="the turn to start")
            # Until three extensions (held for longer than its first lease) or the message escapes.
            async with asyncio.timeout(30):
                while calls.operations.count("ChangeMessageVisibilityBatch") < 3 and not other.received:
                    await other.poll()
                    await asyncio.sleep(0.2)
            assert other.received == []
            turns.held["s-long"].set()
            await wait_for(lambda: consumer.processed == 1, timeout=20, what="the turn to finish")
        calls.stop(moto_aws.sqs)
        assert turns.ran("s-long") == ["long-1"]
        assert await queue.depth() == {"visible": 0, "in_flight": 0}

    async def test_stuck_turn_is_let_go_at_the_cap_and_its_stale_delete_survived(
        self, moto_server: MotoServer, moto_aws: AwsClients, table_prefix: str
    ) -> None:
        """Past `max_hold_seconds` the heartbeat stops extending a stuck turn's message, which then
        reappears to another receiver. When the stuck turn finally ends, SQS refuses its delete (the
        receipt handle is stale; FIFO queues refuse it, and the fault proxy answers as they do,
        since moto would delete anyway): the consumer logs it and goes on, and the message stays
        with its new holder."""
        queue = await new_queue(moto_aws, table_prefix)
        proxy = await FaultProxy(moto_server.endpoint).start()
        proxied = await AwsClients.create(region="sa-east-1", endpoint_url=proxy.url, credentials=LOCAL_CREDENTIALS)
        turns = Turns(held={"s-stuck": asyncio.Event()})
        other = OtherReceiver(queue)
        await send(queue, "s-stuck", "stuck-1")
        try:
            with capture_logs() as logs:
                async with consuming(Queue(proxied.sqs, queue.url), turns, max_hold_seconds=2) as consumer:
                    await wait_for(lambda: turns.runs, timeout=20, what="the turn to start")
                    await wait_for(other.got_one, timeout=30, what="the message to reappear")
                    assert other.received[0].receive_count == 2

                    proxy.inject("DeleteMessageBatch", refuse_every_entry)
                    turns.held["s-stuck"].set()
                    await wait_for(lambda: "DeleteMessageBatch" in proxy.seen, timeout=10, what="the stale delete")
                    await send(queue, "s-next", "next-1")
                    await wait_for(lambda: consumer.processed == 2, timeout=20, what="the next message")
                    await wait_for(lambda: proxy.seen.count("DeleteMessageBatch") == 2, timeout=10, what="its delete")
        finally:
            await proxied.close()
            await proxy.stop()
        events = [entry["event"] for entry in logs]
        assert "visibility_cap_reached" in events
        assert "delete_refused" in events
        assert await queue.depth() == {"visible": 0, "in_flight": 1}  # with the other receiver


def refuse_every_entry(body: bytes) -> tuple[int, bytes]:
    """SQS's answer to a DeleteMessageBatch whose receipt handles are no longer valid."""
    entries = json.loads(body)["Entries"]
    failed = [
        {"Id": entry["Id"], "SenderFault": True, "Code": "ReceiptHandleIsInvalid", "Message": "expired receipt handle"}
        for entry in entries
    ]
    return 200, json.dumps({"Successful": [], "Failed": failed}).encode()


class TestSessionsIndependent:
    async def test_a_failing_and_a_stuck_session_do_not_delay_another(
        self, moto_aws: AwsClients, table_prefix: str
    ) -> None:
        """Session A's turn fails (its message waits out the visibility timeout), session C's turn
        hangs; session B's five messages are all processed meanwhile, in order."""
        queue = await new_queue(moto_aws, table_prefix, visibility=30)
        turns = Turns(failing={"s-a"}, held={"s-c": asyncio.Event()})
        await send(queue, "s-a", "a-1")
        await send(queue, "s-c", "c-1")
        for n in range(5):
            await send(queue, "s-b", f"b-{n}")
        async with consuming(queue, turns, visibility_timeout=30) as consumer:
            await wait_for(lambda: len(turns.ran("s-b")) == 5, timeout=30, what="session B's messages")
            assert turns.ran("s-b") == [f"b-{n}" for n in range(5)]
            assert turns.ran("s-a") == ["a-1"]  # tried once: its retry waits out the timeout
            assert "s-c" not in turns.finished
            assert consumer.retried == 1
