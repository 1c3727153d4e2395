"""Ingress fixtures: tables and queues in moto under a per-test prefix, the app served by uvicorn
on a free 127.0.0.1 port, an HTTP client, and a reader of what reached the inbound queue."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from ingress.app import IngressHandle, create_app, run_ingress_in_loop
from ingress.auth import sign_meta_body
from ingress.deps import IngressDeps, build_ingress_deps, open_ingress_clients
from orchestrator import envelope
from orchestrator.devtools.localaws import LOCAL_CREDENTIALS, MotoServer
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import Queue
from orchestrator.models import InboundEvent
from orchestrator.provision import provision
from orchestrator.settings import Settings
from orchestrator.store.base import IDEMPOTENCY_TABLE, IdempotencyStatus
from tests.faultproxy import FaultProxy

APP_SECRET = "meta-app-secret"
VERIFY_TOKEN = "meta-verify-token"
ADMIN_TOKEN = "admin-token"


def make_settings(table_prefix: str, **overrides: Any) -> Settings:
    """Settings of one test: its own tables and queues; tokens as the test needs them."""
    values: dict[str, Any] = {
        "table_prefix": table_prefix,
        "inbound_queue_name": f"{table_prefix}inbound.fifo",
        "whatsapp_app_secret": APP_SECRET,
        "whatsapp_verify_token": VERIFY_TOKEN,
        "admin_token": ADMIN_TOKEN,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@dataclass
class QueueReader:
    """What reached the inbound queue, read straight from moto."""

    queue: Queue

    async def depth(self) -> int:
        depth = await self.queue.depth()
        return depth["visible"] + depth["in_flight"]

    async def drain(self) -> list[InboundEvent]:
        """Receive and delete everything (FIFO hands out one group's head at a time)."""
        events: list[InboundEvent] = []
        while messages := await self.queue.receive(wait_seconds=0):
            events += [envelope.decode(message.body) for message in messages]
            await self.queue.delete_batch([message.receipt_handle for message in messages])
        return events


@dataclass
class Ingress:
    """A served app: its client, its settings and deps, and the queue it sends to."""

    client: httpx.AsyncClient
    settings: Settings
    deps: IngressDeps
    inbound: QueueReader
    aws: AwsClients
    handle: IngressHandle

    async def stop(self) -> None:
        """Shut the app down (its lifespan waits for the claims still being completed)."""
        await self.handle.stop()

    async def idempotency_items(self) -> int:
        table = f"{self.settings.table_prefix}{IDEMPOTENCY_TABLE}"
        return int((await self.aws.dynamodb.scan(TableName=table, Select="COUNT"))["Count"])

    async def assert_nothing_written(self) -> None:
        """A refused request left no trace: no claim in the Idempotency table, nothing queued."""
        assert await self.idempotency_items() == 0
        assert await self.inbound.depth() == 0

    async def claims_settled(self) -> None:
        """Wait until no claim is in progress: an accepted event's claim is completed moments after
        its answer (not awaited by it), and only then does a duplicate get the replay."""
        await claims_settled(self.aws, self.settings.table_prefix)

    async def post_meta(self, payload: dict[str, Any] | bytes, *, secret: str = APP_SECRET) -> httpx.Response:
        body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign_meta_body(body, secret)}
        return await self.client.post("/webhook/whatsapp", content=body, headers=headers)


async def claims_settled(aws: AwsClients, table_prefix: str, timeout: float = 10) -> None:
    """Poll the Idempotency table until none of its claims is in progress."""
    table = f"{table_prefix}{IDEMPOTENCY_TABLE}"
    async with asyncio.timeout(timeout):
        while True:
            items = (await aws.dynamodb.scan(TableName=table, ConsistentRead=True))["Items"]
            if all(item["status"]["S"] == IdempotencyStatus.COMPLETED for item in items):
                return
            await asyncio.sleep(0.02)


IngressFactory = Callable[..., Awaitable[Ingress]]
# Replaces some real adapters of a served app: (deps, clients, settings) -> deps.
DepsOverride = Callable[[IngressDeps, AwsClients, Settings], IngressDeps]


@pytest.fixture
async def serve_ingress(moto_aws: AwsClients, table_prefix: str) -> AsyncIterator[IngressFactory]:
    """Factory: provision, build the app with `Settings` overrides (and optional deps), serve it."""
    handles = []
    clients: list[httpx.AsyncClient] = []

    async def start(
        deps_override: DepsOverride | None = None, *, aws: AwsClients | None = None, **overrides: Any
    ) -> Ingress:
        """`aws`: the clients the app's adapters use (default: moto's, directly)."""
        settings = make_settings(table_prefix, **overrides)
        await provision(moto_aws, settings)
        deps = await build_ingress_deps(aws or moto_aws, settings)
        if deps_override is not None:
            deps = deps_override(deps, moto_aws, settings)
        handle = await run_ingress_in_loop(create_app(settings, deps))
        handles.append(handle)
        client = httpx.AsyncClient(base_url=handle.url, timeout=30)
        clients.append(client)
        inbound = await Queue.by_name(moto_aws.sqs, settings.inbound_queue_name)
        return Ingress(
            client=client, settings=settings, deps=deps, inbound=QueueReader(inbound), aws=moto_aws, handle=handle
        )

    yield start
    for client in clients:
        await client.aclose()
    for handle in handles:
        await handle.stop()


@pytest.fixture
async def ingress(serve_ingress: IngressFactory) -> Ingress:
    """The app with the default test settings (no INGEST_TOKEN, admin and Meta secrets set)."""
    return await serve_ingress()


# -- the ingress's AWS calls through a fault proxy in front of moto ----------------------------------


@pytest.fixture
async def proxy(moto_server: MotoServer) -> AsyncIterator[FaultProxy]:
    started = await FaultProxy(moto_server.endpoint).start()
    yield started
    await started.stop()


@pytest.fixture
async def proxied_clients(proxy: FaultProxy, table_prefix: str) -> AsyncIterator[AwsClients]:
    """The ingress's own AWS clients (its short timeouts), pointed at the proxy."""
    clients = await open_ingress_clients(
        make_settings(table_prefix), endpoint_url=proxy.url, credentials=LOCAL_CREDENTIALS
    )
    yield clients
    await clients.close()
