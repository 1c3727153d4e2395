"""SPEC §12 in whole turns on the fakes: replies go to the `wa_id` as Meta sent it, and a
delivery_failed event is taken without a reply (its recording is the outbound side's)."""

from __future__ import annotations

from orchestrator.ids import event_marker
from orchestrator.models import EventKind, InboundEvent, Template
from tests.turn.conftest import PHONE, TurnWorld

WITHOUT_NINTH = "551199990000"  # PHONE as an account without the 9th digit
assert WITHOUT_NINTH[:4] + "9" + WITHOUT_NINTH[4:] == PHONE


def whatsapp(world: TurnWorld, text: str, wa_id: str) -> InboundEvent:
    event = world.message(text)
    return event.model_copy(update={"metadata": {"source": "whatsapp", "type": "text", "wa_id": wa_id}})


def delivery_failed(world: TurnWorld, wamid: str = "wamid.out") -> InboundEvent:
    return InboundEvent(
        kind=EventKind.DELIVERY_FAILED,
        event_id=f"{wamid}:failed",
        session_id=PHONE,
        received_at=world.clock(),
        metadata={"source": "whatsapp", "wamid": wamid, "wa_id": WITHOUT_NINTH, "code": 131047, "title": "x"},
    )


class TestAddresses:
    async def test_reply_goes_to_the_wa_id_as_sent_and_the_session_keeps_it(self, world: TurnWorld) -> None:
        """A message from the 12-digit wa_id: the reply is addressed to it, the session keeps it."""
        await world.turn(whatsapp(world, "como funciona?", WITHOUT_NINTH))
        (reply,) = world.sink.received.values()
        assert (reply.session_id, reply.to, reply.address) == (PHONE, WITHOUT_NINTH, WITHOUT_NINTH)
        assert (await world.record()).wa_id == WITHOUT_NINTH

    async def test_a_template_turn_replies_to_the_kept_wa_id(self, world: TurnWorld) -> None:
        """A reply not answering a message (a template fired) still goes where the caregiver is."""
        await world.turn(whatsapp(world, "como funciona?", WITHOUT_NINTH))
        template = InboundEvent(
            kind=EventKind.TEMPLATE_FIRED,
            event_id="tpl-1",
            session_id=PHONE,
            received_at=world.clock(),
            template=Template.ASK_VITALS,
        )
        await world.turn(template)
        assert {reply.address for reply in world.sink.received.values()} == {WITHOUT_NINTH}

    async def test_the_newest_wa_id_wins_and_the_canonical_one_needs_no_to(self, world: TurnWorld) -> None:
        """The caregiver's account gained its 9th digit: replies follow, with no separate address."""
        await world.turn(whatsapp(world, "como funciona?", WITHOUT_NINTH))
        await world.turn(whatsapp(world, "oi", PHONE))
        replies = list(world.sink.received.values())
        assert [reply.to for reply in replies] == [WITHOUT_NINTH, None]
        assert replies[-1].address == PHONE
        assert (await world.record()).wa_id == PHONE

    async def test_ingest_messages_reply_to_the_session(self, world: TurnWorld) -> None:
        """No wa_id (a /webhook/ingest message): the reply goes to the session id, as before."""
        await world.say("como funciona?")
        (reply,) = world.sink.received.values()
        assert (reply.to, reply.address) == (None, PHONE)
        assert (await world.record()).wa_id is None


class TestDeliveryFailed:
    async def test_taken_without_a_reply_or_a_backend_call(self, world: TurnWorld) -> None:
        """A delivery_failed event alone: no reply, no shift fetched, marked processed, no line."""
        failed = delivery_failed(world)
        await world.turn(failed)
        record = await world.record()
        assert world.sink.received == {}
        assert world.backend.calls == []
        assert event_marker(failed.event_id) in record.processed
        assert list(world.tables.turns.values()) == []

    async def test_a_message_in_the_same_turn_is_answered_as_ever(self, world: TurnWorld) -> None:
        """A failure and a message in one burst: one reply, to the message, and the failure processed."""
        failed = delivery_failed(world)
        await world.turn(failed, whatsapp(world, "como funciona?", WITHOUT_NINTH))
        (reply,) = world.sink.received.values()
        assert "sinais vitais" in reply.text.lower()
        assert [turn.text for turn in world.tables.turns.values()] == ["como funciona?", reply.text]
        assert event_marker(failed.event_id) in (await world.record()).processed

    async def test_a_repeated_failure_changes_nothing(self, world: TurnWorld) -> None:
        """The same callback redelivered: processed once, still no reply."""
        await world.turn(delivery_failed(world))
        version = (await world.record()).version
        await world.turn(delivery_failed(world))
        assert (await world.record()).version == version
        assert world.sink.received == {}
