"""Never silent, never a crash loop (SPEC 6): an unexpected exception while understanding or stepping
a message gives the caregiver one apology, leaves the message unprocessed for the DLQ and a later
redrive, and lets the session go on. Fast tier: the fakes, the real consumer on an in-memory queue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from orchestrator import machine
from orchestrator.errors import PermanentFailure
from orchestrator.ids import event_marker
from orchestrator.integrations.llm import RulesInterpreter
from orchestrator.machine import replies
from orchestrator.models import InboundEvent
from orchestrator.turn import TurnStats, process_turn
from tests.fakes.ports import ExplodingInterpreter
from tests.fakes.queue import FakeQueue
from tests.turn.conftest import PHONE, TurnWorld
from worker.consumer import Consumer, ConsumerOptions
from worker.metrics import WorkerMetrics

APOLOGY = replies.unexpected_error().text
BUG = "quebra"  # a message the exploding interpreter cannot handle


@pytest.fixture
def buggy() -> TurnWorld:
    """A world whose interpreter raises IndexError on any message containing BUG."""
    return TurnWorld(interpreter=ExplodingInterpreter(trigger=BUG))


def _apologies(world: TurnWorld) -> int:
    return sum(APOLOGY in text for text in world.sink.texts)


class TestOneFailingMessage:
    async def test_one_apology_and_not_processed(self, buggy: TurnWorld, logs: list[dict[str, Any]]) -> None:
        """The failing message: PermanentFailure naming the error, one apology delivered, the event
        not marked processed but marked apologized, both lines in the conversation, and an error
        logged with the event id and the error's type (not the message text)."""
        event = buggy.message(f"{BUG} PA 120x80")
        with pytest.raises(PermanentFailure, match="unexpected IndexError"):
            await buggy.turn(event)
        record = await buggy.record()
        assert buggy.sink.texts == [APOLOGY]
        assert (record.processed, record.apologized) == ((), (event_marker(event.event_id),))
        assert [turn.text for turn in buggy.tables.turns.values()] == [event.text, APOLOGY]
        [logged] = [entry for entry in logs if entry["event"] == "event_failed_unexpectedly"]
        assert (logged["event_id"], logged["error"], logged["log_level"]) == (event.event_id, "IndexError", "error")
        assert "120x80" not in repr(logs)

    async def test_stepping_failure_is_handled_the_same(
        self, world: TurnWorld, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A bug in the machine's step (not the interpreter) gets the same treatment."""

        def broken_step(*args: Any, **kwargs: Any) -> machine.Transition:
            raise IndexError("list index out of range")

        monkeypatch.setattr(machine, "step", broken_step)
        with pytest.raises(PermanentFailure, match="unexpected IndexError"):
            await world.turn(world.message("oi"))
        assert world.sink.texts == [APOLOGY]

    async def test_redelivery_does_not_apologize_again(self, buggy: TurnWorld) -> None:
        """The message reappearing (each receive until the DLQ) fails again without a second apology
        and without writing anything."""
        event = buggy.message(BUG)
        for _ in range(4):
            with pytest.raises(PermanentFailure):
                await buggy.turn(event)
        assert _apologies(buggy) == 1
        assert (await buggy.record()).version == 1
        assert len(buggy.tables.turns) == 2

    async def test_the_sessions_next_message_proceeds(self, buggy: TurnWorld) -> None:
        """After the failing message, the session's next message is answered normally."""
        with pytest.raises(PermanentFailure):
            await buggy.turn(buggy.message(BUG))
        reply = await buggy.say("como funciona?")
        assert "sinais vitais" in reply.lower()
        assert buggy.tables.locks == {}

    async def test_replay_after_the_fix_is_processed_for_real(self, buggy: TurnWorld) -> None:
        """A redrive after the fix replays the message: it is processed and answered, under a reply
        id of its own (a sink deduplicating on it does not drop the real answer)."""
        event = buggy.message(f"FC 80 {BUG}")
        with pytest.raises(PermanentFailure):
            await buggy.turn(event)
        stats = await buggy.turn(event, deps=buggy.deps(interpreter=RulesInterpreter()))
        assert stats.applied == 1
        assert len(buggy.sink.received) == 2 and "FC 80" in buggy.sink.texts[-1]
        assert event_marker(event.event_id) in (await buggy.record()).processed

    async def test_replay_that_succeeds_clears_the_recorded_failure(self, buggy: TurnWorld) -> None:
        """The failure the worker recorded for the message (admin state, `dlq list`) is gone once its
        redrive is processed, in the turn's one commit; another event's failure stays."""
        event = buggy.message(f"FC 80 {BUG}")
        sessions = buggy.sessions()
        with pytest.raises(PermanentFailure) as failed:
            await buggy.turn(event)
        await sessions.record_failure(PHONE, event.event_id, str(failed.value))
        await sessions.record_failure(PHONE, "wamid.other", "backend answered 400")
        version = (await buggy.record()).version
        await buggy.turn(event, deps=buggy.deps(interpreter=RulesInterpreter()))
        assert await sessions.failures(PHONE) == {"wamid.other": "backend answered 400"}
        assert (await buggy.record()).version == version + 1

    async def test_failing_again_keeps_the_recorded_failure(self, buggy: TurnWorld) -> None:
        """A redrive that fails again leaves the reason where it was."""
        event = buggy.message(BUG)
        sessions = buggy.sessions()
        with pytest.raises(PermanentFailure):
            await buggy.turn(event)
        await sessions.record_failure(PHONE, event.event_id, "unexpected IndexError in the turn")
        with pytest.raises(PermanentFailure):
            await buggy.turn(event)
        assert await sessions.failures(PHONE) == {event.event_id: "unexpected IndexError in the turn"}


class TestBurstWithAFailingMessage:
    async def test_the_other_messages_of_the_burst_are_applied(self, buggy: TurnWorld) -> None:
        """In a burst, only the failing message is set aside: the others are applied and answered in
        the same reply as the apology."""
        events = [buggy.message(text) for text in ("FC 80", BUG, "FR 18")]
        with pytest.raises(PermanentFailure):
            await buggy.turn(*events)
        [reply] = buggy.sink.texts
        assert APOLOGY in reply and "FC 80" in reply and "FR 18" in reply
        record = await buggy.record()
        assert record.processed == (event_marker(events[0].event_id), event_marker(events[2].event_id))
        assert buggy.backend.calls == []


class TestThroughTheConsumer:
    async def test_dead_lettered_in_a_few_quick_receives_then_the_session_goes_on(self, buggy: TurnWorld) -> None:
        """The real consumer on an in-memory FIFO queue (redrive after 3 receives): the failing
        message is received 3 times without waiting out its visibility timeout, moves to the DLQ
        with its reason recorded, the caregiver hears one apology, and the next message is answered."""
        queue = FakeQueue(visibility_timeout=30, max_receive_count=3)
        sessions = buggy.sessions()

        async def run_turn(session_id: str, events: Sequence[InboundEvent], stats: TurnStats) -> TurnStats:
            return await process_turn(buggy.deps(), session_id, events, stats)

        metrics = WorkerMetrics()
        consumer = Consumer(queue, run_turn, sessions.record_failure, ConsumerOptions(concurrency=4), metrics)  # type: ignore[arg-type]
        failing = buggy.message(BUG)
        await queue.send_event(failing)
        await consumer.drain()
        assert [message.group_id for message in queue.dlq] == [PHONE]
        assert queue.dlq[0].receive_count == 3
        assert await sessions.failures(PHONE) == {failing.event_id: "unexpected IndexError in the turn"}
        assert _apologies(buggy) == 1
        # Each of the 3 receives raised in the turn: all counted, though apologized once.
        assert metrics.registry.get_sample_value("orchestrator_unexpected_errors_total") == 3
        await queue.send_event(buggy.message("como funciona?"))
        await consumer.drain()
        await consumer.close()
        assert await queue.depth() == {"visible": 0, "in_flight": 0}
        assert "sinais vitais" in buggy.sink.texts[-1].lower()
        assert metrics.registry.get_sample_value("orchestrator_unexpected_errors_total") == 3
