"""Tracing is configured by OTEL_* alone and is off by default; the envelope carries the trace additively."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from orchestrator import envelope
from orchestrator.models import EventKind, InboundEvent
from orchestrator.observability import tracing

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
EVENT = InboundEvent(
    kind=EventKind.MESSAGE,
    event_id="wamid.1",
    session_id="5511999990001",
    received_at=datetime(2026, 11, 26, 8, tzinfo=UTC),
    text="oi",
)


class TestExporterNames:
    @pytest.mark.parametrize("raw", [None, "", "none", " None "])
    def test_unset_or_none_is_off(self, raw: str | None) -> None:
        """No exporter named (the default): no tracing."""
        environ = {} if raw is None else {"OTEL_TRACES_EXPORTER": raw}
        assert tracing.exporter_names(environ) == []

    def test_standard_names(self) -> None:
        """`otlp` is the HTTP/protobuf exporter we ship; `console` is the SDK's; several may be listed."""
        assert tracing.exporter_names({"OTEL_TRACES_EXPORTER": "otlp,console"}) == ["otlp_proto_http", "console"]

    def test_unknown_exporter_is_refused_by_name(self) -> None:
        with pytest.raises(ValueError, match="'zipkin-ish'"):
            tracing.configure_tracing("test", {"OTEL_TRACES_EXPORTER": "zipkin-ish"})

    def test_off_by_default_means_nothing_happens(self) -> None:
        """With no OTEL_* set nothing is configured: no traceparent, no span objects."""
        assert tracing.configure_tracing("test", {}) is False
        assert tracing.tracing_active() is False
        assert tracing.traceparent_now() is None
        with tracing.span("anything", {}) as nothing:
            assert nothing is None


class TestEnvelopeTrace:
    def test_traceparent_is_an_additive_top_level_field(self) -> None:
        """The body stays version 1; decode reads the event as before; the trace is read apart."""
        body = envelope.encode(EVENT, traceparent=TRACEPARENT)
        assert json.loads(body)["v"] == 1
        assert envelope.decode(body) == EVENT
        assert envelope.traceparent_of(body) == ("wamid.1", TRACEPARENT)

    def test_without_tracing_the_body_is_unchanged(self) -> None:
        """No traceparent: the same body as before tracing existed (older workers read either)."""
        assert "traceparent" not in json.loads(envelope.encode(EVENT))
        assert envelope.traceparent_of(envelope.encode(EVENT)) == ("wamid.1", None)

    @pytest.mark.parametrize("body", ["not json", "[]", '{"v": 1, "event": 3}'])
    def test_reading_the_trace_of_a_malformed_body_never_raises(self, body: str) -> None:
        assert envelope.traceparent_of(body) == (None, None)

    def test_context_of_a_traceparent_names_its_trace(self) -> None:
        from opentelemetry import trace

        parent = trace.get_current_span(tracing.context_of(TRACEPARENT)).get_span_context()
        assert format(parent.trace_id, "032x") == TRACEPARENT.split("-")[1]
        assert not trace.get_current_span(tracing.context_of(None)).get_span_context().is_valid
