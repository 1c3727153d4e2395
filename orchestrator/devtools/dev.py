"""`orchestrator dev`: the whole system in one process, offline.

Embedded moto (unless an AWS endpoint is configured), `init`, the demo backend (unless
LAMBDA_GET_SCHEDULE is set), a Graph API + transcription stand-in for voice notes (unless the
WhatsApp Cloud API is configured), the ingress on 127.0.0.1:PORT and a worker, in one event loop.
It records what it serves in the user's state folder (`stackfile`), where `chat` finds it.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shlex
import signal
import sys
from contextlib import AsyncExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import openai
import structlog
from pydantic import SecretStr

from ingress.app import create_app, run_ingress_in_loop
from ingress.deps import build_ingress_deps
from orchestrator.devtools.demo_backend import DEMO_PHONES, DemoBackendServer, DemoShiftKind, serve_demo_backend
from orchestrator.devtools.graph_standin import TOKEN as STANDIN_TOKEN
from orchestrator.devtools.graph_standin import serve_graph_standin
from orchestrator.devtools.localaws import LOCAL_CREDENTIALS, MotoServer
from orchestrator.devtools.stackfile import DevStack, forget_stack, write_stack
from orchestrator.exits import ExitCode, Refusal
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.base import VoiceNotes
from orchestrator.integrations.cloud_api import CloudApiEndpoint
from orchestrator.integrations.graph import GraphApi
from orchestrator.integrations.http import new_http_client
from orchestrator.integrations.voice import OpenAiTranscriber, VoiceNoteReader
from orchestrator.observability.tracing import configure_tracing, stop_tracing
from orchestrator.provision import provision
from orchestrator.settings import Settings
from orchestrator.store.base import SESSIONS_TABLE
from orchestrator.store.session_item import KEY as SESSION_KEY
from worker.app import WorkerDeps, open_consumer
from worker.consumer import Consumer
from worker.health import HealthServer, WorkerHealth

log = structlog.get_logger(__name__)


_KIND_NOTES = {
    DemoShiftKind.UNCONFIRMED: "shift not confirmed yet: presence first",
    DemoShiftKind.CONFIRMED: "confirmed shift: vital signs, notes",
    DemoShiftKind.FINISHING: "finish reminder sent: end-of-shift report",
    DemoShiftKind.UNKNOWN_PHONE: "unknown phone: no shift found",
    DemoShiftKind.CANCELLED: "cancelled shift: out-of-schedule answers",
}


def run_dev(settings: Settings, *, port: int, concurrency: int | None) -> int:
    """Run until Ctrl-C / SIGTERM; exit 0 after a graceful stop.

    Tracing follows the standard OTEL_* variables as in `orchestrator ingress` and `worker`
    (SPEC section 13): configured before the ingress app is built, flushed on the way out.
    """
    configure_tracing("orchestrator-dev")
    try:
        asyncio.run(serve_dev(settings, port=port, concurrency=concurrency))
    finally:
        stop_tracing()  # flushes the spans still batched
    return 0


async def serve_dev(
    settings: Settings, *, port: int, concurrency: int | None = None, stop: asyncio.Event | None = None
) -> None:
    """Start every piece, print how to use it, and wait for `stop` (default: a signal)."""
    stop = stop or _signal_event()
    async with AsyncExitStack() as stack:
        local = await _start_stand_ins(_with_dev_secrets(settings), stack)
        settings = local.settings
        aws = await AwsClients.create(
            region=settings.aws_region, endpoint_url=settings.aws_endpoint_url, credentials=local.credentials
        )
        stack.push_async_callback(aws.close)
        changes = await provision(aws, settings)
        log.info("dev_provisioned", changes=len(changes))
        if local.demo is not None:
            local.demo.backend.reset_hooks.append(partial(_forget_demo_sessions, aws, settings.table_prefix))

        app = create_app(settings, deps=await build_ingress_deps(aws, settings))
        ingress = await run_ingress_in_loop(app, host="127.0.0.1", port=port)
        stack.push_async_callback(ingress.stop)

        health = WorkerHealth()
        consumer = await stack.enter_async_context(
            open_consumer(settings, WorkerDeps(aws=aws, voice=local.voice), concurrency=concurrency, health=health)
        )
        # The worker's own series (turns, backend calls, DLQ-bound failures) are not in the ingress's
        # /metrics: its metrics port, as `orchestrator worker --metrics-port` serves it, on a free port.
        worker_port = HealthServer(0, consumer.metrics.registry, health, host="127.0.0.1")
        stack.callback(worker_port.close)
        worker = asyncio.create_task(consumer.run(), name="dev-worker")

        stack_info = _dev_stack(settings, ingress_url=ingress.url, demo_url=local.demo.url if local.demo else None)
        write_stack(stack_info)
        stack.callback(forget_stack, stack_info.pid)
        worker_url = f"http://127.0.0.1:{worker_port.port}"
        embedded_aws = local.credentials is not None
        print(banner(stack_info, settings, embedded_aws=embedded_aws, worker_url=worker_url), flush=True)  # noqa: T201
        await _run_until_stopped(consumer, worker, stop)


@dataclass(frozen=True)
class _StandIns:
    """What `dev` serves in place of the services not configured, and the settings pointing at them."""

    settings: Settings
    credentials: dict[str, str] | None  # embedded moto's; None: botocore finds the configured AWS's
    demo: DemoBackendServer | None  # None: LAMBDA_* are set
    voice: VoiceNotes | None  # None: the WhatsApp Cloud API is configured


def _with_dev_secrets(settings: Settings) -> Settings:
    """An admin token (printed in the banner) and a Meta app secret, so `chat` can sign the Meta
    webhooks it sends: generated unless configured."""
    admin_token = settings.admin_token or SecretStr(secrets.token_urlsafe(16))
    app_secret = settings.whatsapp_app_secret
    if app_secret is None:
        app_secret = SecretStr(secrets.token_urlsafe(16))
    return settings.model_copy(update={"admin_token": admin_token, "whatsapp_app_secret": app_secret})


async def _start_stand_ins(settings: Settings, stack: AsyncExitStack) -> _StandIns:
    """Embedded moto, the demo backend and the voice-note stand-in, each unless its service is
    configured; `stack` stops them."""
    credentials = None
    if not settings.aws_endpoint_configured:
        moto = MotoServer().start()
        stack.callback(moto.stop)
        # moto holds back a message group that was in flight when a long poll began, for the
        # whole poll: short polls keep a conversation snappy.
        settings = settings.model_copy(update={"aws_endpoint_url": moto.endpoint, "receive_wait_seconds": 1})
        credentials = LOCAL_CREDENTIALS  # moto accepts anything; a fresh machine may have none
    demo = None
    if not settings.backend_configured:
        demo = await serve_demo_backend("127.0.0.1", 0)
        stack.push_async_callback(demo.stop)
        settings = settings.model_copy(update=demo.urls.settings())
    voice = await _voice_standin(settings, stack)
    return _StandIns(settings=settings, credentials=credentials, demo=demo, voice=voice)


def _dev_stack(settings: Settings, *, ingress_url: str, demo_url: str | None) -> DevStack:
    """What `chat` (and the banner) need to reach this stack, as the stackfile records it."""
    assert settings.admin_token is not None  # _with_dev_secrets generated one if none was set
    return DevStack(
        ingress_url=ingress_url,
        admin_token=settings.admin_token.get_secret_value(),
        ingest_token=settings.ingest_token.get_secret_value() if settings.ingest_token else None,
        aws_endpoint=settings.aws_endpoint_url,
        demo_backend_url=demo_url,
        whatsapp_app_secret=settings.whatsapp_app_secret.get_secret_value() if settings.whatsapp_app_secret else None,
        pid=os.getpid(),
    )


async def _run_until_stopped(consumer: Consumer, worker: asyncio.Task[None], stop: asyncio.Event) -> None:
    """Wait for `stop` (or the worker's end), then stop the worker.

    Raises:
        Refusal: the worker's receive loop died (AWS unreachable past botocore's retries).
    """
    stopping = asyncio.create_task(stop.wait(), name="dev-stop")
    await asyncio.wait({stopping, worker}, return_when=asyncio.FIRST_COMPLETED)
    log.info("dev_stopping")
    stopping.cancel()
    await consumer.stop(deadline=5)
    (ended,) = await asyncio.gather(worker, return_exceptions=True)
    if isinstance(ended, Exception):
        # Carrying on would ack every webhook with 202 and answer none: stop everything, as
        # `orchestrator worker` exits 1 for its supervisor to restart it.
        raise Refusal(
            f"the worker stopped ({ended}), so the whole stack was stopped; start it again once AWS answers",
            ExitCode.FAILED,
        ) from ended


def _caregivers(*, demo: bool) -> list[str]:
    """Who to be: the demo's seeded phones, only when the demo backend is the one answering (with
    LAMBDA_* set they are unknown there, and every one of them would get "no shift found")."""
    if not demo:
        return ["Caregivers: the phone numbers your backend (LAMBDA_GET_SCHEDULE) has shifts for."]
    return [
        "Demo caregivers (phone — shift):",
        *(f"  +{DEMO_PHONES[kind]}  {kind.value}: {note}" for kind, note in _KIND_NOTES.items()),
    ]


async def _forget_demo_sessions(aws: AwsClients, table_prefix: str) -> None:
    """After the demo backend's `POST /_reset`: the demo caregivers' sessions start afresh too.

    The shifts come back with the same schedule ids, so a kept session would go on where it was (a
    sent report kept shift C closed, a confirmation kept shift A confirmed) until `make run` restarted.
    """
    for phone in DEMO_PHONES.values():
        await aws.dynamodb.delete_item(TableName=f"{table_prefix}{SESSIONS_TABLE}", Key={SESSION_KEY: {"S": phone}})
    log.info("dev_demo_sessions_forgotten", sessions=len(DEMO_PHONES))


async def _voice_standin(settings: Settings, stack: AsyncExitStack) -> VoiceNotes | None:
    """Voice notes heard offline: the Graph API and transcription stand-in, unless the WhatsApp
    Cloud API is configured (then the worker reads them as in production)."""
    if settings.whatsapp_access_token is not None:
        return None
    standin = await serve_graph_standin()
    stack.push_async_callback(standin.stop)
    http = new_http_client()
    stack.push_async_callback(http.aclose)
    client = openai.AsyncOpenAI(api_key="standin", base_url=standin.openai_base_url)
    stack.push_async_callback(client.close)
    graph = GraphApi(http, CloudApiEndpoint(standin.url, "standin", STANDIN_TOKEN))
    return VoiceNoteReader(graph, OpenAiTranscriber(client, settings.openai_transcribe_model))


def _signal_event() -> asyncio.Event:
    event = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, event.set)
    return event


# Shell text a paste expands anew each time (bash, zsh; plain sh leaves the seconds alone).
_FRESH_ID = "$(date +%s)-$RANDOM"


def _orchestrator_command() -> str:
    """How to run this same `orchestrator` from any folder (the virtualenv's script when there is one)."""
    script = Path(sys.executable).parent / "orchestrator"
    return shlex.quote(str(script)) if script.exists() else "orchestrator"


def ops_environment(stack: DevStack, settings: Settings, *, embedded_aws: bool) -> str:
    """The variables that point an `orchestrator` command at this stack's AWS, tables and queues."""
    names: dict[str, str] = {}
    if stack.aws_endpoint:
        names["AWS_ENDPOINT_URL"] = stack.aws_endpoint
    if embedded_aws:  # moto takes any keys; the ones the shell has (if any) would do as well
        names["AWS_ACCESS_KEY_ID"] = LOCAL_CREDENTIALS["aws_access_key_id"]
        names["AWS_SECRET_ACCESS_KEY"] = LOCAL_CREDENTIALS["aws_secret_access_key"]
    names["AWS_REGION"] = settings.aws_region
    defaults = Settings.model_fields
    for field in ("table_prefix", "inbound_queue_name"):
        if getattr(settings, field) != defaults[field].default:
            names[field.upper()] = getattr(settings, field)
    return " ".join(f"{name}={shlex.quote(value)}" for name, value in names.items())


def banner(stack: DevStack, settings: Settings, *, embedded_aws: bool, worker_url: str | None = None) -> str:
    """What a newcomer needs: where things are, who to be, what to paste."""
    phone = DEMO_PHONES[DemoShiftKind.CONFIRMED]
    orchestrator = _orchestrator_command()
    auth = f"-H 'Authorization: Bearer {stack.ingest_token}' " if stack.ingest_token else ""
    # The id leaves the single quotes so the shell fills in a new one on every paste.
    body = f'{{"message_id": "demo-\'"{_FRESH_ID}"\'", "phoneNumber": "+{phone}", "text": "como funciona?"}}'
    lines = [
        "",
        "WhatsApp orchestrator — dev stack running",
        f"  ingress       {stack.ingress_url}   (Swagger UI: {stack.ingress_url}/schema/swagger)",
        f"  local AWS     {stack.aws_endpoint or 'from AWS_ENDPOINT_URL*'}",
        f"  backend       {stack.demo_backend_url or 'LAMBDA_* from settings'}"
        + (f"   (demo; calls it received: {stack.demo_backend_url}/_calls)" if stack.demo_backend_url else ""),
        *([f"  worker        {worker_url}/metrics   (also /healthz, /readyz)"] if worker_url else []),
        f"  admin token   {stack.admin_token}",
        "",
        *_caregivers(demo=stack.demo_backend_url is not None),
        "",
        "Talk to it (from any folder):",
        f"  {orchestrator} chat --phone +{phone}      (/audio <text> sends a voice note heard as <text>)",
        "or paste (a new message_id each time):",
        f"  curl -s -X POST {stack.ingress_url}/webhook/ingest -H 'Content-Type: application/json' {auth}\\",
        f"    -d '{body}'",
        f"  curl -s -H 'Authorization: Bearer {stack.admin_token}' {stack.ingress_url}/sessions/{phone}/conversation",
        "Ops commands against this stack (dead letters, init):",
        f"  {ops_environment(stack, settings, embedded_aws=embedded_aws)} {orchestrator} dlq list",
        "",
        "Ctrl-C stops everything.",
    ]
    return "\n".join(lines)
