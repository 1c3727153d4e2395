"""Turns that meet failures, on the fakes: crashes at every point, version conflicts, a busy or lost
lock, a backend or sink that fails. Effects still happen exactly once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from orchestrator.errors import LockBusy, PermanentFailure, RetryLater
from orchestrator.integrations.base import Interpretation
from orchestrator.integrations.llm import RulesInterpreter
from orchestrator.machine import Expectation
from orchestrator.models import ActionKind, PendingAction, Shift
from orchestrator.store.base import CommitPlan, SessionRecord, SessionStore, Settlement, session_resource
from tests.fakes.crashes import Crash, CrashingBackend, CrashingSessions
from tests.fakes.ports import FakeBackend
from tests.fakes.stores import FakeLockStore
from tests.shifts import SHIFT_A, SHIFT_E
from tests.turn.conftest import FULL_VITALS, PHONE, SAVED, TurnWorld


def _saved(world: TurnWorld) -> int:
    return sum(SAVED in text for text in world.sink.texts)


@dataclass
class RivalSessions:
    """A session store where another writer commits first, `times` times, just before ours."""

    real: SessionStore
    times: int
    rivals: int = 0

    async def load(self, session_id: str) -> SessionRecord:
        return await self.real.load(session_id)

    async def commit(self, plan: CommitPlan) -> SessionRecord:
        if self.rivals < self.times:
            self.rivals += 1
            current = await self.real.load(plan.record.session_id)
            rival = CommitPlan(
                record=current, expected_version=current.version, lease=None, request_token=uuid.uuid4().hex
            )
            await self.real.commit(rival)
        return await self.real.commit(plan)

    async def settle(self, session_id: str, settlement: Settlement) -> None:
        await self.real.settle(session_id, settlement)

    async def record_failure(self, session_id: str, event_id: str, reason: str) -> None:
        await self.real.record_failure(session_id, event_id, reason)

    async def failures(self, session_id: str) -> dict[str, str]:
        return await self.real.failures(session_id)


class TestCrashAtEveryPoint:
    @pytest.mark.parametrize("point", ["before_commit", "after_commit", "after_settle"])
    async def test_session_store_crash_points(self, world: TurnWorld, point: str) -> None:
        """A worker dying before/after the commit or after settling: the redelivered "sim" ends with
        exactly one backend call and exactly one "salvo" reply."""
        await world.say(FULL_VITALS)
        sim = world.message("sim")
        crashing = CrashingSessions(world.sessions(), point)
        with pytest.raises(Crash):
            await world.turn(sim, deps=world.deps(sessions=crashing))
        await world.turn(sim)
        assert len(world.backend.calls) == 1  # not merely deduplicated by the backend
        assert _saved(world) == 1
        assert (await world.record()).unexecuted == ()

    async def test_crash_after_backend_call(self, world: TurnWorld) -> None:
        """Dying after the backend applied the write: the redelivery calls it again with the same
        action id, nothing new is applied, and "salvo" is sent once."""
        await world.say(FULL_VITALS)
        sim = world.message("sim")
        with pytest.raises(Crash):
            await world.turn(sim, deps=world.deps(backend=CrashingBackend(world.backend)))
        await world.turn(sim)
        assert [call.action_id for call in world.backend.calls] == [world.backend.calls[0].action_id] * 2
        assert len(world.backend.writes()) == 1
        assert _saved(world) == 1


class TestConflicts:
    async def test_version_conflict_reloads_and_reruns(self, world: TurnWorld) -> None:
        """Another writer commits between our load and commit: the turn loads again, re-runs its
        events and commits on top; one reply."""
        await world.say("como funciona?")
        stats = await world.turn(world.message("FC 80"), deps=world.deps(sessions=RivalSessions(world.sessions(), 1)))
        assert (stats.version_conflicts, stats.applied) == (1, 1)
        record = await world.record()
        assert record.version == 3  # the first turn, the rival, then ours on top
        assert len(record.processed) == 2 and len(world.sink.received) == 2

    async def test_conflicts_that_keep_coming_leave_the_message(self, world: TurnWorld) -> None:
        """Three conflicts in a row: RetryLater, nothing of the turn written, the lock free again."""
        racing = RivalSessions(world.sessions(), 3)
        with pytest.raises(RetryLater, match="version conflicts"):
            await world.turn(world.message("FC 80"), deps=world.deps(sessions=racing))
        record = await world.record()
        assert (record.version, record.processed, world.sink.received) == (3, (), {})
        assert await world.locks().try_acquire(session_resource(PHONE), "worker-2") is not None


class TestLock:
    async def test_busy_session_is_not_touched(self, world: TurnWorld) -> None:
        """Another live holder has the session: LockBusy, nothing loaded or written, no reply."""
        assert await world.locks().try_acquire(session_resource(PHONE), "someone-else") is not None
        with pytest.raises(LockBusy):
            await world.turn(world.message("FC 80"))
        assert (await world.record()).version == 0 and world.sink.received == {}

    async def test_lost_lease_cannot_commit(self, world: TurnWorld) -> None:
        """The lease passes mid-turn and another worker takes the lock: the commit is fenced off
        (RetryLater), nothing is written, and the new holder keeps its lock."""

        class SlowInterpreter(RulesInterpreter):
            async def interpret(self, text: str, expectation: Expectation) -> Interpretation:
                world.clock.advance(seconds=11)
                assert await FakeLockStore(world.tables).try_acquire(session_resource(PHONE), "worker-2")
                return await super().interpret(text, expectation)

        with pytest.raises(RetryLater, match="lock lost"):
            await world.turn(world.message("FC 80"), deps=world.deps(interpreter=SlowInterpreter()))
        assert (await world.record()).version == 0 and world.sink.received == {}
        [holder] = world.tables.locks.values()
        assert holder.lease.owner == "worker-2"


class TestBackendAndSinkFailures:
    async def test_backend_down_tells_once_then_saves(self, world: TurnWorld) -> None:
        """While the backend is down the confirming message is left for later and the caregiver is
        told once that saving is delayed; when it is back, one write and one "salvo"."""
        await world.say(FULL_VITALS)
        sim = world.message("sim")
        world.backend.down = True
        for _ in range(2):
            with pytest.raises(RetryLater, match="backend unavailable"):
                await world.turn(sim)
        assert sum("instável" in text for text in world.sink.texts) == 1
        world.backend.down = False
        await world.turn(sim)
        assert len(world.backend.writes()) == 1 and _saved(world) == 1

    async def test_shift_backend_down_is_answered_not_retried_silently(self, world: TurnWorld) -> None:
        """getScheduleStarted still failing after the client's retries: the message gets the one
        "try again in a moment" answer and is done (it was left on the queue with no reply until
        the DLQ); nothing is written, and the next message fetches the shift again."""
        world.backend.schedule_down = True
        await world.turn(world.message("bom dia"))
        assert len(world.sink.texts) == 1 and "instante" in world.sink.texts[0]
        assert world.backend.calls == []
        world.backend.schedule_down = False
        await world.turn(world.message("como funciona?"))
        assert world.backend.schedule_fetches == 2 and len(world.sink.texts) == 2

    async def test_backend_refusal_is_permanent_and_said_once(self, world: TurnWorld) -> None:
        """A 4xx: PermanentFailure naming the status, and the caregiver told the record was refused."""
        await world.say(FULL_VITALS)
        world.backend.refusing = True
        with pytest.raises(PermanentFailure, match="HTTP 422"):
            await world.turn(world.message("sim"))
        assert "não aceitou" in world.sink.texts[-1] and _saved(world) == 0

    async def test_sink_failure_redelivers_the_reply_once(self, world: TurnWorld) -> None:
        """The sink fails once: RetryLater with the reply kept in the outbox; the redelivered
        message delivers it, once."""
        event = world.message("como funciona?")
        world.sink.failing = 1
        with pytest.raises(RetryLater, match="reply delivery failed"):
            await world.turn(event)
        assert len((await world.record()).outbox) == 1
        await world.turn(event)
        assert (len(world.sink.received), (await world.record()).outbox) == (1, ())

    async def test_reason_of_a_processed_message_cleared_once_delivered(self, world: TurnWorld) -> None:
        """The message was processed but its reply not delivered: the reason the worker recorded
        goes with the settle of the receive that delivers it (the commit had nothing to clear)."""
        event = world.message("como funciona?")
        sessions = world.sessions()
        world.sink.failing = 1
        with pytest.raises(RetryLater) as retry:
            await world.turn(event)
        await sessions.record_failure(PHONE, event.event_id, retry.value.reason)
        await world.turn(event)
        assert await sessions.failures(PHONE) == {}


class TestFollowUps:
    def _cancelling_world(self) -> TurnWorld:
        """Shift A; once the cancellation is applied the backend offers substitutes (shift E)."""
        world = TurnWorld(backend=FakeBackend(Shift.model_validate(SHIFT_A)))

        def offer_substitutes(action: PendingAction) -> None:
            if action.payload.get("responseValue") == "cancelado":
                world.backend.shift = Shift.model_validate(SHIFT_E)

        world.backend.after_execute = offer_substitutes
        return world

    async def _cancel(self, world: TurnWorld) -> None:
        await world.say("bom dia")
        assert "cancelar" in await world.say("não vou conseguir ir hoje")

    async def test_cancellation_offers_substitutes_then_one_is_chosen(self) -> None:
        """The cancellation is executed, the shift fetched again and the substitutes offered in the
        same reply; "2" creates the new schedule."""
        world = self._cancelling_world()
        await self._cancel(world)
        reply = await world.say("sim, tenho certeza")
        assert "cancelado" in reply and "2. João Lima" in reply
        question = list(world.sink.received.values())[-1].question
        assert question is not None and question.options == ("Maria Souza", "João Lima")
        await world.say("2")
        [created] = world.backend.writes(ActionKind.CREATE_SCHEDULE)
        assert created.payload == {"scheduleIdentifier": "S-A", "newCaregiverID": "C-9"}

    async def test_crash_between_the_two_commits_is_caught_up(self) -> None:
        """A worker dying after the backend applied the cancellation, before the second commit: the
        redelivery finishes it (one cancellation applied) and offers the substitutes."""
        world = self._cancelling_world()
        await self._cancel(world)
        sim = world.message("sim, tenho certeza")
        with pytest.raises(Crash):
            await world.turn(sim, deps=world.deps(backend=CrashingBackend(world.backend)))
        await world.turn(sim)
        assert len(world.backend.writes(ActionKind.UPDATE_SCHEDULE)) == 1
        assert "2. João Lima" in world.sink.texts[-1]
        assert (await world.record()).unexecuted == ()
