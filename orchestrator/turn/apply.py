"""Before the commit: load, understand and step each new event, commit once (under the lease)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import structlog

from orchestrator import machine
from orchestrator.clock import epoch_ms
from orchestrator.errors import LockLost, RetryLater, VersionConflict
from orchestrator.machine import replies
from orchestrator.machine.transition import ReplyPart
from orchestrator.models import (
    ActionChange,
    ActionStatus,
    EventKind,
    InboundEvent,
    Reply,
    Role,
    Turn,
    event_marker,
    merge_changes,
)
from orchestrator.store.base import CommitPlan, Lease, SessionRecord
from orchestrator.turn.context import TurnDeps, TurnStats, commit_plan, derive_id, fetch_shift

log = structlog.get_logger(__name__)

# A session item keeps this many recent event ids: far more than a redelivery window holds.
PROCESSED_LIMIT = 200
# Attempts at a turn that keeps meeting version conflicts (someone else committed meanwhile).
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class _Plan:
    commit: CommitPlan
    reply: Reply | None


async def apply_events(
    deps: TurnDeps, session_id: str, events: Sequence[InboundEvent], held: list[Lease], stats: TurnStats
) -> SessionRecord:
    """Load, step the new events, commit; reload and re-run on a version conflict."""
    for _ in range(MAX_ATTEMPTS):
        record = await deps.sessions.load(session_id)
        fresh = _fresh_events(record, events)
        stats.duplicates = len(events) - len(fresh)
        if not fresh:
            return record
        plan = await _plan_turn(deps, record, fresh, held[0], stats)
        try:
            stored = await asyncio.shield(commit_plan(deps.sessions, plan.commit))
        except VersionConflict:
            stats.version_conflicts += 1
            log.info("turn_version_conflict", version=record.version)
            continue
        except LockLost as exc:
            raise RetryLater("session lock lost before commit") from exc
        stats.applied, stats.committed = len(fresh), True
        if plan.reply is not None and plan.reply not in stored.outbox:
            # Nothing external to reach (log-only sink) and nothing to wait for: delivered now.
            await deps.sink.deliver(plan.reply)
        return stored
    raise RetryLater(f"version conflicts in {MAX_ATTEMPTS} attempts")


def _fresh_events(record: SessionRecord, events: Sequence[InboundEvent]) -> list[InboundEvent]:
    """Events not yet processed, in order, each once (a batch may repeat a redelivered id)."""
    seen = set(record.processed)
    fresh = []
    for event in events:
        marker = event_marker(event.event_id)
        if marker not in seen:
            seen.add(marker)
            fresh.append(event)
    return fresh


async def _plan_turn(
    deps: TurnDeps, record: SessionRecord, fresh: list[InboundEvent], lease: Lease, stats: TurnStats
) -> _Plan:
    now = deps.clock()
    state = record.state
    parts: list[ReplyPart] = []
    changes: list[ActionChange] = []
    for event in fresh:
        shift = None
        if machine.needs_shift(state, event, now, deps.config):
            shift = await fetch_shift(deps.backend, record.session_id, stats)
        reading = None
        if event.kind is EventKind.MESSAGE:
            understood = await deps.interpreter.interpret(event.text, machine.expectation_of(state, now, shift))
            reading = understood.reading
            stats.llm_calls += int(understood.llm_called)
            stats.llm_fallbacks += int(understood.fallback)
        transition = machine.step(state, event, reading, shift, now, deps.config)
        state = transition.state
        parts.extend(transition.parts)
        changes.extend(_stamp_confirmations(transition.actions, event.event_id))
    # One final status per action (staged then confirmed in one burst is confirmed).
    actions = tuple(merge_changes(changes))
    confirmed = tuple(change.action for change in actions if change.action.status is ActionStatus.CONFIRMED)
    reply = _reply(record.session_id, fresh, parts)
    keep_in_outbox = reply is not None and (deps.sink.external or bool(reply.after_actions))
    turns = _turns(record, fresh, reply, now)
    new_record = record.model_copy(
        update={
            "state": state,
            "processed": (*record.processed, *(event_marker(event.event_id) for event in fresh))[-PROCESSED_LIMIT:],
            "outbox": (*record.outbox, reply) if keep_in_outbox and reply else record.outbox,
            "unexecuted": (*record.unexecuted, *confirmed),
            "updated_at": now,
            "last_turn_ms": turns[-1].at_ms if turns else record.last_turn_ms,
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
    )
    return _Plan(commit=plan, reply=reply)


def _stamp_confirmations(changes: Iterable[ActionChange], event_id: str) -> list[ActionChange]:
    """Remember which event confirmed each action: that event's message owns its execution."""
    return [
        change.model_copy(update={"action": change.action.model_copy(update={"confirmed_by": event_id})})
        if change.action.status is ActionStatus.CONFIRMED
        else change
        for change in changes
    ]


def _reply(session_id: str, fresh: Sequence[InboundEvent], parts: Sequence[ReplyPart]) -> Reply | None:
    """The turn's one message: every notice of the burst, then its last prompt."""
    if not parts:
        return None
    after = tuple(dict.fromkeys(part.after_action for part in parts if part.after_action))
    delayed = None
    if after:
        delayed_parts = [replies.saving_delayed() if part.after_action else part for part in parts]
        delayed = machine.compose(delayed_parts)
    return Reply(
        reply_id=derive_id("reply", session_id, *(event.event_id for event in fresh)),
        session_id=session_id,
        text=machine.compose(parts),
        in_reply_to=fresh[-1].event_id,
        after_actions=after,
        delayed_text=delayed,
    )


def _turns(
    record: SessionRecord, fresh: Sequence[InboundEvent], reply: Reply | None, now: datetime
) -> tuple[Turn, ...]:
    """The conversation lines of this turn, with unique increasing sort keys."""
    at = max(epoch_ms(now), record.last_turn_ms + 1)
    turns = []
    for event in fresh:
        if event.kind is EventKind.MESSAGE:
            role, text = Role.USER, event.text
        else:
            role, text = Role.BOT, f"[template {event.template}]"
        turns.append(Turn(session_id=record.session_id, at_ms=at, role=role, text=text, message_id=event.event_id))
        at += 1
    # A reply held until its actions are executed enters the conversation when it is sent (settle).
    if reply is not None and not reply.after_actions:
        turns.append(
            Turn(session_id=record.session_id, at_ms=at, role=Role.BOT, text=reply.text, message_id=reply.in_reply_to)
        )
    return tuple(turns)
