"""Voice notes to text: the media downloaded through the Graph API, transcribed by OpenAI
(`audio.transcriptions.create`, `OPENAI_TRANSCRIBE_MODEL`, language `pt`).

A transcript is kept (in memory, a few hundred per process) by media id: a turn run again after a
version conflict, or a message redelivered to the same worker before its commit, neither downloads
nor pays for the transcription twice, and reads the very same words. Transcripts are clinical
data: never logged.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict

import openai
import structlog

from orchestrator.errors import Unheard, VoiceNoteUnreadable
from orchestrator.integrations.graph import GraphApi, Media

log = structlog.get_logger(__name__)

TRANSCRIPTION_LANGUAGE = "pt"
# A minute of speech takes seconds to transcribe; the turn's lease and visibility are renewed meanwhile.
TRANSCRIPTION_TIMEOUT_SECONDS = 30.0
TRANSCRIPTION_RETRIES = 2  # the openai client's own retries (backoff; 408/409/429/5xx, connection errors)
# All attempts together: past it the caregiver is better served by "please type" than by waiting.
TRANSCRIPTION_DEADLINE_SECONDS = 60.0
CACHED_TRANSCRIPTS = 256
# The transcription endpoint tells formats by the file name's extension.
_EXTENSIONS = {"audio/ogg": "ogg", "audio/mpeg": "mp3", "audio/mp4": "m4a", "audio/aac": "m4a", "audio/wav": "wav"}


class OpenAiTranscriber:
    """Speech to text through the OpenAI client (or any OpenAI-compatible server at OPENAI_BASE_URL)."""

    def __init__(
        self,
        client: openai.AsyncOpenAI,
        model: str,
        *,
        timeout: float = TRANSCRIPTION_TIMEOUT_SECONDS,
        retries: int = TRANSCRIPTION_RETRIES,
        deadline: float = TRANSCRIPTION_DEADLINE_SECONDS,
    ) -> None:
        self._client = client.with_options(timeout=timeout, max_retries=retries)
        self._deadline = deadline
        self._model = model

    async def transcribe(self, media: Media) -> str:
        """The words spoken (stripped).

        Raises:
            VoiceNoteUnreadable: TRANSCRIPTION_FAILED (an error after the client's retries, or
                nothing was heard).
        """
        mime = media.mime_type.split(";", 1)[0].strip().lower()
        upload = (f"voice.{_EXTENSIONS.get(mime, 'ogg')}", media.content, mime)
        try:
            async with asyncio.timeout(self._deadline):
                result = await self._client.audio.transcriptions.create(
                    model=self._model, file=upload, language=TRANSCRIPTION_LANGUAGE
                )
        except (openai.OpenAIError, TimeoutError) as exc:
            raise VoiceNoteUnreadable(Unheard.TRANSCRIPTION_FAILED, type(exc).__name__) from exc
        text = result.text.strip()
        if not text:
            raise VoiceNoteUnreadable(Unheard.TRANSCRIPTION_FAILED, "empty transcript")
        return text


class VoiceNoteReader:
    """Download + transcription of a voice note by its media id, each transcript kept for a while."""

    def __init__(self, graph: GraphApi, transcriber: OpenAiTranscriber, *, keep: int = CACHED_TRANSCRIPTS) -> None:
        self._graph = graph
        self._transcriber = transcriber
        self._keep = keep
        self._transcripts: OrderedDict[str, str] = OrderedDict()

    async def transcript(self, media_id: str) -> str:
        """What the caregiver said in the voice note `media_id`.

        Raises:
            VoiceNoteUnreadable: why it could not be read (too large, download or transcription failed).
        """
        # No lock per media id: one session's turns never overlap (FIFO group + session lock).
        if (kept := self._transcripts.get(media_id)) is not None:
            self._transcripts.move_to_end(media_id)
            return kept
        media = await self._graph.download_media(media_id)
        text = await self._transcriber.transcribe(media)
        log.info("voice_note_transcribed", bytes=len(media.content), characters=len(text))
        self._transcripts[media_id] = text
        while len(self._transcripts) > self._keep:
            self._transcripts.popitem(last=False)
        return text


class NoVoiceNotes:
    """What reads voice notes when nothing can: every one is unreadable, for `reason`."""

    def __init__(self, reason: Unheard) -> None:
        self.reason = reason

    async def transcript(self, media_id: str) -> str:
        raise VoiceNoteUnreadable(self.reason)
