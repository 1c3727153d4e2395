"""Prometheus metrics of one ingress app, in a registry of its own (never the global one).

A registry per app keeps tests and the in-process `dev` stack from sharing or double-registering
collectors. Every name starts with `orchestrator_` (docs/operations.md lists them).
"""

from __future__ import annotations

from enum import StrEnum

from prometheus_client import Counter, Gauge, Histogram

from orchestrator.observability.metrics import CONTENT_TYPE, new_registry, render

__all__ = ["CONTENT_TYPE", "Duplicate", "IngressMetrics", "QueueRole"]

# Acks are expected in milliseconds; the upper buckets catch AWS trouble.
_LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Duplicate(StrEnum):
    """How a key seen before was answered."""

    REPLAY = "replay"  # stored response, nothing sent
    IN_PROGRESS = "in_progress"  # the first delivery is still being queued: 409, nothing sent
    TAKEOVER = "takeover"  # in-progress claim past its deadline: claimed again and re-sent
    KEY_REUSED = "key_reused"  # different payload: 422


class QueueRole(StrEnum):
    """Which queue a depth sample is of."""

    INBOUND = "inbound"
    DEAD_LETTER = "dead_letter"


class IngressMetrics:
    """The ingress's collectors: requests, latency, enqueues, duplicates, statuses, queue depths, readiness."""

    def __init__(self) -> None:
        self.registry = new_registry()
        r = self.registry
        self.requests = Counter(
            "orchestrator_ingress_requests",
            "HTTP requests by route template, method and status.",
            ["route", "method", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "orchestrator_ingress_request_duration_seconds",
            "Time from request start to the end of the response, by route template.",
            ["route"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.enqueued = Counter(
            "orchestrator_ingress_events_enqueued", "Events sent to the inbound queue, by kind.", ["kind"], registry=r
        )
        self.enqueue_failures = Counter(
            "orchestrator_ingress_enqueue_failures", "SendMessage failures (claim released, 503).", registry=r
        )
        self.duplicates = Counter(
            "orchestrator_ingress_duplicates", "Deliveries of a key seen before, by outcome.", ["outcome"], registry=r
        )
        # SPEC §12: Meta's status callbacks (sent, delivered, read, failed), counted by status.
        self.whatsapp_statuses = Counter(
            "orchestrator_whatsapp_statuses", "WhatsApp status callbacks received, by status.", ["status"], registry=r
        )
        self.whatsapp_errors = Counter(
            "orchestrator_whatsapp_errors",
            "Errors Meta reported in a webhook's `value.errors` (a failure on its side), by error code.",
            ["code"],
            registry=r,
        )
        self.whatsapp_rejected = Counter(
            "orchestrator_whatsapp_items_rejected",
            "Messages or statuses of a Meta delivery that could not be read (not enqueued; logged with their path).",
            registry=r,
        )
        # Sampled by the readiness monitor every few seconds, not at scrape time.
        self.queue_depth = Gauge(
            "orchestrator_queue_depth",
            "Approximate messages in a queue (inbound or dead_letter), visible or in flight, as last sampled.",
            ["queue", "state"],
            registry=r,
        )
        self.ready = Gauge(
            "orchestrator_ready", "1 when the process can serve (AWS reachable, tables and queue there).", registry=r
        )

    def observe_depth(self, queue: QueueRole, depth: dict[str, int]) -> None:
        for state, messages in depth.items():
            self.queue_depth.labels(queue.value, state).set(messages)

    def render(self) -> bytes:
        """The Prometheus text exposition of this registry."""
        return render(self.registry)
