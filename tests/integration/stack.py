"""A whole system for one test: moto, tables and queues under a fresh prefix, the demo backend,
a recording reply sink, the ingress over real HTTP, and workers in-process or as real processes."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from ingress.app import IngressHandle, create_app, run_ingress_in_loop
from ingress.auth import sign_meta_body
from ingress.deps import build_ingress_deps
from orchestrator.devtools.demo_backend import DemoBackendServer, serve_demo_backend
from orchestrator.devtools.localaws import LOCAL_CREDENTIALS
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import Queue
from orchestrator.models import BackendContract
from orchestrator.provision import provision
from orchestrator.settings import Settings
from orchestrator.store.sessions import DynamoSessionStore
from tests.integration.scripted import ScriptedServer
from worker.app import WorkerDeps, open_consumer

REGION = "sa-east-1"


@dataclass
class Stack:
    settings: Settings
    aws: AwsClients
    demo: DemoBackendServer
    sink: ScriptedServer
    ingress: IngressHandle
    http: httpx.AsyncClient
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    # -- talking to it -------------------------------------------------------------------------

    async def send(self, phone: str, text: str, message_id: str | None = None) -> httpx.Response:
        body = {"message_id": message_id or f"m-{uuid.uuid4().hex}", "phoneNumber": phone, "text": text}
        return await self.http.post("/webhook/ingest", json=body)

    async def template(self, phone: str, template: str, key: str | None = None) -> httpx.Response:
        return await self.http.post(
            "/hooks/template-fired",
            json={"phoneNumber": phone, "template": template},
            headers={"X-Template-Idempotency-Key": key or f"t-{uuid.uuid4().hex}"},
        )

    async def deliver_meta(self, payload: dict[str, Any]) -> None:
        """POST a Meta webhook delivery, signed with the stack's app secret as Meta signs it (a stack
        built with `cloud_api`); it must be accepted."""
        assert self.settings.whatsapp_app_secret is not None, "Meta deliveries need cloud_api(app_secret=...)"
        body = json.dumps(payload, ensure_ascii=False).encode()
        signature = sign_meta_body(body, self.settings.whatsapp_app_secret.get_secret_value())
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
        response = await self.http.post("/webhook/whatsapp", content=body, headers=headers)
        assert response.status_code == 200, response.text

    async def drain(self, deps: WorkerDeps | None = None) -> None:
        """Run an in-process worker until the queue is empty."""
        async with open_consumer(self.settings, deps or WorkerDeps(aws=self.aws), concurrency=16) as consumer:
            await consumer.drain()

    async def say(self, phone: str, text: str) -> str:
        """Send one message, run the worker, return the newest reply text for that phone."""
        before = len(self.replies(phone))
        response = await self.send(phone, text)
        assert response.status_code == 202, response.text
        await self.drain()
        replies = self.replies(phone)
        assert len(replies) == before + 1, f"expected one new reply, got {replies[before:]}"
        return str(replies[-1]["text"])

    # -- what happened ---------------------------------------------------------------------------

    def replies(self, phone: str | None = None) -> list[dict[str, Any]]:
        """Replies the sink received, in order (one per distinct reply id: the sink may be retried)."""
        seen: dict[str, dict[str, Any]] = {}
        for request in self.sink.received:
            if request.path != "/replies":
                continue
            body = request.json()
            if phone is None or body["phoneNumber"] == phone.lstrip("+"):
                seen.setdefault(body["reply_id"], body)
        return list(seen.values())

    def sink_posts(self, phone: str) -> list[dict[str, Any]]:
        """Every POST the sink received for a phone, duplicates included."""
        return [
            r.json()
            for r in self.sink.received
            if r.path == "/replies" and r.json()["phoneNumber"] == phone.lstrip("+")
        ]

    def writes(self, contract: BackendContract | None = None) -> list[dict[str, Any]]:
        """Backend writes actually applied (a replayed Idempotency-Key does not count)."""
        return [dict(call.body) for call in self.demo.backend.writes(contract)]  # type: ignore[arg-type]

    async def queue_depths(self) -> dict[str, dict[str, int]]:
        inbound = await Queue.by_name(self.aws.sqs, self.settings.inbound_queue_name)
        dlq = await Queue.by_name(self.aws.sqs, self.settings.dlq_name)
        return {"inbound": await inbound.depth(), "dlq": await dlq.depth()}

    async def wait_until_offered(self, timeout: float = 60.0) -> None:
        """Until the inbound queue offers a message again or the DLQ holds one: polled, so a test
        waits out a visibility timeout or a give-back delay exactly, never a guessed sleep."""

        async def offered() -> bool:
            depths = await self.queue_depths()
            return depths["inbound"]["visible"] > 0 or depths["dlq"]["visible"] > 0

        await wait_for(offered, timeout=timeout, what="a message offered again")

    def sessions(self) -> DynamoSessionStore:
        return DynamoSessionStore(self.aws.dynamodb, self.settings.table_prefix)

    async def cli(self, *args: str) -> str:
        """`orchestrator <args>` as an operator runs it, with this stack's settings; its stdout."""
        completed = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "orchestrator.cli", *args],
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert completed.returncode == 0, completed.stderr
        return completed.stdout

    # -- worker processes ------------------------------------------------------------------------

    def environment(self) -> dict[str, str]:
        """The settings as environment variables, for `orchestrator` subprocesses."""
        env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "LAMBDA_"))}
        values = self.settings.model_dump(mode="json", exclude_none=True)
        for name, value in values.items():
            if name in {"whatsapp_access_token", "whatsapp_verify_token", "whatsapp_app_secret", "openai_api_key"}:
                continue
            env[name.upper()] = str(value)
        for name in ("ingest_token", "admin_token"):
            secret = getattr(self.settings, name)
            if secret is not None:
                env[name.upper()] = secret.get_secret_value()
        env.update(
            {
                "AWS_ACCESS_KEY_ID": LOCAL_CREDENTIALS["aws_access_key_id"],
                "AWS_SECRET_ACCESS_KEY": LOCAL_CREDENTIALS["aws_secret_access_key"],
                "LOG_FORMAT": "json",
            }
        )
        return env

    def start_worker(
        self, *, concurrency: int = 8, log_path: Path | None = None, metrics_port: int | None = None
    ) -> subprocess.Popen[bytes]:
        """`orchestrator worker` as a real process (killed by the fixture at the end)."""
        command = [sys.executable, "-m", "orchestrator.cli", "worker", "--concurrency", str(concurrency)]
        if metrics_port is not None:
            command += ["--metrics-port", str(metrics_port)]
        if log_path is None:
            process = subprocess.Popen(
                command, env=self.environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        else:
            with log_path.open("ab") as log:  # the child keeps its own descriptor
                process = subprocess.Popen(command, env=self.environment(), stdout=subprocess.DEVNULL, stderr=log)
        self.workers.append(process)
        return process

    def stop_workers(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=10)


async def wait_for(predicate: Any, *, timeout: float = 60.0, interval: float = 0.2, what: str = "condition") -> None:
    """Poll an (async or plain) predicate until it is true."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(interval)


@asynccontextmanager
async def running_stack(
    moto_endpoint: str, sink: ScriptedServer, prefix: str, **overrides: Any
) -> AsyncIterator[Stack]:
    async with AsyncExitStack() as exits:
        demo = await serve_demo_backend("127.0.0.1", 0)
        exits.push_async_callback(demo.stop)
        values: dict[str, Any] = {
            "aws_endpoint_url": moto_endpoint,
            "aws_region": REGION,
            "table_prefix": prefix,
            "inbound_queue_name": f"{prefix}inbound.fifo",
            "reply_webhook_url": f"{sink.url}/replies",
            "receive_wait_seconds": 1,
            "backend_timeout_seconds": 2.0,
            "admin_token": "admin-test-token",
            **demo.urls.settings(),
            **overrides,
        }
        settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
        aws = await AwsClients.create(region=REGION, endpoint_url=moto_endpoint, credentials=LOCAL_CREDENTIALS)
        exits.push_async_callback(aws.close)
        await provision(aws, settings)
        ingress = await run_ingress_in_loop(create_app(settings, deps=await build_ingress_deps(aws, settings)))
        exits.push_async_callback(ingress.stop)
        http = httpx.AsyncClient(base_url=ingress.url, timeout=10)
        exits.push_async_callback(http.aclose)
        stack = Stack(settings=settings, aws=aws, demo=demo, sink=sink, ingress=ingress, http=http)
        exits.callback(stack.stop_workers)
        yield stack


def cloud_api(
    graph_url: str, *, app_secret: str, token: str = "graph-token", phone_number_id: str = "777", **extra: Any
) -> dict[str, Any]:
    """`running_stack` overrides that reply through the WhatsApp Cloud API sink at `graph_url` (a fake
    Graph API) instead of the reply webhook, and check Meta's signatures with `app_secret`."""
    return {
        "reply_webhook_url": None,
        "whatsapp_access_token": token,
        "whatsapp_phone_number_id": phone_number_id,
        "whatsapp_api_base": graph_url,
        "whatsapp_app_secret": app_secret,
        **extra,
    }
