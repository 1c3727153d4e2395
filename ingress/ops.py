"""Operational routes: liveness, readiness (tables and queue reachable, as last sampled) and Prometheus metrics."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec

from ingress.metrics import CONTENT_TYPE, IngressMetrics
from ingress.readiness import Readiness
from ingress.schemas import HealthBody


class OpsController(Controller):
    """Unauthenticated probes and metrics (bind them to an internal port or network in production)."""

    path = "/"

    @get("/healthz", summary="Liveness", sync_to_thread=False)
    def healthz(self) -> HealthBody:
        """The process is up and serving."""
        return HealthBody(status="ok")

    @get(
        "/readyz",
        summary="Readiness",
        sync_to_thread=False,
        responses={
            503: ResponseSpec(
                data_container=HealthBody, description="A table or the queue is unreachable", generate_examples=False
            )
        },
    )
    def readyz(self, readiness: NamedDependency[Readiness]) -> Response[HealthBody]:
        """200 when every table was ACTIVE and the inbound queue answered at the last sample (a few
        seconds old at most: no AWS call per probe); 503 otherwise, or while AWS was never reached."""
        body = HealthBody(status="ok" if readiness.ready else "unavailable", checks=readiness.checks)
        return Response(content=body, status_code=200 if readiness.ready else 503)

    @get("/metrics", media_type=CONTENT_TYPE, summary="Prometheus metrics", sync_to_thread=False)
    def prometheus_metrics(self, metrics: NamedDependency[IngressMetrics]) -> Response[bytes]:
        """Requests by route and status, latency histogram, enqueued events, enqueue failures, duplicates."""
        return Response(content=metrics.render(), media_type=CONTENT_TYPE)
