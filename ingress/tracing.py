"""The ingress's request spans: Litestar's OpenTelemetry plugin, only when tracing is on.

Probes, metrics and the admin routes (whose paths carry session ids, i.e. phone numbers) are not
traced. Query strings never reach span attributes: the Meta handshake's carries the verify token.
"""

from __future__ import annotations

from collections.abc import Mapping

from litestar.plugins import PluginProtocol
from litestar.plugins.opentelemetry import OpenTelemetryConfig, OpenTelemetryPlugin
from opentelemetry.trace import Span

from orchestrator.observability.tracing import tracing_active

# Regexes matched against the path (Litestar's `exclude`).
UNTRACED_PATHS = ["^/healthz$", "^/readyz$", "^/metrics", "^/sessions/", "^/debug/", "^/schema"]
_QUERY_ATTRIBUTES = ("http.target", "http.url", "url.full", "url.query")


def _without_query(span: Span, scope: Mapping[str, object]) -> None:
    """Overwrite the URL attributes the ASGI instrumentation set with ones that have no query string."""
    if not span.is_recording() or not scope.get("query_string"):
        return
    path = str(scope.get("path", ""))
    for name in _QUERY_ATTRIBUTES:
        span.set_attribute(name, "" if name == "url.query" else path)


def tracing_plugins() -> list[PluginProtocol]:
    """[the OpenTelemetry plugin] when this process traces, else nothing (zero overhead when off)."""
    if not tracing_active():
        return []
    config = OpenTelemetryConfig(
        exclude=UNTRACED_PATHS,
        # The ASGI receive/send sub-spans say nothing the request span does not.
        exclude_spans=["receive", "send"],
        server_request_hook_handler=_without_query,
    )
    return [OpenTelemetryPlugin(config)]
