"""The one place replies reach the caregiver: the outbox's replies in order, then the turn's own
reply when the commit did not keep it (nothing external to acknowledge)."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field

import structlog

from orchestrator import machine
from orchestrator.errors import PermanentIntegrationError, TransientIntegrationError
from orchestrator.integrations.base import ReplySink
from orchestrator.outbound import Reply, SentReply
from orchestrator.store.base import SessionRecord
from orchestrator.turn.context import TurnStats

log = structlog.get_logger(__name__)


@dataclass
class Delivery:
    """What the caregiver was sent by one `deliver_replies`, as the settle records it."""

    delivered: list[str] = field(default_factory=list)  # outbox replies done with (sent or refused for good)
    notified: list[str] = field(default_factory=list)  # actions the caregiver was told are not saved yet
    lines: list[Reply] = field(default_factory=list)  # sent texts the commit did not put in the conversation
    sent: list[SentReply] = field(default_factory=list)  # the message ids the channel gave the replies
    error: str | None = None  # why delivery stopped (the rest waits in the outbox)

    def __bool__(self) -> bool:
        """Whether anything needs settling."""
        return bool(self.delivered or self.notified or self.lines or self.sent)

    def acknowledged(self, message: Reply, wamid: str | None, part: int = 0) -> None:
        """Keep the message id the channel gave `message` (part `part` of its reply), with the
        question it asked."""
        if wamid is not None:
            asks = message.question.kind if message.question is not None else None
            template = bool(message.template)
            self.sent.append(SentReply(wamid=wamid, reply_id=message.reply_id, asks=asks, template=template, part=part))


async def _send(sink: ReplySink, reply: Reply, record: SessionRecord, done: Delivery) -> None:
    """Send the reply's messages in order (one, unless the channel splits a long reply), each one
    once: a part an earlier receive sent (its wamid recorded by that settle) is skipped, so a
    redelivery after a failure halfway goes on from the first part not sent.

    A part is acknowledged as soon as it is sent: when a later one fails, the settle still records
    it. (A part whose answer carried no wamid is not recorded, and would be sent again.)
    """
    sent = {entry.part for entry in record.sent if entry.reply_id == reply.reply_id}
    for part, message in enumerate(sink.messages(reply)):
        if part not in sent:
            done.acknowledged(message, await sink.deliver(message), part)


async def deliver_replies(
    sink: ReplySink,
    record: SessionRecord,
    unsent: Reply | None,
    *,
    waiting: Set[str],
    refused: Set[str],
    stats: TurnStats,
) -> Delivery:
    """Deliver the outbox's replies in order, then `unsent`. A reply whose actions are still
    `waiting` is held back; the caregiver hears once, instead, that saving is delayed (or, when
    the backend `refused` an action, that the team will look into it). Stops at the first
    transient failure, and at a sink that refuses our credentials or URL (every reply would fail)."""
    done = Delivery()
    for reply in (*record.outbox, *([unsent] if unsent is not None else [])):
        in_outbox = reply is not unsent
        blocked = [action_id for action_id in reply.after_actions if action_id in waiting]
        try:
            if not blocked:
                await _send(sink, reply, record, done)
                stats.templates_sent += int(reply.template is not None)
                if in_outbox:
                    done.delivered.append(reply.reply_id)
                if reply.after_actions:  # held replies enter the conversation when actually sent
                    done.lines.append(reply)
            elif not set(blocked) <= set(record.delay_notified):
                told = machine.not_saved_yet(reply.parts, refused=bool(refused & set(blocked)))
                notice = reply.model_copy(update={"reply_id": f"{reply.reply_id}-delayed", "parts": told})
                await _send(sink, notice, record, done)
                done.notified.extend(blocked)
                done.lines.append(notice)
        except TransientIntegrationError as exc:
            done.error = str(exc)
            return done
        except PermanentIntegrationError as exc:
            if exc.refuses_us:
                # Every reply would be refused (an expired token, a wrong URL): kept in the outbox
                # for the redelivery (then the DLQ, and a redrive once the setting is fixed).
                log.error("reply_sink_refuses_us", reply_id=reply.reply_id, status=exc.status_code)
                done.error = f"the reply sink refused our credentials or URL (HTTP {exc.status_code})"
                return done
            # The sink refuses this reply for good (e.g. an invalid number): holding it would
            # block every later reply of the session. It is kept in ConversationBuffer.
            log.error("reply_rejected", reply_id=reply.reply_id, status=exc.status_code)
            if in_outbox:
                done.delivered.append(reply.reply_id)
            if reply.after_actions:
                done.lines.append(reply)
    return done
