"""One aioboto3 session per process and its DynamoDB and SQS clients, opened once and reused.

The composition root (the ingress lifespan, the worker main, the CLI) owns an `AwsClients`
inside `async with`; everything below receives the clients it needs. Clients pool their
connections, so creating one per call would throw that away (aiobotocore #806, #928).
"""

from __future__ import annotations

import platform
from contextlib import AsyncExitStack
from dataclasses import dataclass
from functools import cache
from types import TracebackType
from typing import TYPE_CHECKING, Self, cast

import aioboto3
import aiobotocore
import botocore
from botocore.config import Config

from orchestrator.integrations.aws_json import DYNAMODB_OPERATIONS, SQS_OPERATIONS, ThinClient

if TYPE_CHECKING:
    from types_aiobotocore_dynamodb.client import DynamoDBClient
    from types_aiobotocore_sqs.client import SQSClient

# Moto and DynamoDB occasionally answer 500 or throttle under concurrent transactions; the
# `standard` mode retries those with jittered backoff (and caps retries with a token bucket).
SERVICE_ATTEMPTS = 6
# An operator at a terminal wants a clear error soon rather than a minute of silent retries.
INTERACTIVE_ATTEMPTS = 2


@cache
def user_agent() -> str:
    """A fixed User-Agent for every AWS call: names the SDK and Python versions, as botocore's does.

    botocore rebuilds its own string twice per request (feature ids from the request context,
    each component sanitized character by character): about 6% of the worker's CPU in issue 15's
    profile (bench/results/profile_worker_issue_15_c.txt). A configured `user_agent` takes its
    cheap path. What is lost is only the per-request SDK feature telemetry AWS reads from it.
    """
    return (
        f"whatsapp-orchestrator aiobotocore/{aiobotocore.__version__} botocore/{botocore.__version__} "
        f"Python/{platform.python_version()}"
    )


def client_config(
    *,
    max_connections: int = 64,
    connect_timeout: float = 5.0,
    read_timeout: float = 30.0,
    attempts: int = SERVICE_ATTEMPTS,
) -> Config:
    """botocore config shared by every client: standard retries, a pool sized for our concurrency.

    The defaults suit the worker (long polling holds a receive open for 20 s, so reads must outlast
    it); the ingress passes shorter ones, since a sender waits on each of its calls.

    botocore's client-side parameter validation is off: every request is built by this code, typed
    against the service models (types-aiobotocore, mypy --strict), and the service validates it
    again anyway. It walked every attribute of every item on every call: about 8% of the
    CPU the worker spends in AWS calls (issue 15's profile, bench/results/profile_worker_before_issue_15.txt).
    """
    return Config(
        parameter_validation=False,
        user_agent=user_agent(),
        retries={"mode": "standard", "total_max_attempts": attempts},
        max_pool_connections=max_connections,
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        tcp_keepalive=True,
    )


@dataclass
class AwsClients:
    """The process's DynamoDB and SQS clients: `async with await AwsClients.create(...) as aws`."""

    dynamodb: DynamoDBClient
    sqs: SQSClient
    _stack: AsyncExitStack

    @classmethod
    async def create(
        cls,
        *,
        region: str,
        endpoint_url: str | None = None,
        max_connections: int = 64,
        credentials: dict[str, str] | None = None,
        attempts: int = SERVICE_ATTEMPTS,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
    ) -> Self:
        """Open the clients.

        Args:
            region: AWS region.
            endpoint_url: overrides botocore's own endpoint resolution (which already honours
                `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SQS`). Used
                by `dev` for its embedded moto and by tests for their local servers.
            max_connections: HTTP connection pool size per client.
            credentials: explicit keys (local endpoints accept any).
            attempts: tries per call, first included (INTERACTIVE_ATTEMPTS for CLI commands).
            connect_timeout: seconds to open a connection, per attempt.
            read_timeout: seconds to wait for an answer, per attempt.
        """
        session = aioboto3.Session(region_name=region, **(credentials or {}))
        config = client_config(
            max_connections=max_connections,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            attempts=attempts,
        )
        stack = AsyncExitStack()
        try:
            dynamodb = await stack.enter_async_context(
                session.client("dynamodb", endpoint_url=endpoint_url, config=config)
            )
            sqs = await stack.enter_async_context(session.client("sqs", endpoint_url=endpoint_url, config=config))
        except BaseException:
            await stack.aclose()
            raise
        # The operations a message passes through skip botocore's shape walks (aws_json.py); the
        # clients' events, signer, retries, pool and error shapes are kept.
        return cls(
            dynamodb=cast("DynamoDBClient", ThinClient(dynamodb, DYNAMODB_OPERATIONS)),
            sqs=cast("SQSClient", ThinClient(sqs, SQS_OPERATIONS)),
            _stack=stack,
        )

    async def close(self) -> None:
        await self._stack.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()
