"""The consumer's budget of messages in flight (real SQS on moto; the turn itself is a stand-in that only
records how many run together)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from orchestrator.clock import utc_now
from orchestrator.integrations.queue import Queue
from orchestrator.models import EventKind, InboundEvent
from orchestrator.turn import TurnStats
from tests.integration.stack import Stack, wait_for
from worker.consumer import Consumer, ConsumerOptions

SESSIONS = 100


class TurnRecorder:
    def __init__(self) -> None:
        self.running = 0
        self.peak = 0
        self.seen: list[str] = []

    async def run_turn(self, session_id: str, events: Sequence[InboundEvent], stats: TurnStats) -> TurnStats:
        self.running += 1
        self.peak = max(self.peak, self.running)
        try:
            await asyncio.sleep(0.3)
            self.seen.extend(event.event_id for event in events)
            return stats
        finally:
            self.running -= 1

    async def record_failure(self, session_id: str, event_id: str, reason: str) -> None:
        raise AssertionError(f"unexpected failure {reason}")


async def test_turns_overlap_up_to_the_budget_and_nothing_is_lost(stack: Stack) -> None:
    queue = await Queue.by_name(stack.aws.sqs, stack.settings.inbound_queue_name)
    sent = []
    for index in range(SESSIONS):
        event = InboundEvent(
            event_id=f"slot-{index}",
            kind=EventKind.MESSAGE,
            session_id=f"55119{index:08d}",
            text="ok",
            received_at=utc_now(),
        )
        await queue.send_event(event)
        sent.append(event.event_id)

    recorder = TurnRecorder()
    options = ConsumerOptions(concurrency=32, visibility_timeout=30, wait_seconds=1)
    consumer = Consumer(queue, recorder.run_turn, recorder.record_failure, options)
    runner = asyncio.create_task(consumer.run())
    try:
        await wait_for(lambda: consumer.processed == SESSIONS, timeout=60, what="every message processed")
    finally:
        await consumer.stop(deadline=5)
        await runner
        await consumer.close()

    assert sorted(recorder.seen) == sorted(sent)
    assert recorder.peak <= options.concurrency
    assert recorder.peak > 10, "more than one receive's worth of turns should have run together"
    assert await queue.depth() == {"visible": 0, "in_flight": 0}
