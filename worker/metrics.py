"""Prometheus metrics of one worker process, in a registry of its own (no global state), and the
timing decorators that observe backend, LLM and reply calls around the turn's ports.

Every name starts with `orchestrator_` (docs/operations.md lists them). The decorators implement
the same Protocols as what they wrap, so the turn never knows it is being measured.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from time import perf_counter
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from orchestrator.errors import PermanentIntegrationError, TransientIntegrationError, UnreadableAnswer
from orchestrator.integrations.base import Backend, Interpreter, ReplySink, VoiceNotes
from orchestrator.integrations.sinks import LogSink, WebhookSink, WhatsAppCloudSink
from orchestrator.models import BackendContract
from orchestrator.observability.metrics import new_registry
from orchestrator.observability.tracing import span
from orchestrator.turn import TurnStats

if TYPE_CHECKING:
    from orchestrator.integrations.base import Interpretation
    from orchestrator.machine import Expectation
    from orchestrator.models import PendingAction, Shift
    from orchestrator.outbound import Reply

# A turn is DynamoDB round trips plus, at times, the backend and the LLM; calls are HTTP round trips.
_TURN_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
_CALL_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
_VOICE_BUCKETS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)  # seconds of speech take about a second to read
# Backend contract of the schedule read (the writes are named by their action kind).
GET_SCHEDULE_CONTRACT = BackendContract.GET_SCHEDULE.value
TRANSCRIBED = "transcribed"  # the voice-note outcome beside the `Unheard` reasons
_SINK_NAMES: dict[type, str] = {WebhookSink: "webhook", WhatsAppCloudSink: "whatsapp", LogSink: "log"}


@dataclass
class WorkerMetrics:
    registry: CollectorRegistry = field(default_factory=new_registry)

    def __post_init__(self) -> None:
        # Every metric goes in this process's registry; calls out of the turn share one time scale.
        counter = partial(Counter, registry=self.registry)
        histogram = partial(Histogram, registry=self.registry)
        call_seconds = partial(Histogram, buckets=_CALL_BUCKETS, registry=self.registry)
        self.turns = counter("orchestrator_turns", "Turns by outcome", ["outcome"])
        self.turn_seconds = histogram(
            "orchestrator_turn_duration_seconds", "Turn latency, from lock to settle", buckets=_TURN_BUCKETS
        )
        self.messages_per_turn = histogram(
            "orchestrator_messages_per_turn", "Queue messages applied together", buckets=(1, 2, 3, 5, 10)
        )
        self.messages = counter("orchestrator_messages", "Queue messages by outcome", ["outcome"])
        self.lock_busy = counter("orchestrator_lock_busy", "Turns given back because the session was locked")
        self.version_conflicts = counter("orchestrator_version_conflicts", "Optimistic-concurrency conflicts")
        self.unexpected_errors = counter(
            "orchestrator_unexpected_errors", "Events whose handling raised (a bug): apologized"
        )
        self.llm_calls = counter("orchestrator_llm_calls", "LLM calls")
        self.llm_fallbacks = counter(
            "orchestrator_llm_fallbacks", "LLM failures answered by the rules, by reason", ["reason"]
        )
        self.backend_calls = counter(
            "orchestrator_backend_calls",
            "Backend calls (shift reads and writes) by contract and outcome",
            ["contract", "outcome"],
        )
        self.dlq_bound = counter(
            "orchestrator_dlq_bound_failures", "Failures left for redelivery (DLQ after MAX_RECEIVE_COUNT)", ["kind"]
        )
        self.delivery_failures = counter(
            "orchestrator_delivery_failures",
            "Replies Meta reported undeliverable (`failed` statuses recorded once each), by error code",
            ["code"],
        )
        self.templates_sent = counter(
            "orchestrator_reengage_templates_sent", "Reengagement templates sent after error 131047"
        )
        self.voice_notes = counter(
            "orchestrator_voice_notes",
            "WhatsApp voice notes by outcome: transcribed, or why they could not be read",
            ["outcome"],
        )
        self.read_receipts = counter(
            "orchestrator_read_receipts", "WhatsApp read receipts by outcome (sent / failed)", ["outcome"]
        )
        self.unsupported_messages = counter(
            "orchestrator_unsupported_messages", "WhatsApp messages the bot cannot read (answered once)"
        )
        self.in_flight = Gauge("orchestrator_messages_in_flight", "Messages being processed", registry=self.registry)
        self.backend_seconds = call_seconds(
            "orchestrator_backend_duration_seconds",
            "Backend calls, retries included, by contract (failures too)",
            ["contract"],
        )
        self.llm_seconds = call_seconds(
            "orchestrator_llm_duration_seconds", "Interpretations that called the LLM, by model", ["model"]
        )
        self.voice_note_seconds = histogram(
            "orchestrator_voice_note_duration_seconds",
            "WhatsApp voice notes read (media download + transcription, retries included; failures too)",
            ["model"],
            buckets=_VOICE_BUCKETS,
        )
        self.reply_seconds = call_seconds(
            "orchestrator_reply_duration_seconds",
            "Reply deliveries, retries included, by sink (failures too)",
            ["sink"],
        )

    def observe_turn(self, stats: TurnStats, seconds: float, messages: int) -> None:
        self.turn_seconds.observe(seconds)
        self.messages_per_turn.observe(messages)
        self.version_conflicts.inc(stats.version_conflicts)
        self.unexpected_errors.inc(stats.unexpected_errors)
        self.llm_calls.inc(stats.llm_calls)
        for reason in stats.llm_fallback_reasons:
            self.llm_fallbacks.labels(reason.value).inc()
        for code in stats.delivery_failure_codes:
            self.delivery_failures.labels(code).inc()
        self.templates_sent.inc(stats.templates_sent)
        self.voice_notes.labels(TRANSCRIBED).inc(stats.voice_notes)
        for unheard in stats.voice_notes_unread:
            self.voice_notes.labels(unheard.value).inc()
        self.read_receipts.labels("sent").inc(stats.read_receipts)
        self.read_receipts.labels("failed").inc(stats.read_receipt_failures)
        self.unsupported_messages.inc(stats.unsupported)


class TimedBackend:
    """`Backend` that observes `orchestrator_backend_duration_seconds{contract}` around each call."""

    def __init__(self, inner: Backend, metrics: WorkerMetrics) -> None:
        self._inner = inner
        self._seconds = metrics.backend_seconds
        self._calls = metrics.backend_calls

    async def get_schedule(self, phone_number: str) -> Shift:
        contract = GET_SCHEDULE_CONTRACT
        with self._observed(contract):
            return await self._inner.get_schedule(phone_number)

    async def execute(self, action: PendingAction) -> None:
        with self._observed(action.kind.value):  # an action's kind names the contract that executes it
            await self._inner.execute(action)

    @contextmanager
    def _observed(self, contract: str) -> Iterator[None]:
        """Time the call and count it by outcome: `ok`, `transient_error` (timeout, 5xx, after the
        client's retries), `unreadable` (a 2xx that is no answer of the contract) or `rejected` (4xx)."""
        calls = self._calls
        try:
            with (
                self._seconds.labels(contract).time(),
                span(f"backend {contract}", {"orchestrator.contract": contract}),
            ):
                yield
        except UnreadableAnswer:
            calls.labels(contract, "unreadable").inc()
            raise
        except TransientIntegrationError:
            calls.labels(contract, "transient_error").inc()
            raise
        except PermanentIntegrationError:
            calls.labels(contract, "rejected").inc()
            raise
        calls.labels(contract, "ok").inc()


class TimedInterpreter:
    """`Interpreter` that observes `orchestrator_llm_duration_seconds{model}` when the LLM was asked."""

    def __init__(self, inner: Interpreter, metrics: WorkerMetrics, model: str) -> None:
        self._inner = inner
        self._model = model
        self._seconds = metrics.llm_seconds.labels(model)

    async def interpret(self, text: str, expectation: Expectation) -> Interpretation:
        started = perf_counter()
        with span("interpret", {"orchestrator.llm.model": self._model}):
            understood = await self._inner.interpret(text, expectation)
        if understood.llm_called:  # rules alone take microseconds: not an LLM call
            self._seconds.observe(perf_counter() - started)
        return understood


class TimedSink:
    """`ReplySink` that observes `orchestrator_reply_duration_seconds{sink}` around each delivery."""

    def __init__(self, inner: ReplySink, metrics: WorkerMetrics) -> None:
        self._inner = inner
        self.external = inner.external
        self._sink = _SINK_NAMES.get(type(inner), type(inner).__name__.lower())
        self._seconds = metrics.reply_seconds.labels(self._sink)

    def messages(self, reply: Reply) -> tuple[Reply, ...]:
        return self._inner.messages(reply)

    async def deliver(self, reply: Reply) -> str | None:
        with self._seconds.time(), span(f"reply {self._sink}", {"orchestrator.sink": self._sink}):
            return await self._inner.deliver(reply)


class TimedVoiceNotes:
    """`VoiceNotes` that observes `orchestrator_voice_note_duration_seconds{model}` around each reading."""

    def __init__(self, inner: VoiceNotes, metrics: WorkerMetrics, model: str) -> None:
        self._inner = inner
        self._seconds = metrics.voice_note_seconds.labels(model)

    async def transcript(self, media_id: str) -> str:
        with self._seconds.time(), span("voice_note", {}):
            return await self._inner.transcript(media_id)
