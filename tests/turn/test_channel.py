"""The WhatsApp channel in whole turns on the fakes (SPEC section 12): wamids kept with their replies,
tapped answers and reactions decided without the interpreter, stale taps, and `failed` statuses
recorded with the 131047 reengagement template sent once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from structlog.testing import capture_logs

from orchestrator.machine import replies
from orchestrator.models import ActionKind, EventKind, InboundEvent, PendingAction, Role, Shift
from orchestrator.outbound import DeliveryFailure, QuestionKind, SentReply
from tests.fakes.ports import ExplodingInterpreter, FakeBackend, FakeSink
from tests.shifts import SHIFT_A, SHIFT_E
from tests.turn.conftest import FULL_VITALS, PHONE, SAVED, TurnWorld

CLOSED = replies.answer_closed().text


def channel_world(**overrides: Any) -> TurnWorld:
    """A session whose sink answers with wamids, and an interpreter that counts its calls."""
    return TurnWorld(sink=FakeSink(gives_wamids=True), interpreter=ExplodingInterpreter(trigger="\x00"), **overrides)


def calls(world: TurnWorld) -> int:
    assert isinstance(world.interpreter, ExplodingInterpreter)
    return world.interpreter.calls


def tap(world: TurnWorld, reply_id: str, title: str, **metadata: Any) -> InboundEvent:
    event = world.message(title)
    extra = {"source": "whatsapp", "type": "interactive", "reply_id": reply_id, **metadata}
    return event.model_copy(update={"metadata": extra})


def reaction(world: TurnWorld, emoji: str, message_id: str) -> InboundEvent:
    event = world.message("")
    extra = {"source": "whatsapp", "type": "reaction", "reaction": {"emoji": emoji, "message_id": message_id}}
    return event.model_copy(update={"metadata": extra})


def failed(world: TurnWorld, wamid: str, code: int | None, at: str = "2026-11-26T09:00:30+00:00") -> InboundEvent:
    metadata = {"source": "whatsapp", "wamid": wamid, "wa_id": PHONE, "code": code, "title": "x", "failed_at": at}
    return InboundEvent(
        kind=EventKind.DELIVERY_FAILED,
        event_id=f"{wamid}:failed",
        session_id=PHONE,
        received_at=world.clock(),
        metadata=metadata,
    )


async def asked(world: TurnWorld) -> SentReply:
    """The measurement shown for confirmation, and the wamid its question got."""
    await world.say(FULL_VITALS)
    *_, question = (await world.record()).sent
    assert question.asks is QuestionKind.YES_NO
    return question


class TestWamids:
    async def test_each_reply_keeps_the_wamid_it_got(self) -> None:
        world = channel_world()
        await world.say("bom dia")
        question = await asked(world)
        sent = (await world.record()).sent
        assert [entry.wamid for entry in sent] == ["wamid.out-1", "wamid.out-2"]
        assert [entry.reply_id for entry in sent] == list(world.sink.received)
        assert (sent[0].asks, question.asks) == (None, QuestionKind.YES_NO)

    async def test_only_the_newest_twenty_are_kept(self) -> None:
        world = channel_world()
        for n in range(22):
            await world.say(f"obrigado {n}")
        sent = (await world.record()).sent
        # The 22nd send is settled after the last commit: the next commit trims to 20.
        assert len(sent) == 21 and sent[-1].wamid == "wamid.out-22"
        await world.say("obrigado")
        kept = [entry.wamid for entry in (await world.record()).sent]
        assert kept == [f"wamid.out-{n}" for n in range(3, 24)]  # 20 kept by the commit, then the new one

    async def test_a_sink_without_ids_keeps_nothing(self) -> None:
        world = TurnWorld()
        await world.say(FULL_VITALS)
        assert (await world.record()).sent == ()


class TestTaps:
    async def test_tapped_yes_confirms_without_rules_or_llm(self) -> None:
        world = channel_world()
        await asked(world)
        before = calls(world)
        stats = await world.turn(tap(world, "yes", "Sim"))
        assert SAVED in world.sink.texts[-1]
        assert len(world.backend.writes(ActionKind.UPDATE_CLINICAL)) == 1
        assert (calls(world) - before, stats.llm_calls) == (0, 0)

    async def test_tapped_no_drops_the_measurement(self) -> None:
        world = channel_world()
        await asked(world)
        await world.turn(tap(world, "no", "Não"))
        assert world.backend.writes(ActionKind.UPDATE_CLINICAL) == []
        assert (await world.record()).state.staged is None

    async def test_the_id_decides_whatever_the_title(self) -> None:
        """The title is what the caregiver saw; the id is what was tapped."""
        world = channel_world()
        await asked(world)
        await world.turn(tap(world, "yes", "Não"))
        assert len(world.backend.writes(ActionKind.UPDATE_CLINICAL)) == 1

    async def test_a_tap_from_the_open_question_counts(self) -> None:
        world = channel_world()
        question = await asked(world)
        await world.turn(tap(world, "yes", "Sim", context_id=question.wamid))
        assert len(world.backend.writes(ActionKind.UPDATE_CLINICAL)) == 1

    async def test_yes_on_an_older_question_confirms_nothing_new(self) -> None:
        """A "Sim" tapped on the first measurement's question (answered "não") while a second
        measurement waits: that question is closed; the second is neither confirmed nor dropped."""
        world = channel_world()
        first = await asked(world)
        await world.say("não")
        await asked(world)
        stale = tap(world, "yes", "Sim", context_id=first.wamid)
        await world.turn(stale)
        record = await world.record()
        assert world.sink.texts[-1] == CLOSED
        assert world.backend.writes(ActionKind.UPDATE_CLINICAL) == []
        assert record.state.staged is not None
        assert (await world.turn(stale)).duplicates == 1  # done with, never retried

    async def test_yes_with_nothing_pending_confirms_nothing(self) -> None:
        """After the measurement was saved, the same question's "Sim" tapped again (a new message):
        closed, nothing written, nothing changed."""
        world = channel_world()
        await asked(world)
        await world.turn(tap(world, "yes", "Sim"))
        state = (await world.record()).state
        await world.turn(tap(world, "yes", "Sim"))
        assert world.sink.texts[-1] == CLOSED
        assert len(world.backend.writes(ActionKind.UPDATE_CLINICAL)) == 1
        assert (await world.record()).state == state

    async def test_stale_yes_never_confirms_presence(self) -> None:
        """Presence undecided and nothing asked: a typed "sim" would confirm presence (it answers the
        backend's template); a tapped "Sim" from some old message must not."""
        world = channel_world(backend=FakeBackend(Shift.model_validate(SHIFT_A)))
        await world.turn(tap(world, "yes", "Sim"))
        assert world.backend.writes() == []
        assert world.sink.texts[-1] == CLOSED
        assert (await world.record()).state.presence is None

    async def test_choice_rows_pick_a_substitute(self) -> None:
        """After a cancellation the substitutes go out as a list; tapping row 2 picks the second
        one, without the interpreter."""
        world = channel_world(backend=FakeBackend(Shift.model_validate(SHIFT_A)))

        def offer_substitutes(action: PendingAction) -> None:
            if action.payload.get("responseValue") == "cancelado":
                world.backend.shift = Shift.model_validate(SHIFT_E)

        world.backend.after_execute = offer_substitutes
        await world.say("não vou conseguir ir hoje")
        await world.turn(tap(world, "yes", "Sim"))
        *_, listed = (await world.record()).sent
        assert listed.asks is QuestionKind.CHOICE
        before = calls(world)
        await world.turn(tap(world, "choice-2", "João Lima", context_id=listed.wamid))
        [created] = world.backend.writes(ActionKind.CREATE_SCHEDULE)
        assert created.payload["newCaregiverID"] == "C-9"
        assert calls(world) == before

    async def test_choice_row_with_no_list_open_is_closed(self) -> None:
        world = channel_world()
        await asked(world)
        await world.turn(tap(world, "choice-1", "Maria Souza"))
        assert world.sink.texts[-1] == CLOSED
        assert (await world.record()).state.staged is not None

    async def test_other_ids_are_read_as_text(self) -> None:
        """A backend template's quick reply (not our id) is read from its title, as before."""
        world = channel_world()
        await asked(world)
        before = calls(world)
        await world.turn(tap(world, "CONFIRMAR_123", "sim"))
        assert calls(world) == before + 1
        assert len(world.backend.writes(ActionKind.UPDATE_CLINICAL)) == 1

    async def test_a_relayed_tap_through_ingest_meta(self) -> None:
        """A `/webhook/ingest` sender (n8n, `orchestrator chat`) relays the id in `meta.reply_id`."""
        world = channel_world()
        await asked(world)
        event = world.message("Sim")
        relayed = event.model_copy(update={"metadata": {"source": "ingest", "meta": {"reply_id": "yes"}}})
        before = calls(world)
        await world.turn(relayed)
        assert (len(world.backend.writes(ActionKind.UPDATE_CLINICAL)), calls(world)) == (1, before)


class TestReactions:
    async def test_thumbs_up_on_the_question_confirms(self) -> None:
        world = channel_world()
        question = await asked(world)
        before = calls(world)
        await world.turn(reaction(world, "👍", question.wamid))
        assert SAVED in world.sink.texts[-1]
        assert (len(world.backend.writes(ActionKind.UPDATE_CLINICAL)), calls(world)) == (1, before)
        lines = [turn.text for turn in world.tables.turns.values() if turn.role is Role.USER]
        assert lines[-1] == "👍"

    async def test_thumbs_down_drops(self) -> None:
        world = channel_world()
        question = await asked(world)
        await world.turn(reaction(world, "❌", question.wamid))
        assert world.backend.writes() == [] and (await world.record()).state.staged is None

    async def test_reactions_that_answer_nothing_change_nothing(self) -> None:
        """A heart on the question, a thumbs-up on another message, a removed reaction: no reply,
        no write, the confirmation still open; each event is done with (processed)."""
        world = channel_world()
        question = await asked(world)
        record = await world.record()
        events = [
            reaction(world, "❤️", question.wamid),
            reaction(world, "👍", "wamid.something-else"),
            reaction(world, "", question.wamid),
        ]
        for event in events:
            stats = await world.turn(event)
            assert stats.applied == 1
        after = await world.record()
        assert len(world.sink.received) == len(record.sent)
        assert world.backend.writes() == []
        assert after.state == record.state

    async def test_thumbs_up_with_nothing_pending_is_ignored(self) -> None:
        world = channel_world()
        question = await asked(world)
        await world.turn(tap(world, "yes", "Sim"))
        replies_before = len(world.sink.received)
        await world.turn(reaction(world, "👍", question.wamid))
        assert len(world.sink.received) == replies_before
        assert len(world.backend.writes(ActionKind.UPDATE_CLINICAL)) == 1


class TestDeliveryFailures:
    async def test_failure_is_recorded_with_its_reply_and_no_text(self) -> None:
        world = channel_world()
        question = await asked(world)
        sent_before, state_before = len(world.sink.received), (await world.record()).state
        stats = await world.turn(failed(world, question.wamid, 131026))
        record = await world.record()
        assert record.delivery_failures == (
            DeliveryFailure(
                wamid=question.wamid,
                reply_id=question.reply_id,
                code=131026,
                title="x",
                failed_at=datetime.fromisoformat("2026-11-26T09:00:30+00:00"),
            ),
        )
        assert len(world.sink.received) == sent_before
        assert stats.delivery_failure_codes == ["131026"]
        assert record.state == state_before
        assert [turn.role for turn in world.tables.turns.values()].count(Role.BOT) == sent_before

    async def test_the_failure_is_logged_with_meta_s_title(self) -> None:
        """The operator reading the worker log sees what the code means (Meta's title), not only
        the number; no phone and no text."""
        world = channel_world()
        question = await asked(world)
        with capture_logs() as logs:
            await world.turn(failed(world, question.wamid, 131026))
        [entry] = [entry for entry in logs if entry["event"] == "delivery_failed"]
        assert (entry["code"], entry["title"], entry["log_level"]) == (131026, "x", "warning")
        assert PHONE not in str(logs)

    async def test_131047_sends_the_template_once_per_reply(self) -> None:
        world = channel_world()
        question = await asked(world)
        deps = world.deps(reengage_template="retomar_conversa")
        stats = await world.turn(failed(world, question.wamid, 131047), deps=deps)
        template = list(world.sink.received.values())[-1]
        assert template.template == "retomar_conversa" and stats.templates_sent == 1
        # The same callback again, and the same failure under another id: nothing more is sent.
        await world.turn(failed(world, question.wamid, 131047), deps=deps)
        again = failed(world, question.wamid, 131047).model_copy(update={"event_id": "other"})
        await world.turn(again, deps=deps)
        templates = [reply for reply in world.sink.received.values() if reply.template]
        assert len(templates) == 1
        assert len((await world.record()).delivery_failures) == 1

    async def test_the_template_goes_where_the_failed_message_went(self) -> None:
        """A 12-digit wa_id (no 9th digit) is where the template goes, not the canonical session id."""
        world = channel_world()
        question = await asked(world)
        event = failed(world, question.wamid, 131047)
        event = event.model_copy(update={"metadata": {**event.metadata, "wa_id": "551199990000"}})
        await world.turn(event, deps=world.deps(reengage_template="retomar_conversa"))
        template = list(world.sink.received.values())[-1]
        assert (template.template, template.address) == ("retomar_conversa", "551199990000")

    async def test_no_template_configured_sends_nothing(self) -> None:
        world = channel_world()
        question = await asked(world)
        before = len(world.sink.received)
        await world.turn(failed(world, question.wamid, 131047))
        assert len(world.sink.received) == before
        assert (await world.record()).delivery_failures[0].code == 131047

    async def test_a_failed_template_is_not_answered_by_another(self) -> None:
        world = channel_world()
        question = await asked(world)
        deps = world.deps(reengage_template="retomar_conversa")
        await world.turn(failed(world, question.wamid, 131047), deps=deps)
        *_, template = (await world.record()).sent
        assert template.template
        await world.turn(failed(world, template.wamid, 131047), deps=deps)
        assert len([reply for reply in world.sink.received.values() if reply.template]) == 1

    async def test_newest_first_whatever_the_order_of_arrival(self) -> None:
        world = channel_world()
        await world.turn(failed(world, "wamid.B", 131026, at="2026-11-26T09:05:00+00:00"))
        await world.turn(failed(world, "wamid.A", 131026, at="2026-11-26T09:01:00+00:00"))
        await world.turn(failed(world, "wamid.C", None, at="2026-11-26T09:09:00+00:00"))
        failures = (await world.record()).delivery_failures
        assert [failure.wamid for failure in failures] == ["wamid.C", "wamid.B", "wamid.A"]
        assert [failure.reply_id for failure in failures] == [None, None, None]
        assert world.sink.received == {}
