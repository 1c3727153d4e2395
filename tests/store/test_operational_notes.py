"""Operational notes skip the two-phase commit (SPEC section 6): no PendingActions item is written
for them, and the session's `unexecuted` alone keeps one until its execution is settled (fake,
moto and DynamoDB Local; the calls on the two servers)."""

from __future__ import annotations

import uuid

from orchestrator.models import ActionChange, ActionStatus, PendingAction, Purpose
from orchestrator.outbound import Reply
from orchestrator.store.base import PENDING_ACTIONS_TABLE, CommitPlan, SessionRecord, Settlement
from tests.store.conftest import SESSION, Dynamo, Stores, make_action


def _note(stores: Stores | Dynamo) -> PendingAction:
    """An operational note as the machine makes it: born confirmed."""
    action = make_action(stores.clock, "act-note", status=ActionStatus.CONFIRMED)
    return action.model_copy(
        update={
            "purpose": Purpose.OPERATIONAL,
            "payload": {"clinicalNote": "acabaram as luvas", "operationalNote": True},
        }
    )


async def _committed(stores: Stores | Dynamo) -> SessionRecord:
    """One commit: the note born confirmed and a clinical summary staged, a reply held for the note."""
    sessions = stores.sessions()
    note, clinical = _note(stores), make_action(stores.clock, "act-clinical")
    held = Reply(
        reply_id="r-1",
        session_id=SESSION,
        text="Ocorrência registrada ✅",
        in_reply_to="wamid.1",
        after_actions=["act-note"],
    )
    record = (await sessions.load(SESSION)).model_copy(update={"unexecuted": (note,), "outbox": (held,)})
    plan = CommitPlan(
        record=record,
        expected_version=0,
        lease=None,
        actions=(ActionChange(action=note, previous=None), ActionChange(action=clinical, previous=None)),
        request_token=uuid.uuid4().hex,
    )
    return await sessions.commit(plan)


async def _ids(stores: Stores, status: ActionStatus) -> list[str]:
    return [action.action_id for action in await stores.actions().list_by_status(status)]


class TestOperationalNotes:
    async def test_commit_keeps_the_note_in_the_session_only(self, stores: Stores) -> None:
        """The commit that confirms a note writes no PendingActions item for it (the staged
        clinical action beside it is written); the loaded session lists it as unexecuted."""
        await _committed(stores)
        assert len(await stores.stored(PENDING_ACTIONS_TABLE)) == 1
        assert await _ids(stores, ActionStatus.STAGED) == ["act-clinical"]
        assert await _ids(stores, ActionStatus.CONFIRMED) == []
        assert [action.action_id for action in (await stores.sessions().load(SESSION)).unexecuted] == ["act-note"]

    async def test_settled_note_leaves_unexecuted(self, stores: Stores) -> None:
        """Settling the note's execution removes it and its delivered reply from the session; the
        clinical item is untouched and no item is created for the note."""
        stored = await _committed(stores)
        await stores.sessions().settle(SESSION, Settlement(delivered=["r-1"], executed=stored.unexecuted))
        loaded = await stores.sessions().load(SESSION)
        assert (loaded.unexecuted, loaded.outbox, loaded.version) == ((), (), stored.version)
        assert len(await stores.stored(PENDING_ACTIONS_TABLE)) == 1
        assert await _ids(stores, ActionStatus.STAGED) == ["act-clinical"]
        assert await _ids(stores, ActionStatus.EXECUTED) == []


class TestOperationalNoteCalls:
    async def test_settling_a_note_is_one_update(self, dynamo: Dynamo) -> None:
        """A settle whose only executed action is a note, with no text sent outside the commit, is
        one UpdateItem (a clinical action makes it a transaction: see test_cycle_calls)."""
        stored = await _committed(dynamo)
        dynamo.calls.clear()
        await dynamo.sessions().settle(SESSION, Settlement(delivered=["r-1"], executed=stored.unexecuted))
        assert dynamo.calls.operations == ["UpdateItem"]
