"""Operational routes: liveness, readiness (tables and queue reachable) and Prometheus metrics."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec

from ingress.deps import IngressDeps
from ingress.metrics import CONTENT_TYPE, IngressMetrics
from ingress.schemas import HealthBody

# A probe must answer before the orchestrator's probe timeout, even when AWS hangs.
READINESS_TIMEOUT_SECONDS = 3.0
_ACTIVE_TABLE = "ACTIVE"


async def _tables_active(deps: IngressDeps) -> None:
    described = await deps.tables.describe()
    inactive = [str(table.get("name")) for table in described if table.get("status") != _ACTIVE_TABLE]
    if not described or inactive:
        raise LookupError(f"tables not active: {', '.join(inactive) or 'none found'}")


async def _check(probe: Awaitable[object]) -> str:
    """'ok', or the failure's type (no message: it could name resources or carry request ids)."""
    try:
        async with asyncio.timeout(READINESS_TIMEOUT_SECONDS):
            await probe
    except Exception as exc:
        return f"unavailable: {type(exc).__name__}"
    return "ok"


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
        responses={
            503: ResponseSpec(
                data_container=HealthBody, description="A table or the queue is unreachable", generate_examples=False
            )
        },
    )
    async def readyz(self, deps: NamedDependency[IngressDeps]) -> Response[HealthBody]:
        """200 when every table is ACTIVE and the inbound queue answers; 503 otherwise."""
        tables, queue = await asyncio.gather(_check(_tables_active(deps)), _check(deps.inbound.depth()))
        checks = {"tables": tables, "queue": queue}
        ready = all(result == "ok" for result in checks.values())
        body = HealthBody(status="ok" if ready else "unavailable", checks=checks)
        return Response(content=body, status_code=200 if ready else 503)

    @get("/metrics", media_type=CONTENT_TYPE, summary="Prometheus metrics", sync_to_thread=False)
    def prometheus_metrics(self, metrics: NamedDependency[IngressMetrics]) -> Response[bytes]:
        """Requests by route and status, latency histogram, enqueued events, enqueue failures, duplicates."""
        return Response(content=metrics.render(), media_type=CONTENT_TYPE)
