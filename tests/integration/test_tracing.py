"""One message, one trace: ingress request → claim → send → (real SQS queue) → receive → turn
(lock, load, backend, commit, reply, settle) → delete. And no PHI in any span after a conversation.

Ingress app and worker run in this process sharing one in-memory exporter; the queue between them
is moto's. Tracing is switched on for this module only (instrumentations removed afterwards).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from orchestrator.devtools.demo_backend import DEMO_PHONES, DemoShiftKind
from orchestrator.devtools.localaws import MotoServer
from orchestrator.integrations.http import RetryPolicy, new_http_client, post_json
from orchestrator.observability import tracing
from tests.ingress.meta_payloads import text_message, webhook
from tests.ingress.meta_payloads import value as meta_value
from tests.integration.graph_answers import graph_sent
from tests.integration.scripted import ScriptedServer
from tests.integration.stack import cloud_api, running_stack

pytestmark = pytest.mark.xdist_group("tracing")

B = DEMO_PHONES[DemoShiftKind.CONFIRMED]
FULL_VITALS = "PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo e orientado"


@pytest.fixture(scope="module")
def exporter() -> Iterator[InMemorySpanExporter]:
    memory = InMemorySpanExporter()
    assert tracing.configure_tracing("orchestrator-test", {}, exporters=[memory])
    yield memory
    tracing.stop_tracing()


@pytest.fixture
def spans(exporter: InMemorySpanExporter) -> InMemorySpanExporter:
    exporter.clear()
    return exporter


class TestOneTrace:
    async def test_one_message_is_one_trace_across_ingress_and_worker(
        self, spans: InMemorySpanExporter, moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str
    ) -> None:
        """Every span caused by one webhook (ingress and worker side) shares the request span's trace id."""
        async with running_stack(moto_server.endpoint, scripted, table_prefix) as stack:
            spans.clear()  # provisioning is no one's trace
            assert (await stack.send("+" + B, FULL_VITALS)).status_code == 202
            await stack.drain()
        finished = spans.get_finished_spans()
        (request,) = [s for s in finished if s.name == "POST /webhook/ingest" and s.kind.name == "SERVER"]
        trace_id = request.context.trace_id
        in_trace = [s for s in finished if s.context.trace_id == trace_id]
        names = {s.name for s in in_trace}
        assert {"orchestrator.receive", "orchestrator.turn", "orchestrator.delete"} <= names
        operations = {str(s.attributes.get("rpc.method")) for s in in_trace if s.attributes}
        # claim, send (ingress); lock, load, commit (worker); the delete's own SQS call.
        assert {"PutItem", "SendMessage", "GetItem", "TransactWriteItems", "DeleteMessageBatch"} <= operations
        assert any(name.startswith("backend getScheduleStarted") for name in names)
        assert any(name.startswith("reply webhook") for name in names)
        assert any(
            s.attributes and s.attributes.get("http.method") == "POST" for s in in_trace if s.kind.name == "CLIENT"
        )
        # The turn's span is a child of the ingress request's trace, not a new root.
        (turn,) = [s for s in in_trace if s.name == "orchestrator.turn"]
        assert turn.parent is not None

    async def test_a_meta_webhook_message_is_one_trace_too(
        self, spans: InMemorySpanExporter, moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str
    ) -> None:
        """POST /webhook/whatsapp (enqueued with SendMessageBatch) through the Cloud API reply: the
        worker's receive, turn (read receipt, backend, reply) and delete continue the request's trace."""
        secret = "meta-app-secret"
        overrides = cloud_api(scripted.url + "/graph", app_secret=secret)
        async with running_stack(moto_server.endpoint, scripted, table_prefix, **overrides) as stack:
            scripted.default = graph_sent("wamid.out")
            spans.clear()
            await stack.deliver_meta(webhook(meta_value([text_message("wamid.t1", B, FULL_VITALS)])))
            await stack.drain()
        finished = spans.get_finished_spans()
        (request,) = [s for s in finished if s.name == "POST /webhook/whatsapp" and s.kind.name == "SERVER"]
        names = {s.name for s in finished if s.context.trace_id == request.context.trace_id}
        assert {"orchestrator.receive", "orchestrator.turn", "orchestrator.delete", "reply whatsapp"} <= names
        # The Graph API calls (read receipt, send) carry no phone, text or vital either.
        rendered = "\n".join(_carried(s) for s in finished if not _called_by_test(s, stack.ingress.url))
        for phi in [*PHI, "graph-token"]:
            assert phi not in rendered, phi


class TestOutboundClient:
    async def test_the_outbound_client_is_traced_and_carries_the_trace(
        self, spans: InMemorySpanExporter, scripted: ScriptedServer
    ) -> None:
        """The process's client runs on aiohttp's transport, which httpx's class-wide instrumentation
        does not wrap: its POST is still a CLIENT span, and the server receives that span's traceparent."""
        async with new_http_client() as client:
            with tracing.span("caller", {}):
                await post_json(client, f"{scripted.url}/x", b"{}", target="x", timeout=5, policy=RetryPolicy())
        (request,) = scripted.received
        (posted,) = [s for s in spans.get_finished_spans() if s.kind.name == "CLIENT"]
        (caller,) = [s for s in spans.get_finished_spans() if s.name == "caller"]
        assert posted.parent is not None and posted.parent.span_id == caller.context.span_id
        assert request.headers["traceparent"].split("-")[2] == f"{posted.context.span_id:016x}"


def _called_by_test(span: ReadableSpan, caller: str) -> bool:
    attributes = span.attributes or {}
    url = str(attributes.get("http.url") or attributes.get("url.full") or "")
    return span.kind.name == "CLIENT" and url.startswith(caller)


PHI = [B, B[2:], "+" + B, "120x80", "12 por 8", "36,4", "36.4", "97%", "paciente tranquilo", FULL_VITALS, "bom dia"]


class TestNoPhi:
    async def test_no_phone_text_or_vital_in_any_span(
        self, spans: InMemorySpanExporter, moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str
    ) -> None:
        """After a whole conversation (greeting, measurement, confirmation, admin read), span names,
        attributes, events and links hold no phone, message text, vital value or token."""
        async with running_stack(moto_server.endpoint, scripted, table_prefix) as stack:
            for text in ("bom dia", FULL_VITALS, "sim"):
                assert (await stack.send("+" + B, text)).status_code == 202
                await stack.drain()
            await stack.http.get(f"/sessions/{B}/state", headers={"Authorization": "Bearer admin-test-token"})
            await stack.http.get(
                "/webhook/whatsapp", params={"hub.mode": "subscribe", "hub.verify_token": "vt-secret-1"}
            )
            caller = stack.ingress.url
        # The test's own HTTP client is traced too; its spans (URLs it chose) are not the service's.
        finished = [s for s in spans.get_finished_spans() if not _called_by_test(s, caller)]
        assert len(finished) > 30
        assert any(s.name == "GET /webhook/whatsapp" for s in finished)  # the handshake was traced...
        # What a span carries, not its timestamps: "36.4" may well be part of a start time.
        rendered = "\n".join(_carried(s) for s in finished)
        for value in [*PHI, "admin-test-token", "vt-secret-1"]:  # ...without its token
            assert value not in rendered, value


def _carried(span: ReadableSpan) -> str:
    """A span's name, attributes, events (names and attributes) and links' attributes, as text."""
    events = [(event.name, dict(event.attributes or {})) for event in span.events]
    links = [dict(link.attributes or {}) for link in span.links]
    return repr((span.name, dict(span.attributes or {}), events, links, span.status.description))
