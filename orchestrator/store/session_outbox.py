"""The session item's outbox: replies committed but not yet acknowledged as delivered.

Most replies are also the bot line the same commit writes to ConversationBuffer. Those are kept as
a pointer to that line (`outboxLines`: reply id -> position, the line's sort key, the address)
instead of their whole JSON, which kept every session item holding a reply past 1 KB: 2 write
units more in the commit, and again in the settle that removes it (billed on the larger item).
Only a redelivery after a crash or a failed delivery reads the line back (one GetItem per reply).

A reply that is not its own line (held until its actions execute, a template) keeps its JSON in
`outbox`, as before issue 15. Positions are shared by both maps, so the outbox keeps its order.
A worker of the version before lines ignores `outboxLines` (its commits keep it: they SET only the
attributes they know), so a rolling deploy neither fails on it nor drops it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypedDict

from orchestrator.machine.answers import CHOICE_PREFIX, NO_CHOICE_ID
from orchestrator.models import Role, Turn
from orchestrator.outbound import STORED_TEXT, Question, QuestionKind, Reply, ReplyPart
from orchestrator.store.session_codec import entry_position, pack_json, unpack_entry

OUTBOX = "outbox"
OUTBOX_LINES = "outboxLines"


class StoredReply(TypedDict):
    """An `outbox` entry: the reply's packed JSON (`session_codec`) and its place in the outbox."""

    at: int
    z: bytes


class _LineFields(TypedDict, total=False):
    to: str


class LineReply(_LineFields):
    """An `outboxLines` entry: where the reply's text is (its ConversationBuffer sort key)."""

    at: int
    ms: int


def _question_of(line: Turn) -> Question | None:
    """The question a bot line offered, from the answers it shows (the inverse of `channel.bot_line`)."""
    if line.buttons:
        return Question(kind=QuestionKind.YES_NO)
    if line.options:
        # The rows the question numbered; "Nenhum" is added to every list.
        rows = [
            choice.title for choice in line.options if choice.id.startswith(CHOICE_PREFIX) and choice.id != NO_CHOICE_ID
        ]
        return Question(kind=QuestionKind.CHOICE, options=tuple(rows))
    return None


def reply_of_line(reply_id: str, line: Turn, to: str | None) -> Reply:
    """The reply a bot line shows, as the sink delivers it: same id, text, question and address."""
    part = ReplyPart(code=STORED_TEXT, text=line.text, question=_question_of(line))
    return Reply(reply_id=reply_id, session_id=line.session_id, to=to, in_reply_to=line.message_id, parts=(part,))


def _delivered_as(reply: Reply) -> tuple[object, ...]:
    """What a sink sends of a reply (and what the settle records of it)."""
    return (reply.reply_id, reply.session_id, reply.address, reply.in_reply_to, reply.text, reply.question)


def _line_of(reply: Reply, lines: Iterable[Turn]) -> Turn | None:
    """The bot line of this commit that `reply` can be rebuilt from exactly, if any."""
    if reply.template is not None or reply.after_actions:
        return None
    for line in lines:
        same_text = line.role is Role.BOT and line.message_id == reply.in_reply_to and line.text == reply.text
        if same_text and _delivered_as(reply_of_line(reply.reply_id, line, reply.to)) == _delivered_as(reply):
            return line
    return None


def outbox_values(outbox: Sequence[Reply], lines: Sequence[Turn]) -> dict[str, dict[str, StoredReply | LineReply]]:
    """Both outbox maps of a commit: a pointer for each reply that is one of `lines`, else its JSON."""
    stored: dict[str, StoredReply | LineReply] = {}
    pointed: dict[str, StoredReply | LineReply] = {}
    for position, reply in enumerate(outbox):
        line = _line_of(reply, lines)
        if line is None:
            stored[reply.reply_id] = StoredReply(at=position, z=pack_json(reply.model_dump_json()))
            continue
        entry = LineReply(at=position, ms=line.at_ms)
        if reply.to is not None:
            entry["to"] = reply.to
        pointed[reply.reply_id] = entry
    return {OUTBOX: stored, OUTBOX_LINES: pointed}


def line_keys(values: Mapping[str, Any]) -> list[int]:
    """The ConversationBuffer sort keys the stored outbox points at."""
    return [int(entry["ms"]) for entry in values.get(OUTBOX_LINES, {}).values()]


def outbox_of(values: Mapping[str, Any], lines: Mapping[int, Turn]) -> tuple[Reply, ...]:
    """The outbox in order. A pointer whose line is not in `lines` (gone: past its 7 days) is left
    out; the loader says so."""
    stored = values.get(OUTBOX, {}).values()
    entries = [(entry_position(entry), Reply.model_validate_json(unpack_entry(entry))) for entry in stored]
    for reply_id, entry in values.get(OUTBOX_LINES, {}).items():
        line = lines.get(int(entry["ms"]))
        if line is not None:
            entries.append((entry_position(entry), reply_of_line(reply_id, line, entry.get("to"))))
    return tuple(reply for _, reply in sorted(entries, key=lambda pair: pair[0]))
