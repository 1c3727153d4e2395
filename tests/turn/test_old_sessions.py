"""A session written by the code before issue 12 (text in the outbox, actions without a purpose),
decoded as the store decodes it: its next turn finishes what it left, as that code would have."""

from __future__ import annotations

from orchestrator.machine import saving_delayed
from orchestrator.models import ActionChange
from orchestrator.store.base import CommitPlan
from orchestrator.store.session_item import record_from_values
from tests.store.old_shapes import OLD_ACTIONS, OLD_REPLY, SESSION, old_session_values
from tests.turn.conftest import PHONE, TurnWorld


async def seed_old_session(world: TurnWorld) -> None:
    """The old item's values through the store's decoder, committed into the fakes."""
    assert SESSION == PHONE
    record = record_from_values(PHONE, old_session_values(world.clock()))
    seed = record.model_copy(update={"version": 0})
    actions = tuple(ActionChange(action=action, previous=None) for action in record.unexecuted)
    await world.sessions().commit(
        CommitPlan(record=seed, expected_version=0, lease=None, actions=actions, request_token="seed")
    )


class TestOldSession:
    async def test_the_stored_actions_and_reply_go_out_as_written(self, world: TurnWorld) -> None:
        """The next turn sends each stored body unchanged, then the stored reply's very text."""
        await seed_old_session(world)
        await world.turn(world.message("oi"))
        assert [action.payload for action in world.backend.calls] == [action["payload"] for action in OLD_ACTIONS]
        assert world.sink.texts[0] == OLD_REPLY["text"]
        assert (await world.record()).outbox == ()

    async def test_while_the_backend_is_down_the_old_reply_is_told_as_delayed(self, world: TurnWorld) -> None:
        """Held for its actions, the old reply is replaced once by the delay notice, as before."""
        await seed_old_session(world)
        world.backend.down = True
        await world.turn(world.message("oi"))
        assert world.sink.texts[0] == saving_delayed().text
        assert OLD_REPLY["text"] not in world.sink.texts
