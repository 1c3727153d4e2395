"""Prometheus metrics of one ingress app, in a registry of its own (never the global one).

A registry per app keeps tests and the in-process `dev` stack from sharing or double-registering
collectors.
"""

from __future__ import annotations

from enum import StrEnum

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

# Acks are expected in milliseconds; the upper buckets catch AWS trouble.
_LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

# Prometheus's text exposition format; Litestar appends the charset to text types itself.
CONTENT_TYPE = "text/plain; version=0.0.4"


class Duplicate(StrEnum):
    """How a key seen before was answered."""

    REPLAY = "replay"  # stored response, nothing sent
    IN_PROGRESS = "in_progress"  # the first delivery is still being queued: 409, nothing sent
    TAKEOVER = "takeover"  # in-progress claim past its deadline: claimed again and re-sent
    KEY_REUSED = "key_reused"  # different payload: 422


class IngressMetrics:
    """The ingress's collectors: requests, latency, enqueued events, enqueue failures, duplicates."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "ingress_requests",
            "HTTP requests by route template, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "ingress_request_duration_seconds",
            "Time from request start to the end of the response, by route template.",
            ["route"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.enqueued = Counter(
            "ingress_events_enqueued", "Events sent to the inbound queue, by kind.", ["kind"], registry=self.registry
        )
        self.enqueue_failures = Counter(
            "ingress_enqueue_failures", "SendMessage failures (claim released, 503).", registry=self.registry
        )
        self.duplicates = Counter(
            "ingress_duplicates", "Deliveries of a key seen before, by outcome.", ["outcome"], registry=self.registry
        )

    def render(self) -> bytes:
        """The Prometheus text exposition of this registry."""
        return bytes(generate_latest(self.registry))
