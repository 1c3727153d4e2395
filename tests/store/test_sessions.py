"""SessionStore: consistent load, the one-transaction commit, settle and failure reasons."""

from __future__ import annotations

import uuid

import pytest

from orchestrator.clock import epoch_ms
from orchestrator.errors import CommitTooLarge, InvalidTransition, LockLost, VersionConflict
from orchestrator.machine.state import SessionState
from orchestrator.models import ActionChange, ActionStatus, Role
from orchestrator.outbound import (
    MAX_DELIVERY_FAILURES,
    MAX_SENT,
    DeliveryFailure,
    QuestionKind,
    Reply,
    SentReply,
)
from orchestrator.store.base import (
    CONVERSATION_TABLE,
    LOCKS_TABLE,
    PENDING_ACTIONS_TABLE,
    SESSIONS_TABLE,
    CommitPlan,
    Lease,
    SessionRecord,
    Settlement,
    session_resource,
)
from tests.store.conftest import SESSION, Stores, make_action, make_turn


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
    async def test_absent_session_is_fresh(self, stores: Stores) -> None:
        """An unknown session loads as version 0 with the default state."""
        record = await stores.sessions().load(SESSION)
        assert record == SessionRecord(session_id=SESSION)

    async def test_round_trip(self, stores: Stores) -> None:
        """A committed record loads back equal to what commit returned, outbox order kept (with the
        WhatsApp address as Meta sent it, on the session and on a reply)."""
        sessions = stores.sessions()
        action = make_action(stores.clock, status=ActionStatus.CONFIRMED)
        record = _next(
            await sessions.load(SESSION),
            "sched-1",
            processed=("wamid.1", "wamid.2"),
            outbox=(_reply("r-b", "primeiro"), _reply("r-a", "segundo").model_copy(update={"to": "551199990000"})),
            unexecuted=(action,),
            delay_notified=("act-0",),
            apologized=("marker-1",),
            last_turn_ms=1_764_000_000_123,
            wa_id="551199990000",
        )
        stored = await sessions.commit(_plan(record))
        assert stored.version == 1
        assert await sessions.load(SESSION) == stored

    async def test_expired_item_reads_as_absent(self, stores: Stores) -> None:
        """A session item past its expiresAt, though still stored, loads as a fresh session."""
        sessions = stores.sessions()
        await sessions.commit(_plan(_next(await sessions.load(SESSION), "sched-1")))
        stores.clock.advance(days=8)
        assert await sessions.load(SESSION) == SessionRecord(session_id=SESSION)
        assert len(await stores.stored(SESSIONS_TABLE)) == 1

    async def test_commit_over_expired_item(self, stores: Stores) -> None:
        """A first commit (expected version 0) replaces an expired item."""
        sessions = stores.sessions()
        for _ in range(2):
            await sessions.commit(_plan(_next(await sessions.load(SESSION), "old")))
        stores.clock.advance(days=8)
        stored = await sessions.commit(_plan(_next(await sessions.load(SESSION), "new")))
        assert (stored.version, (await sessions.load(SESSION)).state.schedule_id) == (1, "new")

    async def test_processed_ids_are_bounded(self, stores: Stores) -> None:
        """Only the newest 200 processed ids are kept."""
        sessions = stores.sessions()
        ids = tuple(f"wamid.{n}" for n in range(250))
        await sessions.commit(_plan((await sessions.load(SESSION)).model_copy(update={"processed": ids})))
        assert (await sessions.load(SESSION)).processed == ids[-200:]

    async def test_apologized_markers_are_bounded(self, stores: Stores) -> None:
        """Only the newest 20 apologized event markers are kept."""
        sessions = stores.sessions()
        markers = tuple(f"marker-{n}" for n in range(25))
        await sessions.commit(_plan((await sessions.load(SESSION)).model_copy(update={"apologized": markers})))
        assert (await sessions.load(SESSION)).apologized == markers[-20:]


class TestCommitConditions:
    async def test_stale_save_conflicts_and_overwrites_nothing(self, stores: Stores) -> None:
        """A commit expecting an old version raises VersionConflict and leaves the newer state."""
        sessions = stores.sessions()
        loaded = await sessions.load(SESSION)
        await sessions.commit(_plan(_next(loaded, "winner")))
        with pytest.raises(VersionConflict):
            await sessions.commit(_plan(_next(loaded, "stale")))
        current = await sessions.load(SESSION)
        assert (current.version, current.state.schedule_id) == (1, "winner")

    async def test_failing_condition_writes_nothing_anywhere(self, stores: Stores) -> None:
        """An action move whose previous status is wrong cancels the whole commit: no session,
        no action, no turn is written and the lock is still held."""
        lease = await stores.locks().try_acquire(session_resource(SESSION), "worker-1")
        assert lease is not None
        wrong_move = ActionChange(
            action=make_action(stores.clock, status=ActionStatus.CONFIRMED), previous=ActionStatus.STAGED
        )
        plan = _plan(
            _next(await stores.sessions().load(SESSION), "sched-1"),
            lease,
            actions=(ActionChange(action=make_action(stores.clock, "act-new"), previous=None), wrong_move),
            turns=(make_turn(1), make_turn(2, role=Role.BOT)),
        )
        with pytest.raises(InvalidTransition):
            await stores.sessions().commit(plan)
        assert await stores.stored(SESSIONS_TABLE) == []
        assert await stores.stored(PENDING_ACTIONS_TABLE) == []
        assert await stores.stored(CONVERSATION_TABLE) == []
        assert len(await stores.stored(LOCKS_TABLE)) == 1

    async def test_lost_lease_cannot_commit(self, stores: Stores) -> None:
        """After the lease passed and another worker took the lock, the old holder's commit raises
        LockLost and writes nothing."""
        locks, sessions = stores.locks(), stores.sessions()
        old = await locks.try_acquire(session_resource(SESSION), "worker-1")
        assert old is not None
        stores.clock.advance(seconds=11)
        assert await locks.try_acquire(session_resource(SESSION), "worker-2") is not None
        with pytest.raises(LockLost):
            await sessions.commit(_plan(_next(await sessions.load(SESSION), "late"), old))
        assert await stores.stored(SESSIONS_TABLE) == []

    async def test_commit_releases_or_keeps_the_lock(self, stores: Stores) -> None:
        """release_lock deletes the lock in the commit; otherwise the lock stays, only checked."""
        locks, sessions = stores.locks(), stores.sessions()
        lease = await locks.try_acquire(session_resource(SESSION), "worker-1")
        assert lease is not None
        first = await sessions.commit(_plan(_next(await sessions.load(SESSION), "a"), lease, release_lock=False))
        assert len(await stores.stored(LOCKS_TABLE)) == 1
        await sessions.commit(_plan(_next(first, "b"), lease))
        assert await stores.stored(LOCKS_TABLE) == []

    async def test_first_commit_wins_over_failures_only_item(self, stores: Stores) -> None:
        """An item holding only failure reasons loads as fresh and does not block a first commit,
        and the commit keeps the reasons."""
        sessions = stores.sessions()
        await sessions.record_failure(SESSION, "wamid.9", "backend 400")
        assert await sessions.load(SESSION) == SessionRecord(session_id=SESSION, failed=("wamid.9",))
        stored = await sessions.commit(_plan(_next(await sessions.load(SESSION), "s")))
        assert stored.version == 1
        assert await sessions.failures(SESSION) == {"wamid.9": "backend 400"}

    async def test_staged_then_confirmed_in_one_commit(self, stores: Stores) -> None:
        """Two changes of one action in a plan are merged into one write (new, confirmed)."""
        staged = make_action(stores.clock)
        confirmed = staged.model_copy(update={"status": ActionStatus.CONFIRMED})
        changes = (
            ActionChange(action=staged, previous=None),
            ActionChange(action=confirmed, previous=ActionStatus.STAGED),
        )
        await stores.sessions().commit(_plan(_next(await stores.sessions().load(SESSION), "s"), actions=changes))
        assert await stores.actions().current(SESSION) == confirmed


class TestCommitLimits:
    async def test_over_100_items_is_refused(self, stores: Stores) -> None:
        """A plan of 101 items raises CommitTooLarge and writes nothing (and calls nothing: see
        test_cycle_calls)."""
        plan = _plan(SessionRecord(session_id=SESSION), turns=tuple(make_turn(n) for n in range(100)))
        with pytest.raises(CommitTooLarge):
            await stores.sessions().commit(plan)
        assert await stores.stored(SESSIONS_TABLE) == []

    async def test_over_4_mb_is_refused(self, stores: Stores) -> None:
        """Turns adding up to more than 4 MB raise CommitTooLarge and write nothing."""
        text = "x" * 100_000
        plan = _plan(SessionRecord(session_id=SESSION), turns=tuple(make_turn(n, text) for n in range(45)))
        with pytest.raises(CommitTooLarge):
            await stores.sessions().commit(plan)
        assert await stores.stored(CONVERSATION_TABLE) == []

    async def test_retry_with_same_token_is_idempotent(self, stores: Stores) -> None:
        """Sending the same plan twice (same ClientRequestToken) applies it once."""
        if stores.backend == "moto":
            pytest.skip("moto ignores ClientRequestToken")
        sessions = stores.sessions()
        plan = _plan(_next(await sessions.load(SESSION), "s"), turns=(make_turn(1),))
        first = await sessions.commit(plan)
        assert await sessions.commit(plan) == first
        assert (await sessions.load(SESSION)).version == 1

    async def test_token_reused_by_another_plan_conflicts(self, stores: Stores) -> None:
        """A different plan under the token of a commit that succeeded raises VersionConflict."""
        sessions = stores.sessions()
        loaded = await sessions.load(SESSION)
        first = _plan(_next(loaded, "first"))
        await sessions.commit(first)
        with pytest.raises(VersionConflict):
            await sessions.commit(_plan(_next(loaded, "second"), request_token=first.request_token))
        assert (await sessions.load(SESSION)).state.schedule_id == "first"

    async def test_long_token_is_accepted(self, stores: Stores) -> None:
        """A request token longer than DynamoDB's 36 characters still commits."""
        sessions = stores.sessions()
        stored = await sessions.commit(
            _plan(_next(await sessions.load(SESSION), "s"), request_token="t" * 30 + uuid.uuid4().hex)
        )
        assert stored.version == 1


class TestSettle:
    async def _committed(self, stores: Stores) -> SessionRecord:
        sessions = stores.sessions()
        action = make_action(stores.clock, status=ActionStatus.CONFIRMED)
        record = _next(await sessions.load(SESSION), "s", outbox=(_reply("r-1"), _reply("r-2")), unexecuted=(action,))
        return await sessions.commit(_plan(record, actions=(ActionChange(action=action, previous=None),)))

    async def test_delivered_reply_leaves_outbox(self, stores: Stores) -> None:
        """Settling a delivered reply removes it and keeps the version (one UpdateItem: see
        test_cycle_calls)."""
        stored = await self._committed(stores)
        await stores.sessions().settle(SESSION, Settlement(delivered=["r-1"], notified=["act-7"]))
        loaded = await stores.sessions().load(SESSION)
        assert [reply.reply_id for reply in loaded.outbox] == ["r-2"]
        assert (loaded.version, loaded.delay_notified) == (stored.version, ("act-7",))

    @pytest.mark.parametrize("executed", [False, True], ids=["update", "transaction"])
    async def test_settle_clears_the_failures_it_resolves(self, stores: Stores, executed: bool) -> None:
        """A settle naming resolved events drops their reasons (UpdateItem or transaction); the
        other reasons stay."""
        stored = await self._committed(stores)
        sessions = stores.sessions()
        await sessions.record_failure(SESSION, "wamid.1", "reply delivery failed")
        await sessions.record_failure(SESSION, "wamid.2", "other")
        done = stored.unexecuted if executed else ()
        await sessions.settle(SESSION, Settlement(delivered=["r-1"], executed=done, resolved=("wamid.1",)))
        assert await sessions.failures(SESSION) == {"wamid.2": "other"}
        assert (await sessions.load(SESSION)).version == stored.version

    async def test_executed_action_settles(self, stores: Stores) -> None:
        """An executed action moves to executed and leaves `unexecuted` (in one transaction)."""
        stored = await self._committed(stores)
        await stores.sessions().settle(SESSION, Settlement(delivered=["r-1", "r-2"], executed=stored.unexecuted))
        loaded = await stores.sessions().load(SESSION)
        assert (loaded.outbox, loaded.unexecuted) == ((), ())
        [action] = await stores.actions().list_by_status(ActionStatus.EXECUTED)
        assert action.action_id == stored.unexecuted[0].action_id

    async def test_executed_after_action_ttl(self, stores: Stores) -> None:
        """An action executed after its item's 1-hour TTL still settles: it leaves `unexecuted`."""
        stored = await self._committed(stores)
        stores.clock.advance(hours=2)
        await stores.sessions().settle(SESSION, Settlement(executed=[*stored.unexecuted, *stored.unexecuted]))
        assert (await stores.sessions().load(SESSION)).unexecuted == ()

    async def test_executed_twice_is_refused(self, stores: Stores) -> None:
        """Settling an action already executed raises InvalidTransition and changes nothing."""
        stored = await self._committed(stores)
        await stores.sessions().settle(SESSION, Settlement(executed=stored.unexecuted))
        with pytest.raises(InvalidTransition):
            await stores.sessions().settle(SESSION, Settlement(delivered=["r-1"], executed=stored.unexecuted))
        assert len((await stores.sessions().load(SESSION)).outbox) == 2

    async def test_notice_goes_to_the_conversation_with_the_settle(self, stores: Stores) -> None:
        """A notice sent outside a commit is kept in ConversationBuffer in the settle's one
        transaction, and the next commit's turns sort after it."""
        stored = await self._committed(stores)
        at_ms = max(epoch_ms(stores.clock()), stored.last_turn_ms + 1)
        notice = make_turn(at_ms, "Recebi sua confirmação...", role=Role.BOT)
        await stores.sessions().settle(SESSION, Settlement(delivered=["r-1"], notified=["act-7"], turns=[notice]))
        loaded = await stores.sessions().load(SESSION)
        assert (loaded.last_turn_ms, loaded.delay_notified, loaded.version) == (
            notice.at_ms,
            ("act-7",),
            stored.version,
        )
        assert [reply.reply_id for reply in loaded.outbox] == ["r-2"]
        assert (await stores.conversation().last(SESSION, 10))[-1] == notice

    async def test_sent_wamids_are_appended_and_the_commit_keeps_the_newest(self, stores: Stores) -> None:
        """Settle appends the wamids the channel gave (with the removal and the turns, in one
        write); the next commit keeps the newest MAX_SENT; the version never moves on settle."""
        stored = await self._committed(stores)
        sessions = stores.sessions()
        first = [SentReply(wamid="wamid.A", reply_id="r-1", asks=QuestionKind.YES_NO)]
        await sessions.settle(SESSION, Settlement(delivered=["r-1"], sent=first))
        notice = make_turn(max(epoch_ms(stores.clock()), stored.last_turn_ms + 1), "ok", role=Role.BOT)
        more = [SentReply(wamid=f"wamid.{n}", reply_id=f"r-{n}") for n in range(MAX_SENT)]
        await sessions.settle(SESSION, Settlement(delivered=["r-2"], turns=[notice], sent=more))
        loaded = await sessions.load(SESSION)
        assert loaded.sent == (*first, *more) and loaded.version == stored.version
        committed = await sessions.commit(_plan(loaded))
        assert (await sessions.load(SESSION)).sent == tuple(more) == committed.sent

    async def test_sent_wamids_on_a_session_never_committed_are_dropped(self, stores: Stores) -> None:
        await stores.sessions().settle(SESSION, Settlement(sent=[SentReply(wamid="wamid.A", reply_id="r-1")]))
        assert await stores.sessions().load(SESSION) == SessionRecord(session_id=SESSION)


class TestChannelRecords:
    async def test_failures_and_wamids_round_trip_and_are_bounded(self, stores: Stores) -> None:
        """Delivery failures (newest first) and sent replies load back as committed; the commit
        keeps at most MAX_DELIVERY_FAILURES / MAX_SENT of them."""
        sessions = stores.sessions()
        at = stores.clock()
        failures = tuple(
            DeliveryFailure(wamid=f"wamid.f{n}", reply_id=f"r-{n}" if n % 2 else None, code=131047, failed_at=at)
            for n in range(MAX_DELIVERY_FAILURES + 3)
        )
        sent = tuple(SentReply(wamid=f"wamid.s{n}", reply_id=f"r-{n}", template=n == 0) for n in range(MAX_SENT + 2))
        record = _next(await sessions.load(SESSION), "s", delivery_failures=failures, sent=sent)
        stored = await sessions.commit(_plan(record))
        assert stored.delivery_failures == failures[:MAX_DELIVERY_FAILURES]
        assert stored.sent == sent[-MAX_SENT:]
        assert await sessions.load(SESSION) == stored


class TestFailures:
    async def test_first_reason_wins(self, stores: Stores) -> None:
        """A second reason for the same event is ignored; other events get their own."""
        sessions = stores.sessions()
        await sessions.record_failure(SESSION, "wamid.1", "first")
        await sessions.record_failure(SESSION, "wamid.1", "second")
        await sessions.record_failure(SESSION, "wamid.2", "other")
        assert await sessions.failures(SESSION) == {"wamid.1": "first", "wamid.2": "other"}

    async def test_failure_on_committed_session_keeps_it(self, stores: Stores) -> None:
        """Recording a failure on a committed session leaves its record untouched."""
        sessions = stores.sessions()
        stored = await sessions.commit(_plan(_next(await sessions.load(SESSION), "s")))
        await sessions.record_failure(SESSION, "wamid.1", "boom")
        assert await sessions.load(SESSION) == stored.model_copy(update={"failed": ("wamid.1",)})
        assert await sessions.failures(SESSION) == {"wamid.1": "boom"}

    async def test_commit_clears_the_failures_it_resolves(self, stores: Stores) -> None:
        """A commit that processes a failed event drops its reason in the same write; the other
        events' reasons stay."""
        sessions = stores.sessions()
        await sessions.commit(_plan(_next(await sessions.load(SESSION), "s")))
        await sessions.record_failure(SESSION, "wamid.1", "boom")
        await sessions.record_failure(SESSION, "wamid.2", "other")
        loaded = await sessions.load(SESSION)
        assert sorted(loaded.failed) == ["wamid.1", "wamid.2"]
        stored = await sessions.commit(_plan(_next(loaded, "t"), resolved=("wamid.1",)))
        assert await sessions.failures(SESSION) == {"wamid.2": "other"}
        assert stored.failed == (await sessions.load(SESSION)).failed == ("wamid.2",)

    async def test_first_commit_clears_a_failures_only_item(self, stores: Stores) -> None:
        """A session whose first message failed: the first commit processing it leaves no reason."""
        sessions = stores.sessions()
        await sessions.record_failure(SESSION, "wamid.1", "boom")
        await sessions.commit(_plan(_next(await sessions.load(SESSION), "s"), resolved=("wamid.1",)))
        assert await sessions.failures(SESSION) == {}
        assert (await sessions.load(SESSION)).failed == ()

    async def test_first_commit_over_expired_item_drops_its_records(self, stores: Stores) -> None:
        """After a session expires (7 days), its first new commit starts clean: the failure reasons,
        Meta delivery failures, sent wamids and WhatsApp address of the expired item never show
        again (TTL deletes days late, so the old item may still be stored)."""
        sessions = stores.sessions()
        at = stores.clock()
        old = _next(
            await sessions.load(SESSION),
            "old",
            delivery_failures=(DeliveryFailure(wamid="wamid.f", reply_id="r-0", code=131047, failed_at=at),),
            sent=(SentReply(wamid="wamid.s", reply_id="r-0"),),
            wa_id="551199990001",
        )
        await sessions.commit(_plan(old))
        await sessions.record_failure(SESSION, "wamid.old", "boom")
        stores.clock.advance(days=8)
        fresh = await sessions.load(SESSION)
        assert fresh == SessionRecord(session_id=SESSION)
        stored = await sessions.commit(_plan(_next(fresh, "new")))
        assert await sessions.failures(SESSION) == {}
        loaded = await sessions.load(SESSION)
        assert loaded == stored
        assert (loaded.failed, loaded.delivery_failures, loaded.sent, loaded.wa_id) == ((), (), (), None)

    async def test_failure_recorded_after_the_load_of_a_first_commit_is_kept(self, stores: Stores) -> None:
        """A reason recorded between a first commit's load (of an expired item) and its commit is
        not wiped: the commit conflicts, and the re-run keeps it."""
        sessions = stores.sessions()
        await sessions.commit(_plan(_next(await sessions.load(SESSION), "old")))
        stores.clock.advance(days=8)
        fresh = await sessions.load(SESSION)
        await sessions.record_failure(SESSION, "wamid.new", "boom")
        with pytest.raises(VersionConflict):
            await sessions.commit(_plan(_next(fresh, "new")))
        await sessions.commit(_plan(_next(await sessions.load(SESSION), "new")))
        assert await sessions.failures(SESSION) == {"wamid.new": "boom"}

    async def test_failures_of_expired_item_are_absent(self, stores: Stores) -> None:
        """Reasons on an expired item read as none, and a new reason starts a fresh item."""
        sessions = stores.sessions()
        await sessions.record_failure(SESSION, "wamid.1", "old")
        stores.clock.advance(days=8)
        assert await sessions.failures(SESSION) == {}
        await sessions.record_failure(SESSION, "wamid.2", "new")
        assert await sessions.failures(SESSION) == {"wamid.2": "new"}
