"""The DynamoDB call budget of one message cycle (lock, load, commit: SPEC target 3 calls) and of
the settle and refusals around it. DynamoDB only: the fakes make no calls to count."""

from __future__ import annotations

import uuid

import pytest

from orchestrator.clock import epoch_ms
from orchestrator.errors import CommitTooLarge
from orchestrator.machine.state import SessionState
from orchestrator.models import ActionChange, ActionStatus, Reply, Role
from orchestrator.store.base import CommitPlan, SessionRecord, session_resource
from tests.store.conftest import SESSION, Dynamo, make_action, make_turn


def _reply(reply_id: str) -> Reply:
    return Reply(reply_id=reply_id, session_id=SESSION, text="Salvo!", in_reply_to="wamid.1")


async def _committed(dynamo: Dynamo) -> SessionRecord:
    """A session with two replies in its outbox and one confirmed action not yet executed."""
    sessions = dynamo.sessions()
    action = make_action(dynamo.clock, status=ActionStatus.CONFIRMED)
    record = (await sessions.load(SESSION)).model_copy(
        update={"outbox": (_reply("r-1"), _reply("r-2")), "unexecuted": (action,)}
    )
    plan = CommitPlan(
        record=record,
        expected_version=0,
        lease=None,
        actions=(ActionChange(action=action, previous=None),),
        request_token=uuid.uuid4().hex,
    )
    stored = await sessions.commit(plan)
    dynamo.calls.clear()
    return stored


class TestCycleCalls:
    async def test_message_cycle_makes_three_calls(self, dynamo: Dynamo) -> None:
        """try_acquire, load and a commit carrying two turns and the lock release are exactly
        PutItem, GetItem and TransactWriteItems; settling the reply adds one UpdateItem."""
        sessions, locks = dynamo.sessions(), dynamo.locks()
        start = epoch_ms(dynamo.clock())
        reply = Reply(reply_id="r-1", session_id=SESSION, text="Anotado!", in_reply_to="wamid.1")
        dynamo.calls.clear()

        lease = await locks.try_acquire(session_resource(SESSION), "worker-1")
        record = await sessions.load(SESSION)
        await sessions.commit(
            CommitPlan(
                record=record.model_copy(
                    update={"state": SessionState(schedule_id="s"), "processed": ("wamid.1",), "outbox": (reply,)}
                ),
                expected_version=record.version,
                lease=lease,
                turns=(make_turn(start), make_turn(start + 1, "Anotado!", role=Role.BOT)),
                request_token=uuid.uuid4().hex,
            )
        )
        assert dynamo.calls.operations == ["PutItem", "GetItem", "TransactWriteItems"]

        await sessions.settle(SESSION, delivered=["r-1"])
        assert dynamo.calls.operations[3:] == ["UpdateItem"]


class TestSettleCalls:
    async def test_delivered_reply_is_one_update(self, dynamo: Dynamo) -> None:
        """Settling delivered replies and notices only is one UpdateItem."""
        await _committed(dynamo)
        await dynamo.sessions().settle(SESSION, delivered=["r-1"], notified=["act-7"])
        assert dynamo.calls.operations == ["UpdateItem"]

    async def test_executed_action_is_one_transaction(self, dynamo: Dynamo) -> None:
        """Settling an executed action (with replies) is one TransactWriteItems."""
        stored = await _committed(dynamo)
        await dynamo.sessions().settle(SESSION, delivered=["r-1", "r-2"], executed=stored.unexecuted)
        assert dynamo.calls.operations == ["TransactWriteItems"]

    async def test_notice_is_one_transaction(self, dynamo: Dynamo) -> None:
        """Settling with a text sent outside the commit is one TransactWriteItems."""
        stored = await _committed(dynamo)
        notice = make_turn(max(epoch_ms(dynamo.clock()), stored.last_turn_ms + 1), "Recebi...", role=Role.BOT)
        await dynamo.sessions().settle(SESSION, delivered=["r-1"], notified=["act-7"], turns=[notice])
        assert dynamo.calls.operations == ["TransactWriteItems"]

    async def test_nothing_to_settle_makes_no_call(self, dynamo: Dynamo) -> None:
        """An empty settle does not call DynamoDB."""
        dynamo.calls.clear()
        await dynamo.sessions().settle(SESSION)
        assert dynamo.calls.operations == []


class TestRefusedBeforeAnyCall:
    @pytest.mark.parametrize(("count", "size"), [(100, 10), (45, 100_000)])
    async def test_too_large_commit_makes_no_call(self, dynamo: Dynamo, count: int, size: int) -> None:
        """Over 100 items, or over 4 MB in all: CommitTooLarge without calling DynamoDB."""
        plan = CommitPlan(
            record=SessionRecord(session_id=SESSION),
            expected_version=0,
            lease=None,
            turns=tuple(make_turn(n, "x" * size) for n in range(count)),
            request_token=uuid.uuid4().hex,
        )
        dynamo.calls.clear()
        with pytest.raises(CommitTooLarge):
            await dynamo.sessions().commit(plan)
        assert dynamo.calls.operations == []
