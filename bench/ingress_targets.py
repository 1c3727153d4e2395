"""Server-side apps of `bench.ingress`, built from the environment in the server process.

`BENCH_TARGET=ingress`: the real ingress (`create_app`) whose AWS clients get an optional
injected latency. `BENCH_TARGET=bare`: the baseline, a bare Litestar endpoint making the same two
AWS calls (conditional PutItem + SendMessage) with raw aiobotocore clients, same client config.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from aiobotocore.session import get_session
from litestar import Litestar, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody

from ingress.app import create_app
from ingress.deps import IngressDeps, build_ingress_deps, open_ingress_clients
from orchestrator.integrations.aws import client_config
from orchestrator.logs import configure_logging
from orchestrator.settings import Settings

TARGET_ENV = "BENCH_TARGET"
DELAY_ENV = "BENCH_AWS_DELAY_MS"


def add_latency(client: Any, delay_ms: float) -> None:
    """Sleep `delay_ms` before every request this client sends (an async botocore event hook)."""
    if delay_ms <= 0:
        return

    async def delay(**_: Any) -> None:
        await asyncio.sleep(delay_ms / 1000)

    client.meta.events.register("before-send.*.*", delay)


def _delay_ms() -> float:
    return float(os.environ.get(DELAY_ENV, "0"))


@asynccontextmanager
async def instrumented_deps(settings: Settings) -> AsyncIterator[IngressDeps]:
    """The ingress's own wiring (one AwsClients), with the injected latency on both clients."""
    async with await open_ingress_clients(settings) as aws:
        add_latency(aws.dynamodb, _delay_ms())
        add_latency(aws.sqs, _delay_ms())
        yield await build_ingress_deps(aws, settings)


class BareClients:
    """Raw aiobotocore clients of the baseline, opened by its lifespan."""

    dynamodb: Any
    sqs: Any
    queue_url: str
    table: str


def bare_app(settings: Settings) -> Litestar:
    """The baseline: parse, one conditional PutItem, one SendMessage, 202. No auth, logs or metrics."""
    clients = BareClients()

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        session = get_session()
        async with AsyncExitStack() as stack:
            for service in ("dynamodb", "sqs"):
                client = await stack.enter_async_context(
                    session.create_client(service, region_name=settings.aws_region, config=client_config())
                )
                add_latency(client, _delay_ms())
                setattr(clients, service, client)
            clients.queue_url = (await clients.sqs.get_queue_url(QueueName=settings.inbound_queue_name))["QueueUrl"]
            clients.table = f"{settings.table_prefix}Idempotency"
            yield

    @post("/webhook/ingest", status_code=202)
    async def ingest(data: JSONBody[dict[str, Any]], aws: NamedDependency[BareClients]) -> Response[dict[str, Any]]:
        key = str(data["message_id"])
        session_id = "".join(ch for ch in str(data["phoneNumber"]) if ch.isdigit())
        await aws.dynamodb.put_item(
            TableName=aws.table,
            Item={"idempotencyKey": {"S": key}, "expiresAt": {"N": str(int(time.time()) + 600)}},
            ConditionExpression="attribute_not_exists(idempotencyKey)",
        )
        await aws.sqs.send_message(
            QueueUrl=aws.queue_url,
            MessageBody=json.dumps(data),
            MessageGroupId=session_id,
            MessageDeduplicationId=hashlib.sha256(key.encode()).hexdigest(),
        )
        body = {"status": "accepted", "session_id": session_id, "idempotency_key": key}
        return Response(body, status_code=202)

    @get("/healthz", sync_to_thread=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return Litestar(
        route_handlers=[ingest, healthz],
        dependencies={"aws": Provide(lambda: clients, sync_to_thread=False)},
        lifespan=[lifespan],
        logging_config=None,
    )


def target_app() -> Litestar:
    """Factory named on the server's command line (uvicorn `--factory`, granian `--factory`)."""
    settings = Settings()
    if os.environ.get(TARGET_ENV) == "bare":
        return bare_app(settings)
    configure_logging(settings)
    return create_app(settings, open_deps=instrumented_deps)
