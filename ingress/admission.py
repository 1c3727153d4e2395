"""The request path's only I/O: claim the idempotency key, send the event, answer.

A 2xx only for what is queued (docs/architecture.md "Ingress claim"):

    claim (PutItem) ──won──> SendMessage ──ok──> 2xx        complete (UpdateItem), not awaited
      │ lost, completed ──> the stored 2xx again (replay), nothing sent
      │ lost, in progress ──> 409 in_progress (the first may still fail: never a replay)
      └ failed or past its deadline ──> 503           SendMessage failed ──> release, 503

2 AWS calls before an accepted answer (3 in all: the completion runs in a tracked task that the
answer does not wait for); 1 per replay. Every call has a deadline, so a stalled DynamoDB or SQS
costs a sender seconds, not botocore's 30 s reads. No session state is read or written here.
A Meta delivery uses the same steps, batched (`ingress.delivery`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import structlog
from pydantic import JsonValue

from ingress.errors import ClaimInProgress, ClaimUnavailable, EnqueueUnavailable
from ingress.metrics import Duplicate, IngressMetrics
from ingress.schemas import payload_hash
from orchestrator.errors import KeyReused
from orchestrator.models import InboundEvent
from orchestrator.store.base import IdempotencyRecord, IdempotencyStatus, IdempotencyStore, StoredResponse

log = structlog.get_logger(__name__)

# Each AWS call of the request path gets this long, botocore's own retries included. The claim's
# in-progress window (`store.idempotency.IN_PROGRESS_SECONDS`, 10 s) outlasts claim + send (6 s),
# so a live request is never taken over by a retry of its own sender.
CALL_DEADLINE_SECONDS = 3.0


class EventSender(Protocol):
    """The inbound queue as the request path sees it (`orchestrator.integrations.queue.Queue`)."""

    async def send_event(self, event: InboundEvent) -> str: ...

    async def send_events(self, events: Sequence[InboundEvent]) -> list[bool]:
        """Up to 10 events in one call; whether each was accepted."""
        ...


@dataclass(frozen=True)
class Admitted:
    """The answer for one event; `replayed` means nothing was sent (the key was queued before)."""

    response: StoredResponse
    replayed: bool


@dataclass(frozen=True)
class Claimed:
    """An event whose key this request now holds: to send, then complete (or release)."""

    event: InboundEvent
    record: IdempotencyRecord

    @property
    def admitted(self) -> Admitted:
        return Admitted(response=self.record.response, replayed=False)


def event_payload_hash(event: InboundEvent) -> str:
    """The payload hash of an event: everything normalized about it except its arrival time."""
    return payload_hash(event.model_dump(mode="json", exclude={"received_at"}))


class Admission:
    """Claim-then-send (see the module docstring): `admit` for one event, and the steps a batched
    delivery composes (`claim`, `send_batch`, `release`, `complete_later`)."""

    def __init__(self, idempotency: IdempotencyStore, queue: EventSender, metrics: IngressMetrics) -> None:
        self._idempotency = idempotency
        self._queue = queue
        self._metrics = metrics
        self._completions: set[asyncio.Task[None]] = set()

    async def admit(self, event: InboundEvent, response: StoredResponse) -> Admitted:
        """Enqueue `event` once per idempotency key (`event.event_id`) and return the answer.

        Raises:
            KeyReused: the key came before with a different payload (422).
            ClaimInProgress: another delivery of the key is being queued (409).
            ClaimUnavailable: the claim could not be written; nothing was sent (503).
            EnqueueUnavailable: SendMessage failed; the claim was released (503).
        """
        claim = await self.claim(event, response)
        if isinstance(claim, Admitted):
            return claim
        try:
            async with asyncio.timeout(CALL_DEADLINE_SECONDS):
                await self._queue.send_event(event)
        except Exception as exc:
            # Whatever failed (a timed-out send may even have reached SQS: a re-send is dropped by
            # its deduplication id), the claim must not outlive a send we cannot vouch for.
            self._send_failed(exc, 1)
            await self.release([claim])
            raise EnqueueUnavailable("the event could not be enqueued; retry") from exc
        self._metrics.enqueued.labels(event.kind).inc()
        self.complete_later([claim])
        return claim.admitted

    async def close(self, timeout: float = CALL_DEADLINE_SECONDS) -> None:
        """Wait (bounded) for the completions still running: called when the app shuts down."""
        if self._completions:
            await asyncio.wait(set(self._completions), timeout=timeout)

    # -- the steps -------------------------------------------------------------------------------

    async def claim(self, event: InboundEvent, response: StoredResponse) -> Admitted | Claimed:
        """Claim the event's key: `Claimed` when this request must send it, `Admitted` (a replay)
        when it was queued before.

        Raises:
            KeyReused, ClaimInProgress, ClaimUnavailable: as `admit`.
        """
        hashed = event_payload_hash(event)
        try:
            async with asyncio.timeout(CALL_DEADLINE_SECONDS):
                claim = await self._idempotency.claim(event.event_id, hashed, response)
        except KeyReused:
            self._metrics.duplicates.labels(Duplicate.KEY_REUSED).inc()
            raise
        except Exception as exc:
            # Timed out or failed: the claim may exist anyway. A retry meets it in progress (409)
            # until its deadline, then takes it over; nothing was answered 2xx without a send.
            log.warning("idempotency_claim_failed", error_type=type(exc).__name__)
            raise ClaimUnavailable("the idempotency record could not be written; retry") from exc
        if not claim.won:
            if claim.record.status is IdempotencyStatus.COMPLETED:
                self._metrics.duplicates.labels(Duplicate.REPLAY).inc()
                return Admitted(response=claim.record.response, replayed=True)
            # Someone else holds the claim and has not queued the event yet; it may still fail
            # and release it, so answering 2xx now could acknowledge what is never queued.
            self._metrics.duplicates.labels(Duplicate.IN_PROGRESS).inc()
            raise ClaimInProgress()  # SPEC section 5: exactly {"error": "in_progress"}
        if claim.previous is not None:
            # A claim whose process died between claim and send: sent again. SQS drops the copy
            # within 5 minutes (same deduplication id), the worker's processed ids after that.
            self._metrics.duplicates.labels(Duplicate.TAKEOVER).inc()
        return Claimed(event=event, record=claim.record)

    async def send_batch(self, claimed: Sequence[Claimed]) -> list[bool]:
        """Send up to 10 claimed events in one SendMessageBatch; whether each was queued. A failed
        call counts as all failed (nothing is released here: the caller decides)."""
        try:
            async with asyncio.timeout(CALL_DEADLINE_SECONDS):
                queued = await self._queue.send_events([item.event for item in claimed])
        except Exception as exc:
            self._send_failed(exc, len(claimed))
            return [False] * len(claimed)
        for item, ok in zip(claimed, queued, strict=True):
            if ok:
                self._metrics.enqueued.labels(item.event.kind).inc()
        if not all(queued):
            self._send_failed(None, queued.count(False))
        return queued

    async def release(self, claimed: Iterable[Claimed]) -> None:
        """Give up claims whose events were not sent, so the sender's retry can claim them at once.
        If a release fails, its claim stays in progress until its deadline; a retry then takes it over."""
        await asyncio.gather(
            *(_best_effort(self._idempotency.release(item.record), "claim_release_failed") for item in claimed)
        )

    def complete_later(self, queued: Iterable[Claimed]) -> None:
        """Mark queued claims completed without holding the answer: tracked tasks, awaited by
        `close()`. Until one lands, a duplicate gets 409 and its retry the replay. If one fails it is
        still safe: the claim stays in progress until its deadline, then a duplicate takes it over
        and re-sends (dropped by SQS's deduplication)."""
        for item in queued:
            call = self._idempotency.complete(item.record)
            task = asyncio.create_task(_best_effort(call, "claim_complete_failed"))
            self._completions.add(task)
            task.add_done_callback(self._completions.discard)

    def _send_failed(self, exc: Exception | None, events: int) -> None:
        self._metrics.enqueue_failures.inc(events)
        log.warning("enqueue_failed", error_type=type(exc).__name__ if exc else "EntryFailed", events=events)


async def _best_effort(call: Awaitable[None], failure_event: str) -> None:
    """Run one idempotency write within the call deadline; a failure is logged, not raised."""
    try:
        async with asyncio.timeout(CALL_DEADLINE_SECONDS):
            await call
    except Exception as exc:
        log.warning(failure_event, error_type=type(exc).__name__)


def accepted_body(session_id: str, idempotency_key: str) -> dict[str, JsonValue]:
    """The 2xx body of SPEC section 5, stored with the claim so a replay returns it verbatim."""
    return {"status": "accepted", "session_id": session_id, "idempotency_key": idempotency_key}
