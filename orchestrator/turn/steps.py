"""Each new event of a turn, in order: fetch the shift when needed, understand, step the machine.

First `receipt` marks the messages read, transcribes voice notes and answers what the bot cannot
read; `understand` then interprets the text. An unexpected exception while understanding or
stepping one event does not stop the others: that event is set aside (`FailedEvent`) to be
apologized for once and dead-lettered, never marked processed, so a redrive after the fix replays
it for real.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import structlog

from orchestrator import machine
from orchestrator.errors import PermanentFailure, RetryLater
from orchestrator.ids import event_marker
from orchestrator.integrations.base import Interpretation
from orchestrator.machine import replies
from orchestrator.machine.transition import ReplyPart
from orchestrator.models import ActionChange, ActionStatus, EventKind, InboundEvent, Shift
from orchestrator.outbound import DeliveryFailure, Reply
from orchestrator.store.base import SessionRecord
from orchestrator.turn import channel
from orchestrator.turn.context import TurnDeps, TurnStats, fetch_shift
from orchestrator.turn.receipt import mark_read, receive

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class FailedEvent:
    """An event whose understanding or stepping raised: `reason` is what `dlq list` shows."""

    event: InboundEvent
    reason: str


@dataclass
class Stepped:
    """What the new events of a turn came to, before anything is written."""

    state: machine.SessionState
    applied: list[InboundEvent] = field(default_factory=list)  # as understood: a voice note with its transcript
    failed: list[FailedEvent] = field(default_factory=list)
    parts: list[ReplyPart] = field(default_factory=list)
    changes: list[ActionChange] = field(default_factory=list)
    delivery_failures: tuple[DeliveryFailure, ...] = ()
    templates: list[Reply] = field(default_factory=list)  # reengagement templates to send first


async def understand(
    deps: TurnDeps, event: InboundEvent, expectation: machine.Expectation, stats: TurnStats
) -> Interpretation | None:
    """What one event says; None for events without text (a template fired).

    Pre-processing that must have the message retried raises `RetryLater` (any other exception
    counts as a bug in this event)."""
    if event.kind is not EventKind.MESSAGE:
        return None
    understood = await deps.interpreter.interpret(event.text, expectation)
    stats.llm_calls += int(understood.llm_called)
    if understood.fallback_reason is not None:
        stats.llm_fallback_reasons.append(understood.fallback_reason)
    return understood


async def step_events(
    deps: TurnDeps, record: SessionRecord, fresh: Sequence[InboundEvent], now: datetime, stats: TurnStats
) -> Stepped:
    """Step `fresh` in order from the record's state; an event that fails unexpectedly leaves the
    state as it was and gets the generic apology, unless it already had it."""
    stepped = Stepped(state=record.state, delivery_failures=record.delivery_failures)
    await mark_read(deps, fresh, stats)
    for event in fresh:
        if event.kind is EventKind.DELIVERY_FAILED:
            _record_failure(deps, record, stepped, event, stats)
            continue
        try:
            received = await receive(deps, event, stats)
            if received.refusal is not None:  # answered as it is; the machine never sees it
                stepped.applied.append(received.event)
                stepped.parts.append(received.refusal)
                continue
            shift: Shift | None = None
            if machine.needs_shift(stepped.state, event, now, deps.config):
                # A shift the backend cannot serve now (down after the client's retries) is answered
                # "try again in a moment" at once (SPEC 6 "Never silent"): left on the queue, the
                # message would only be retried silently into the DLQ, the caregiver never answered.
                shift = await fetch_shift(deps.backend, record.session_id, retry_transient=False)
            expectation = machine.expectation_of(stepped.state, now, shift)
            read = await _read(deps, record, received.event, expectation, stats)
            if read.ignored or read.closed:
                # Nothing to step: a reaction that answers nothing, or a tap on a closed question.
                stepped.parts.extend(channel.closed_parts() if read.closed else [])
                stepped.applied.append(received.event)
                continue
            transition = machine.step(stepped.state, received.event, read.reading, shift, now, deps.config)
        except (RetryLater, PermanentFailure):
            raise
        except Exception as exc:  # a bug in this event's handling: never a crash loop (SPEC 6 "Never silent")
            stats.unexpected_errors += 1
            log.exception("event_failed_unexpectedly", event_id=event.event_id, error=type(exc).__name__)
            stepped.failed.append(FailedEvent(event, f"unexpected {type(exc).__name__} in the turn"))
            if event_marker(event.event_id) not in record.apologized:
                stepped.parts.append(replies.unexpected_error())
            continue
        stepped.state = transition.state
        # The transcript of a voice note is what the conversation keeps of it.
        stepped.applied.append(received.event)
        stepped.parts.extend((received.heard, *transition.parts) if received.heard else transition.parts)
        stepped.changes.extend(_stamp_confirmations(transition.actions, event.event_id))
    return stepped


async def _read(
    deps: TurnDeps, record: SessionRecord, event: InboundEvent, expectation: machine.Expectation, stats: TurnStats
) -> channel.Tap:
    """How an event is read: a tapped answer or a reaction as such (no interpreter), else understood."""
    tap = channel.tap_of(event, record, expectation) if event.kind is EventKind.MESSAGE else None
    if tap is not None:
        return tap
    understood = await understand(deps, event, expectation, stats)
    return channel.Tap(reading=understood.reading if understood is not None else None)


def _record_failure(
    deps: TurnDeps, record: SessionRecord, stepped: Stepped, event: InboundEvent, stats: TurnStats
) -> None:
    """A `failed` status: recorded on the session, no reply; maybe a reengagement template."""
    recorded = channel.record_failure(event, record, stepped.delivery_failures, deps.reengage_template)
    stepped.delivery_failures = recorded.failures
    if recorded.new is not None:
        code = recorded.new.code
        stats.delivery_failure_codes.append(str(code) if code is not None else "unknown")
        log.warning(
            "delivery_failed",
            event_id=event.event_id,
            code=code,
            title=recorded.new.title,  # Meta's words for the code: no phone, no text
            reply_id=recorded.new.reply_id,
        )
    if recorded.reengage is not None:
        stepped.templates.append(recorded.reengage)
    stepped.applied.append(event)


def _stamp_confirmations(changes: Iterable[ActionChange], event_id: str) -> list[ActionChange]:
    """Remember which event confirmed each action: that event's message owns its execution."""
    return [
        change.model_copy(update={"action": change.action.model_copy(update={"confirmed_by": event_id})})
        if change.action.status is ActionStatus.CONFIRMED
        else change
        for change in changes
    ]
