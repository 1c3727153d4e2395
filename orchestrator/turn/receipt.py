"""What the worker does with a WhatsApp message on receipt, before understanding it (SPEC section 12).

    mark each message read (typing indicator on)            before any transcription or LLM call
    per event:  unsupported -> refused (one "I read text and voice notes" notice, no step)
                edited      -> refused (one "send the correction as a new message" notice, no step)
                audio       -> transcript -> the event with the transcript as its text, + what was heard
                               unreadable -> refused (one "please type" notice, no step)
                anything else (text, buttons, captions, reactions) -> untouched

A refused event is answered and marked processed, and the machine never sees it: it writes
nothing and leaves a pending question as it was.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import structlog

from orchestrator.errors import IntegrationError, Unheard, VoiceNoteUnreadable
from orchestrator.machine import channel_notices, lexicon
from orchestrator.machine.text import fold
from orchestrator.machine.transition import ReplyPart
from orchestrator.models import EventKind, InboundEvent
from orchestrator.turn.context import TurnDeps, TurnStats

log = structlog.get_logger(__name__)

WHATSAPP = "whatsapp"


class MessageType(StrEnum):
    """The Meta message types this phase tells apart (`metadata["type"]`); others pass untouched."""

    AUDIO = "audio"
    REACTION = "reaction"


@dataclass(frozen=True)
class Received:
    """An event ready to be understood, or the one part that answers it instead (`refusal`).

    `heard`: the reply part that opens the answer to a voice note (what was understood)."""

    event: InboundEvent
    heard: ReplyPart | None = None
    refusal: ReplyPart | None = None


def from_whatsapp(event: InboundEvent) -> bool:
    return event.kind is EventKind.MESSAGE and event.metadata.get("source") == WHATSAPP


async def mark_read(deps: TurnDeps, events: Sequence[InboundEvent], stats: TurnStats) -> None:
    """Mark each WhatsApp message of the turn read and show the typing indicator (SPEC section 12:
    "marks each inbound WhatsApp message read"). The receipts of a burst go out together, so the
    turn waits for one round trip, not one per message. Reactions are skipped: most of them get no
    reply. A failure is logged and the turn goes on."""
    receipts = deps.receipts
    if receipts is None:
        return
    readable = [e for e in events if from_whatsapp(e) and e.metadata.get("type") != MessageType.REACTION]
    outcomes = await asyncio.gather(*(receipts.mark_read(event.event_id) for event in readable), return_exceptions=True)
    for outcome in outcomes:
        if isinstance(outcome, IntegrationError):
            stats.read_receipt_failures += 1
            log.warning("read_receipt_failed", reason=str(outcome))
        elif isinstance(outcome, BaseException):
            raise outcome  # a bug or a cancellation: never swallowed
        else:
            stats.read_receipts += 1


async def receive(deps: TurnDeps, event: InboundEvent, stats: TurnStats) -> Received:
    """The event as the interpreter should read it, or the answer that replaces reading it."""
    if event.kind is EventKind.MESSAGE and lexicon.MEDIA_PLACEHOLDER.match(fold(event.text)):
        # A relay's stand-in for media ("<Mídia oculta>"): as a photo without a caption.
        stats.unsupported += 1
        return Received(event, refusal=channel_notices.unsupported_message())
    if not from_whatsapp(event):
        return Received(event)
    if event.metadata.get("unsupported") is True:
        stats.unsupported += 1
        # An edit is not applied (its original may already be saved): the correction is asked for.
        edited = event.metadata.get("edited") is True
        refusal = channel_notices.edited_message() if edited else channel_notices.unsupported_message()
        return Received(_as_line(event), refusal=refusal)
    if event.metadata.get("type") != MessageType.AUDIO:
        return Received(event)
    media_id = event.metadata.get("media_id")
    try:
        if not isinstance(media_id, str) or not media_id:
            raise VoiceNoteUnreadable(Unheard.DOWNLOAD_FAILED, "no media id")
        transcript = await deps.voice.transcript(media_id)
    except VoiceNoteUnreadable as exc:
        stats.voice_notes_unread.append(exc.reason)
        log.warning("voice_note_unreadable", reason=exc.reason)
        return Received(_as_line(event), refusal=channel_notices.voice_note_unreadable())
    stats.voice_notes += 1
    return Received(event.model_copy(update={"text": transcript}), heard=channel_notices.heard(transcript))


def _as_line(event: InboundEvent) -> InboundEvent:
    """A refused message as the conversation shows it: its type in brackets (`[sticker]`), not a blank."""
    kind = event.metadata.get("type")
    return event.model_copy(update={"text": f"[{kind if isinstance(kind, str) else 'message'}]"})
