"""A reply longer than one WhatsApp text (4096 characters), or a question longer than an interactive
body (1024), as several messages, in order, whole.

Cut between paragraphs, else between lines (a bullet line stays whole), else between words; only
a single "word" longer than a message is cut inside. A reply that asks a closed question ends with
the longest run of its last paragraphs (else lines) that fits an interactive body (1024), so that
last message carries the question and its buttons. Pure: the same reply always splits the same way,
which is what lets a redelivery skip the messages already sent (`SentReply.part`).
"""

from __future__ import annotations

from collections.abc import Iterator

from orchestrator.integrations.whatsapp_messages import MAX_BODY, MAX_TEXT
from orchestrator.machine.answers import choices_of
from orchestrator.outbound import PartKind, Reply, ReplyPart

# Where a long text may be cut, best first: between paragraphs, lines, words.
BOUNDARIES = ("\n\n", "\n", " ")
# The code of the reply parts a split reply's messages are made of (never stored: the outbox and the
# conversation keep the reply whole).
SPLIT_PART = "split_part"


def messages_of(reply: Reply) -> tuple[Reply, ...]:
    """The reply as the messages that carry it whole, in order: itself when it fits one text.

    Each message is the reply (same id, address, template) with one part; only the last one
    keeps the reply's question, so only it can offer buttons or a list.
    """
    text = reply.text
    asks = bool(choices_of(reply.question))
    # A question too long for the buttons' body (a long report summary) is split too, so that its
    # last message still carries the buttons; any other text is split only over Meta's 4096.
    if reply.template is not None or len(text) <= (MAX_BODY if asks else MAX_TEXT):
        return (reply,)
    texts = (_ending_with_question(text) if asks else None) or split_text(text, MAX_TEXT)
    if len(texts) == 1:  # no boundary leaves a question short enough for the buttons: one text
        return (reply,)
    *earlier, last = texts
    said = [ReplyPart(code=SPLIT_PART, text=piece, kind=PartKind.NOTICE) for piece in earlier]
    ending = ReplyPart(code=SPLIT_PART, text=last, kind=PartKind.PROMPT, question=reply.question)
    return tuple(reply.model_copy(update={"parts": (part,)}) for part in (*said, ending))


def split_text(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at the best boundary it has.

    Packed greedily: each piece holds as many whole paragraphs (lines, words) as fit; a paragraph
    too long for one piece goes on in the next, cut between its lines (words). Blank runs at a
    cut are dropped; nothing else is.
    """
    chunks: list[str] = []
    current = ""
    for separator, atom in _atoms(text.strip(), limit):
        joined = f"{current}{separator}{atom}" if current else atom
        if len(joined) <= limit:
            current = joined
            continue
        chunks.append(current)
        current = atom
    chunks.append(current)
    return [chunk.strip() for chunk in chunks if chunk.strip()]


def _atoms(text: str, limit: int, level: int = 0) -> Iterator[tuple[str, str]]:
    """`text` as (the separator before it, piece) pairs, each piece at most `limit` long: cut at
    `BOUNDARIES[level]`, and only a piece still too long at a finer boundary."""
    if len(text) <= limit:
        yield "", text
        return
    if level == len(BOUNDARIES):  # one word longer than a message: the only cut inside a word
        yield from (("", text[start : start + limit]) for start in range(0, len(text), limit))
        return
    separator = BOUNDARIES[level]
    pieces = [piece for piece in text.split(separator) if piece.strip()]
    for n, piece in enumerate(pieces):
        for m, (inner, atom) in enumerate(_atoms(piece, limit, level + 1)):
            yield (inner if m else separator if n else ""), atom


def _ending_with_question(text: str) -> list[str] | None:
    """`text` split so that its last piece is the longest run of whole paragraphs, else lines, that
    fits an interactive body (the question is at the end); None when even its last line is longer."""
    for separator in BOUNDARIES[:2]:
        start = 0
        while (found := text.find(separator, start)) != -1:
            start = found + len(separator)
            ending = text[start:].strip()
            if ending and len(ending) <= MAX_BODY:
                return [*split_text(text[:start], MAX_TEXT), ending]
    return None
