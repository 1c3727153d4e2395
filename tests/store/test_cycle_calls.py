"""The DynamoDB call budget of one message cycle (lock, load, commit: SPEC target 3 calls), of the
settle and refusals around it, and of a commit re-sent after a cancellation. DynamoDB only: the
fakes make no calls to count."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from orchestrator.clock import epoch_ms
from orchestrator.errors import CommitTooLarge, TransientConflict
from orchestrator.machine.state import SessionState
from orchestrator.models import ActionChange, ActionStatus, Role
from orchestrator.outbound import Reply
from orchestrator.store.base import CommitPlan, SessionRecord, Settlement, session_resource
from orchestrator.store.sessions import DynamoSessionStore
from tests.fakes.clock import MutableClock
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

        await sessions.settle(SESSION, Settlement(delivered=["r-1"]))
        assert dynamo.calls.operations[3:] == ["UpdateItem"]


class TestSettleCalls:
    async def test_delivered_reply_is_one_update(self, dynamo: Dynamo) -> None:
        """Settling delivered replies and notices only is one UpdateItem."""
        await _committed(dynamo)
        await dynamo.sessions().settle(SESSION, Settlement(delivered=["r-1"], notified=["act-7"]))
        assert dynamo.calls.operations == ["UpdateItem"]

    async def test_executed_action_is_one_transaction(self, dynamo: Dynamo) -> None:
        """Settling an executed action (with replies) is one TransactWriteItems."""
        stored = await _committed(dynamo)
        await dynamo.sessions().settle(SESSION, Settlement(delivered=["r-1", "r-2"], executed=stored.unexecuted))
        assert dynamo.calls.operations == ["TransactWriteItems"]

    async def test_notice_is_one_transaction(self, dynamo: Dynamo) -> None:
        """Settling with a text sent outside the commit is one TransactWriteItems."""
        stored = await _committed(dynamo)
        notice = make_turn(max(epoch_ms(dynamo.clock()), stored.last_turn_ms + 1), "Recebi...", role=Role.BOT)
        await dynamo.sessions().settle(SESSION, Settlement(delivered=["r-1"], notified=["act-7"], turns=[notice]))
        assert dynamo.calls.operations == ["TransactWriteItems"]

    async def test_nothing_to_settle_makes_no_call(self, dynamo: Dynamo) -> None:
        """An empty settle does not call DynamoDB."""
        dynamo.calls.clear()
        await dynamo.sessions().settle(SESSION, Settlement())
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


class _CancellingClient:
    """The real DynamoDB client, except that its first `cancellations` TransactWriteItems are
    answered as DynamoDB answers a transaction cancelled for a concurrent one. Records each request."""

    def __init__(self, real: Any, cancellations: int, clock: MutableClock) -> None:
        self._real = real
        self._cancellations = cancellations
        self._clock = clock
        self.requests: list[dict[str, Any]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    async def transact_write_items(self, **request: Any) -> Any:
        self.requests.append(copy.deepcopy(request))
        if len(self.requests) <= self._cancellations:
            reasons = [{"Code": "TransactionConflict"}] + [{"Code": "None"}] * (len(request["TransactItems"]) - 1)
            error = {"Code": "TransactionCanceledException", "Message": "conflict"}
            self._clock.advance(seconds=1)  # time passes before the retry: it must not re-stamp the request
            raise ClientError({"Error": error, "CancellationReasons": reasons}, "TransactWriteItems")
        return await self._real.transact_write_items(**request)


class TestCommitRetry:
    async def test_cancelled_commit_is_resent_as_is(self, dynamo: Dynamo) -> None:
        """A commit cancelled for a concurrent transaction is sent again by the store itself, the
        same request under the same ClientRequestToken, and applies once."""
        client = _CancellingClient(dynamo.client, cancellations=1, clock=dynamo.clock)
        sessions = DynamoSessionStore(client, dynamo.prefix, clock=dynamo.clock)  # type: ignore[arg-type]
        stored = await sessions.commit(
            CommitPlan(record=SessionRecord(session_id=SESSION), expected_version=0, lease=None, request_token="tok-1")
        )
        first, second = client.requests
        assert first == second and first["ClientRequestToken"] == "tok-1"
        assert (await dynamo.sessions().load(SESSION)) == stored

    async def test_cancelled_three_times_gives_up(self, dynamo: Dynamo) -> None:
        """Three sends cancelled: TransientConflict, and nothing stored (the turn leaves the message)."""
        client = _CancellingClient(dynamo.client, cancellations=3, clock=dynamo.clock)
        sessions = DynamoSessionStore(client, dynamo.prefix, clock=dynamo.clock)  # type: ignore[arg-type]
        with pytest.raises(TransientConflict):
            await sessions.commit(
                CommitPlan(record=SessionRecord(session_id=SESSION), expected_version=0, lease=None, request_token="t")
            )
        assert len(client.requests) == 3
        assert (await dynamo.sessions().load(SESSION)).version == 0
