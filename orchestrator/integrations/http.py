"""Outbound JSON POSTs with one failure classification, shared by the backend client and reply sinks.

Timeouts, connection errors and 5xx are transient and retried with jittered exponential backoff
(stamina); so are 408 and 429 unless the caller's contract says otherwise (the backend's, SPEC
section 7: every 4xx is permanent). Other 3xx/4xx are permanent and never retried. Callers only
ever see our two error types.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import httpx
import stamina
import structlog
from httpx_aiohttp import HttpxAiohttpClient
from pydantic import BaseModel, ConfigDict, Field

from orchestrator.errors import PermanentIntegrationError, TransientIntegrationError
from orchestrator.observability.tracing import trace_http_client

logger = structlog.get_logger(__name__)

T = TypeVar("T")

JSON_CONTENT_TYPE = "application/json"
# Writes and webhook replies carry it; receivers apply a repeated key once.
IDEMPOTENCY_HEADER = "Idempotency-Key"
# 4xx that mean "not now" rather than "never": request timeout and rate limiting (Meta's Cloud API
# answers 429 under load). Retrying them is what the sender asks for, where the contract allows it.
RETRYABLE_CLIENT_ERRORS = frozenset({408, 429})
# For contracts where every 4xx is final (the backend's, SPEC section 7).
NO_RETRYABLE_CLIENT_ERRORS: frozenset[int] = frozenset()


class RetryPolicy(BaseModel):
    """How hard to try one request before giving up with `TransientIntegrationError`.

    The defaults fit inside the worker's turn: the message's visibility and the session lock are
    renewed while it runs, and a request that still fails is left to SQS redelivery.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    attempts: int = Field(default=3, ge=1)
    # Cap on the whole retry loop (seconds); a running attempt is never cut short by it.
    total_timeout: float = Field(default=30.0, gt=0)
    wait_initial: float = Field(default=0.25, ge=0)
    wait_max: float = Field(default=2.0, ge=0)
    wait_jitter: float = Field(default=0.25, ge=0)


def new_http_client(*, timeout: float = 10.0, max_connections: int = 100) -> httpx.AsyncClient:
    """The process's one outbound HTTP client; the composition root owns it (`async with`).

    Connections are pooled per host, so the backend and the reply sink share it. httpx's API over
    aiohttp's connections (httpx-aiohttp): httpcore spent about 3.7 ms of CPU per POST where this
    spends 1.3 (a request's head and body in one write, no poll of every pooled socket per request;
    issue 15's profile, bench/results/profile_worker_issue_15_c.txt). Its errors are mapped to
    httpx's, so `send_once` classifies them as before.
    """
    # Idle connections expire before the common 5 s server keep-alive (uvicorn's default), so a
    # reused connection is never one the server is closing at that very moment.
    limits = httpx.Limits(
        max_connections=max_connections, max_keepalive_connections=max_connections, keepalive_expiry=4.0
    )
    client = HttpxAiohttpClient(timeout=timeout, limits=limits, follow_redirects=False)
    trace_http_client(client)
    return client


def encode_json(body: Mapping[str, Any]) -> bytes:
    """Serialize a request body once, so every attempt of a retry sends the very same bytes."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


async def post_json(
    client: httpx.AsyncClient,
    url: str,
    content: bytes,
    *,
    target: str,
    timeout: float,
    policy: RetryPolicy,
    headers: Mapping[str, str] | None = None,
    retryable: Callable[[httpx.Response], bool] | None = None,
    retryable_statuses: frozenset[int] = RETRYABLE_CLIENT_ERRORS,
) -> httpx.Response:
    """POST `content` (JSON bytes) and return the 2xx response, retrying transient failures.

    Args:
        target: a name for logs and errors (e.g. `updateClinicalData`); never the URL, which may
            carry credentials.
        timeout: per attempt, in seconds.
        retryable: tells a "not now" among other 4xx answers (Meta's rate limits come as a 400
            with an error code).
        retryable_statuses: the 4xx statuses retried like a 5xx (408 and 429 by default).

    Raises:
        TransientIntegrationError: still timing out, unreachable or 5xx after `policy.attempts`.
        PermanentIntegrationError: 3xx/4xx (with `status_code`), or a URL that cannot work.
    """
    request_headers = {"Content-Type": JSON_CONTENT_TYPE, **(headers or {})}

    async def post_once() -> httpx.Response:
        request = client.build_request("POST", url, content=content, headers=request_headers, timeout=timeout)
        return await send_once(
            client, request, target=target, retryable=retryable, retryable_statuses=retryable_statuses
        )

    return await with_retries(post_once, target=target, policy=policy)


async def with_retries(call: Callable[[], Awaitable[T]], *, target: str, policy: RetryPolicy) -> T:
    """`call()`, retried with jittered exponential backoff while it raises `TransientIntegrationError`.

    Raises:
        TransientIntegrationError: still failing after `policy.attempts` (or its total timeout).
        PermanentIntegrationError: as `call` raised it, at once.
    """
    attempt_number = 0
    try:
        async for attempt in stamina.retry_context(
            on=TransientIntegrationError,
            attempts=policy.attempts,
            timeout=policy.total_timeout,
            wait_initial=policy.wait_initial,
            wait_max=policy.wait_max,
            wait_jitter=policy.wait_jitter,
        ):
            with attempt:
                attempt_number = attempt.num
                return await call()
    except TransientIntegrationError as exc:
        logger.warning("http_call_gave_up", target=target, attempts=attempt_number, reason=str(exc))
        raise
    except PermanentIntegrationError as exc:
        logger.warning("http_call_rejected", target=target, status=exc.status_code)
        raise
    # stamina always runs at least one attempt, which returns or raises.
    raise AssertionError("unreachable")  # pragma: no cover


async def send_once(
    client: httpx.AsyncClient,
    request: httpx.Request,
    *,
    target: str,
    stream: bool = False,
    retryable: Callable[[httpx.Response], bool] | None = None,
    retryable_statuses: frozenset[int] = RETRYABLE_CLIENT_ERRORS,
) -> httpx.Response:
    """One attempt, classified: transient failures (and `retryable_statuses`) raise
    `TransientIntegrationError`, other 3xx/4xx `PermanentIntegrationError`. With `stream`, a 2xx
    response is returned unread (the caller closes it)."""
    try:
        response = await client.send(request, stream=stream)
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise PermanentIntegrationError(f"{target}: unusable URL") from exc
    except httpx.TimeoutException as exc:
        raise TransientIntegrationError(f"{target}: timed out ({type(exc).__name__})") from exc
    except httpx.RequestError as exc:
        # Connection refused/reset, protocol errors: the server may well be back in a moment.
        raise TransientIntegrationError(f"{target}: {type(exc).__name__}") from exc
    status = response.status_code
    if status < 300:
        return response
    not_now = retryable is not None and not stream and retryable(response)  # reads the (already read) body
    await response.aclose()
    if status >= 500 or status in retryable_statuses or not_now:
        raise TransientIntegrationError(f"{target}: HTTP {status}")
    # Redirects are not followed: a contract URL that moved is a configuration error.
    raise PermanentIntegrationError(f"{target}: HTTP {status}", status_code=status)
