"""The worker's composition root: Settings -> real adapters -> Consumer, and the process entry point.

`run_worker(settings, deps=None)` is the only place that wires real adapters for the worker;
tests and `orchestrator dev` pass their own pieces through `WorkerDeps`.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

import httpx
import openai
import structlog

from orchestrator.errors import ConfigurationError, Unheard
from orchestrator.exits import ExitCode, Refusal
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.backend import BackendClient, BackendUrls
from orchestrator.integrations.base import Backend, Interpreter, ReadReceipts, ReplySink, VoiceNotes
from orchestrator.integrations.cloud_api import CloudApiEndpoint
from orchestrator.integrations.graph import GraphApi
from orchestrator.integrations.http import new_http_client
from orchestrator.integrations.llm import LlmInterpreter, RulesInterpreter
from orchestrator.integrations.queue import Queue
from orchestrator.integrations.sinks import pick_sink
from orchestrator.integrations.voice import NoVoiceNotes, OpenAiTranscriber, VoiceNoteReader
from orchestrator.machine import MachineConfig
from orchestrator.models import BackendContract, InboundEvent
from orchestrator.observability.tracing import configure_tracing, stop_tracing
from orchestrator.settings import Settings
from orchestrator.store.base import SessionStore
from orchestrator.store.locks import DynamoLockStore
from orchestrator.store.sessions import DynamoSessionStore
from orchestrator.turn import TurnDeps, TurnStats, process_turn
from worker.consumer import Consumer, ConsumerOptions, ReceiveFailed
from worker.health import HealthServer, WorkerHealth
from worker.heartbeat import check_lease_kept
from worker.metrics import TimedBackend, TimedInterpreter, TimedSink, TimedVoiceNotes, WorkerMetrics
from worker.observed_queue import ObservedQueue
from worker.tracing import MessageTraces

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class WorkerDeps:
    """Pieces a caller may supply instead of the ones built from settings."""

    aws: AwsClients | None = None
    sessions: SessionStore | None = None
    backend: Backend | None = None
    sink: ReplySink | None = None
    interpreter: Interpreter | None = None
    receipts: ReadReceipts | None = None
    voice: VoiceNotes | None = None


def backend_urls(settings: Settings) -> BackendUrls:
    urls = {contract: settings.backend_url(contract) for contract in BackendContract}
    missing = [contract.setting for contract, url in urls.items() if not url]
    if missing:
        raise ConfigurationError(f"the worker needs the backend URLs: {', '.join(missing)} not set")
    return BackendUrls(by_contract={contract: url for contract, url in urls.items() if url})


def machine_config(settings: Settings) -> MachineConfig:
    return MachineConfig(
        pending_action_ttl=timedelta(minutes=settings.pending_action_ttl_minutes),
        schedule_refresh=timedelta(seconds=settings.schedule_refresh_seconds),
    )


def openai_client_for(settings: Settings, stack: AsyncExitStack) -> openai.AsyncOpenAI | None:
    """The process's one OpenAI client (LLM and transcription), when a key is configured."""
    if settings.openai_api_key is None:
        return None
    client = openai.AsyncOpenAI(api_key=settings.openai_api_key.get_secret_value(), base_url=settings.openai_base_url)
    stack.push_async_callback(client.close)
    return client


def interpreter_for(settings: Settings, client: openai.AsyncOpenAI | None) -> Interpreter:
    """The LLM when a key is configured, else the rules alone (fully offline)."""
    if client is None:
        return RulesInterpreter()
    return LlmInterpreter(client, settings.openai_model, settings.openai_timeout_seconds)


def graph_for(settings: Settings, http: httpx.AsyncClient) -> GraphApi | None:
    """The Graph API's receiving side, when the WhatsApp Cloud API credentials are configured."""
    if settings.whatsapp_access_token is None or not settings.whatsapp_phone_number_id:
        return None
    endpoint = CloudApiEndpoint(
        base_url=settings.whatsapp_api_base,
        phone_number_id=settings.whatsapp_phone_number_id,
        access_token=settings.whatsapp_access_token.get_secret_value(),
        timeout=settings.backend_timeout_seconds,
    )
    return GraphApi(http, endpoint)


def receipts_for(settings: Settings, graph: GraphApi | None) -> ReadReceipts | None:
    """Read receipts go with the Cloud API sink (a webhook sink's relay answers for itself)."""
    if graph is None or not settings.whatsapp_read_receipts or settings.reply_webhook_url:
        return None
    return graph


def voice_notes_for(settings: Settings, graph: GraphApi | None, client: openai.AsyncOpenAI | None) -> VoiceNotes:
    """Voice notes are read with a key and the Cloud API's credentials; else each one gets "please type"."""
    if client is None:
        return NoVoiceNotes(Unheard.NO_KEY)
    if graph is None:
        return NoVoiceNotes(Unheard.NO_CHANNEL)
    return VoiceNoteReader(graph, OpenAiTranscriber(client, settings.openai_transcribe_model))


def worker_owner() -> str:
    """Lock owner name: readable for operators, unique per process start."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@asynccontextmanager
async def open_consumer(
    settings: Settings,
    deps: WorkerDeps | None = None,
    *,
    concurrency: int | None = None,
    health: WorkerHealth | None = None,
) -> AsyncIterator[Consumer]:
    """Build a Consumer with real adapters (or those in `deps`) and close them all on exit."""
    deps = deps or WorkerDeps()
    metrics = WorkerMetrics()
    concurrency = concurrency or settings.worker_concurrency
    async with AsyncExitStack() as stack:
        aws = deps.aws
        if aws is None:
            aws = await AwsClients.create(
                region=settings.aws_region, endpoint_url=settings.aws_endpoint_url, max_connections=concurrency + 16
            )
            stack.push_async_callback(aws.close)
        http = new_http_client(timeout=settings.backend_timeout_seconds, max_connections=concurrency + 16)
        stack.push_async_callback(http.aclose)
        sessions = deps.sessions or DynamoSessionStore(aws.dynamodb, settings.table_prefix)
        turn_deps = _turn_deps(settings, deps, aws=aws, sessions=sessions, http=http, metrics=metrics, stack=stack)
        traces = MessageTraces()

        async def run_turn(session_id: str, events: Sequence[InboundEvent], stats: TurnStats) -> TurnStats:
            with traces.turn(events):
                return await process_turn(turn_deps, session_id, events, stats)

        inbound = await Queue.by_name(aws.sqs, settings.inbound_queue_name)
        check_lease_kept(settings.visibility_timeout_seconds, await inbound.visibility_timeout())
        consumer = Consumer(
            ObservedQueue(aws.sqs, inbound.url, health or WorkerHealth(), traces),
            run_turn,
            sessions.record_failure,
            ConsumerOptions(
                concurrency=concurrency,
                visibility_timeout=settings.visibility_timeout_seconds,
                wait_seconds=settings.receive_wait_seconds,
            ),
            metrics,
        )
        stack.push_async_callback(consumer.close)
        yield consumer


def _turn_deps(
    settings: Settings,
    deps: WorkerDeps,
    *,
    aws: AwsClients,
    sessions: SessionStore,
    http: httpx.AsyncClient,
    metrics: WorkerMetrics,
    stack: AsyncExitStack,
) -> TurnDeps:
    """What each turn uses: the pieces in `deps`, else those built from settings (an OpenAI client
    joins `stack`); the backend, interpreter, sink and voice notes are timed into `metrics`."""
    openai_client = openai_client_for(settings, stack)
    graph = graph_for(settings, http)
    return TurnDeps(
        sessions=sessions,
        locks=DynamoLockStore(aws.dynamodb, settings.table_prefix, lease_seconds=settings.lock_lease_seconds),
        interpreter=TimedInterpreter(
            deps.interpreter or interpreter_for(settings, openai_client), metrics, settings.openai_model
        ),
        backend=TimedBackend(
            deps.backend or BackendClient(http, backend_urls(settings), timeout=settings.backend_timeout_seconds),
            metrics,
        ),
        sink=TimedSink(deps.sink or _sink_for(settings, http), metrics),
        config=machine_config(settings),
        owner=worker_owner(),
        reengage_template=settings.whatsapp_reengage_template,
        receipts=deps.receipts or receipts_for(settings, graph),
        voice=TimedVoiceNotes(
            deps.voice or voice_notes_for(settings, graph, openai_client), metrics, settings.openai_transcribe_model
        ),
    )


def _sink_for(settings: Settings, http: httpx.AsyncClient) -> ReplySink:
    return pick_sink(
        http,
        reply_webhook_url=settings.reply_webhook_url,
        whatsapp_access_token=(
            settings.whatsapp_access_token.get_secret_value() if settings.whatsapp_access_token else None
        ),
        whatsapp_phone_number_id=settings.whatsapp_phone_number_id,
        whatsapp_api_base=settings.whatsapp_api_base,
        whatsapp_max_sends_per_second=settings.whatsapp_max_sends_per_second,
        timeout=settings.backend_timeout_seconds,
    )


def drain_deadline_seconds(visibility_timeout_seconds: int) -> int:
    """How long a stopping worker lets in-flight turns finish: shorter than the visibility timeout,
    so nothing it still holds can reappear elsewhere first (deploy/ sizes the stop timeout on it)."""
    return max(visibility_timeout_seconds - 5, 1)


async def run_worker(
    settings: Settings,
    deps: WorkerDeps | None = None,
    *,
    concurrency: int | None = None,
    metrics_port: int | None = None,
    handle_signals: bool = True,
) -> None:
    """Run one worker until SIGTERM/SIGINT (or cancellation): stop receiving, finish or give back
    in-flight turns before the deadline, release locks, return.

    Raises:
        ReceiveFailed: the receive loop died (SQS unreachable past its retries); the worker was
            stopped the same way first.
        ConfigurationError: the settings cannot work with the queue (see `check_lease_kept`).
    """
    health = WorkerHealth()
    async with open_consumer(settings, deps, concurrency=concurrency, health=health) as consumer:
        server = None if metrics_port is None else HealthServer(metrics_port, consumer.metrics.registry, health)
        stopping = asyncio.Event()
        if handle_signals:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, stopping.set)
        log.info("worker_started", concurrency=concurrency or settings.worker_concurrency)
        runner = asyncio.create_task(consumer.run())
        waiter = asyncio.create_task(stopping.wait())
        await asyncio.wait({runner, waiter}, return_when=asyncio.FIRST_COMPLETED)
        log.info("worker_stopping", consumer=repr(consumer))
        health.stopping = True  # out of rotation while draining
        await consumer.stop(deadline=drain_deadline_seconds(settings.visibility_timeout_seconds))
        waiter.cancel()
        try:
            await runner  # ends with its current poll; raises the loop's own failure (ReceiveFailed)
        finally:
            if server is not None:
                server.close()
            log.info("worker_stopped", consumer=repr(consumer))


def run_worker_process(settings: Settings, *, concurrency: int | None, metrics_port: int | None) -> int:
    """`orchestrator worker`: ExitCode.OK after a graceful stop (SIGTERM / SIGINT).

    Raises:
        ConfigurationError: backend URLs missing, or a VISIBILITY_TIMEOUT_SECONDS the queue's lease
            cannot keep; the CLI prints it in one line and exits 2.
        Refusal: the receive loop died (SQS unreachable past botocore's retries): the worker stopped
            as on SIGTERM first; exit 1, so a supervisor restarts it.
    """
    backend_urls(settings)
    configure_tracing("orchestrator-worker")
    try:
        asyncio.run(run_worker(settings, concurrency=concurrency, metrics_port=metrics_port))
    except ReceiveFailed as exc:
        log.error("worker_failed", error=str(exc))
        raise Refusal(f"{exc}; stopped after finishing or giving back its turns", ExitCode.FAILED) from exc
    finally:
        stop_tracing()  # flushes the spans still batched
    return ExitCode.OK
