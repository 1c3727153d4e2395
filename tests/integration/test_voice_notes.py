"""Voice notes and read receipts over real HTTP: the Graph API client, the OpenAI transcription client
and whole turns, against the local Graph/OpenAI stand-in (`orchestrator.devtools.graph_standin`).

Nothing is patched: the stand-in is a real server on 127.0.0.1 that records every request in order,
so the read receipt is seen to arrive before the transcription.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, MutableMapping
from dataclasses import replace
from typing import Any

import httpx
import openai
import pytest
import structlog

from orchestrator.devtools.graph_standin import (
    TOKEN,
    GraphStandInServer,
    voice_note_media_id,
)
from orchestrator.errors import Unheard, VoiceNoteUnreadable
from orchestrator.integrations.cloud_api import CloudApiEndpoint
from orchestrator.integrations.graph import MAX_MEDIA_BYTES, GraphApi
from orchestrator.integrations.http import RetryPolicy
from orchestrator.integrations.llm import RulesInterpreter
from orchestrator.integrations.voice import NoVoiceNotes, OpenAiTranscriber, VoiceNoteReader
from orchestrator.models import ActionKind, EventKind, InboundEvent
from orchestrator.settings import Settings
from orchestrator.turn import TurnDeps
from tests.turn.conftest import FULL_VITALS, PHONE, TurnWorld
from tests.turn.test_turn_faults import RivalSessions
from worker.app import graph_for, receipts_for, voice_notes_for

PHONE_NUMBER_ID = "1234567890"
QUICK = RetryPolicy(attempts=2, wait_initial=0, wait_max=0, wait_jitter=0)
TYPE_PLEASE = "Pode escrever"
UNSUPPORTED = "só consigo ler mensagens de texto e áudios"


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


@pytest.fixture
async def openai_client(standin: GraphStandInServer) -> AsyncIterator[openai.AsyncOpenAI]:
    async with openai.AsyncOpenAI(api_key="test-key", base_url=standin.openai_base_url) as client:
        yield client


def graph_api(http: httpx.AsyncClient, standin: GraphStandInServer) -> GraphApi:
    return GraphApi(http, CloudApiEndpoint(standin.url, PHONE_NUMBER_ID, TOKEN), retry=QUICK)


def reader(http: httpx.AsyncClient, standin: GraphStandInServer, client: openai.AsyncOpenAI) -> VoiceNoteReader:
    return VoiceNoteReader(graph_api(http, standin), OpenAiTranscriber(client, "gpt-4o-mini-transcribe", retries=1))


class TestDownload:
    async def test_media_is_looked_up_then_downloaded_with_the_token(
        self, http: httpx.AsyncClient, standin: GraphStandInServer
    ) -> None:
        """`GET {base}/{media-id}` gives the URL, which is downloaded with the same bearer token."""
        media = await graph_api(http, standin).download_media(voice_note_media_id("PA 120x80"))
        assert media.content == b"PA 120x80" and media.mime_type.startswith("audio/ogg")
        assert standin.app.kinds() == ["media_lookup", "media_download"]
        assert {call.authorization for call in standin.app.calls} == {f"Bearer {TOKEN}"}

    async def test_an_expired_url_is_looked_up_once_more(
        self, http: httpx.AsyncClient, standin: GraphStandInServer
    ) -> None:
        """A 404 on the download (the URL expired) fetches the media id again and downloads the new URL."""
        standin.app.expired_downloads = 1
        media = await graph_api(http, standin).download_media(voice_note_media_id("FC 80"))
        assert media.content == b"FC 80"
        assert standin.app.kinds() == ["media_lookup", "media_download", "media_lookup", "media_download"]
        first, second = (call.query for call in standin.app.calls if call.kind == "media_download")
        assert first != second  # the fresh URL, not the expired one again

    async def test_only_one_re_lookup(self, http: httpx.AsyncClient, standin: GraphStandInServer) -> None:
        """A URL that is expired again after the re-lookup is a failed download, not a loop."""
        standin.app.expired_downloads = 5
        with pytest.raises(VoiceNoteUnreadable) as raised:
            await graph_api(http, standin).download_media(voice_note_media_id("FC 80"))
        assert raised.value.reason is Unheard.DOWNLOAD_FAILED
        assert standin.app.kinds().count("media_lookup") == 2

    async def test_announced_size_over_16_mb_is_refused_before_downloading(
        self, http: httpx.AsyncClient, standin: GraphStandInServer
    ) -> None:
        """A lookup announcing more than 16 MB: nothing is downloaded."""
        standin.app.announced_size = MAX_MEDIA_BYTES + 1
        with pytest.raises(VoiceNoteUnreadable) as raised:
            await graph_api(http, standin).download_media(voice_note_media_id("longo"))
        assert raised.value.reason is Unheard.TOO_LARGE
        assert standin.app.kinds() == ["media_lookup"]

    async def test_streamed_bytes_are_capped_when_the_size_lies(
        self, http: httpx.AsyncClient, standin: GraphStandInServer
    ) -> None:
        """A file announced small that streams past 16 MB is cut off and refused."""
        standin.app.padding_bytes = MAX_MEDIA_BYTES + 1
        standin.app.announced_size = 10
        with pytest.raises(VoiceNoteUnreadable) as raised:
            await graph_api(http, standin).download_media(voice_note_media_id("longo"))
        assert raised.value.reason is Unheard.TOO_LARGE

    async def test_failing_download_is_retried_then_given_up(
        self, http: httpx.AsyncClient, standin: GraphStandInServer
    ) -> None:
        """5xx on the download is retried (the policy's attempts), then the voice note is unreadable."""
        standin.app.download_status = 503
        with pytest.raises(VoiceNoteUnreadable) as raised:
            await graph_api(http, standin).download_media(voice_note_media_id("FC 80"))
        assert raised.value.reason is Unheard.DOWNLOAD_FAILED
        assert standin.app.kinds().count("media_download") == QUICK.attempts

    async def test_read_receipt_body(self, http: httpx.AsyncClient, standin: GraphStandInServer) -> None:
        """The read receipt marks the wamid read and turns the typing indicator on."""
        await graph_api(http, standin).mark_read("wamid.ABC")
        [call] = standin.app.calls
        assert call.path == f"/{PHONE_NUMBER_ID}/messages" and call.authorization == f"Bearer {TOKEN}"
        assert call.json() == {
            "messaging_product": "whatsapp",
            "status": "read",
            "message_id": "wamid.ABC",
            "typing_indicator": {"type": "text"},
        }


class TestTranscription:
    async def test_transcribed_in_portuguese_with_the_configured_model(
        self, http: httpx.AsyncClient, standin: GraphStandInServer, openai_client: openai.AsyncOpenAI
    ) -> None:
        """`audio.transcriptions.create` with the model and language `pt`; the transcript comes back."""
        heard = await reader(http, standin, openai_client).transcript(voice_note_media_id("sat 97"))
        assert heard == "sat 97"
        [call] = [call for call in standin.app.calls if call.kind == "transcription"]
        assert call.path == "/v1/audio/transcriptions" and call.authorization == "Bearer test-key"
        assert b'name="model"\r\n\r\ngpt-4o-mini-transcribe' in call.body
        assert b'name="language"\r\n\r\npt' in call.body

    async def test_a_transcript_is_not_paid_twice(
        self, http: httpx.AsyncClient, standin: GraphStandInServer, openai_client: openai.AsyncOpenAI
    ) -> None:
        """The same voice note read again (a turn re-run, a redelivery) makes no second call."""
        voice = reader(http, standin, openai_client)
        media_id = voice_note_media_id("temp 36,5")
        assert await voice.transcript(media_id) == await voice.transcript(media_id) == "temp 36,5"
        assert standin.app.kinds() == ["media_lookup", "media_download", "transcription"]

    async def test_failing_transcription_is_unreadable_after_retries(
        self, http: httpx.AsyncClient, standin: GraphStandInServer, openai_client: openai.AsyncOpenAI
    ) -> None:
        """A 5xx from the transcription endpoint, retried by the client, ends as TRANSCRIPTION_FAILED."""
        standin.app.transcription_status = 500
        with pytest.raises(VoiceNoteUnreadable) as raised:
            await reader(http, standin, openai_client).transcript(voice_note_media_id("FC 80"))
        assert raised.value.reason is Unheard.TRANSCRIPTION_FAILED
        assert standin.app.kinds().count("transcription") == 2  # the first try and one retry

    async def test_slow_transcription_gives_up_at_the_deadline(
        self, http: httpx.AsyncClient, standin: GraphStandInServer, openai_client: openai.AsyncOpenAI
    ) -> None:
        """A transcription slower than the deadline (all attempts together) is TRANSCRIPTION_FAILED."""
        standin.app.transcription_delay = 2.0
        transcriber = OpenAiTranscriber(openai_client, "gpt-4o-mini-transcribe", deadline=0.2)
        voice = VoiceNoteReader(graph_api(http, standin), transcriber)
        with pytest.raises(VoiceNoteUnreadable) as raised:
            await voice.transcript(voice_note_media_id("FC 80"))
        assert raised.value.reason is Unheard.TRANSCRIPTION_FAILED

    async def test_nothing_heard_is_unreadable(
        self, http: httpx.AsyncClient, standin: GraphStandInServer, openai_client: openai.AsyncOpenAI
    ) -> None:
        """An empty transcript (silence) is no message: the caregiver is asked to type."""
        with pytest.raises(VoiceNoteUnreadable) as raised:
            await reader(http, standin, openai_client).transcript(voice_note_media_id("   "))
        assert raised.value.reason is Unheard.TRANSCRIPTION_FAILED


# -- whole turns (stores and backend in memory, the Graph API and OpenAI over HTTP) -------------


def whatsapp_event(world: TurnWorld, kind: str, text: str = "", **metadata: Any) -> InboundEvent:
    """A message event as the ingress makes it from a Meta webhook (see the issue-11 event shapes)."""
    event = world.message(text)
    extra = {"source": "whatsapp", "type": kind, "wa_id": PHONE, **metadata}
    return event.model_copy(update={"metadata": extra})


def voice_note(world: TurnWorld, spoken: str) -> InboundEvent:
    return whatsapp_event(world, "audio", media_id=voice_note_media_id(spoken))


class CountingInterpreter(RulesInterpreter):
    def __init__(self) -> None:
        self.texts: list[str] = []

    async def interpret(self, text: str, expectation: Any) -> Any:
        self.texts.append(text)
        return await super().interpret(text, expectation)


@pytest.fixture
def logs() -> Iterator[list[MutableMapping[str, Any]]]:
    with structlog.testing.capture_logs() as captured:
        yield captured


@pytest.fixture
def channel(
    world: TurnWorld, http: httpx.AsyncClient, standin: GraphStandInServer, openai_client: openai.AsyncOpenAI
) -> TurnDeps:
    """Turn dependencies with the WhatsApp receiving side on the stand-in."""
    world.interpreter = CountingInterpreter()
    return world.deps(receipts=graph_api(http, standin), voice=reader(http, standin, openai_client))


@pytest.fixture
def world() -> TurnWorld:
    return TurnWorld()


class TestVoiceNoteTurns:
    async def test_voice_note_is_handled_as_typed_text_and_echoed(
        self, world: TurnWorld, channel: TurnDeps, standin: GraphStandInServer
    ) -> None:
        """Five vitals spoken: the reply opens with what was heard, then the summary to confirm; the
        read receipt reached Meta before the transcription was asked for."""
        await world.turn(voice_note(world, FULL_VITALS), deps=channel)
        [reply] = world.sink.texts
        assert reply.startswith(f'🎤 "{FULL_VITALS}"')
        assert "120x80" in reply and world.backend.writes() == []
        assert standin.app.kinds() == ["read_receipt", "media_lookup", "media_download", "transcription"]
        assert world.interpreter.texts == [FULL_VITALS]  # type: ignore[attr-defined]
        lines = [turn.text for turn in world.tables.turns.values()]
        assert lines[0] == FULL_VITALS  # the conversation keeps what was heard

    async def test_voice_note_then_sim_writes_once(self, world: TurnWorld, channel: TurnDeps) -> None:
        """A spoken measurement confirmed by the "yes" button writes one correct updateClinicalData."""
        await world.turn(voice_note(world, FULL_VITALS), deps=channel)
        await world.turn(whatsapp_event(world, "interactive", "Sim", reply_id="yes"), deps=channel)
        [write] = world.backend.writes(ActionKind.UPDATE_CLINICAL)
        assert (write.payload["bloodPressure"], write.payload["heartRate"], write.payload["respRate"]) == (
            "120x80",
            76,
            18,
        )
        assert (write.payload["saturationO2"], write.payload["temperature"]) == (97, 36.4)

    async def test_redelivered_voice_note_changes_nothing(
        self, world: TurnWorld, channel: TurnDeps, standin: GraphStandInServer
    ) -> None:
        """The same voice note delivered again after its turn committed: no new download,
        transcription or reply."""
        note = voice_note(world, FULL_VITALS)
        await world.turn(note, deps=channel)
        calls = len(standin.app.calls)
        stats = await world.turn(note, deps=channel)
        assert stats.duplicates == 1 and len(world.sink.texts) == 1
        assert len(standin.app.calls) == calls

    async def test_turn_re_run_after_a_conflict_transcribes_once(
        self, world: TurnWorld, channel: TurnDeps, standin: GraphStandInServer
    ) -> None:
        """Another writer commits first: the turn re-runs its voice note from the kept transcript,
        with no second download or transcription, and answers once."""
        rival = RivalSessions(channel.sessions, 1)
        stats = await world.turn(voice_note(world, FULL_VITALS), deps=replace(channel, sessions=rival))
        assert stats.version_conflicts == 1 and len(world.sink.texts) == 1
        assert standin.app.kinds().count("media_download") == standin.app.kinds().count("transcription") == 1

    async def test_unreadable_voice_note_asks_to_type_and_changes_nothing(
        self, world: TurnWorld, channel: TurnDeps, standin: GraphStandInServer
    ) -> None:
        """Transcription failing after retries: one "please type" reply, no write, the staged
        confirmation still waiting, and a redelivery answers nothing more."""
        await world.say(FULL_VITALS)
        staged = (await world.record()).state.staged
        standin.app.transcription_status = 500
        note = voice_note(world, "sim")
        await world.turn(note, deps=channel)
        assert TYPE_PLEASE in world.sink.texts[-1]
        assert world.backend.writes() == [] and (await world.record()).state.staged == staged
        await world.turn(note, deps=channel)
        assert len(world.sink.texts) == 2

    async def test_without_a_key_every_voice_note_asks_to_type(self, world: TurnWorld) -> None:
        """No OPENAI_API_KEY: nothing is downloaded or transcribed; the caregiver is asked to type."""
        stats = await world.turn(voice_note(world, FULL_VITALS), deps=world.deps(voice=NoVoiceNotes(Unheard.NO_KEY)))
        assert TYPE_PLEASE in world.sink.texts[-1]
        assert stats.voice_notes_unread == [Unheard.NO_KEY] and world.backend.calls == []

    async def test_too_large_voice_note_asks_to_type(
        self, world: TurnWorld, channel: TurnDeps, standin: GraphStandInServer
    ) -> None:
        """Over 16 MB: refused before downloading, one "please type" reply."""
        standin.app.announced_size = MAX_MEDIA_BYTES + 1
        stats = await world.turn(voice_note(world, FULL_VITALS), deps=channel)
        assert TYPE_PLEASE in world.sink.texts[-1] and stats.voice_notes_unread == [Unheard.TOO_LARGE]
        assert "media_download" not in standin.app.kinds()

    async def test_transcripts_are_never_logged(
        self, world: TurnWorld, channel: TurnDeps, logs: list[MutableMapping[str, Any]]
    ) -> None:
        """Nothing the caregiver said reaches the logs (the transcript is clinical data)."""
        await world.turn(voice_note(world, FULL_VITALS), deps=channel)
        assert logs and not any("tranquilo" in str(entry) or "120" in str(entry) for entry in logs)


class TestReadReceipts:
    async def test_each_message_of_a_burst_is_marked_read(
        self, world: TurnWorld, channel: TurnDeps, standin: GraphStandInServer
    ) -> None:
        """Three messages in one turn: SPEC section 12 marks *each* inbound message read (with the
        typing indicator), all of them before anything else the turn calls."""
        burst = [whatsapp_event(world, "text", text) for text in ("PA 12/8", "FC 80", "FR 18")]
        stats = await world.turn(*burst, deps=channel)
        receipts = [call.json() for call in standin.app.calls if call.kind == "read_receipt"]
        assert sorted(receipt["message_id"] for receipt in receipts) == sorted(event.event_id for event in burst)
        assert all(receipt["typing_indicator"] == {"type": "text"} for receipt in receipts)
        assert stats.read_receipts == 3

    async def test_failing_receipt_never_fails_the_turn(
        self, world: TurnWorld, channel: TurnDeps, standin: GraphStandInServer
    ) -> None:
        """Meta refusing the receipt: the message is answered as usual."""
        standin.app.receipt_status = 500
        stats = await world.turn(whatsapp_event(world, "text", "como funciona?"), deps=channel)
        assert stats.read_receipt_failures == 1 and len(world.sink.texts) == 1

    async def test_no_receipt_for_other_sources_or_when_off(
        self, world: TurnWorld, channel: TurnDeps, standin: GraphStandInServer
    ) -> None:
        """A /webhook/ingest message gets none; neither does any message with receipts off."""
        await world.turn(world.message("como funciona?"), deps=channel)
        off = world.deps(receipts=None)
        await world.turn(whatsapp_event(world, "text", "como funciona?"), deps=off)
        assert standin.app.calls == [] and len(world.sink.texts) == 2


class TestOtherTypes:
    async def test_unsupported_message_gets_one_reply_and_reaches_nothing(
        self, world: TurnWorld, channel: TurnDeps
    ) -> None:
        """A sticker: the "text and voice notes only" reply; no LLM, no backend call at all."""
        stats = await world.turn(whatsapp_event(world, "sticker", unsupported=True), deps=channel)
        assert UNSUPPORTED in world.sink.texts[-1]
        assert world.backend.calls == [] and world.interpreter.texts == []  # type: ignore[attr-defined]
        assert stats.unsupported == 1 and (await world.record()).processed
        user_line, _answer = (turn.text for turn in world.tables.turns.values())
        assert user_line == "[sticker]"

    async def test_unsupported_message_keeps_the_question_waiting(self, world: TurnWorld, channel: TurnDeps) -> None:
        """A photo without caption while a confirmation is staged: it stays staged, and "sim" saves."""
        await world.say(FULL_VITALS)
        await world.turn(whatsapp_event(world, "image", unsupported=True), deps=channel)
        assert UNSUPPORTED in world.sink.texts[-1]
        await world.turn(whatsapp_event(world, "text", "sim"), deps=channel)
        assert len(world.backend.writes(ActionKind.UPDATE_CLINICAL)) == 1

    async def test_caption_is_handled_as_text(self, world: TurnWorld, channel: TurnDeps) -> None:
        """A photo with a caption: the caption is read like a typed message."""
        await world.turn(whatsapp_event(world, "image", FULL_VITALS), deps=channel)
        assert "120x80" in world.sink.texts[-1]
        assert world.interpreter.texts == [FULL_VITALS]  # type: ignore[attr-defined]

    async def test_reaction_passes_through_untouched(
        self, world: TurnWorld, channel: TurnDeps, standin: GraphStandInServer
    ) -> None:
        """A reaction is not refused or transcribed, and gets no read receipt (most get no reply)."""
        reaction = {"emoji": "👍", "message_id": "wamid.question"}
        await world.turn(whatsapp_event(world, "reaction", reaction=reaction), deps=channel)
        assert standin.app.calls == []
        assert not any(UNSUPPORTED in text or TYPE_PLEASE in text for text in world.sink.texts)

    async def test_delivery_failed_event_is_accepted(self, world: TurnWorld, channel: TurnDeps) -> None:
        """A delivery_failed event (ch-out records it) gets no receipt, transcription or reply here."""
        event = world.message("").model_copy(
            update={"kind": EventKind.DELIVERY_FAILED, "metadata": {"source": "whatsapp", "code": 131047}}
        )
        await world.turn(event, deps=channel)
        assert world.sink.texts == []


class TestWiring:
    """What the worker's composition root builds from the settings (SPEC section 12)."""

    @staticmethod
    def settings(**values: Any) -> Settings:
        return Settings(_env_file=None, **values)

    def test_cloud_api_configured_gets_receipts_and_voice_notes(self, http: httpx.AsyncClient) -> None:
        """Token + phone number id + key: read receipts and the real voice-note reader."""
        settings = self.settings(whatsapp_access_token="t", whatsapp_phone_number_id="1", openai_api_key="k")
        graph = graph_for(settings, http)
        assert graph is not None and receipts_for(settings, graph) is graph
        client = openai.AsyncOpenAI(api_key="k")
        assert isinstance(voice_notes_for(settings, graph, client), VoiceNoteReader)

    def test_receipts_off_by_setting_or_with_a_webhook_sink(self, http: httpx.AsyncClient) -> None:
        """WHATSAPP_READ_RECEIPTS=false, or replies going through REPLY_WEBHOOK_URL: no receipts."""
        cloud = {"whatsapp_access_token": "t", "whatsapp_phone_number_id": "1"}
        off = self.settings(whatsapp_read_receipts=False, **cloud)
        relayed = self.settings(reply_webhook_url="http://127.0.0.1:9/replies", **cloud)
        assert receipts_for(off, graph_for(off, http)) is None
        assert receipts_for(relayed, graph_for(relayed, http)) is None
        assert graph_for(self.settings(), http) is None

    async def test_missing_key_or_channel_reads_no_voice_note(self, http: httpx.AsyncClient) -> None:
        """No OPENAI_API_KEY, or no Cloud API credentials to fetch the media: every voice note unreadable."""
        cloud = self.settings(whatsapp_access_token="t", whatsapp_phone_number_id="1")
        no_key = voice_notes_for(cloud, graph_for(cloud, http), None)
        no_channel = voice_notes_for(self.settings(), None, openai.AsyncOpenAI(api_key="k"))
        for voice, reason in ((no_key, Unheard.NO_KEY), (no_channel, Unheard.NO_CHANNEL)):
            with pytest.raises(VoiceNoteUnreadable) as raised:
                await voice.transcript("media-1")
            assert raised.value.reason is reason
