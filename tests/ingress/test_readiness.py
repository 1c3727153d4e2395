"""An ingress that cannot reach AWS starts unready instead of crashing, and becomes ready when AWS answers.

Replaces the former "start fails when the queue does not exist": SPEC §13 asks the ingress to start
and report not-ready, so an orchestrator keeps it out of rotation until AWS (or `init`) is there.
"""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest
from structlog.testing import capture_logs

from ingress.app import create_app, run_ingress_in_loop
from ingress.deps import build_ingress_deps
from orchestrator.devtools.localaws import MotoServer
from orchestrator.integrations.aws import AwsClients
from orchestrator.provision import provision
from tests.aws_calls import CallLog
from tests.ingress.conftest import make_settings

INGEST = {"message_id": "m-1", "phoneNumber": "5511999990001", "text": "oi"}


def closed_port() -> int:
    """A 127.0.0.1 port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_ready(client: httpx.AsyncClient, seconds: float = 30.0) -> httpx.Response:
    async with asyncio.timeout(seconds):
        while (response := await client.get("/readyz")).status_code != 200:
            await asyncio.sleep(0.2)
    return response


@pytest.mark.usefixtures("local_aws_credentials")
class TestStartsUnready:
    async def test_unreachable_aws_serves_503_and_logs_one_warning(self, table_prefix: str) -> None:
        """AWS endpoint refuses connections: the server starts, /healthz 200, /readyz and ingest 503, one warning."""
        settings = make_settings(table_prefix, aws_endpoint_url=f"http://127.0.0.1:{closed_port()}")
        with capture_logs() as logs:
            handle = await run_ingress_in_loop(create_app(settings))
            try:
                async with httpx.AsyncClient(base_url=handle.url) as client:
                    health, ready = await client.get("/healthz"), await client.get("/readyz")
                    ingest = await client.post("/webhook/ingest", json=INGEST)
                    await asyncio.sleep(1.5)  # a retry or two happen meanwhile; they log nothing more
            finally:
                await handle.stop()
        assert (health.status_code, ready.status_code, ingest.status_code) == (200, 503, 503)
        assert ready.json()["checks"]["aws"].startswith("unavailable")
        assert ingest.json()["error"] == "service_unavailable"
        assert [entry["event"] for entry in logs if entry["log_level"] == "warning"] == ["ingress_not_ready"]

    async def test_becomes_ready_once_the_queue_exists(
        self, moto_server: MotoServer, moto_aws: AwsClients, table_prefix: str
    ) -> None:
        """No `init` yet: unready; after tables and queues are created it turns ready and accepts."""
        settings = make_settings(table_prefix, aws_endpoint_url=moto_server.endpoint)
        handle = await run_ingress_in_loop(create_app(settings))
        try:
            async with httpx.AsyncClient(base_url=handle.url) as client:
                before = await client.get("/readyz")
                await provision(moto_aws, settings)
                after = await wait_ready(client)
                accepted = await client.post("/webhook/ingest", json=INGEST)
        finally:
            await handle.stop()
        assert before.status_code == 503
        assert after.json()["checks"] == {"tables": "ok", "queue": "ok"}
        assert accepted.status_code == 202


@pytest.mark.usefixtures("local_aws_credentials")
class TestSaysWhatToDo:
    async def test_before_init_readyz_and_the_webhooks_say_run_init(
        self, moto_server: MotoServer, table_prefix: str
    ) -> None:
        """The ingress started before `orchestrator init`: /readyz said only `unavailable:
        QueueDoesNotExist` and a webhook's 503 `not_ready`, neither saying what to do."""
        settings = make_settings(table_prefix, aws_endpoint_url=moto_server.endpoint)
        handle = await run_ingress_in_loop(create_app(settings))
        try:
            async with httpx.AsyncClient(base_url=handle.url) as client:
                ready = await client.get("/readyz")
                ingest = await client.post("/webhook/ingest", json=INGEST)
        finally:
            await handle.stop()
        assert ready.status_code == 503
        assert "QueueDoesNotExist" in ready.json()["checks"]["aws"]
        assert "orchestrator init" in ready.json()["checks"]["aws"]
        assert (ingest.status_code, ingest.headers["Retry-After"]) == (503, "2")
        assert ingest.json()["error"] == "service_unavailable"
        assert "/readyz" in ingest.json()["detail"]

    async def test_unreachable_aws_says_where_it_was_looked_for(self, table_prefix: str) -> None:
        """An endpoint that refuses connections: /readyz names the cause in words an operator acts on."""
        settings = make_settings(table_prefix, aws_endpoint_url=f"http://127.0.0.1:{closed_port()}")
        handle = await run_ingress_in_loop(create_app(settings))
        try:
            async with httpx.AsyncClient(base_url=handle.url) as client:
                ready = await client.get("/readyz")
        finally:
            await handle.stop()
        assert "not reachable" in ready.json()["checks"]["aws"]


class TestCachedReadiness:
    async def test_probes_do_not_call_aws(self, moto_aws: AwsClients, table_prefix: str) -> None:
        """Twenty /readyz probes cost no AWS call: they read the last background sample."""
        settings = make_settings(table_prefix)
        await provision(moto_aws, settings)
        calls = CallLog()
        calls.watch(moto_aws.dynamodb)
        calls.watch(moto_aws.sqs)
        handle = await run_ingress_in_loop(create_app(settings, await build_ingress_deps(moto_aws, settings)))
        try:
            async with httpx.AsyncClient(base_url=handle.url) as client:
                await wait_ready(client)
                calls.clear()
                answers = [(await client.get("/readyz")).status_code for _ in range(20)]
        finally:
            await handle.stop()
        assert answers == [200] * 20
        # At most one background sample of both queues may fall in between; no table is described.
        assert set(calls.operations) <= {"GetQueueAttributes"} and len(calls.operations) <= 2
