"""`orchestrator dev`: the whole system in one process, offline.

Embedded moto (unless an AWS endpoint is configured), `init`, the demo backend (unless
LAMBDA_GET_SCHEDULE is set), the ingress on 127.0.0.1:PORT and a worker, in one event loop.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import signal
from contextlib import AsyncExitStack
from dataclasses import dataclass

import structlog
from pydantic import SecretStr

from ingress.app import create_app, run_ingress_in_loop
from ingress.deps import build_ingress_deps
from orchestrator.chat import DEV_SESSION_FILE
from orchestrator.demo_backend import DEMO_PHONES, DemoShiftKind, serve_demo_backend
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.localaws import LOCAL_CREDENTIALS, MotoServer
from orchestrator.provision import provision
from orchestrator.settings import Settings
from worker.app import WorkerDeps, open_consumer

log = structlog.get_logger(__name__)


_KIND_NOTES = {
    DemoShiftKind.UNCONFIRMED: "shift not confirmed yet: presence first",
    DemoShiftKind.CONFIRMED: "confirmed shift: vital signs, notes",
    DemoShiftKind.FINISHING: "finish reminder sent: end-of-shift report",
    DemoShiftKind.UNKNOWN_PHONE: "unknown phone: no shift found",
    DemoShiftKind.CANCELLED: "cancelled shift: out-of-schedule answers",
}


@dataclass(frozen=True)
class DevStack:
    """What a running dev stack serves, for the banner and for `chat`."""

    ingress_url: str
    admin_token: str
    aws_endpoint: str | None
    demo_backend_url: str | None


def run_dev(settings: Settings, *, port: int, concurrency: int | None) -> int:
    """Run until Ctrl-C / SIGTERM; exit 0 after a graceful stop."""
    asyncio.run(serve_dev(settings, port=port, concurrency=concurrency))
    return 0


async def serve_dev(
    settings: Settings, *, port: int, concurrency: int | None = None, stop: asyncio.Event | None = None
) -> None:
    """Start every piece, print how to use it, and wait for `stop` (default: a signal)."""
    stop = stop or _signal_event()
    async with AsyncExitStack() as stack:
        credentials = None
        if not settings.aws_endpoint_configured:
            moto = MotoServer().start()
            stack.callback(moto.stop)
            # moto holds back a message group that was in flight when a long poll began, for the
            # whole poll: short polls keep a conversation snappy.
            settings = settings.model_copy(update={"aws_endpoint_url": moto.endpoint, "receive_wait_seconds": 1})
            credentials = LOCAL_CREDENTIALS  # moto accepts anything; a fresh machine may have none
        demo_url = None
        if not settings.backend_configured:
            demo = await serve_demo_backend("127.0.0.1", 0)
            stack.push_async_callback(demo.stop)
            demo_url = demo.url
            settings = settings.model_copy(update=demo.urls.settings())
        admin_token = settings.admin_token.get_secret_value() if settings.admin_token else secrets.token_urlsafe(16)
        settings = settings.model_copy(update={"admin_token": SecretStr(admin_token)})

        aws = await AwsClients.create(
            region=settings.aws_region, endpoint_url=settings.aws_endpoint_url, credentials=credentials
        )
        stack.push_async_callback(aws.close)
        changes = await provision(aws, settings)
        log.info("dev_provisioned", changes=len(changes))

        app = create_app(settings, deps=await build_ingress_deps(aws, settings))
        ingress = await run_ingress_in_loop(app, host="127.0.0.1", port=port)
        stack.push_async_callback(ingress.stop)

        consumer = await stack.enter_async_context(
            open_consumer(settings, WorkerDeps(aws=aws), concurrency=concurrency)
        )
        worker = asyncio.create_task(consumer.run(), name="dev-worker")

        stack_info = DevStack(ingress.url, admin_token, settings.aws_endpoint_url, demo_url)
        _write_session_file(stack_info)
        print(banner(stack_info), flush=True)  # noqa: T201 - the command's output
        await stop.wait()
        log.info("dev_stopping")
        await consumer.stop(deadline=5)
        await asyncio.gather(worker, return_exceptions=True)


def _signal_event() -> asyncio.Event:
    event = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, event.set)
    return event


def _write_session_file(stack: DevStack) -> None:
    DEV_SESSION_FILE.parent.mkdir(parents=True, exist_ok=True)
    DEV_SESSION_FILE.touch(mode=0o600, exist_ok=True)
    DEV_SESSION_FILE.write_text(json.dumps({"url": stack.ingress_url, "admin_token": stack.admin_token}))
    DEV_SESSION_FILE.chmod(0o600)


def banner(stack: DevStack) -> str:
    """What a newcomer needs: where things are, who to be, what to paste."""
    phone = DEMO_PHONES[DemoShiftKind.CONFIRMED]
    lines = [
        "",
        "WhatsApp orchestrator — dev stack running",
        f"  ingress       {stack.ingress_url}   (OpenAPI: {stack.ingress_url}/schema)",
        f"  local AWS     {stack.aws_endpoint or 'from AWS_ENDPOINT_URL*'}",
        f"  backend       {stack.demo_backend_url or 'LAMBDA_* from settings'}"
        + ("   (demo, seeded shifts)" if stack.demo_backend_url else ""),
        f"  admin token   {stack.admin_token}",
        "",
        "Demo caregivers (phone — shift):",
        *(f"  +{DEMO_PHONES[kind]}  {kind.value}: {note}" for kind, note in _KIND_NOTES.items()),
        "",
        "Talk to it:",
        f"  .venv/bin/orchestrator chat --phone +{phone}",
        "or paste:",
        f"  curl -s -X POST {stack.ingress_url}/webhook/ingest -H 'Content-Type: application/json' \\",
        f'    -d \'{{"message_id": "demo-1", "phoneNumber": "+{phone}", "text": "como funciona?"}}\'',
        f"  curl -s -H 'Authorization: Bearer {stack.admin_token}' \\",
        f"    {stack.ingress_url}/sessions/{phone}/conversation",
        "",
        "Ctrl-C stops everything.",
    ]
    return "\n".join(lines)
