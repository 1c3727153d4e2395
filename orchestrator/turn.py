"""One turn of one session: lock, load, understand, step, commit once, execute, deliver, settle.

The only module that orders I/O. Every turn first finishes what an earlier one left (confirmed
actions not executed, replies not delivered), then applies its new events in order under one
lock, one load and one commit, and answers them with one reply.

    lock ─ load ─ [shift] ─ interpret+step per event ─ COMMIT ─ execute ─ deliver ─ settle
    └──────────── lease held ─────────────────────────┘  (the commit releases it)
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import structlog

from orchestrator import machine
from orchestrator.clock import epoch_ms, utc_now
from orchestrator.errors import (
    InvalidTransition,
    LockBusy,
    LockLost,
    PermanentFailure,
    PermanentIntegrationError,
    RetryLater,
    TransientConflict,
    TransientIntegrationError,
    VersionConflict,
)
from orchestrator.integrations.base import Backend, Interpreter, ReplySink
from orchestrator.machine import replies
from orchestrator.machine.transition import PartKind, ReplyPart
from orchestrator.models import (
    ActionChange,
    ActionStatus,
    EventKind,
    InboundEvent,
    PendingAction,
    Reply,
    Role,
    Shift,
    Turn,
    merge_changes,
)
from orchestrator.store.base import CommitPlan, Lease, LockStore, SessionRecord, SessionStore

log = structlog.get_logger(__name__)

# A session item keeps this many recent event ids: far more than a redelivery window holds.
PROCESSED_LIMIT = 200
# Attempts at a turn that keeps meeting version conflicts (someone else committed meanwhile).
MAX_ATTEMPTS = 3
# Retries of one commit cancelled by a concurrent transaction (same ClientRequestToken).
COMMIT_RETRIES = 3


@dataclass(frozen=True)
class TurnDeps:
    """What a turn needs; built once per worker process."""

    sessions: SessionStore
    locks: LockStore
    interpreter: Interpreter
    backend: Backend
    sink: ReplySink
    config: machine.MachineConfig
    owner: str
    clock: Callable[[], datetime] = utc_now


@dataclass
class TurnStats:
    """What happened in one turn, for metrics and tests (counts are deterministic)."""

    applied: int = 0
    duplicates: int = 0
    llm_calls: int = 0
    llm_fallbacks: int = 0
    shift_fetches: int = 0
    version_conflicts: int = 0
    executed: int = 0
    execution_failures: int = 0
    delivered: int = 0
    committed: bool = False
    backend_outcomes: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)  # action id -> why the backend refused it


@dataclass(frozen=True)
class _Plan:
    commit: CommitPlan
    reply: Reply | None


async def process_turn(
    deps: TurnDeps, session_id: str, events: Sequence[InboundEvent], stats: TurnStats | None = None
) -> TurnStats:
    """Run one turn for `events` (in queue order) of one session.

    `stats` is filled as the turn goes, so a caller that passes its own sees what happened
    even when the turn raises.

    Raises:
        LockBusy: another live holder has the session; give the messages back for a moment.
        RetryLater: leave the messages on the queue (backend or sink failing, repeated conflicts).
        PermanentFailure: retrying cannot help; the reason is recorded on the session.
    """
    stats = stats if stats is not None else TurnStats()
    lease = await deps.locks.try_acquire(f"session#{session_id}", deps.owner)
    if lease is None:
        raise LockBusy(session_id)
    held = [lease]
    try:
        async with _renewed(deps.locks, held):
            record = await _apply_events(deps, session_id, events, held, stats)
    finally:
        if not stats.committed:  # the commit releases the lease itself
            await asyncio.shield(deps.locks.release(held[0]))
    failed: set[str] = set()
    if any(machine.needs_refresh_after(action) for action in record.unexecuted):
        record = await _follow_up(deps, record, failed, stats)
    await _finish(deps, record, {event.event_id for event in events}, failed, stats)
    return stats


# -- before the commit ---------------------------------------------------------------------------


async def _apply_events(
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
            stored = await asyncio.shield(_commit(deps.sessions, plan.commit))
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
        if event.event_id not in seen:
            seen.add(event.event_id)
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
            shift = await _fetch_shift(deps.backend, record.session_id, stats)
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
            "processed": (*record.processed, *(event.event_id for event in fresh))[-PROCESSED_LIMIT:],
            "outbox": (*record.outbox, reply) if keep_in_outbox and reply else record.outbox,
            "unexecuted": (*record.unexecuted, *confirmed),
            "updated_at": now,
            "last_turn_ms": turns[-1].at_ms if turns else record.last_turn_ms,
        }
    )
    token = _derive_id("commit", record.session_id, str(record.version), *(event.event_id for event in fresh))
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
        reply_id=_derive_id("reply", session_id, *(event.event_id for event in fresh)),
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
    if reply is not None:
        turns.append(
            Turn(session_id=record.session_id, at_ms=at, role=Role.BOT, text=reply.text, message_id=reply.in_reply_to)
        )
    return tuple(turns)


async def _commit(sessions: SessionStore, plan: CommitPlan) -> SessionRecord:
    """Commit, retrying a transaction cancelled by a concurrent one with the same request token."""
    for attempt in range(COMMIT_RETRIES):
        try:
            return await sessions.commit(plan)
        except TransientConflict:
            if attempt == COMMIT_RETRIES - 1:
                raise
            await asyncio.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")


async def _fetch_shift(backend: Backend, session_id: str, stats: TurnStats) -> Shift:
    stats.shift_fetches += 1
    try:
        return await backend.get_schedule(session_id)
    except TransientIntegrationError as exc:
        raise RetryLater(f"getScheduleStarted failed: {exc}") from exc
    except PermanentIntegrationError as exc:
        raise PermanentFailure(f"getScheduleStarted rejected the request: {exc}") from exc


# -- after the commit ----------------------------------------------------------------------------


async def _follow_up(deps: TurnDeps, record: SessionRecord, failed: set[str], stats: TurnStats) -> SessionRecord:
    """Execute first the actions whose outcome changes the conversation (a cancellation makes the
    backend offer substitutes), then let the machine react to the fresh shift, in a second commit.

    Runs for leftovers too, so a worker that died between the two commits is caught up."""
    follow_ups = [action for action in record.unexecuted if machine.needs_refresh_after(action)]
    executed = await _execute(deps, follow_ups, failed, stats)
    if not executed:
        return record
    now = deps.clock()
    shift = await _fetch_shift(deps.backend, record.session_id, stats)
    state, parts = record.state, list[ReplyPart]()
    for action in executed:
        transition = machine.after_execution(state, action, shift, now, deps.config)
        state = transition.state
        parts.extend(transition.parts)
    done = {action.action_id for action in executed}
    outbox = tuple(
        reply.model_copy(
            update={
                "text": machine.compose([ReplyPart(code="previous", text=reply.text, kind=PartKind.NOTICE), *parts])
            }
        )
        if reply.after_actions and done & set(reply.after_actions)
        else reply
        for reply in record.outbox
    )
    new_record = record.model_copy(
        update={
            "state": state,
            "unexecuted": tuple(a for a in record.unexecuted if a.action_id not in done),
            "outbox": outbox,
            "updated_at": now,
        }
    )
    moves = tuple(
        ActionChange(action=a.model_copy(update={"status": ActionStatus.EXECUTED}), previous=ActionStatus.CONFIRMED)
        for a in executed
    )
    plan = CommitPlan(
        record=new_record,
        expected_version=record.version,
        lease=None,
        actions=moves,
        request_token=_derive_id("follow-up", record.session_id, str(record.version)),
    )
    try:
        return await _commit(deps.sessions, plan)
    except VersionConflict as exc:
        raise RetryLater("session changed during a follow-up") from exc


async def _finish(deps: TurnDeps, record: SessionRecord, own_ids: set[str], failed: set[str], stats: TurnStats) -> None:
    """Execute confirmed actions, deliver ready replies, settle; then decide the messages' fate.

    `own_ids` are the events of this turn (fresh or redelivered): only a failure of the actions
    *they confirmed* keeps their messages on the queue; an older action's failure never fails
    another message (it is retried by every later turn and by a redrive).
    """
    pending = [action for action in record.unexecuted if action.action_id not in failed]
    executed = await _execute(deps, pending, failed, stats)
    done = {action.action_id for action in executed}
    waiting = {action.action_id for action in record.unexecuted} - done
    delivered, notified, delivery_error = await _deliver(deps.sink, record, waiting, stats)
    if delivered or executed or notified:
        await asyncio.shield(_settle(deps.sessions, record.session_id, delivered, executed, notified))
    own_failed = [a for a in record.unexecuted if a.action_id in waiting and a.confirmed_by in own_ids]
    rejected = [a for a in own_failed if a.action_id in stats.rejected]
    if rejected:
        raise PermanentFailure(f"{rejected[0].kind} rejected by the backend: {stats.rejected[rejected[0].action_id]}")
    if own_failed:
        raise RetryLater(f"{own_failed[0].kind} not executed: backend unavailable")
    if delivery_error is not None:
        raise RetryLater(f"reply delivery failed: {delivery_error}")


async def _settle(
    sessions: SessionStore,
    session_id: str,
    delivered: list[str],
    executed: list[PendingAction],
    notified: list[str],
) -> None:
    """Record the turn's effects. If another executor recorded an action first (a duplicate turn
    raced us), its record stands and only our deliveries and notices remain to be recorded."""
    try:
        await sessions.settle(session_id, delivered=delivered, executed=executed, notified=notified)
    except InvalidTransition:
        log.info("settle_raced", actions=len(executed))
        await sessions.settle(session_id, delivered=delivered, notified=notified)


async def _execute(
    deps: TurnDeps, actions: Sequence[PendingAction], failed: set[str], stats: TurnStats
) -> list[PendingAction]:
    """Call the backend for each action (its Idempotency-Key is the action id); collect successes."""
    executed = []
    for action in actions:
        try:
            await deps.backend.execute(action)
        except TransientIntegrationError:
            outcome = "transient_error"
        except PermanentIntegrationError as exc:
            outcome = "rejected"
            stats.rejected[action.action_id] = f"HTTP {exc.status_code}"
        else:
            outcome = "ok"
            executed.append(action)
        stats.backend_outcomes.append(outcome)
        if outcome != "ok":
            failed.add(action.action_id)
            stats.execution_failures += 1
            log.warning("action_not_executed", action_id=action.action_id, kind=action.kind, outcome=outcome)
    stats.executed += len(executed)
    return executed


async def _deliver(
    sink: ReplySink, record: SessionRecord, waiting: set[str], stats: TurnStats
) -> tuple[list[str], list[str], str | None]:
    """Deliver outbox replies in order. A reply whose actions are still waiting is held back;
    the caregiver hears once, instead, that saving is delayed. Stops at the first failure."""
    delivered: list[str] = []
    notified: list[str] = []
    for reply in record.outbox:
        blocked = [action_id for action_id in reply.after_actions if action_id in waiting]
        try:
            if not blocked:
                await sink.deliver(reply)
                delivered.append(reply.reply_id)
                stats.delivered += 1
            elif reply.delayed_text and not set(blocked) <= set(record.delay_notified):
                notice = reply.model_copy(update={"reply_id": f"{reply.reply_id}-delayed", "text": reply.delayed_text})
                await sink.deliver(notice)
                notified.extend(blocked)
        except TransientIntegrationError as exc:
            return delivered, notified, str(exc)
        except PermanentIntegrationError as exc:
            # The sink refuses this reply for good (e.g. an invalid number): holding it would
            # block every later reply of the session. It stays in ConversationBuffer.
            log.error("reply_rejected", reply_id=reply.reply_id, status=exc.status_code)
            delivered.append(reply.reply_id)
    return delivered, notified, None


# -- lease ---------------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def _renewed(locks: LockStore, held: list[Lease]) -> AsyncIterator[None]:
    """Keep the lease in `held[0]` alive while the body runs, renewing it at a third of its length.

    A failed renewal is only logged: the commit's fence is what stops a holder that lost the lock.
    """
    period = max((held[0].expires_at - utc_now()).total_seconds() / 3, 0.5)

    async def renew() -> None:
        while True:
            await asyncio.sleep(period)
            try:
                held[0] = await locks.heartbeat(held[0])
            except LockLost:
                log.warning("session_lock_lost")
                return

    task = asyncio.create_task(renew())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def _derive_id(kind: str, *parts: str) -> str:
    """A deterministic id from its inputs: a redelivery reproduces it (32 hex chars fit every limit)."""
    digest = hashlib.sha256("\x1f".join((kind, *parts)).encode()).hexdigest()
    return digest[:32]
