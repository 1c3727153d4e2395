"""DynamoConversationStore: re-append is a no-op, the last N turns come back in order."""

from __future__ import annotations

from orchestrator.clock import epoch_ms
from orchestrator.models import Role
from orchestrator.store.base import CONVERSATION_TABLE
from tests.store.conftest import SESSION, Dynamo, make_turn


class TestConversation:
    async def test_last_n_oldest_first(self, dynamo: Dynamo) -> None:
        """last(n) returns the newest n turns, oldest first."""
        start = epoch_ms(dynamo.clock())
        turns = [make_turn(start + n, f"msg {n}", role=Role.USER if n % 2 else Role.BOT) for n in range(6)]
        await dynamo.conversation().append(turns)
        assert await dynamo.conversation().last(SESSION, 4) == turns[2:]
        assert await dynamo.conversation().last(SESSION, 10) == turns

    async def test_reappend_is_a_no_op(self, dynamo: Dynamo) -> None:
        """Appending a stored turn again, even with other content, leaves the stored one."""
        conversation = dynamo.conversation()
        turn = make_turn(epoch_ms(dynamo.clock()))
        await conversation.append([turn])
        await conversation.append([turn, turn.model_copy(update={"text": "changed"})])
        assert await conversation.last(SESSION, 5) == [turn]
        assert len(await dynamo.scan(CONVERSATION_TABLE)) == 1

    async def test_sessions_do_not_mix(self, dynamo: Dynamo) -> None:
        """A session's history holds only its own turns."""
        start = epoch_ms(dynamo.clock())
        mine, other = make_turn(start), make_turn(start, session_id="5511900000009")
        await dynamo.conversation().append([mine, other])
        assert await dynamo.conversation().last(SESSION, 5) == [mine]

    async def test_expired_turns_are_absent(self, dynamo: Dynamo) -> None:
        """Turns past their 7-day expiry are left out though still stored."""
        conversation = dynamo.conversation()
        old = make_turn(epoch_ms(dynamo.clock()))
        await conversation.append([old])
        dynamo.clock.advance(days=7, seconds=2)
        new = make_turn(epoch_ms(dynamo.clock()))
        await conversation.append([new])
        assert await conversation.last(SESSION, 5) == [new]
        assert len(await dynamo.scan(CONVERSATION_TABLE)) == 2
