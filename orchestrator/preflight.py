"""Checks a command makes before it starts, so a wrong environment is one line within seconds.

Without them a busy port showed up after AWS was provisioned (or as a Rust backtrace from the
server), and an unreachable endpoint or missing credentials after a minute of botocore retries.
Each check raises `Refusal` (the line and the exit code); once a process runs, the normal retry
policy of its clients applies.
"""

from __future__ import annotations

import asyncio
import errno
import socket
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import aioboto3
from botocore.config import Config
from botocore.exceptions import ClientError, HTTPClientError, NoCredentialsError, ProfileNotFound
from botocore.exceptions import ConnectionError as BotoConnectionError

from orchestrator.exits import ExitCode, Refusal
from orchestrator.settings import Settings
from orchestrator.store.base import SESSIONS_TABLE

if TYPE_CHECKING:
    from types_aiobotocore_dynamodb.client import DynamoDBClient
    from types_aiobotocore_sqs.client import SQSClient

# One quick try, no retries: the probe asks "is anyone there?", not "do the work". A refused or
# unroutable connection fails within the connect timeout; a local emulator's first answer may take
# seconds (moto loads a service's backend on its first request), hence the longer read timeout.
CONNECT_SECONDS = 2
READ_SECONDS = 5
PROBE_SECONDS = CONNECT_SECONDS + READ_SECONDS
_PROBE_CONFIG = Config(
    connect_timeout=CONNECT_SECONDS, read_timeout=READ_SECONDS, retries={"mode": "standard", "total_max_attempts": 1}
)
# Error codes meaning "these credentials are not valid here" (as opposed to "not allowed to do that").
_BAD_CREDENTIALS = frozenset(
    {
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidAccessKeyId",
    }
)
_NOT_FOUND = frozenset({"QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "ResourceNotFoundException"})
NO_CREDENTIALS = (
    "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (any value works for a local "
    "endpoint), or AWS_PROFILE, or run with an instance or task role"
)


def ensure_port_free(host: str, port: int, *, option: str = "--port") -> None:
    """Refuse when `host:port` cannot be bound (someone listens there, or the address is not ours).

    Raises:
        Refusal: PORT_IN_USE, naming the port and the option that changes it.
    """
    if port == 0:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # Servers set SO_REUSEADDR too, so a port in TIME_WAIT is free for them and for this check.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                line = f"port {port} on {host} is already in use; stop what listens there or pick another: {option} N"
            else:
                line = f"cannot listen on {host}:{port} ({exc.strerror}); choose another address or {option}"
            raise Refusal(line, ExitCode.PORT_IN_USE) from exc


@dataclass(frozen=True)
class ProbeResult:
    """What a reachable AWS said about the resources a process needs."""

    missing: tuple[str, ...]  # e.g. "queue orchestrator-inbound.fifo", "table OrchestratorSessions"


async def ensure_credentials(settings: Settings) -> None:
    """Refuse when botocore's credential chain finds nothing (checked without calling AWS).

    Raises:
        Refusal: UNREACHABLE.
    """
    session = _session(settings)
    try:
        credentials = await asyncio.wait_for(session.get_credentials(), PROBE_SECONDS)
    except TimeoutError:
        credentials = None
    if credentials is None:
        raise Refusal(NO_CREDENTIALS, ExitCode.UNREACHABLE)


async def probe_aws(settings: Settings) -> ProbeResult:
    """Ask SQS for the inbound queue and DynamoDB for the sessions table, once each, concurrently.

    Returns:
        Which of the two do not exist (a fresh deployment before `orchestrator init`).

    Raises:
        Refusal: UNREACHABLE when an endpoint does not answer within PROBE_SECONDS, when there
            are no credentials, or when AWS rejects them.
    """
    session = _session(settings)
    endpoint = settings.aws_endpoint_url
    async with (
        session.client("sqs", endpoint_url=endpoint, config=_PROBE_CONFIG) as sqs,
        session.client("dynamodb", endpoint_url=endpoint, config=_PROBE_CONFIG) as dynamodb,
    ):
        asks = {
            f"queue {settings.inbound_queue_name}": _ask(
                settings, sqs, "sqs", sqs.get_queue_url(QueueName=settings.inbound_queue_name)
            ),
            f"table {settings.table(SESSIONS_TABLE)}": _ask(
                settings, dynamodb, "dynamodb", dynamodb.describe_table(TableName=settings.table(SESSIONS_TABLE))
            ),
        }
        found = await asyncio.gather(*asks.values())
    return ProbeResult(missing=tuple(name for name, exists in zip(asks, found, strict=True) if not exists))


def _session(settings: Settings) -> aioboto3.Session:
    """The probe's session; an AWS_PROFILE that names no profile is refused here, in one line."""
    try:
        return aioboto3.Session(region_name=settings.aws_region)
    except ProfileNotFound as exc:
        line = (
            f"AWS_PROFILE={exc.kwargs.get('profile')} is not a profile of ~/.aws/config or ~/.aws/credentials; "
            "correct AWS_PROFILE or unset it (keys in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY also work)"
        )
        raise Refusal(line, ExitCode.UNREACHABLE) from exc


async def _ask(settings: Settings, client: DynamoDBClient | SQSClient, service: str, call: Awaitable[object]) -> bool:
    """True when the resource exists, False when AWS says it does not; Refusal when AWS is not usable."""
    where = f"{client.meta.endpoint_url} ({endpoint_setting(settings, service)})"
    try:
        await asyncio.wait_for(call, PROBE_SECONDS)
    except NoCredentialsError as exc:
        raise Refusal(NO_CREDENTIALS, ExitCode.UNREACHABLE) from exc
    except (BotoConnectionError, HTTPClientError, TimeoutError) as exc:
        reason = "cannot connect" if isinstance(exc, BotoConnectionError) else f"no answer within {READ_SECONDS} s"
        line = f"AWS is not answering at {where}: {reason}; start that endpoint or correct the setting"
        raise Refusal(line, ExitCode.UNREACHABLE) from exc
    except ClientError as exc:
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        if code in _NOT_FOUND:
            return False
        if code in _BAD_CREDENTIALS:
            line = f"AWS at {where} refused the credentials ({code}); check AWS_ACCESS_KEY_ID/AWS_PROFILE"
            raise Refusal(line, ExitCode.UNREACHABLE) from exc
        if code.isdigit():  # botocore's code when the answer has no AWS error in it: an HTTP status
            line = f"{where} answered HTTP {code}, not as AWS does; is that the AWS endpoint's address and port?"
            raise Refusal(line, ExitCode.UNREACHABLE) from exc
        # Anything else (e.g. not allowed to describe) still proves AWS answers with valid credentials.
    return True


def endpoint_setting(settings: Settings, service: str) -> str:
    """Which setting decides where `service` is reached (the CLI passes AWS_ENDPOINT_URL explicitly)."""
    if settings.aws_endpoint_url:
        return "AWS_ENDPOINT_URL"
    if getattr(settings, f"aws_endpoint_url_{service}"):
        return f"AWS_ENDPOINT_URL_{service.upper()}"
    return f"AWS_REGION={settings.aws_region}"
