"""create_app(settings) without deps: the lifespan opens the AWS clients itself; a production app."""

from __future__ import annotations

import httpx
import pytest

from ingress.app import create_app, run_ingress_in_loop
from orchestrator.devtools.localaws import MotoServer
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import Queue
from orchestrator.provision import provision
from orchestrator.settings import Settings
from tests.ingress.conftest import make_settings


@pytest.mark.usefixtures("local_aws_credentials")
class TestLifespan:
    async def test_real_wiring_accepts_and_enqueues(
        self, moto_server: MotoServer, moto_aws: AwsClients, table_prefix: str
    ) -> None:
        """With AWS_ENDPOINT_URL set and no deps, the app opens its clients, accepts and enqueues."""
        settings = make_settings(table_prefix, aws_endpoint_url=moto_server.endpoint)
        await provision(moto_aws, settings)
        handle = await run_ingress_in_loop(create_app(settings))
        try:
            async with httpx.AsyncClient(base_url=handle.url) as client:
                response = await client.post(
                    "/webhook/ingest", json={"message_id": "m-1", "phoneNumber": "5511999990001", "text": "oi"}
                )
                ready = await client.get("/readyz")
        finally:
            await handle.stop()
        assert (response.status_code, ready.status_code) == (202, 200)
        queue = await Queue.by_name(moto_aws.sqs, settings.inbound_queue_name)
        assert (await queue.depth())["visible"] == 1


class TestProduction:
    """Production refuses to start without its secrets: Settings validators, tested in
    tests/unit/test_settings.py; here, that with them the app is built."""

    def test_production_with_secrets_builds_the_app(self) -> None:
        """With every secret set the app is built."""
        settings = Settings(_env_file=None, orch_env="production", ingest_token="i", admin_token="a")
        assert create_app(settings).openapi_schema.info.title
