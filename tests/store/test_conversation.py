"""ConversationStore: turns written by session commits come back newest N, oldest first, live only."""

from __future__ import annotations

from orchestrator.clock import epoch_ms
from orchestrator.models import Choice, Role
from orchestrator.store.base import CONVERSATION_TABLE
from tests.store.conftest import SESSION, Stores, commit_writes, make_turn


class TestConversation:
    async def test_last_n_oldest_first(self, stores: Stores) -> None:
        """last(n) returns the newest n turns, oldest first."""
        start = epoch_ms(stores.clock())
        turns = tuple(make_turn(start + n, f"msg {n}", role=Role.USER if n % 2 else Role.BOT) for n in range(6))
        await commit_writes(stores, turns=turns)
        assert await stores.conversation().last(SESSION, 4) == list(turns[2:])
        assert await stores.conversation().last(SESSION, 10) == list(turns)

    async def test_offered_answers_round_trip(self, stores: Stores) -> None:
        """A bot turn keeps the buttons or list rows it offered; other turns store none."""
        start = epoch_ms(stores.clock())
        buttons = (Choice(id="yes", title="Sim"), Choice(id="no", title="Não"))
        options = (Choice(id="choice-1", title="Ana"), Choice(id="choice-none", title="Nenhum"))
        turns = (
            make_turn(start, "Posso salvar?", role=Role.BOT).model_copy(update={"buttons": buttons}),
            make_turn(start + 1, "Quem pode cobrir?", role=Role.BOT).model_copy(update={"options": options}),
            make_turn(start + 2, "oi"),
        )
        await commit_writes(stores, turns=turns)
        assert await stores.conversation().last(SESSION, 5) == list(turns)
        if stores.backend != "fake":
            stored = sorted(await stores.stored(CONVERSATION_TABLE), key=lambda item: item["createdAtEpoch"])
            assert ["buttons" in item or "options" in item for item in stored] == [True, True, False]

    async def test_turn_written_again_stays_one(self, stores: Stores) -> None:
        """A turn committed again under its key (a re-run) is still one stored turn."""
        turn = make_turn(epoch_ms(stores.clock()))
        await commit_writes(stores, turns=(turn,))
        await commit_writes(stores, turns=(turn,))
        assert await stores.conversation().last(SESSION, 5) == [turn]
        assert len(await stores.stored(CONVERSATION_TABLE)) == 1

    async def test_sessions_do_not_mix(self, stores: Stores) -> None:
        """A session's history holds only its own turns."""
        start = epoch_ms(stores.clock())
        mine, other = make_turn(start), make_turn(start, session_id="5511900000009")
        await commit_writes(stores, turns=(mine,))
        await commit_writes(stores, turns=(other,), session_id=other.session_id)
        assert await stores.conversation().last(SESSION, 5) == [mine]

    async def test_expired_turns_are_absent(self, stores: Stores) -> None:
        """Turns past their 7-day expiry are left out though still stored."""
        old = make_turn(epoch_ms(stores.clock()))
        await commit_writes(stores, turns=(old,))
        stores.clock.advance(days=7, seconds=2)
        new = make_turn(epoch_ms(stores.clock()))
        await commit_writes(stores, turns=(new,))
        assert await stores.conversation().last(SESSION, 5) == [new]
        assert len(await stores.stored(CONVERSATION_TABLE)) == 2
