"""What the caregiver is told about the WhatsApp message itself, before or instead of the conversation's
answer (SPEC section 12): the voice note heard, or a message the bot cannot read or apply."""

from __future__ import annotations

from orchestrator.machine.reply_codes import ReplyCode
from orchestrator.machine.transition import PartKind, ReplyPart


def _notice(code: ReplyCode, text: str) -> ReplyPart:
    return ReplyPart(code=code.value, text=text, kind=PartKind.NOTICE)


HEARD_CHARACTERS = 300  # a whole report of vitals, and room left for the answer in one message


def heard(transcript: str) -> ReplyPart:
    """Opens the answer to a voice note with what was understood: a mishearing is caught before a confirmation."""
    words = " ".join(transcript.split())
    words = words if len(words) <= HEARD_CHARACTERS else words[: HEARD_CHARACTERS - 1].rstrip() + "…"
    return _notice(ReplyCode.HEARD, f'🎤 "{words}"')


def voice_note_unreadable() -> ReplyPart:
    """A voice note not heard (no transcription, too large, a failure): nothing was done."""
    return _notice(ReplyCode.VOICE_NOTE_UNREADABLE, "🎤 Não consegui ouvir o seu áudio. Pode escrever, por favor?")


def edited_message() -> ReplyPart:
    """A message the caregiver edited: the original may already be saved, so the edit is not applied."""
    text = (
        "Não consigo ver mensagens editadas ✏️. Se algo mudou, mande a informação corrigida em uma nova mensagem, "
        "por favor."
    )
    return _notice(ReplyCode.EDITED_MESSAGE, text)


def unsupported_message() -> ReplyPart:
    """A photo without caption, a sticker, a location, a contact...: nothing the bot reads."""
    text = "Por aqui eu só consigo ler mensagens de texto e áudios. Pode escrever ou mandar um áudio, por favor?"
    return _notice(ReplyCode.UNSUPPORTED_MESSAGE, text)
