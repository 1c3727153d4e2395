"""One structured log line and the request metrics for every HTTP request, matched or not.

Wraps the app's whole ASGI handler (as Litestar's CORS middleware does), so 404 and 405
answers of the router are logged and counted too. Handlers add the masked `session_id` with
`bind_contextvars`; each request runs in its own task, so nothing leaks between requests.
"""

from __future__ import annotations

import time

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from structlog.contextvars import clear_contextvars

from ingress.metrics import IngressMetrics

log = structlog.get_logger("ingress.access")

# Requests that matched no route share one label: raw paths would explode the label cardinality.
UNMATCHED_ROUTE = "unmatched"
# Routes that are polled (`orchestrator chat` and dashboards read the admin views several times a
# second; probes and scrapers hit health and metrics): a line per poll would bury the conversation's
# own log lines, so a successful read of these logs at debug.
_POLLED_ROUTES = ("/sessions/", "/debug/", "/metrics", "/healthz", "/readyz")


class AccessLog:
    """ASGI wrapper: times the request, records status by route template, logs `request_handled`."""

    def __init__(self, app: ASGIApp, metrics: IngressMetrics) -> None:
        self._app = app
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self._app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # if the app dies before starting a response, the server answers 500

        async def send_and_record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        # The server runs each request in a task of its own (a copied context): clearing here
        # only drops bindings inherited from the server, and the handler's own stay in this request.
        clear_contextvars()
        try:
            await self._app(scope, receive, send_and_record)
        finally:
            elapsed = time.perf_counter() - started
            route = str(scope.get("path_template") or UNMATCHED_ROUTE)
            method = str(scope.get("method", ""))
            self._metrics.requests.labels(route, method, str(status)).inc()
            self._metrics.latency.labels(route).observe(elapsed)
            polled = method == "GET" and status < 400 and route.startswith(_POLLED_ROUTES)
            (log.debug if polled else log.info)(
                "request_handled", route=route, method=method, status=status, latency_ms=round(elapsed * 1000, 2)
            )
