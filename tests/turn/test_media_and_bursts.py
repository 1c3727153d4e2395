"""Never silent with media (SPEC §6 "Never silent", §12), and bursts asking once: every Meta message type a
caregiver may send, parsed by the ingress's own reader, gets exactly one reply; a caption is read as typed
text; greetings sent around the presence question never get it asked twice."""

from __future__ import annotations

from typing import Any

import pytest

from ingress.meta import parse_meta_payload
from orchestrator.models import ActionKind, InboundEvent, Shift
from tests.fakes.ports import FakeBackend
from tests.ingress.meta_golden import message
from tests.ingress.meta_payloads import value, webhook
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_E
from tests.turn.conftest import FULL_VITALS, PHONE, TurnWorld

UNSUPPORTED = "só consigo ler mensagens de texto e áudios"
TYPE_PLEASE = "Pode escrever"

_MEDIA = {"mime_type": "image/jpeg", "sha256": "c2hh", "id": "MEDIA-1"}
NOT_READ: dict[str, tuple[str, dict[str, Any] | None]] = {
    "image": ("image", _MEDIA),
    "video": ("video", {**_MEDIA, "mime_type": "video/mp4"}),
    "document": ("document", {**_MEDIA, "mime_type": "application/pdf", "filename": "receita.pdf"}),
    "sticker": ("sticker", {**_MEDIA, "mime_type": "image/webp", "animated": False}),
    "location": ("location", {"latitude": -23.5, "longitude": -46.6, "name": "Casa do paciente"}),
    "contacts": ("contacts", [{"name": {"formatted_name": "Dra. Paula"}, "phones": [{"phone": "+55 11 5555-0000"}]}]),
    "unknown": ("order", {"catalog_id": "1"}),
}


def meta_event(world: TurnWorld, kind: str, body: Any) -> InboundEvent:
    """One message as the ingress makes it from Meta's webhook body (sent by the session's phone)."""
    world._count += 1
    payload = webhook(value(messages=[message(f"wamid.m{world._count}", kind, body, sender=PHONE)]))
    (event,) = parse_meta_payload(payload, received_at=world.clock()).events
    return event


class TestEveryTypeGetsOneReply:
    @pytest.mark.parametrize("name", sorted(NOT_READ))
    async def test_what_the_bot_cannot_read_is_answered_once(self, world: TurnWorld, name: str) -> None:
        kind, body = NOT_READ[name]
        await world.turn(meta_event(world, kind, body))
        assert len(world.sink.texts) == 1 and UNSUPPORTED in world.sink.texts[0], name
        assert world.backend.writes() == [], name

    async def test_a_voice_note_without_transcription_asks_to_type(self, world: TurnWorld) -> None:
        await world.turn(meta_event(world, "audio", {"id": "MEDIA-AUDIO", "mime_type": "audio/ogg; codecs=opus"}))
        assert len(world.sink.texts) == 1 and TYPE_PLEASE in world.sink.texts[0]

    @pytest.mark.parametrize("kind", ("image", "video", "document"))
    async def test_a_caption_is_read_as_typed_text(self, world: TurnWorld, kind: str) -> None:
        body = {**NOT_READ[kind][1], "caption": FULL_VITALS}  # type: ignore[dict-item]
        await world.turn(meta_event(world, kind, body))
        assert len(world.sink.texts) == 1 and "120x80" in world.sink.texts[0], kind
        await world.turn(meta_event(world, "text", {"body": "sim"}))
        assert len(world.backend.writes(ActionKind.UPDATE_CLINICAL)) == 1, kind

    async def test_a_photo_of_a_supply_shortage_with_a_caption_is_an_operational_note(self, world: TurnWorld) -> None:
        await world.turn(meta_event(world, "image", {**_MEDIA, "caption": "acabaram as fraldas"}))
        (written,) = world.backend.writes(ActionKind.UPDATE_CLINICAL)
        assert written.payload["operationalNote"] is True and written.payload["clinicalNote"] == "acabaram as fraldas"

    async def test_media_in_a_burst_is_answered_in_the_one_reply(self, world: TurnWorld) -> None:
        """A sticker and a text in one turn: one message, the notice and the answer."""
        sticker = meta_event(world, *NOT_READ["sticker"])
        text = meta_event(world, "text", {"body": "como funciona?"})
        await world.turn(sticker, text)
        assert len(world.sink.texts) == 1
        assert UNSUPPORTED in world.sink.texts[0] and "Por aqui você pode" in world.sink.texts[0]


class TestARelaysStandInForMedia:
    @pytest.mark.parametrize(
        "text", ("<Mídia oculta>", "[imagem]", "áudio omitido", "image omitted", "[Figurinha]", "<anexado: IMG-1.jpg>")
    )
    async def test_is_answered_like_a_photo_without_a_caption(self, world: TurnWorld, text: str) -> None:
        """Sent through /webhook/ingest by a relay: the "text and voice notes" reply, nothing read or written."""
        await world.say(FULL_VITALS)
        await world.turn(world.message(text))
        assert UNSUPPORTED in world.sink.texts[-1] and world.backend.writes() == [], text
        await world.say("sim")  # the staged measurement waited
        assert len(world.backend.writes(ActionKind.UPDATE_CLINICAL)) == 1, text

    @pytest.mark.parametrize("text", ("foto do curativo: ferida limpa", "mandei a foto da receita", "audio"))
    async def test_words_about_media_are_still_read(self, world: TurnWorld, text: str) -> None:
        await world.turn(world.message(text))
        assert UNSUPPORTED not in world.sink.texts[-1], text


class TestBursts:
    async def test_greetings_in_one_turn_ask_presence_once(self, world: TurnWorld) -> None:
        world.backend = FakeBackend(Shift.model_validate(SHIFT_A))
        await world.turn(world.message("oi"), world.message("bom dia"), world.message("tudo bem?"))
        assert len(world.sink.texts) == 1 and world.sink.texts[0].count("confirma presença") == 1

    async def test_arrival_greeting_and_observation_in_one_turn(self, world: TurnWorld) -> None:
        world.backend = FakeBackend(Shift.model_validate(SHIFT_A))
        await world.turn(world.message("cheguei"), world.message("bom dia"), world.message("paciente dormindo"))
        (reply,) = world.sink.texts
        assert "Presença confirmada" in reply and "confirma presença" not in reply
        assert [write.payload["responseValue"] for write in world.backend.writes()] == ["confirmado"]

    async def test_greetings_in_turns_of_their_own_point_at_the_question(self, world: TurnWorld) -> None:
        """Sent a moment apart (one turn each): the question once, then a pointer at it, then "sim" confirms."""
        world.backend = FakeBackend(Shift.model_validate(SHIFT_A))
        for text in ("oi", "bom dia", "tudo bem?", "sim"):
            await world.say(text)
        assert sum("confirma presença" in text for text in world.sink.texts) == 1
        assert "Fico no aguardo" in world.sink.texts[1] and "Fico no aguardo" in world.sink.texts[2]
        assert [write.payload["responseValue"] for write in world.backend.writes()] == ["confirmado"]


class TestWholeConversations:
    async def test_arrival_then_a_question_then_a_save(self, world: TurnWorld) -> None:
        """ "cheguei" confirms; "posso salvar?" saves nothing; "sim" saves once."""
        world.backend = FakeBackend(Shift.model_validate(SHIFT_A))
        assert "Presença confirmada" in await world.say("cheguei")
        world.backend.shift = Shift.model_validate(SHIFT_B)  # the backend caught up
        assert "Confira os dados" in await world.say(FULL_VITALS)
        await world.say("posso salvar?")
        assert world.backend.writes(ActionKind.UPDATE_CLINICAL) == []
        await world.say("sim")
        assert len(world.backend.writes(ActionKind.UPDATE_CLINICAL)) == 1

    async def test_a_cancel_wish_thanks_at_the_list_then_a_pick(self, world: TurnWorld) -> None:
        world.backend = FakeBackend(Shift.model_validate(SHIFT_A))

        def cancelled(action: Any) -> None:
            if action.kind is ActionKind.UPDATE_SCHEDULE:
                world.backend.shift = Shift.model_validate(SHIFT_E)

        world.backend.after_execute = cancelled
        assert "cancelar" in await world.say("preciso cancelar o plantão, tive uma emergência")
        assert "1. Maria Souza" in await world.say("sim, tenho certeza")
        reply = await world.say("obrigada")
        assert "Maria Souza" in reply and "Não entendi" not in reply
        await world.say("2")
        (created,) = world.backend.writes(ActionKind.CREATE_SCHEDULE)
        assert created.payload["newCaregiverID"] == "C-9"
