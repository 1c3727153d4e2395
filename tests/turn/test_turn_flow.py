"""Whole turns on the fakes: answers, confirmations, bursts and redeliveries."""

from __future__ import annotations

from orchestrator.models import ActionKind
from tests.turn.conftest import FULL_VITALS, SAVED, TurnWorld


class TestOneMessage:
    async def test_message_is_answered_and_recorded(self, world: TurnWorld) -> None:
        """A message gets one reply, both lines enter the conversation, the session is committed once."""
        reply = await world.say("como funciona?")
        record = await world.record()
        assert "sinais vitais" in reply.lower()
        assert record.version == 1 and record.outbox == ()
        lines = [turn.text for turn in world.tables.turns.values()]
        assert lines == ["como funciona?", reply]

    async def test_confirmed_measurement_is_written_once_then_saved(self, world: TurnWorld) -> None:
        """A full measurement is shown for confirmation with no write; "sim" writes it once and
        the caregiver reads "salvo" only after the backend answered."""
        summary = await world.say(FULL_VITALS)
        assert "120x80" in summary and world.backend.calls == []
        assert SAVED in await world.say("sim")
        [write] = world.backend.writes(ActionKind.UPDATE_CLINICAL)
        assert (write.payload["bloodPressure"], write.payload["heartRate"]) == ("120x80", 76)
        record = await world.record()
        assert (record.unexecuted, record.outbox) == ((), ())

    async def test_log_only_sink_is_answered_without_an_outbox(self, world: TurnWorld) -> None:
        """With nothing external to acknowledge, the reply is delivered right after the commit and
        never kept in the outbox."""
        world.sink.external = False
        await world.say("como funciona?")
        assert len(world.sink.received) == 1
        assert (await world.record()).outbox == ()


class TestBursts:
    async def test_fragments_in_one_turn_get_one_reply(self, world: TurnWorld) -> None:
        """Three fragments in one turn: one commit, one reply reflecting all of them."""
        events = [world.message(text) for text in ("PA 12/8", "FC 80", "FR 18")]
        stats = await world.turn(*events)
        assert (stats.applied, len(world.sink.received)) == (3, 1)
        received, missing = world.sink.texts[0].split("Falta:")
        assert all(value in received for value in ("PA 120x80", "FC 80", "FR 18"))
        assert "Sat" in missing and "PA" not in missing
        assert (await world.record()).version == 1


class TestRedelivery:
    async def test_redelivered_confirmation_runs_nothing_twice(self, world: TurnWorld) -> None:
        """The same "sim" delivered again (a second turn with its event): no second write, no
        second reply, and the turn counts it as a duplicate."""
        await world.say(FULL_VITALS)
        sim = world.message("sim")
        await world.turn(sim)
        stats = await world.turn(sim)
        assert stats.duplicates == 1
        assert len(world.backend.calls) == 1
        assert sum(SAVED in text for text in world.sink.texts) == 1

    async def test_repeated_id_within_a_burst_is_applied_once(self, world: TurnWorld) -> None:
        """A batch holding the same event twice applies it once."""
        event = world.message("FC 80")
        stats = await world.turn(event, event)
        assert (stats.applied, stats.duplicates) == (1, 1)
        assert len((await world.record()).processed) == 1
