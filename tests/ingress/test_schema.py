"""Schemathesis against /schema over real HTTP: no 5xx, and every response matches the document."""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from litestar.serialization import encode_json
from schemathesis.checks import not_a_server_error, response_schema_conformance

from ingress.app import create_app, run_ingress_in_loop
from ingress.deps import build_ingress_deps
from orchestrator.devtools.localaws import LOCAL_CREDENTIALS, MotoServer
from orchestrator.integrations.aws import AwsClients
from orchestrator.provision import provision
from tests.ingress.conftest import ADMIN_TOKEN, make_settings


class ThreadedIngress:
    """The app on uvicorn in a thread with its own event loop (schemathesis calls it synchronously)."""

    def __init__(self, endpoint: str) -> None:
        self._endpoint = endpoint
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._error: BaseException | None = None
        self.url = ""
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)

    async def _main(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        try:
            settings = make_settings(f"s{uuid.uuid4().hex[:10]}_", ingest_token=INGEST_TOKEN)
            aws = await AwsClients.create(
                region="sa-east-1", endpoint_url=self._endpoint, credentials=LOCAL_CREDENTIALS
            )
            async with aws:
                await provision(aws, settings)
                handle = await run_ingress_in_loop(create_app(settings, await build_ingress_deps(aws, settings)))
                self.url = handle.url
                self._ready.set()
                await self._stop.wait()
                await handle.stop()
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            raise

    def __enter__(self) -> ThreadedIngress:
        self._thread.start()
        self._ready.wait(timeout=60)
        if self._error is not None or not self.url:
            raise RuntimeError("the ingress did not start") from self._error
        return self

    def __exit__(self, *_: object) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=30)


# The document is built from the app itself (no I/O); `test_served_schema_is_the_tested_one`
# checks that GET /schema serves exactly this document. (Schemathesis' lazy `from_fixture`
# loader does not run on pytest 9, so the schema is loaded at collection time instead.)
INGEST_TOKEN = "ingest-secret"
DOCUMENT = json.loads(
    encode_json(create_app(make_settings("doc_", ingest_token=INGEST_TOKEN)).openapi_schema.to_schema())
)
schema = schemathesis.openapi.from_dict(DOCUMENT)


@pytest.fixture(scope="module")
def ingress_url(moto_server: MotoServer) -> Iterator[str]:
    with ThreadedIngress(moto_server.endpoint) as ingress:
        yield ingress.url


def test_served_schema_is_the_tested_one(ingress_url: str) -> None:
    """GET /schema serves the document the property test below is generated from."""
    assert httpx.get(f"{ingress_url}/schema", timeout=30).json() == DOCUMENT


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case: schemathesis.Case[Any], ingress_url: str) -> None:
    """Generated requests (valid and invalid) to every operation: never a 5xx, always the documented shape."""
    token = ADMIN_TOKEN if case.path.startswith(("/sessions", "/debug", "/metrics/")) else INGEST_TOKEN
    case.call_and_validate(
        base_url=ingress_url,
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, response_schema_conformance],
        timeout=30,
    )
