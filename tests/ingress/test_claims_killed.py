"""Trigger (c) of a 202 for a message never queued: the ingress process is SIGKILLed between its
claim and its send, and the sender retries at once. Real `orchestrator ingress` processes; their
SQS calls go through a fault proxy in front of moto (DynamoDB directly to moto)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from orchestrator.devtools.localaws import LOCAL_CREDENTIALS, MotoServer, free_port
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import Queue
from orchestrator.provision import provision
from orchestrator.settings import Settings
from tests.faultproxy import Fault, FaultProxy
from tests.ingress.conftest import claims_settled, make_settings

MESSAGE = {"message_id": "m-killed", "phoneNumber": "5511999990001", "text": "sim"}


@contextmanager
def ingress_process(settings: Settings, dynamodb: str, sqs: str, cwd: Path) -> Iterator[str]:
    """`orchestrator ingress` on a free port; yields its URL. SIGKILLed on exit, workers included."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.update(
        {
            "AWS_ENDPOINT_URL_DYNAMODB": dynamodb,
            "AWS_ENDPOINT_URL_SQS": sqs,
            "AWS_ACCESS_KEY_ID": LOCAL_CREDENTIALS["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": LOCAL_CREDENTIALS["aws_secret_access_key"],
            "AWS_REGION": settings.aws_region,
            "TABLE_PREFIX": settings.table_prefix,
            "INBOUND_QUEUE_NAME": settings.inbound_queue_name,
        }
    )
    command = [sys.executable, "-m", "orchestrator.cli", "ingress", "--host", "127.0.0.1", "--port", str(port)]
    # A session of its own: granian serves from a worker process, and the kill must take both.
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


async def until_ready(client: httpx.AsyncClient) -> None:
    async with asyncio.timeout(60):
        while True:
            try:
                if (await client.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)


@pytest.mark.slow
@pytest.mark.timeout(180)
async def test_killed_between_claim_and_send_is_never_acknowledged(
    moto_server: MotoServer, moto_aws: AwsClients, table_prefix: str, tmp_path: Path
) -> None:
    """The first process claims and is killed while its SendMessage hangs. The sender's immediate
    retry (to a fresh process) gets 409 in_progress with Retry-After, not the stored 202; retrying
    as told, it takes the abandoned claim over once its deadline passed: 202, the event queued once,
    and then the replay."""
    settings = make_settings(table_prefix)
    await provision(moto_aws, settings)
    proxy = await FaultProxy(moto_server.endpoint).start()
    queue = await Queue.by_name(moto_aws.sqs, settings.inbound_queue_name)
    try:
        proxy.inject("SendMessage", Fault.STALL, times=None)
        with ingress_process(settings, moto_server.endpoint, proxy.url, tmp_path) as first_url:
            async with httpx.AsyncClient(base_url=first_url, timeout=30) as first:
                await until_ready(first)
                doomed = asyncio.create_task(first.post("/webhook/ingest", json=MESSAGE))
                await proxy.arrived("SendMessage")
        # Leaving the block SIGKILLed the first process between its claim and its send.
        with pytest.raises(httpx.TransportError):
            await doomed
        proxy.heal()

        with ingress_process(settings, moto_server.endpoint, proxy.url, tmp_path) as second_url:
            async with httpx.AsyncClient(base_url=second_url, timeout=30) as sender:
                await until_ready(sender)
                retry = await sender.post("/webhook/ingest", json=MESSAGE)
                assert (retry.status_code, retry.json()) == (409, {"error": "in_progress"})
                assert await queue.depth() == {"visible": 0, "in_flight": 0}

                async with asyncio.timeout(60):
                    while retry.status_code == 409:
                        await asyncio.sleep(int(retry.headers["Retry-After"]))
                        retry = await sender.post("/webhook/ingest", json=MESSAGE)
                assert (retry.status_code, "Idempotent-Replayed" in retry.headers) == (202, False)
                await claims_settled(moto_aws, settings.table_prefix)
                replay = await sender.post("/webhook/ingest", json=MESSAGE)
                assert (replay.status_code, replay.headers["Idempotent-Replayed"]) == (202, "true")
        assert await queue.depth() == {"visible": 1, "in_flight": 0}
    finally:
        await proxy.stop()
