"""`orchestrator ingress --port P` as a real process: it serves, logs one JSON line per request, stops."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from orchestrator.devtools.localaws import MotoServer, free_port
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import Queue
from orchestrator.provision import provision
from tests.ingress.conftest import make_settings

PHONE = "5511999990001"


@pytest.mark.slow
class TestServeCommand:
    async def test_ingress_command_serves_and_stops(
        self, moto_server: MotoServer, moto_aws: AwsClients, table_prefix: str, tmp_path: Path
    ) -> None:
        """The CLI process answers /healthz and a 202, logs `request_handled` as JSON without the
        phone, and exits on SIGTERM."""
        settings = make_settings(table_prefix)
        await provision(moto_aws, settings)
        port = free_port()
        env = {
            **os.environ,
            "AWS_ENDPOINT_URL": moto_server.endpoint,
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "TABLE_PREFIX": settings.table_prefix,
            "INBOUND_QUEUE_NAME": settings.inbound_queue_name,
            "LOG_FORMAT": "json",
        }
        command = [sys.executable, "-m", "orchestrator.cli", "ingress", "--host", "127.0.0.1", "--port", str(port)]
        process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
                for _ in range(150):
                    try:
                        if (await client.get("/healthz")).status_code == 200:
                            break
                    except httpx.TransportError:
                        await asyncio.sleep(0.2)
                response = await client.post(
                    "/webhook/ingest", json={"message_id": "m-1", "phoneNumber": PHONE, "text": "oi"}
                )
            assert response.status_code == 202
        finally:
            process.send_signal(signal.SIGTERM)
            _, stderr = process.communicate(timeout=30)
        assert process.returncode == 0
        lines = [json.loads(line) for line in stderr.decode().splitlines() if line.startswith("{")]
        handled = [line for line in lines if line.get("event") == "request_handled"]
        assert {(line["route"], line["status"]) for line in handled} >= {("/webhook/ingest", 202)}
        assert PHONE not in stderr.decode()
        queue = await Queue.by_name(moto_aws.sqs, settings.inbound_queue_name)
        assert (await queue.depth())["visible"] == 1
