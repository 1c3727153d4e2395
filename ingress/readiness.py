"""Readiness of the ingress, cached, and the queue-depth gauges, both refreshed by one background task.

A load balancer probes `/readyz` every few seconds per task; asking DynamoDB and SQS on every probe
would cost six AWS calls each time. Instead one task samples them (queues every `QUEUE_SECONDS`,
tables every `TABLES_SECONDS`) and `/readyz` answers from the last sample.

The same task opens the AWS-backed dependencies. An ingress that cannot reach AWS at start-up (or
whose queue does not exist yet) starts anyway, answers 503, logs one warning, and keeps trying:
it becomes ready as soon as AWS answers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from dataclasses import dataclass, field
from types import TracebackType

import structlog
from botocore.exceptions import ClientError

from ingress.deps import IngressDeps
from ingress.metrics import IngressMetrics, QueueRole
from orchestrator.observability.tracing import suppressed

log = structlog.get_logger(__name__)

QUEUE_SECONDS = 10.0
TABLES_SECONDS = 60.0
# One AWS round must end well within a load balancer's probe interval, even when AWS hangs.
PROBE_TIMEOUT_SECONDS = 3.0
# Start-up waits this long for AWS before serving unready (botocore's retries could take minutes).
STARTUP_SECONDS = 5.0
RETRY_FIRST_SECONDS = 0.5
RETRY_MAX_SECONDS = 15.0
_ACTIVE = "ACTIVE"
_OK = "ok"

DepsOpener = Callable[[], AbstractAsyncContextManager[IngressDeps]]


@dataclass
class Readiness:
    """The last sample: one entry per check, `ok` or why not."""

    checks: dict[str, str] = field(default_factory=lambda: {"aws": "connecting"})

    @property
    def ready(self) -> bool:
        return all(result == _OK for result in self.checks.values())


# What to do about the failures an operator meets at start-up (`/readyz` is the first place they look).
_RUN_INIT = "run `orchestrator init` with this ingress's TABLE_PREFIX and INBOUND_QUEUE_NAME"
_NOT_REACHABLE = "AWS not reachable: check AWS_ENDPOINT_URL* and the network"
_HINTS = {
    "QueueDoesNotExist": _RUN_INIT,
    "AWS.SimpleQueueService.NonExistentQueue": _RUN_INIT,
    "ResourceNotFoundException": _RUN_INIT,
    "EndpointConnectionError": _NOT_REACHABLE,
    "ConnectTimeoutError": _NOT_REACHABLE,
    "ReadTimeoutError": _NOT_REACHABLE,
    "TimeoutError": _NOT_REACHABLE,
    "NoCredentialsError": "no AWS credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or a role",
    "InvalidClientTokenId": "AWS refused the credentials",
    "UnrecognizedClientException": "AWS refused the credentials",
    "AccessDeniedException": "the role lacks a permission (docs/iam-policy.json)",
}


def _failure(exc: BaseException) -> str:
    """The failure's type (or AWS's error code) and what to do about it; never its message, which
    could name resources or carry request ids."""
    name = type(exc).__name__
    code = str(exc.response.get("Error", {}).get("Code") or "") if isinstance(exc, ClientError) else ""
    if name == "ClientError" and code:
        name = code  # botocore's generic class says less than AWS's code
    hint = _HINTS.get(name) or _HINTS.get(code)
    return f"unavailable: {name} ({hint})" if hint else f"unavailable: {name}"


async def _probe(step: Awaitable[object]) -> str:
    try:
        async with asyncio.timeout(PROBE_TIMEOUT_SECONDS):
            await step
    except Exception as exc:
        return _failure(exc)
    return _OK


class ReadinessMonitor:
    """Opens the dependencies (or takes given ones) and keeps `readiness` and the gauges fresh.

    Use as `async with ReadinessMonitor(...) as monitor:` around the app's lifetime.
    """

    def __init__(
        self,
        metrics: IngressMetrics,
        use: Callable[[IngressDeps | None], None],
        *,
        deps: IngressDeps | None = None,
        open_deps: DepsOpener | None = None,
    ) -> None:
        if (deps is None) == (open_deps is None):
            raise ValueError("give either ready deps or a way to open them")
        self.readiness = Readiness()
        self._metrics = metrics
        self._use = use
        self._deps = deps
        self._open_deps = open_deps
        self._stack = AsyncExitStack()
        self._task: asyncio.Task[None] | None = None
        self._tables = "unchecked"
        self._tables_checked_at = float("-inf")

    async def __aenter__(self) -> ReadinessMonitor:
        # One bounded try before serving, so a healthy start is ready at once; else go on unready.
        try:
            async with asyncio.timeout(STARTUP_SECONDS):
                await self._connect_once()
                await self._sample(check_tables=True)
        except Exception as exc:
            self._record(_failure(exc) if self._deps is None else None)
        self._task = asyncio.create_task(self._run(), name="ingress-readiness")
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._open_deps is not None:  # what we opened goes away; given deps are the caller's
            self._use(None)
        await self._stack.aclose()

    async def _connect_once(self) -> None:
        if self._deps is not None:
            return
        assert self._open_deps is not None
        self._deps = await self._stack.enter_async_context(self._open_deps())
        self._use(self._deps)
        log.info("ingress_connected")

    async def _run(self) -> None:
        delay = RETRY_FIRST_SECONDS
        while self._deps is None:
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_MAX_SECONDS)
            try:
                await self._connect_once()
            except Exception as exc:
                self._record(_failure(exc))
                continue
            await self._sample(check_tables=True)
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(QUEUE_SECONDS)
            stale = loop.time() - self._tables_checked_at >= TABLES_SECONDS
            await self._sample(check_tables=stale or self._tables != _OK)

    async def _sample(self, *, check_tables: bool) -> None:
        deps = self._deps
        assert deps is not None

        async def depth(role: QueueRole, read: Callable[[], Awaitable[dict[str, int]]]) -> None:
            self._metrics.observe_depth(role, await read())

        probes = [
            _probe(depth(QueueRole.INBOUND, deps.inbound.depth)),
            _probe(depth(QueueRole.DEAD_LETTER, deps.dlq.depth)),
        ]
        if check_tables:
            probes.append(_probe(_tables_active(deps)))
        with suppressed():  # a sample every 10 s is no request's trace
            results = await asyncio.gather(*probes)
        if check_tables:
            self._tables = results[2]
            self._tables_checked_at = asyncio.get_running_loop().time()
        # The DLQ's depth is a gauge, not a readiness condition: the request path never touches it.
        self._checks({"tables": self._tables, "queue": results[0]})

    def _record(self, aws: str | None) -> None:
        """Not connected (yet): `aws` says why. None: connected, the last sample stands."""
        if aws is not None:
            self._checks({"aws": aws})

    def _checks(self, checks: dict[str, str]) -> None:
        was_ready = self.readiness.ready
        first = self.readiness.checks == {"aws": "connecting"}
        self.readiness = Readiness(checks)
        self._metrics.ready.set(1 if self.readiness.ready else 0)
        if self.readiness.ready and not was_ready:
            log.info("ingress_ready")
        elif not self.readiness.ready and (was_ready or first):
            # One line per transition, not one per retry.
            log.warning("ingress_not_ready", checks=checks)


async def _tables_active(deps: IngressDeps) -> None:
    described = await deps.tables.describe()
    inactive = [str(table.get("name")) for table in described if table.get("status") != _ACTIVE]
    if not described or inactive:
        raise LookupError(f"{len(inactive)} table(s) not active")
