"""The SQS consumer: receive in batches, group by session, run turns concurrently, settle messages.

Concurrency is a budget of messages in flight; receives ask only for what the budget allows, so
nothing waits invisible in memory. Messages of one session in one batch are one turn (a burst).
A message's fate is decided by the turn's outcome and nothing else:

    ok -> deleted (batched)     LockBusy -> visible again in `busy_delay` s
    RetryLater -> left to reappear after the visibility timeout (receive count grows -> DLQ)
    PermanentFailure -> visible again at once, so the redrive policy moves it to the DLQ soon
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import structlog

from orchestrator import envelope
from orchestrator.errors import InvalidEnvelope, LockBusy, OrchestratorError, PermanentFailure, RetryLater
from orchestrator.integrations.base import WorkQueue
from orchestrator.integrations.queue import MAX_BATCH, QueueMessage
from orchestrator.models import InboundEvent
from orchestrator.phones import mask_phone
from orchestrator.turn import TurnStats
from worker.batching import DeleteBatcher
from worker.heartbeat import DEFAULT_MAX_HOLD_SECONDS, VisibilityHeartbeat
from worker.metrics import WorkerMetrics

log = structlog.get_logger(__name__)

RunTurn = Callable[[str, Sequence[InboundEvent], TurnStats], Awaitable[TurnStats]]
RecordFailure = Callable[[str, str, str], Awaitable[None]]


class ReceiveFailed(OrchestratorError):
    """The receive loop could not reach the queue (botocore's retries exhausted): the worker stops
    what it holds and its process exits non-zero, so the orchestrator restarts it and it shows."""


@dataclass(frozen=True)
class ConsumerOptions:
    concurrency: int = 32
    visibility_timeout: int = 30
    wait_seconds: int = 20
    busy_delay: int = 2  # seconds before a message of a locked session is offered again
    max_hold_seconds: float = DEFAULT_MAX_HOLD_SECONDS  # a turn still running then is stuck


@dataclass(frozen=True)
class _Job:
    session_id: str
    messages: tuple[QueueMessage, ...]
    events: tuple[InboundEvent, ...]


class Consumer:
    """Runs turns for the messages of one queue until stopped (`run`) or empty (`drain`)."""

    def __init__(
        self,
        queue: WorkQueue,
        run_turn: RunTurn,
        record_failure: RecordFailure,
        options: ConsumerOptions | None = None,
        metrics: WorkerMetrics | None = None,
    ) -> None:
        self._queue = queue
        self._run_turn = run_turn
        self._record_failure = record_failure
        self._options = options or ConsumerOptions()
        self.metrics = metrics or WorkerMetrics()
        self._tasks: set[asyncio.Task[None]] = set()
        self._in_flight = 0
        self._capacity = asyncio.Condition()
        self._stopping = asyncio.Event()
        self._deleter = DeleteBatcher(queue)
        self._heartbeat = VisibilityHeartbeat(
            queue, self._options.visibility_timeout, max_hold=self._options.max_hold_seconds
        )
        self.processed = self.retried = self.failed = 0

    def __repr__(self) -> str:
        return (
            f"<Consumer processed={self.processed} retried={self.retried} failed={self.failed} "
            f"in_flight={self._in_flight}>"
        )

    # -- lifecycle -------------------------------------------------------------------------------

    async def run(self) -> None:
        """Receive and process until `stop()`.

        Raises:
            ReceiveFailed: the queue could not be reached; in-flight turns are left running for
                `stop()` to finish or give back.
        """
        await self._loop(wait_seconds=self._options.wait_seconds, until_empty=False)

    async def drain(self) -> None:
        """Process until the queue is empty and nothing is in flight, then return (tests, benches).

        Polls without waiting: on SQS proper a short poll may miss a message, so `drain` is for
        emulators and one-off catch-ups, not a production loop.
        """
        await self._loop(wait_seconds=0, until_empty=True)

    async def stop(self, deadline: float = 25.0) -> None:
        """Stop receiving; let in-flight turns finish until `deadline` seconds, then cancel them.

        A cancelled turn gives its messages back (visibility 0) and releases its lock.
        """
        self._stopping.set()
        async with self._capacity:
            self._capacity.notify_all()
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=deadline)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        self._reap()

    async def close(self) -> None:
        await self._heartbeat.close()
        await self._deleter.close()

    # -- receiving -------------------------------------------------------------------------------

    async def _loop(self, *, wait_seconds: int, until_empty: bool) -> None:
        self._heartbeat.start()
        self._deleter.start()
        try:
            while not self._stopping.is_set():
                free = await self._wait_for_capacity()
                if free == 0:
                    break
                messages = await self._receive(min(free, MAX_BATCH), wait_seconds)
                log.debug("received", messages=len(messages), in_flight=self._in_flight)
                if self._stopping.is_set():  # received while stopping: hand them straight back
                    await self._give_back(messages, 0)
                    break
                self._dispatch(messages)
                self._reap()
                if until_empty and not messages:
                    if not self._tasks:
                        break
                    # Nothing visible while turns run: wait for one to end (it may give messages back).
                    await asyncio.wait(set(self._tasks), return_when=asyncio.FIRST_COMPLETED)
        finally:
            self._reap()
            await self._deleter.flush()

    async def _receive(self, max_messages: int, wait_seconds: int) -> list[QueueMessage]:
        try:
            return await self._queue.receive(max_messages=max_messages, wait_seconds=wait_seconds)
        except Exception as exc:
            log.error("receive_failed", error_type=type(exc).__name__, error=str(exc))
            raise ReceiveFailed(f"receiving from the inbound queue failed: {type(exc).__name__}") from exc

    async def _wait_for_capacity(self) -> int:
        async with self._capacity:
            await self._capacity.wait_for(
                lambda: self._in_flight < self._options.concurrency or self._stopping.is_set()
            )
            return 0 if self._stopping.is_set() else self._options.concurrency - self._in_flight

    def _dispatch(self, messages: Sequence[QueueMessage]) -> None:
        """Group a batch by session, keeping queue order, and start one turn per session."""
        jobs: dict[str, tuple[list[QueueMessage], list[InboundEvent]]] = {}
        for message in messages:
            try:
                event = envelope.decode(message.body)
            except InvalidEnvelope as exc:
                self._start(self._poison(message, str(exc)), 1)
                continue
            batch = jobs.setdefault(event.session_id, ([], []))
            batch[0].append(message)
            batch[1].append(event)
        for session_id, (queued, events) in jobs.items():
            job = _Job(session_id, tuple(queued), tuple(events))
            self._start(self._process(job), len(queued))

    def _start(self, work: Awaitable[None], messages: int) -> None:
        self._in_flight += messages
        self.metrics.in_flight.set(self._in_flight)

        async def tracked() -> None:
            try:
                await work
            finally:
                async with self._capacity:
                    self._in_flight -= messages
                    self.metrics.in_flight.set(self._in_flight)
                    self._capacity.notify_all()

        task = asyncio.create_task(tracked())
        self._tasks.add(task)

    def _reap(self) -> None:
        """Forget finished tasks; an exception escaping a turn's handling is a bug: surface it."""
        for task in [task for task in self._tasks if task.done()]:
            self._tasks.discard(task)
            if not task.cancelled() and task.exception() is not None:
                log.error("consumer_task_crashed", exc_info=task.exception())

    # -- one job ---------------------------------------------------------------------------------

    async def _process(self, job: _Job) -> None:
        handles = [message.receipt_handle for message in job.messages]
        self._heartbeat.track(handles)
        stats = TurnStats()
        started = time.monotonic()
        outcome = "ok"
        with structlog.contextvars.bound_contextvars(
            session_id=mask_phone(job.session_id), message_id=job.events[-1].event_id
        ):
            try:
                await self._run_turn(job.session_id, job.events, stats)
            except LockBusy:
                outcome = "lock_busy"
                self.metrics.lock_busy.inc()
                await self._give_back(job.messages, self._options.busy_delay)
            except RetryLater as exc:
                outcome = "retry"
                await self._fail(job, exc.reason, permanent=False)
            except PermanentFailure as exc:
                outcome = "failed"
                await self._fail(job, exc.reason, permanent=True)
            except asyncio.CancelledError:
                outcome = "cancelled"
                await asyncio.shield(self._give_back(job.messages, 0))
                raise
            except Exception as exc:  # a bug or an AWS outage: keep the message, keep the loop
                outcome = "error"
                log.exception("turn_crashed")
                await self._fail(job, f"unexpected {type(exc).__name__}", permanent=False)
            else:
                await self._deleter.delete(handles)
                self.processed += len(handles)
            finally:
                self._heartbeat.forget(handles)
                self.metrics.turns.labels(outcome).inc()
                self.metrics.messages.labels(outcome).inc(len(handles))
                self.metrics.observe_turn(stats, time.monotonic() - started, len(handles))
                log.info("turn_finished", outcome=outcome, messages=len(handles), applied=stats.applied)

    async def _fail(self, job: _Job, reason: str, *, permanent: bool) -> None:
        """Record why (first reason wins) and leave the messages to the redrive policy."""
        log.warning("turn_failed", reason=reason, permanent=permanent)
        self.metrics.dlq_bound.labels("permanent" if permanent else "retry").inc(len(job.messages))
        if permanent:
            self.failed += len(job.messages)
        else:
            self.retried += len(job.messages)
        for event in job.events:
            try:
                await self._record_failure(job.session_id, event.event_id, reason)
            except Exception:
                log.warning("failure_not_recorded", event_id=event.event_id)
        if permanent:  # no point waiting out the visibility timeout: straight on towards the DLQ
            await self._give_back(job.messages, 0)

    async def _poison(self, message: QueueMessage, reason: str) -> None:
        log.error("malformed_envelope", sqs_message_id=message.message_id, reason=reason)
        self.failed += 1
        self.metrics.dlq_bound.labels("malformed").inc()
        self.metrics.messages.labels("malformed").inc()
        await self._give_back([message], 0)

    async def _give_back(self, messages: Sequence[QueueMessage], delay: int) -> None:
        handles = [message.receipt_handle for message in messages]
        for start in range(0, len(handles), MAX_BATCH):
            try:
                await self._queue.change_visibility_batch(handles[start : start + MAX_BATCH], delay)
            except Exception as exc:
                log.warning("give_back_failed", error=type(exc).__name__, messages=len(handles))
