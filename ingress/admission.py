"""The request path's only I/O: claim the idempotency key, send the event, answer.

A 2xx only for what is queued (docs/architecture.md "Ingress claim"):

    claim (PutItem) ──won──> SendMessage ──ok──> 2xx        complete (UpdateItem), not awaited
      │ lost, completed ──> the stored 2xx again (replay), nothing sent
      │ lost, in progress ──> 409 in_progress (the first may still fail: never a replay)
      └ failed or past its deadline ──> 503           SendMessage failed ──> release, 503

2 AWS calls before an accepted answer (3 in all: the completion runs in a tracked task that the
answer does not wait for); 1 per replay. Every call has a deadline, so a stalled DynamoDB or SQS
costs a sender seconds, not botocore's 30 s reads. No session state is read or written here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import structlog

from ingress.errors import ClaimInProgress, ClaimUnavailable, EnqueueUnavailable, IngressError, ServiceUnavailable
from ingress.metrics import Duplicate, IngressMetrics
from ingress.schemas import payload_hash
from orchestrator.errors import KeyReused
from orchestrator.models import InboundEvent
from orchestrator.store.base import IdempotencyRecord, IdempotencyStatus, IdempotencyStore, StoredResponse

log = structlog.get_logger(__name__)

# Each AWS call of the request path gets this long, botocore's own retries included. The claim's
# in-progress window (10 s, `DynamoIdempotencyStore`) outlasts claim + send (6 s), so a live
# request is never taken over by a retry of its own sender.
CALL_DEADLINE_SECONDS = 3.0
# Sessions of one Meta delivery admitted at once; each session's events stay in payload order.
PARALLEL_SESSIONS = 16

# What one event's admission may raise on purpose (anything else is a bug: 500).
AdmissionFailure = KeyReused | IngressError


class EventSender(Protocol):
    """The inbound queue as the request path sees it (`orchestrator.integrations.queue.Queue`)."""

    async def send_event(self, event: InboundEvent) -> str: ...


@dataclass(frozen=True)
class Admitted:
    """The answer for one event; `replayed` means nothing was sent (the key was queued before)."""

    response: StoredResponse
    replayed: bool
    claimed: IdempotencyRecord | None = None  # our claim, to complete once the event is queued


def event_payload_hash(event: InboundEvent) -> str:
    """The payload hash of an event: everything normalized about it except its arrival time."""
    return payload_hash(event.model_dump(mode="json", exclude={"received_at"}))


class Admission:
    """Claim-then-send, for one event or for a whole delivery (see the module docstring)."""

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
        admitted = await self._admit(event, response)
        self._complete_later([admitted])
        return admitted

    async def admit_all(self, batch: Sequence[tuple[InboundEvent, StoredResponse]]) -> list[Admitted]:
        """Admit a delivery's events: sessions concurrently (at most PARALLEL_SESSIONS), each
        session's events one after another in payload order, so its FIFO group keeps that order.

        After the first failure nothing new starts (the answer is an error: the sender retries the
        whole delivery, and what was queued then replays). Raises the most telling failure:
        KeyReused, then a 503, then ClaimInProgress.
        """
        by_session: dict[str, list[int]] = {}
        for index, (event, _) in enumerate(batch):
            by_session.setdefault(event.session_id, []).append(index)
        results: list[Admitted | None] = [None] * len(batch)
        failures: list[AdmissionFailure] = []
        gate = asyncio.Semaphore(PARALLEL_SESSIONS)

        async def admit_session(indices: list[int]) -> None:
            async with gate:
                for index in indices:
                    if failures:
                        return
                    try:
                        results[index] = await self._admit(*batch[index])
                    except (KeyReused, IngressError) as exc:
                        failures.append(exc)
                        return

        try:
            async with asyncio.TaskGroup() as group:
                for indices in by_session.values():
                    group.create_task(admit_session(indices))
        finally:
            self._complete_later(result for result in results if result is not None)
        if failures:
            raise min(failures, key=_severity)
        return [result for result in results if result is not None]

    async def close(self, timeout: float = CALL_DEADLINE_SECONDS) -> None:
        """Wait (bounded) for the completions still running: called when the app shuts down."""
        if self._completions:
            await asyncio.wait(set(self._completions), timeout=timeout)

    # -- one event -------------------------------------------------------------------------------

    async def _admit(self, event: InboundEvent, response: StoredResponse) -> Admitted:
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
        await self._send(event, claim.record)
        return Admitted(response=claim.record.response, replayed=False, claimed=claim.record)

    async def _send(self, event: InboundEvent, record: IdempotencyRecord) -> None:
        try:
            async with asyncio.timeout(CALL_DEADLINE_SECONDS):
                await self._queue.send_event(event)
        except Exception as exc:
            # Whatever failed (a timed-out send may even have reached SQS: a re-send is dropped by
            # its deduplication id), the claim must not outlive a send we cannot vouch for.
            self._metrics.enqueue_failures.inc()
            log.warning("enqueue_failed", error_type=type(exc).__name__)
            await self._release(record)
            raise EnqueueUnavailable("the event could not be enqueued; retry") from exc
        self._metrics.enqueued.labels(event.kind).inc()

    async def _release(self, record: IdempotencyRecord) -> None:
        try:
            async with asyncio.timeout(CALL_DEADLINE_SECONDS):
                await self._idempotency.release(record)
        except Exception as exc:
            # The claim stays in progress until its deadline; the retry then takes it over.
            log.warning("claim_release_failed", error_type=type(exc).__name__)

    # -- completion ------------------------------------------------------------------------------

    def _complete_later(self, admitted: Iterable[Admitted]) -> None:
        """Mark queued claims completed without holding the answer: tracked tasks, awaited by
        `close()`. Until one lands, a duplicate gets 409 and its retry the replay."""
        for item in admitted:
            if item.claimed is not None:
                task = asyncio.create_task(self._complete(item.claimed))
                self._completions.add(task)
                task.add_done_callback(self._completions.discard)

    async def _complete(self, record: IdempotencyRecord) -> None:
        try:
            async with asyncio.timeout(CALL_DEADLINE_SECONDS):
                await self._idempotency.complete(record)
        except Exception as exc:
            # Still safe: the claim stays in progress until its deadline, then a duplicate takes it
            # over and re-sends (dropped by SQS's deduplication); replays are only delayed.
            log.warning("claim_complete_failed", error_type=type(exc).__name__)


def _severity(failure: AdmissionFailure) -> int:
    if isinstance(failure, KeyReused):
        return 0
    return 1 if isinstance(failure, ServiceUnavailable) else 2


def accepted_body(session_id: str, idempotency_key: str) -> dict[str, Any]:
    """The 2xx body of SPEC section 5, stored with the claim so a replay returns it verbatim."""
    return {"status": "accepted", "session_id": session_id, "idempotency_key": idempotency_key}
