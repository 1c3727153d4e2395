"""Each new event of a turn, in order: fetch the shift when needed, understand, step the machine.

`understand` is where per-event work before interpretation belongs (a read receipt, a voice note
transcribed). An unexpected exception while understanding or stepping one event does not stop
the others: that event is set aside (`FailedEvent`) to be apologized for once and dead-lettered,
never marked processed, so a redrive after the fix replays it for real.
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
from orchestrator.store.base import SessionRecord
from orchestrator.turn.context import TurnDeps, TurnStats, fetch_shift

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
    applied: list[InboundEvent] = field(default_factory=list)
    failed: list[FailedEvent] = field(default_factory=list)
    parts: list[ReplyPart] = field(default_factory=list)
    changes: list[ActionChange] = field(default_factory=list)


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
    stepped = Stepped(state=record.state)
    for event in fresh:
        if event.kind is EventKind.DELIVERY_FAILED:
            # Meta could not deliver one of our replies: nothing to answer; marked processed (SPEC §12).
            stepped.applied.append(event)
            continue
        shift: Shift | None = None
        if machine.needs_shift(stepped.state, event, now, deps.config):
            shift = await fetch_shift(deps.backend, record.session_id, stats)
        try:
            understood = await understand(deps, event, machine.expectation_of(stepped.state, now, shift), stats)
            reading = understood.reading if understood is not None else None
            transition = machine.step(stepped.state, event, reading, shift, now, deps.config)
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
        stepped.applied.append(event)
        stepped.parts.extend(transition.parts)
        stepped.changes.extend(_stamp_confirmations(transition.actions, event.event_id))
    return stepped


def _stamp_confirmations(changes: Iterable[ActionChange], event_id: str) -> list[ActionChange]:
    """Remember which event confirmed each action: that event's message owns its execution."""
    return [
        change.model_copy(update={"action": change.action.model_copy(update={"confirmed_by": event_id})})
        if change.action.status is ActionStatus.CONFIRMED
        else change
        for change in changes
    ]
