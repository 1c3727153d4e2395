"""What the WhatsApp channel adds to a turn, pure: tapped answers and reactions read without the
interpreter (a tap on our reengagement template resumes the conversation), and `failed` statuses
recorded on the session (SPEC section 12).

A tap or a reaction answers only the question still open. A reaction to anything else changes
nothing and gets no reply (reacting is not writing). A tapped `Sim` on a question already closed
must not confirm whatever is asked now: the caregiver is told that question is closed instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import JsonValue

from orchestrator import machine
from orchestrator.ids import derive_id
from orchestrator.machine import replies
from orchestrator.machine.answers import answers_yes_no, buttons_of, options_of, reaction_answer, reading_of_tap
from orchestrator.models import InboundEvent, Role, Turn
from orchestrator.outbound import (
    MAX_DELIVERY_FAILURES,
    DeliveryFailure,
    PartKind,
    QuestionKind,
    Reply,
    ReplyPart,
    SentReply,
)
from orchestrator.store.base import SessionRecord

# Meta's "more than 24 hours since the customer last wrote": only a template may reopen the chat.
REENGAGEMENT_NEEDED = 131047
MAX_FAILURE_TITLE = 200  # characters of Meta's error title kept with a delivery failure
TEMPLATE_PART = "template"


@dataclass(frozen=True)
class Tap:
    """How a tapped answer or a reaction is handled: read as `reading` (no interpreter), or
    `closed` (a stale tap: say so, change nothing), or `ignored` (no reply, nothing changes)."""

    reading: machine.Reading | None = None
    closed: bool = False
    ignored: bool = False


def tap_of(event: InboundEvent, record: SessionRecord, expectation: machine.Expectation) -> Tap | None:
    """The tap or reaction `event` carries, or None for a message to interpret as text."""
    metadata = event.metadata
    reaction = metadata.get("reaction")
    if isinstance(reaction, dict) or metadata.get("type") == "reaction":
        emoji = reaction.get("emoji") if isinstance(reaction, dict) else None
        target = reaction.get("message_id") if isinstance(reaction, dict) else None
        answer = reaction_answer(emoji) if isinstance(emoji, str) else None
        asked = _last_asked(record.sent, QuestionKind.YES_NO)
        if answer is None or not (expectation.yes_no and expectation.asked) or asked is None or target != asked:
            return Tap(ignored=True)
        return Tap(reading=machine.Reading(answer=answer))
    reply_id = _reply_id(metadata)
    reading = reading_of_tap(reply_id) if reply_id is not None else None
    if reading is None and _tapped_our_template(event, record):
        # The quick reply of the reengagement template (its own words, not an answer): the chat is
        # open again, so the caregiver is greeted and the question waiting is asked again.
        return Tap(reading=machine.Reading(wishes=(machine.Wish.GREETING,)))
    if reading is None or reply_id is None:
        return None
    open_now = _open(event, record, expectation, yes_no=answers_yes_no(reply_id))
    return Tap(reading=reading) if open_now else Tap(closed=True)


def _tapped_our_template(event: InboundEvent, record: SessionRecord) -> bool:
    """A tap (Meta's `button`) on a template this session was sent by us (the reengagement one)."""
    context = event.metadata.get("context_id")
    return (
        event.metadata.get("type") == "button"
        and isinstance(context, str)
        and any(entry.template and entry.wamid == context for entry in record.sent)
    )


def _reply_id(metadata: Mapping[str, JsonValue]) -> str | None:
    """The tapped id: Meta's (`reply_id`), or one a `/webhook/ingest` sender relays in its `meta`
    (an n8n flow, `orchestrator chat`)."""
    reply_id = metadata.get("reply_id")
    relayed = metadata.get("meta")
    if reply_id is None and isinstance(relayed, dict):
        reply_id = relayed.get("reply_id")
    return reply_id if isinstance(reply_id, str) else None


def _open(event: InboundEvent, record: SessionRecord, expectation: machine.Expectation, *, yes_no: bool) -> bool:
    """Whether the question a tap answers is still the open one.

    When Meta tells which message the tap came from (`context_id`) and the session knows the
    message that asked, they must match (an expired question's own tap is then a late answer,
    which asks again and confirms nothing). Otherwise the kind of question awaited decides; a
    yes/no whose window passed still counts (the machine shows the data again)."""
    kind = QuestionKind.YES_NO if yes_no else QuestionKind.CHOICE
    context = event.metadata.get("context_id")
    asked = _last_asked(record.sent, kind)
    if isinstance(context, str) and asked is not None:
        return context == asked
    if yes_no:
        return (expectation.yes_no and expectation.asked) or record.state.staged is not None
    return expectation.kind is machine.ExpectationKind.SUBSTITUTE_CHOICE


def _last_asked(sent: tuple[SentReply, ...], kind: QuestionKind) -> str | None:
    """The wamid of the newest sent reply asking a question of `kind`."""
    return next((entry.wamid for entry in reversed(sent) if entry.asks is kind), None)


def closed_parts() -> list[ReplyPart]:
    return [replies.answer_closed()]


@dataclass(frozen=True)
class Recorded:
    """A `failed` status applied: the session's failures, and a template to send (or None)."""

    failures: tuple[DeliveryFailure, ...]
    new: DeliveryFailure | None = None  # None: a duplicate callback
    reengage: Reply | None = None


def record_failure(
    event: InboundEvent, record: SessionRecord, failures: tuple[DeliveryFailure, ...], template: str | None
) -> Recorded:
    """Record Meta's `failed` status once per wamid, newest first; for code 131047, send the
    reengagement `template` once per failed reply. A duplicate or late callback changes nothing."""
    metadata = event.metadata
    wamid = metadata.get("wamid")
    wamid = wamid if isinstance(wamid, str) and wamid else event.event_id.removesuffix(":failed")
    if any(failure.wamid == wamid for failure in failures):
        return Recorded(failures)
    code = metadata.get("code")
    title = metadata.get("title")
    sent = next((entry for entry in record.sent if entry.wamid == wamid), None)
    failure = DeliveryFailure(
        wamid=wamid,
        reply_id=sent.reply_id if sent is not None else None,
        code=code if isinstance(code, int) else None,
        # Bounded: the session item keeps up to MAX_DELIVERY_FAILURES of these.
        title=title[:MAX_FAILURE_TITLE] if isinstance(title, str) and title else None,
        failed_at=_failed_at(metadata.get("failed_at"), event.received_at),
    )
    newest_first = sorted((failure, *failures), key=lambda entry: entry.failed_at, reverse=True)
    kept = tuple(newest_first[:MAX_DELIVERY_FAILURES])
    already = any(
        entry.code == REENGAGEMENT_NEEDED and (entry.reply_id or entry.wamid) == (failure.reply_id or wamid)
        for entry in failures
    )
    # A template that failed is never answered by another one.
    wanted = failure.code == REENGAGEMENT_NEEDED and template and not already and not (sent and sent.template)
    reengage = _reengagement(event, record, failure, template) if wanted and template else None
    return Recorded(kept, failure, reengage)


def _reengagement(event: InboundEvent, record: SessionRecord, failure: DeliveryFailure, template: str) -> Reply:
    reply_id = derive_id("reengage", event.session_id, failure.reply_id or failure.wamid)
    # The part names the template for the conversation log; the caregiver sees the template.
    part = ReplyPart(code=TEMPLATE_PART, text=f"[template {template}]", kind=PartKind.NOTICE)
    # Sent where the failed message went: the wa_id as Meta reported it (else the one kept).
    address = event.metadata.get("wa_id")
    to = address if isinstance(address, str) and address else record.wa_id
    return Reply(
        reply_id=reply_id,
        session_id=event.session_id,
        to=to if to != event.session_id else None,
        in_reply_to=event.event_id,
        parts=(part,),
        template=template,
    )


def _failed_at(value: object, received_at: datetime) -> datetime:
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return received_at
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return received_at


def line_of(event: InboundEvent, at_ms: int) -> Turn:
    """The conversation line of an event: a reaction reads as its emoji."""
    text = event.text
    reaction = event.metadata.get("reaction")
    if not text and isinstance(reaction, dict) and isinstance(reaction.get("emoji"), str):
        text = str(reaction["emoji"])
    return Turn(session_id=event.session_id, at_ms=at_ms, role=Role.USER, text=text, message_id=event.event_id)


def bot_line(reply: Reply, at_ms: int) -> Turn:
    """The conversation line of a reply, with the answers it offered to tap."""
    return Turn(
        session_id=reply.session_id,
        at_ms=at_ms,
        role=Role.BOT,
        text=reply.text,
        message_id=reply.in_reply_to,
        buttons=buttons_of(reply.question),
        options=options_of(reply.question),
    )
