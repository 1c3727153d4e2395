"""What the worker bench runs against: settings under a fresh prefix, demo-backend shifts for many
caregivers, the conversations they type, and a tiny local HTTP server standing in for the reply
webhook (so replies leave the worker as in production and settles happen).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bench._http_framing import KeepAliveHttp
from bench._local_aws import REGION
from orchestrator.clock import utc_now
from orchestrator.devtools.demo_backend import DEMO_PHONES, DemoBackend, DemoShiftKind, demo_backend_urls
from orchestrator.models import EventKind, InboundEvent
from orchestrator.settings import Settings

FULL_VITALS = "PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo e orientado"
# A confirmed caregiver's shift, message by message (conversations.md 5, 10, 6, 13): two
# measurements saved, one operational note, a help request. Every message gets a reply.
CLINICAL_SCRIPT = (
    FULL_VITALS,
    "pode salvar",
    "acabaram as luvas e a gaze",
    "pa 130x85 fc 90",
    "fr 20 sat 95 temp 37,1",
    "O2 no cateter, paciente sonolento",
    "sim",
    "como funciona?",
)
# An unconfirmed caregiver confirms presence first (conversations.md 1), then the same shift.
PRESENCE_SCRIPT = ("sim, já cheguei", *CLINICAL_SCRIPT)
GREETING = "oi, bom dia"
# What bursts look like: one measurement typed as four messages, then "yes" and a remark.
BURSTS = (
    ("PA 12 por 8", "FC 76", "FR 18, sat 97%", "temp 36,4, em ar ambiente, paciente tranquilo"),
    ("sim", "acabou o álcool em gel"),
)
# The throughput runs loop over this: every message answered, two backend writes per loop.
LOOP_SCRIPT = (FULL_VITALS, "sim", "acabaram as luvas e a gaze", "como funciona?")


def message_id() -> str:
    """A Meta-like wamid (about 60 characters): the processed-ids list stores these."""
    return f"wamid.HBgN{uuid.uuid4().hex}{uuid.uuid4().hex[:16]}"


def message_event(phone: str, text: str) -> InboundEvent:
    return InboundEvent(
        kind=EventKind.MESSAGE, event_id=message_id(), session_id=phone, received_at=utc_now(), text=text
    )


def add_shifts(backend: DemoBackend, phones: list[str], kind: DemoShiftKind = DemoShiftKind.CONFIRMED) -> None:
    """Seed one shift per phone: copies of the demo's shift `kind` with their own ids."""
    template = backend.shift(DEMO_PHONES[kind])
    for phone in phones:
        backend.shifts[phone] = template.model_copy(
            update={"schedule_id": f"S-{phone}", "report_id": f"R-{phone}", "caregiver_id": f"C-{phone}"}
        )


def phones(run: int, count: int) -> list[str]:
    """`count` distinct 13-digit Brazilian mobile numbers (normalized), distinct per run."""
    return [f"5511{run:03d}{n:06d}" for n in range(count)]


def add_caregivers(backend: DemoBackend, run: int, count: int) -> list[str]:
    """`count` caregivers of this run (`phones`), each with a confirmed shift of its own."""
    caregivers = phones(run, count)
    add_shifts(backend, caregivers)
    return caregivers


def settings_values(prefix: str, demo_url: str, sink_url: str | None, **overrides: Any) -> dict[str, Any]:
    """The settings of one run, as keyword values (`Settings(**values)` or, upper-cased, an env)."""
    values: dict[str, Any] = {
        "aws_region": REGION,
        "table_prefix": prefix,
        "inbound_queue_name": f"{prefix}inbound.fifo",
        "log_level": "INFO",
        "log_format": "json",
        # moto holds back, for a whole long poll, every message group that was in flight when
        # the poll began; 1 s polls keep that from stalling sessions (real SQS does not need it).
        "receive_wait_seconds": 1,
        **demo_backend_urls(demo_url).settings(),
        **overrides,
    }
    if sink_url is not None:
        values["reply_webhook_url"] = sink_url
    return values


def build_settings(values: Mapping[str, Any]) -> Settings:
    return Settings(_env_file=None, **values)


def settings_environment(values: Mapping[str, Any]) -> dict[str, str]:
    return {name.upper(): str(value) for name, value in values.items()}


# -- the reply webhook ---------------------------------------------------------------------------

OnReply = Callable[[str, str], None]


@dataclass
class ReplySinkServer:
    """Accepts `POST /replies` (the worker's WebhookSink) and answers 200 at once.

    Counts each reply id once (a retried delivery is not a second reply) and calls `on_reply`
    with the phone and reply id of each new one.
    """

    on_reply: OnReply | None = None
    replies: set[str] = field(default_factory=set)
    posts: int = 0
    _server: asyncio.Server | None = None
    connections: set[asyncio.Transport] = field(default_factory=set, repr=False)

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.sockets[0].getsockname()[:2]
        return f"http://{host}:{port}/replies"

    async def start(self) -> ReplySinkServer:
        self._server = await asyncio.get_running_loop().create_server(lambda: _SinkProtocol(self), "127.0.0.1", 0)
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for transport in list(self.connections):  # keep-alive clients would hold them open
                transport.close()
            await self._server.wait_closed()
            self._server = None

    def received(self, body: bytes) -> None:
        self.posts += 1
        reply = json.loads(body)
        if reply["reply_id"] in self.replies:
            return
        self.replies.add(reply["reply_id"])
        if self.on_reply is not None:
            self.on_reply(reply["phoneNumber"], reply["reply_id"])


class _SinkProtocol(KeepAliveHttp):
    """The reply webhook over the bench's keep-alive HTTP: every POST is a reply, answered 200."""

    _ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"

    def __init__(self, sink: ReplySinkServer) -> None:
        super().__init__()
        self._sink = sink

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        assert self.transport is not None
        self._sink.connections.add(self.transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.transport is not None:
            self._sink.connections.discard(self.transport)

    def answer(self, headers: dict[str, str], body: bytes) -> bytes:
        self._sink.received(body)
        return self._ANSWER
