"""The request path's only I/O: claim the idempotency key, send the event, answer.

2 AWS calls per accepted event (claim + SendMessage), 1 per replay (the claim's failed condition
returns the stored record). No session state is read or written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import structlog

from ingress.errors import ClaimUnavailable, EnqueueUnavailable
from ingress.metrics import Duplicate, IngressMetrics
from ingress.schemas import payload_hash
from orchestrator.errors import KeyReused
from orchestrator.models import InboundEvent
from orchestrator.store.base import IdempotencyRecord, IdempotencyStore, StoredResponse

log = structlog.get_logger(__name__)


class EventSender(Protocol):
    """The inbound queue as the request path sees it (`orchestrator.integrations.queue.Queue`)."""

    async def send_event(self, event: InboundEvent) -> str: ...


@dataclass(frozen=True)
class Admitted:
    """The answer for one event; `replayed` means nothing was sent (the key was seen before)."""

    response: StoredResponse
    replayed: bool


def event_payload_hash(event: InboundEvent) -> str:
    """The payload hash of an event: everything normalized about it except its arrival time."""
    return payload_hash(event.model_dump(mode="json", exclude={"received_at"}))


class Admission:
    """Claim-then-send for one event at a time (see docs/architecture.md "Ingress claim")."""

    def __init__(self, idempotency: IdempotencyStore, queue: EventSender, metrics: IngressMetrics) -> None:
        self._idempotency = idempotency
        self._queue = queue
        self._metrics = metrics

    async def admit(self, event: InboundEvent, response: StoredResponse) -> Admitted:
        """Enqueue `event` once per idempotency key (`event.event_id`) and return the answer.

        Raises:
            KeyReused: the key came before with a different payload (422).
            ClaimUnavailable: the claim could not be written; nothing was sent (503).
            EnqueueUnavailable: SendMessage failed; the claim was released (503).
        """
        try:
            claim = await self._idempotency.claim(event.event_id, event_payload_hash(event), response)
        except KeyReused:
            self._metrics.duplicates.labels(Duplicate.KEY_REUSED).inc()
            raise
        except Exception as exc:
            log.warning("idempotency_claim_failed", error_type=type(exc).__name__)
            raise ClaimUnavailable("the idempotency record could not be written; retry") from exc
        if not claim.won:
            # Completed, or still in progress within its deadline (an in-flight duplicate): the
            # first request either enqueues or releases its claim and answers 503 to its sender.
            self._metrics.duplicates.labels(Duplicate.REPLAY).inc()
            return Admitted(response=claim.record.response, replayed=True)
        if claim.previous is not None and claim.previous.payload_hash == claim.record.payload_hash:
            # A claim whose process died between claim and send: sent again. SQS drops the copy
            # within 5 minutes (same deduplication id), the worker's processed ids after that.
            self._metrics.duplicates.labels(Duplicate.TAKEOVER).inc()
        await self._send(event, claim.record)
        return Admitted(response=claim.record.response, replayed=False)

    async def _send(self, event: InboundEvent, record: IdempotencyRecord) -> None:
        try:
            await self._queue.send_event(event)
        except Exception as exc:
            # Whatever failed, the claim must not outlive a send that did not happen: released,
            # the sender's retry claims again and nothing is lost.
            self._metrics.enqueue_failures.inc()
            log.warning("enqueue_failed", error_type=type(exc).__name__)
            await self._release(record)
            raise EnqueueUnavailable("the event could not be enqueued; retry") from exc
        self._metrics.enqueued.labels(event.kind).inc()

    async def _release(self, record: IdempotencyRecord) -> None:
        try:
            await self._idempotency.release(record)
        except Exception as exc:
            # The claim stays in progress until its deadline; the retry then takes it over.
            log.warning("claim_release_failed", error_type=type(exc).__name__)


def accepted_body(session_id: str, idempotency_key: str) -> dict[str, Any]:
    """The 202 body of SPEC section 5, stored with the claim so a replay returns it verbatim."""
    return {"status": "accepted", "session_id": session_id, "idempotency_key": idempotency_key}
