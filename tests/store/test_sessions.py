"""DynamoSessionStore: consistent load, the one-transaction commit, settle and failure reasons."""

from __future__ import annotations

import uuid

import pytest

from orchestrator.clock import epoch_ms
from orchestrator.errors import CommitTooLarge, InvalidTransition, LockLost, VersionConflict
from orchestrator.machine.state import SessionState
from orchestrator.models import ActionChange, ActionStatus, Reply, Role
from orchestrator.store.base import (
    CONVERSATION_TABLE,
    LOCKS_TABLE,
    PENDING_ACTIONS_TABLE,
    SESSIONS_TABLE,
    CommitPlan,
    Lease,
    SessionRecord,
)
from orchestrator.store.locks import session_resource
from tests.store.conftest import SESSION, Dynamo, make_action, make_turn


def _reply(reply_id: str, text: str = "Salvo!") -> Reply:
    return Reply(reply_id=reply_id, session_id=SESSION, text=text, in_reply_to="wamid.1")


def _plan(record: SessionRecord, lease: Lease | None = None, **overrides: object) -> CommitPlan:
    fields: dict[str, object] = {
        "record": record,
        "expected_version": record.version,
        "lease": lease,
        # ClientRequestToken is account-wide: a token reused for another request is refused.
        "request_token": uuid.uuid4().hex,
    }
    fields.update(overrides)
    return CommitPlan.model_validate(fields)


def _next(record: SessionRecord, schedule_id: str, **updates: object) -> SessionRecord:
    return record.model_copy(update={"state": SessionState(schedule_id=schedule_id), **updates})


class TestLoad:
    async def test_absent_session_is_fresh(self, dynamo: Dynamo) -> None:
        """An unknown session loads as version 0 with the default state."""
        record = await dynamo.sessions().load(SESSION)
        assert record == SessionRecord(session_id=SESSION)

    async def test_round_trip(self, dynamo: Dynamo) -> None:
        """A committed record loads back equal to what commit returned, outbox order kept."""
        sessions = dynamo.sessions()
        action = make_action(dynamo.clock, status=ActionStatus.CONFIRMED)
        record = _next(
            await sessions.load(SESSION),
            "sched-1",
            processed=("wamid.1", "wamid.2"),
            outbox=(_reply("r-b", "primeiro"), _reply("r-a", "segundo")),
            unexecuted=(action,),
            delay_notified=("act-0",),
            last_turn_ms=1_764_000_000_123,
        )
        stored = await sessions.commit(_plan(record))
        assert stored.version == 1
        assert await sessions.load(SESSION) == stored

    async def test_expired_item_reads_as_absent(self, dynamo: Dynamo) -> None:
        """A session item past its expiresAt, though still stored, loads as a fresh session."""
        sessions = dynamo.sessions()
        await sessions.commit(_plan(_next(await sessions.load(SESSION), "sched-1")))
        dynamo.clock.advance(days=8)
        assert await sessions.load(SESSION) == SessionRecord(session_id=SESSION)
        assert len(await dynamo.scan(SESSIONS_TABLE)) == 1

    async def test_commit_over_expired_item(self, dynamo: Dynamo) -> None:
        """A first commit (expected version 0) replaces an expired item."""
        sessions = dynamo.sessions()
        for _ in range(2):
            await sessions.commit(_plan(_next(await sessions.load(SESSION), "old")))
        dynamo.clock.advance(days=8)
        stored = await sessions.commit(_plan(_next(await sessions.load(SESSION), "new")))
        assert (stored.version, (await sessions.load(SESSION)).state.schedule_id) == (1, "new")

    async def test_processed_ids_are_bounded(self, dynamo: Dynamo) -> None:
        """Only the newest 200 processed ids are kept."""
        sessions = dynamo.sessions()
        ids = tuple(f"wamid.{n}" for n in range(250))
        await sessions.commit(_plan((await sessions.load(SESSION)).model_copy(update={"processed": ids})))
        assert (await sessions.load(SESSION)).processed == ids[-200:]


class TestCommitConditions:
    async def test_stale_save_conflicts_and_overwrites_nothing(self, dynamo: Dynamo) -> None:
        """A commit expecting an old version raises VersionConflict and leaves the newer state."""
        sessions = dynamo.sessions()
        loaded = await sessions.load(SESSION)
        await sessions.commit(_plan(_next(loaded, "winner")))
        with pytest.raises(VersionConflict):
            await sessions.commit(_plan(_next(loaded, "stale")))
        current = await sessions.load(SESSION)
        assert (current.version, current.state.schedule_id) == (1, "winner")

    async def test_failing_condition_writes_nothing_anywhere(self, dynamo: Dynamo) -> None:
        """An action move whose previous status is wrong cancels the whole commit: no session,
        no action, no turn is written and the lock is still held."""
        lease = await dynamo.locks().try_acquire(session_resource(SESSION), "worker-1")
        assert lease is not None
        wrong_move = ActionChange(
            action=make_action(dynamo.clock, status=ActionStatus.CONFIRMED), previous=ActionStatus.STAGED
        )
        plan = _plan(
            _next(await dynamo.sessions().load(SESSION), "sched-1"),
            lease,
            actions=(ActionChange(action=make_action(dynamo.clock, "act-new"), previous=None), wrong_move),
            turns=(make_turn(1), make_turn(2, role=Role.BOT)),
        )
        with pytest.raises(InvalidTransition):
            await dynamo.sessions().commit(plan)
        assert await dynamo.scan(SESSIONS_TABLE) == []
        assert await dynamo.scan(PENDING_ACTIONS_TABLE) == []
        assert await dynamo.scan(CONVERSATION_TABLE) == []
        assert len(await dynamo.scan(LOCKS_TABLE)) == 1

    async def test_lost_lease_cannot_commit(self, dynamo: Dynamo) -> None:
        """After the lease passed and another worker took the lock, the old holder's commit raises
        LockLost and writes nothing."""
        locks, sessions = dynamo.locks(), dynamo.sessions()
        old = await locks.try_acquire(session_resource(SESSION), "worker-1")
        assert old is not None
        dynamo.clock.advance(seconds=11)
        assert await locks.try_acquire(session_resource(SESSION), "worker-2") is not None
        with pytest.raises(LockLost):
            await sessions.commit(_plan(_next(await sessions.load(SESSION), "late"), old))
        assert await dynamo.scan(SESSIONS_TABLE) == []

    async def test_commit_releases_or_keeps_the_lock(self, dynamo: Dynamo) -> None:
        """release_lock deletes the lock in the commit; otherwise the lock stays, only checked."""
        locks, sessions = dynamo.locks(), dynamo.sessions()
        lease = await locks.try_acquire(session_resource(SESSION), "worker-1")
        assert lease is not None
        first = await sessions.commit(_plan(_next(await sessions.load(SESSION), "a"), lease, release_lock=False))
        assert len(await dynamo.scan(LOCKS_TABLE)) == 1
        await sessions.commit(_plan(_next(first, "b"), lease))
        assert await dynamo.scan(LOCKS_TABLE) == []

    async def test_first_commit_wins_over_failures_only_item(self, dynamo: Dynamo) -> None:
        """An item holding only failure reasons loads as fresh and does not block a first commit,
        and the commit keeps the reasons."""
        sessions = dynamo.sessions()
        await sessions.record_failure(SESSION, "wamid.9", "backend 400")
        assert await sessions.load(SESSION) == SessionRecord(session_id=SESSION)
        stored = await sessions.commit(_plan(_next(await sessions.load(SESSION), "s")))
        assert stored.version == 1
        assert await sessions.failures(SESSION) == {"wamid.9": "backend 400"}

    async def test_staged_then_confirmed_in_one_commit(self, dynamo: Dynamo) -> None:
        """Two changes of one action in a plan are merged into one write (new, confirmed)."""
        staged = make_action(dynamo.clock)
        confirmed = staged.model_copy(update={"status": ActionStatus.CONFIRMED})
        changes = (
            ActionChange(action=staged, previous=None),
            ActionChange(action=confirmed, previous=ActionStatus.STAGED),
        )
        await dynamo.sessions().commit(_plan(_next(await dynamo.sessions().load(SESSION), "s"), actions=changes))
        assert await dynamo.actions().get(SESSION, staged.action_id) == confirmed


class TestCommitLimits:
    async def test_over_100_items_fails_before_any_call(self, dynamo: Dynamo) -> None:
        """A plan of 101 items raises CommitTooLarge without calling DynamoDB."""
        plan = _plan(SessionRecord(session_id=SESSION), turns=tuple(make_turn(n) for n in range(100)))
        dynamo.calls.clear()
        with pytest.raises(CommitTooLarge):
            await dynamo.sessions().commit(plan)
        assert dynamo.calls.operations == []

    async def test_over_4_mb_fails_before_any_call(self, dynamo: Dynamo) -> None:
        """Turns adding up to more than 4 MB raise CommitTooLarge without calling DynamoDB."""
        text = "x" * 100_000
        plan = _plan(SessionRecord(session_id=SESSION), turns=tuple(make_turn(n, text) for n in range(45)))
        dynamo.calls.clear()
        with pytest.raises(CommitTooLarge):
            await dynamo.sessions().commit(plan)
        assert dynamo.calls.operations == []

    async def test_retry_with_same_token_is_idempotent(self, dynamo: Dynamo) -> None:
        """Sending the same plan twice (same ClientRequestToken) applies it once."""
        if dynamo.backend == "moto":
            pytest.skip("moto ignores ClientRequestToken")
        sessions = dynamo.sessions()
        plan = _plan(_next(await sessions.load(SESSION), "s"), turns=(make_turn(1),))
        first = await sessions.commit(plan)
        assert await sessions.commit(plan) == first
        assert (await sessions.load(SESSION)).version == 1

    async def test_token_reused_by_another_plan_conflicts(self, dynamo: Dynamo) -> None:
        """A different plan under the token of a commit that succeeded raises VersionConflict."""
        sessions = dynamo.sessions()
        loaded = await sessions.load(SESSION)
        first = _plan(_next(loaded, "first"))
        await sessions.commit(first)
        with pytest.raises(VersionConflict):
            await sessions.commit(_plan(_next(loaded, "second"), request_token=first.request_token))
        assert (await sessions.load(SESSION)).state.schedule_id == "first"

    async def test_long_token_is_accepted(self, dynamo: Dynamo) -> None:
        """A request token longer than DynamoDB's 36 characters still commits."""
        sessions = dynamo.sessions()
        stored = await sessions.commit(
            _plan(_next(await sessions.load(SESSION), "s"), request_token="t" * 30 + uuid.uuid4().hex)
        )
        assert stored.version == 1


class TestSettle:
    async def _committed(self, dynamo: Dynamo) -> SessionRecord:
        sessions = dynamo.sessions()
        action = make_action(dynamo.clock, status=ActionStatus.CONFIRMED)
        record = _next(await sessions.load(SESSION), "s", outbox=(_reply("r-1"), _reply("r-2")), unexecuted=(action,))
        return await sessions.commit(_plan(record, actions=(ActionChange(action=action, previous=None),)))

    async def test_delivered_reply_leaves_outbox_in_one_call(self, dynamo: Dynamo) -> None:
        """Settling a delivered reply is one UpdateItem that removes it and keeps the version."""
        stored = await self._committed(dynamo)
        dynamo.calls.clear()
        await dynamo.sessions().settle(SESSION, delivered=["r-1"], notified=["act-7"])
        assert dynamo.calls.operations == ["UpdateItem"]
        loaded = await dynamo.sessions().load(SESSION)
        assert [reply.reply_id for reply in loaded.outbox] == ["r-2"]
        assert (loaded.version, loaded.delay_notified) == (stored.version, ("act-7",))

    async def test_executed_action_settles_in_one_transaction(self, dynamo: Dynamo) -> None:
        """An executed action moves to executed and leaves `unexecuted` in one transaction."""
        stored = await self._committed(dynamo)
        dynamo.calls.clear()
        await dynamo.sessions().settle(SESSION, delivered=["r-1", "r-2"], executed=stored.unexecuted)
        assert dynamo.calls.operations == ["TransactWriteItems"]
        loaded = await dynamo.sessions().load(SESSION)
        assert (loaded.outbox, loaded.unexecuted) == ((), ())
        action = await dynamo.actions().get(SESSION, stored.unexecuted[0].action_id)
        assert action is not None and action.status is ActionStatus.EXECUTED

    async def test_executed_after_action_ttl(self, dynamo: Dynamo) -> None:
        """An action executed after its item's 1-hour TTL still settles: it leaves `unexecuted`."""
        stored = await self._committed(dynamo)
        dynamo.clock.advance(hours=2)
        await dynamo.sessions().settle(SESSION, executed=[*stored.unexecuted, *stored.unexecuted])
        assert (await dynamo.sessions().load(SESSION)).unexecuted == ()

    async def test_executed_twice_is_refused(self, dynamo: Dynamo) -> None:
        """Settling an action already executed raises InvalidTransition and changes nothing."""
        stored = await self._committed(dynamo)
        await dynamo.sessions().settle(SESSION, executed=stored.unexecuted)
        with pytest.raises(InvalidTransition):
            await dynamo.sessions().settle(SESSION, delivered=["r-1"], executed=stored.unexecuted)
        assert len((await dynamo.sessions().load(SESSION)).outbox) == 2

    async def test_notice_goes_to_the_conversation_with_the_settle(self, dynamo: Dynamo) -> None:
        """A notice sent outside a commit is kept in ConversationBuffer in the settle's one
        transaction, and the next commit's turns sort after it."""
        stored = await self._committed(dynamo)
        at_ms = max(epoch_ms(dynamo.clock()), stored.last_turn_ms + 1)
        notice = make_turn(at_ms, "Recebi sua confirmação...", role=Role.BOT)
        dynamo.calls.clear()
        await dynamo.sessions().settle(SESSION, delivered=["r-1"], notified=["act-7"], turns=[notice])
        assert dynamo.calls.operations == ["TransactWriteItems"]
        loaded = await dynamo.sessions().load(SESSION)
        assert (loaded.last_turn_ms, loaded.delay_notified, loaded.version) == (
            notice.at_ms,
            ("act-7",),
            stored.version,
        )
        assert [reply.reply_id for reply in loaded.outbox] == ["r-2"]
        assert (await dynamo.conversation().last(SESSION, 10))[-1] == notice

    async def test_nothing_to_settle_makes_no_call(self, dynamo: Dynamo) -> None:
        """An empty settle does not call DynamoDB."""
        dynamo.calls.clear()
        await dynamo.sessions().settle(SESSION)
        assert dynamo.calls.operations == []


class TestFailures:
    async def test_first_reason_wins(self, dynamo: Dynamo) -> None:
        """A second reason for the same event is ignored; other events get their own."""
        sessions = dynamo.sessions()
        await sessions.record_failure(SESSION, "wamid.1", "first")
        await sessions.record_failure(SESSION, "wamid.1", "second")
        await sessions.record_failure(SESSION, "wamid.2", "other")
        assert await sessions.failures(SESSION) == {"wamid.1": "first", "wamid.2": "other"}

    async def test_failure_on_committed_session_keeps_it(self, dynamo: Dynamo) -> None:
        """Recording a failure on a committed session leaves its record untouched."""
        sessions = dynamo.sessions()
        stored = await sessions.commit(_plan(_next(await sessions.load(SESSION), "s")))
        await sessions.record_failure(SESSION, "wamid.1", "boom")
        assert await sessions.load(SESSION) == stored
        assert await sessions.failures(SESSION) == {"wamid.1": "boom"}

    async def test_failures_of_expired_item_are_absent(self, dynamo: Dynamo) -> None:
        """Reasons on an expired item read as none, and a new reason starts a fresh item."""
        sessions = dynamo.sessions()
        await sessions.record_failure(SESSION, "wamid.1", "old")
        dynamo.clock.advance(days=8)
        assert await sessions.failures(SESSION) == {}
        await sessions.record_failure(SESSION, "wamid.2", "new")
        assert await sessions.failures(SESSION) == {"wamid.2": "new"}
