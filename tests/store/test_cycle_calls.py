"""The DynamoDB call budget of one message cycle: lock, load, commit (SPEC target: 3 calls)."""

from __future__ import annotations

import uuid

from orchestrator.clock import epoch_ms
from orchestrator.machine.state import SessionState
from orchestrator.models import Reply, Role
from orchestrator.store.base import CommitPlan
from orchestrator.store.locks import session_resource
from tests.store.conftest import SESSION, Dynamo, make_turn


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
