"""Sessions already in DynamoDB were written by the code before issue 12: they load, and the next
commit and settle work on them (moto and DynamoDB Local)."""

from __future__ import annotations

import json

from orchestrator.machine import compose, not_saved_yet, saving_delayed
from orchestrator.models import ActionStatus, BackendContract, Purpose
from orchestrator.outbound import PartKind
from orchestrator.store.base import PENDING_ACTIONS_TABLE, SESSIONS_TABLE, CommitPlan, Settlement
from orchestrator.store.items import encode_item
from orchestrator.store.session_codec import unpack_entry
from tests.store.conftest import Dynamo
from tests.store.old_shapes import OLD_ACTIONS, OLD_REPLY, SESSION, old_action_values, old_session_values


async def put_old_session(dynamo: Dynamo) -> None:
    now = dynamo.clock()
    await dynamo.client.put_item(TableName=dynamo.table(SESSIONS_TABLE), Item=encode_item(old_session_values(now)))
    for action in OLD_ACTIONS:
        item = encode_item(old_action_values(action, now))
        await dynamo.client.put_item(TableName=dynamo.table(PENDING_ACTIONS_TABLE), Item=item)


class TestOldSessionItems:
    async def test_an_old_item_loads_with_purposes_and_reply_parts(self, dynamo: Dynamo) -> None:
        """Purposes are read from the old kinds and payloads; the outbox text becomes parts that say it
        exactly, held for the same actions (while held, the delay notice is told)."""
        await put_old_session(dynamo)
        record = await dynamo.sessions().load(SESSION)
        assert record.state.staged is not None and record.state.staged.purpose is Purpose.CLINICAL
        assert [action.purpose for action in record.unexecuted] == [Purpose.OPERATIONAL, Purpose.CLINICAL]
        assert [action.payload for action in record.unexecuted] == [action["payload"] for action in OLD_ACTIONS]
        (reply,) = record.outbox
        assert reply.text == OLD_REPLY["text"] and list(reply.after_actions) == OLD_REPLY["after_actions"]
        assert compose(not_saved_yet(reply.parts, refused=False)) == OLD_REPLY["delayed_text"]
        assert {part.kind for part in reply.parts} == {PartKind.NOTICE} and reply.question is None

    async def test_the_next_commit_and_settle_work_on_an_old_item(self, dynamo: Dynamo) -> None:
        """Committed again, the record is stored in the new shape; the old clinical action item moves to
        executed. An operational note has no PendingActions item any more (SPEC section 6): one the
        previous version wrote is left as it was, to its 1-hour TTL."""
        await put_old_session(dynamo)
        sessions = dynamo.sessions()
        record = await sessions.load(SESSION)
        plan = CommitPlan(record=record, expected_version=record.version, lease=None, request_token="t-1")
        committed = await sessions.commit(plan)
        assert (await sessions.load(SESSION)).outbox == committed.outbox == record.outbox
        (stored,) = await dynamo.stored(SESSIONS_TABLE)
        # Stored anew: the JSON of its parts, packed (issue 15).
        assert "parts" in json.loads(unpack_entry(next(iter(stored["outbox"].values()))))
        executed = record.unexecuted
        await sessions.settle(
            SESSION, Settlement(delivered=[OLD_REPLY["reply_id"]], notified=[], turns=[], executed=executed)
        )
        actions = {item["actionId"]: item for item in await dynamo.stored(PENDING_ACTIONS_TABLE)}
        statuses = {action.purpose: actions[action.action_id]["status"] for action in executed}
        assert statuses == {
            Purpose.OPERATIONAL: ActionStatus.CONFIRMED.value,
            Purpose.CLINICAL: ActionStatus.EXECUTED.value,
        }
        assert (await sessions.load(SESSION)).unexecuted == ()

    async def test_an_old_staged_cancellation_keeps_its_purpose(self, dynamo: Dynamo) -> None:
        """A staged `cancelado` written before purposes were stored is a cancellation, not presence."""
        state = json.loads(old_session_values(dynamo.clock())["state"])
        state["staged"]["kind"] = BackendContract.UPDATE_SCHEDULE.value
        state["staged"]["payload"] = {"scheduleID": "S-A", "responseValue": "cancelado", "caregiverID": "C-1",
                                      "phoneNumber": SESSION}  # fmt: skip
        values = old_session_values(dynamo.clock()) | {"state": json.dumps(state), "outbox": {}, "unexecuted": {}}
        await dynamo.client.put_item(TableName=dynamo.table(SESSIONS_TABLE), Item=encode_item(values))
        record = await dynamo.sessions().load(SESSION)
        assert record.state.staged is not None and record.state.staged.purpose is Purpose.CANCEL
        assert record.state.staged.kind is BackendContract.UPDATE_SCHEDULE

    def test_the_delay_notice_of_an_old_reply(self) -> None:
        """The old entry's delayed text was the notice alone: the parts tell the same."""
        assert OLD_REPLY["delayed_text"] == saving_delayed().text
