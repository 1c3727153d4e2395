"""What a turn commits, from what its events came to: pure, no I/O.

One commit holds the new state, the processed and apologized event markers, the outbox, the
confirmed actions, the conversation lines and the lock release. Its request token and the reply id
derive from the events, so a redelivery reproduces both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from orchestrator.clock import epoch_ms
from orchestrator.ids import derive_id, event_marker
from orchestrator.models import ActionStatus, EventKind, InboundEvent, Role, Turn, merge_changes
from orchestrator.outbound import Reply
from orchestrator.store.base import CommitPlan, Lease, SessionRecord
from orchestrator.turn import channel
from orchestrator.turn.steps import Stepped


@dataclass(frozen=True)
class TurnPlan:
    """The commit of a turn (None: nothing to write) and the reply it carries."""

    commit: CommitPlan | None
    reply: Reply | None


def fresh_events(record: SessionRecord, events: Sequence[InboundEvent]) -> list[InboundEvent]:
    """Events not yet processed, in order, each once (a batch may repeat a redelivered id)."""
    seen = set(record.processed)
    fresh = []
    for event in events:
        marker = event_marker(event.event_id)
        if marker not in seen:
            seen.add(marker)
            fresh.append(event)
    return fresh


def plan_turn(
    record: SessionRecord,
    fresh: Sequence[InboundEvent],
    stepped: Stepped,
    lease: Lease,
    *,
    keep_reply: bool,
    now: datetime,
) -> TurnPlan:
    """The turn's one commit. `keep_reply`: the reply stays in the outbox until delivery is
    acknowledged (an external sink), rather than being delivered right after the commit."""
    apologized = [event_marker(f.event.event_id) for f in stepped.failed]
    new_apologies = [marker for marker in apologized if marker not in record.apologized]
    if not stepped.applied and not new_apologies:
        return TurnPlan(commit=None, reply=None)  # only events already apologized for, failing again
    # One final status per action (staged then confirmed in one burst is confirmed).
    actions = tuple(merge_changes(stepped.changes))
    confirmed = tuple(change.action for change in actions if change.action.status is ActionStatus.CONFIRMED)
    wa_id = _wa_id(record, fresh)
    reply = _reply(record.session_id, fresh, stepped, to=wa_id if wa_id != record.session_id else None)
    keep_in_outbox = reply is not None and (keep_reply or bool(reply.after_actions))
    # A failed event's line is written with its apology, not again on each redelivery.
    # (An applied voice note is its transcript: the conversation keeps what was heard.)
    applied = {event.event_id: event for event in stepped.applied}
    lines = [
        applied.get(event.event_id, event)
        for event in fresh
        if event.event_id in applied or event_marker(event.event_id) in new_apologies
    ]
    turns = _turns(record, lines, reply, stepped.templates, now)
    new_record = record.model_copy(
        update={
            "state": stepped.state,
            # The store keeps the newest MAX_PROCESSED of them (`store.session_item`).
            "processed": (*record.processed, *(event_marker(e.event_id) for e in stepped.applied)),
            "apologized": (*record.apologized, *new_apologies),
            # A reengagement template goes before the reply: it reopens the conversation.
            "outbox": (*record.outbox, *stepped.templates, *([reply] if keep_in_outbox and reply else [])),
            "delivery_failures": stepped.delivery_failures,
            "unexecuted": (*record.unexecuted, *confirmed),
            "updated_at": now,
            "last_turn_ms": turns[-1].at_ms if turns else record.last_turn_ms,
            "wa_id": wa_id,
        }
    )
    token = derive_id("commit", record.session_id, str(record.version), *(event.event_id for event in fresh))
    plan = CommitPlan(
        record=new_record,
        expected_version=record.version,
        lease=lease,
        release_lock=True,
        actions=actions,
        turns=turns,
        request_token=token,
        # A redriven message that succeeds now: its recorded failure goes with this commit.
        resolved=tuple(event.event_id for event in stepped.applied if event.event_id in record.failed),
    )
    return TurnPlan(commit=plan, reply=reply)


def _wa_id(record: SessionRecord, fresh: Sequence[InboundEvent]) -> str | None:
    """Where the caregiver's WhatsApp is: the newest message's `wa_id` as Meta sent it, else the one kept."""
    for event in reversed(fresh):
        sent_as = event.metadata.get("wa_id")
        if event.kind is EventKind.MESSAGE and isinstance(sent_as, str):
            return sent_as
    return record.wa_id


def _reply(session_id: str, fresh: Sequence[InboundEvent], stepped: Stepped, *, to: str | None) -> Reply | None:
    """The turn's one message: every notice of the burst, then its last prompt."""
    if not stepped.parts:
        return None
    failed = {f.event.event_id for f in stepped.failed}
    # An apology's id differs from the id of the answer a replay of the event will get.
    answered = [f"failed:{e.event_id}" if e.event_id in failed else e.event_id for e in fresh]
    return Reply(
        reply_id=derive_id("reply", session_id, *answered),
        session_id=session_id,
        to=to,
        in_reply_to=fresh[-1].event_id,
        parts=tuple(stepped.parts),
    )


def _turns(
    record: SessionRecord,
    events: Sequence[InboundEvent],
    reply: Reply | None,
    templates: Sequence[Reply],
    now: datetime,
) -> tuple[Turn, ...]:
    """The conversation lines of this turn, with unique increasing sort keys."""
    at = max(epoch_ms(now), record.last_turn_ms + 1)
    turns = []
    for event in events:
        if event.kind is EventKind.MESSAGE:
            turns.append(channel.line_of(event, at))
        elif event.kind is EventKind.TEMPLATE_FIRED:
            text = f"[template {event.template}]"
            turns.append(
                Turn(session_id=record.session_id, at_ms=at, role=Role.BOT, text=text, message_id=event.event_id)
            )
        else:
            continue  # a delivery report is no line of the conversation
        at += 1
    # A reply held until its actions are executed enters the conversation when it is sent (settle).
    shown = [*templates, *([reply] if reply is not None and not reply.after_actions else [])]
    turns += [channel.bot_line(sent, at + index) for index, sent in enumerate(shown)]
    return tuple(turns)
