"""OpenTelemetry tracing, configured only by the standard `OTEL_*` variables, off by default.

`OTEL_TRACES_EXPORTER` = `none` (default: no provider, no instrumentation, no spans: zero
overhead), `console`, `otlp` (OTLP over HTTP/protobuf, `OTEL_EXPORTER_OTLP_ENDPOINT`), or any
exporter installed under the SDK's `opentelemetry_traces_exporter` entry points; several may be
comma-separated. `OTEL_SERVICE_NAME` names the process (each entry point gives its default).

When on, the maintained instrumentations trace every DynamoDB and SQS call (aiobotocore) and every
HTTP call (httpx: backend, reply sinks, the OpenAI client); the ingress adds Litestar's plugin.
The trace crosses the queue as a W3C `traceparent` in the envelope (`traceparent_now`,
`context_of`). Span names and attributes never carry phones, texts or clinical values.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, ClassVar

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import Link, Span, SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

if TYPE_CHECKING:
    import httpx

EXPORTER_VARIABLE = "OTEL_TRACES_EXPORTER"
SERVICE_NAME_VARIABLE = "OTEL_SERVICE_NAME"
# `otlp` means the OTLP exporter we ship (HTTP/protobuf, port 4318); gRPC would need another package.
_ALIASES = {"otlp": "otlp_proto_http"}
_TRACER = "orchestrator"
_PROPAGATOR = TraceContextTextMapPropagator()


class _State:
    """Whether this process traces: set once by `configure_tracing` (processes are the unit)."""

    active: ClassVar[bool] = False
    instrumentors: ClassVar[list[object]] = []


def exporter_names(environ: Mapping[str, str]) -> list[str]:
    """The configured exporters; empty for unset or `none`."""
    raw = environ.get(EXPORTER_VARIABLE, "none")
    names = [name.strip().lower() for name in raw.split(",") if name.strip()]
    return [] if not names or names == ["none"] else [_ALIASES.get(name, name) for name in names if name != "none"]


def configure_tracing(
    default_service_name: str,
    environ: Mapping[str, str] | None = None,
    *,
    exporters: Sequence[object] | None = None,
) -> bool:
    """Install a tracer provider and the instrumentations if the environment asks for tracing.

    Args:
        default_service_name: `service.name` unless OTEL_SERVICE_NAME sets one.
        environ: where to read OTEL_* (the process environment by default).
        exporters: span exporters to use instead of OTEL_TRACES_EXPORTER's (tests: in-memory).

    Returns:
        Whether tracing is on. Raises ValueError naming an unknown exporter.
    """
    environ = os.environ if environ is None else environ
    if exporters is None:
        exporters = [_exporter(name) for name in exporter_names(environ)]
    if not exporters or _State.active:
        return _State.active
    # The SDK is imported only when tracing is on: `none` costs not even the import.
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter

    attributes = {} if environ.get(SERVICE_NAME_VARIABLE) else {SERVICE_NAME: default_service_name}
    provider = TracerProvider(resource=Resource.create(attributes))
    for exporter in exporters:
        assert isinstance(exporter, SpanExporter)
        # Tests hand in-memory exporters: export at once so they can read spans without a flush.
        simple = type(exporter).__name__ == "InMemorySpanExporter"
        provider.add_span_processor(SimpleSpanProcessor(exporter) if simple else BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    _instrument_libraries()
    _State.active = True
    return True


def _exporter(name: str) -> object:
    found = entry_points(group="opentelemetry_traces_exporter", name=name)
    if not found:
        raise ValueError(f"{EXPORTER_VARIABLE}: no span exporter named {name!r}")
    return next(iter(found)).load()()


def _instrument_libraries() -> None:
    from opentelemetry.instrumentation.botocore import AiobotocoreInstrumentor
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

    for instrumentor in (AiobotocoreInstrumentor(), HTTPXClientInstrumentor()):  # type: ignore[no-untyped-call]
        instrumentor.instrument()
        _State.instrumentors.append(instrumentor)


def trace_http_client(client: httpx.AsyncClient) -> None:
    """Trace one httpx client whose transport is not httpx's own (the outbound client runs on
    aiohttp's): the class-wide instrumentation only wraps httpx's transports."""
    if not _State.active:
        return
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

    HTTPXClientInstrumentor.instrument_client(client)


def stop_tracing() -> None:
    """Flush and stop: remove the instrumentations, stop creating spans (process exit, tests)."""
    for instrumentor in _State.instrumentors:
        instrumentor.uninstrument()  # type: ignore[attr-defined]
    _State.instrumentors = []
    provider = trace.get_tracer_provider()
    force_flush = getattr(provider, "force_flush", None)
    if force_flush is not None:
        force_flush()
    _State.active = False


def tracing_active() -> bool:
    return _State.active


def tracer() -> trace.Tracer:
    return trace.get_tracer(_TRACER)


Attributes = Mapping[str, str | int]


def span(name: str, attributes: Attributes, *, kind: SpanKind = SpanKind.INTERNAL) -> AbstractContextManager[object]:
    """A named span around a block when tracing is on; nothing at all when off."""
    if not _State.active:
        return nullcontext()
    return tracer().start_as_current_span(name, kind=kind, attributes=attributes)


# -- across the queue --------------------------------------------------------------------------------


def traceparent_now() -> str | None:
    """The current span's W3C `traceparent`, to travel with a queued message (None when off)."""
    if not _State.active:
        return None
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier.get("traceparent")


def context_of(traceparent: str | None) -> Context:
    """The remote parent a `traceparent` names (an empty context when absent or malformed)."""
    return _PROPAGATOR.extract({"traceparent": traceparent} if traceparent else {})


def record_span(
    name: str, parent: Context, attributes: Attributes, *, start_ns: int, end_ns: int, kind: SpanKind
) -> None:
    """A span for something that already happened (a receive, before its messages' traces were known)."""
    recorded = tracer().start_span(name, context=parent, kind=kind, attributes=attributes, start_time=start_ns)
    recorded.end(end_time=end_ns)


@contextmanager
def continued(name: str, parents: Sequence[Context], attributes: Attributes, *, kind: SpanKind) -> Iterator[Span]:
    """A current span continuing the first parent's trace and linking the others (a burst's messages)."""
    links = [Link(span_context) for parent in parents[1:] if (span_context := _span_context(parent)) is not None]
    with tracer().start_as_current_span(
        name, context=parents[0] if parents else None, kind=kind, links=links, attributes=attributes
    ) as current:
        yield current


def _span_context(parent: Context) -> trace.SpanContext | None:
    span_context = trace.get_current_span(parent).get_span_context()
    return span_context if span_context.is_valid else None


def suppressed() -> AbstractContextManager[object]:
    """No instrumentation spans inside (calls that a named span already stands for)."""
    from opentelemetry.instrumentation.utils import suppress_instrumentation

    return suppress_instrumentation() if _State.active else nullcontext()


__all__ = [
    "configure_tracing",
    "context_of",
    "continued",
    "exporter_names",
    "record_span",
    "span",
    "stop_tracing",
    "suppressed",
    "traceparent_now",
    "tracing_active",
]
