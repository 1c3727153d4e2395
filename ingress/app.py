"""`create_app(settings, deps=None)`: the Litestar ingress, wired without globals; and how it is served.

With `deps=None` the lifespan opens one `AwsClients` for the process and builds the stores and
queues on it; tests and `dev` pass their own `IngressDeps`.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass

import uvicorn
from granian import Granian
from granian.constants import Interfaces
from granian.log import LogLevels
from litestar import Litestar, Router
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from ingress.access import AccessLog
from ingress.admin import admin_router
from ingress.admission import Admission
from ingress.auth import ingest_guard
from ingress.deps import IngressDeps, open_ingress_deps
from ingress.errors import EXCEPTION_HANDLERS, ServiceUnavailable
from ingress.metrics import IngressMetrics
from ingress.ops import OpsController
from ingress.readiness import Readiness, ReadinessMonitor
from ingress.schemas import MAX_BODY_BYTES
from ingress.tracing import tracing_plugins
from ingress.webhooks import IngestController, WhatsAppController, log_whatsapp_configuration
from orchestrator.logs import configure_logging
from orchestrator.observability.tracing import configure_tracing
from orchestrator.settings import Settings

SCHEMA_PATH = "/schema"
# The 503 of a webhook while the ingress is not ready: the sender retries, the operator looks at /readyz.
NOT_READY = (
    "the ingress is not ready yet (AWS not reachable, or its tables and queue not created); "
    "GET /readyz says which; retry"
)


class _Wiring:
    """The app's dependencies once the lifespan (or the caller) provided them; read through `Provide`."""

    def __init__(self, metrics: IngressMetrics) -> None:
        self.metrics = metrics
        self._deps: IngressDeps | None = None
        self._admission: Admission | None = None
        self.monitor: ReadinessMonitor | None = None

    def use(self, deps: IngressDeps | None) -> None:
        self._deps = deps
        self._admission = None if deps is None else Admission(deps.idempotency, deps.inbound, self.metrics)

    def deps(self) -> IngressDeps:
        if self._deps is None:  # AWS not reached yet (readiness says why): the sender retries
            raise ServiceUnavailable(NOT_READY)
        return self._deps

    def admission(self) -> Admission:
        if self._admission is None:
            raise ServiceUnavailable(NOT_READY)
        return self._admission

    async def close(self) -> None:
        """Wait for the admission's last completions (bounded); nothing to wait for if never ready."""
        if self._admission is not None:
            await self._admission.close()

    def readiness(self) -> Readiness:
        return Readiness() if self.monitor is None else self.monitor.readiness

    def get_metrics(self) -> IngressMetrics:
        return self.metrics


def _openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="WhatsApp Orchestrator ingress",
        version="1",
        path=SCHEMA_PATH,
        # The first plugin also answers at the root, so GET /schema is the JSON document itself.
        render_plugins=[JsonRenderPlugin(path=["/", "/openapi.json"]), SwaggerRenderPlugin()],
        components=Components(security_schemes={"bearer": SecurityScheme(type="http", scheme="bearer")}),
    )


DepsOpener = Callable[[Settings], AbstractAsyncContextManager[IngressDeps]]


def create_app(
    settings: Settings, deps: IngressDeps | None = None, *, open_deps: DepsOpener = open_ingress_deps
) -> Litestar:
    """Build the ingress app.

    Args:
        settings: the process's settings (tokens, table prefix, queue names, AWS endpoint).
        deps: ready adapters; None opens them in the lifespan and closes them on shutdown.
        open_deps: how the lifespan opens them when `deps` is None: one `AwsClients` for the
            process by default (a benchmark passes an opener that instruments the clients).
    """
    wiring = _Wiring(IngressMetrics())
    wiring.use(deps)

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        log_whatsapp_configuration(settings)
        # Opens the deps in the background when AWS is not reachable yet (the app starts unready).
        opener = None if deps is not None else (lambda: open_deps(settings))
        async with ReadinessMonitor(wiring.metrics, wiring.use, deps=deps, open_deps=opener) as monitor:
            wiring.monitor = monitor
            try:
                yield
            finally:
                await wiring.close()  # claims still being completed, before the monitor closes the clients

    def provide_settings() -> Settings:
        return settings

    app = Litestar(
        route_handlers=[
            Router(path="/", route_handlers=[IngestController], guards=[ingest_guard(settings.ingest_token)]),
            WhatsAppController,
            OpsController,
            admin_router(settings),
        ],
        dependencies={
            "settings": Provide(provide_settings, sync_to_thread=False),
            "deps": Provide(wiring.deps, sync_to_thread=False),
            "admission": Provide(wiring.admission, sync_to_thread=False),
            "metrics": Provide(wiring.get_metrics, sync_to_thread=False),
            "readiness": Provide(wiring.readiness, sync_to_thread=False),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[lifespan],
        request_max_body_size=MAX_BODY_BYTES,
        openapi_config=_openapi_config(),
        plugins=tracing_plugins(),
        # Logging belongs to the entry point (configure_logging); Litestar must not reconfigure it.
        logging_config=None,
    )
    # Around the whole router, not per route, so 404/405 answers are logged and counted too.
    app.asgi_handler = AccessLog(app.asgi_handler, wiring.metrics)
    return app


# -- serving -------------------------------------------------------------------------------------


def create_app_from_environment() -> Litestar:
    """Factory for server worker processes (`--workers N`): each builds its settings and logging."""
    settings = Settings()
    configure_logging(settings)
    configure_tracing("orchestrator-ingress")
    return create_app(settings)


# Replaces granian's `loggers` (its handlers write "[LEVEL] message" to stdout): no handlers of their
# own, so their records reach the root logger.
_GRANIAN_LOGGING: dict[str, object] = {
    "loggers": {
        "_granian": {"handlers": [], "propagate": True},
        "granian.access": {"handlers": [], "propagate": True},
    }
}


def serve(*, host: str, port: int, workers: int = 1) -> int:
    """Run the ingress with granian until SIGINT/SIGTERM (`orchestrator ingress --port P`).

    Granian, not uvicorn: in `bench/ingress.py` (same app, same AWS endpoints, 32 connections) the
    ingress on granian answered more requests per second (67.9 vs 50.0 and 98.2 vs 77.6 req/s in
    two runs) with a lower p99 for the same CPU per request (~7.9 ms, nearly all of it botocore):
    its HTTP layer is Rust, uvicorn's here is pure-Python h11. uvicorn still serves the ingress
    in-process (`run_ingress_in_loop`), where an embeddable asyncio server is what counts.

    Granian's workers are processes that import the app factory: each builds its `Settings` from
    the environment, which the CLI has validated before calling this.
    """
    Granian(
        f"{__name__}:create_app_from_environment",
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        workers=workers,
        factory=True,
        log_access=False,  # AccessLog writes the one structured line per request
        log_level=LogLevels.warning,
        # Granian's own lines (a server process that died, a crash loop) into our log stream, through
        # the root handler `configure_logging` installed: JSON on stderr, not plain text on stdout.
        log_dictconfig=_GRANIAN_LOGGING,
        # One server process dying (an out-of-memory kill) must not take the others down with it:
        # it is replaced (and logged); a crash loop still stops the ingress.
        respawn_failed_workers=True,
    ).serve()
    return 0


class IngressStartupError(RuntimeError):
    """The embedded server could not start (its lifespan failed: AWS unreachable, queue missing)."""


class _EmbeddedServer(uvicorn.Server):
    """uvicorn inside someone else's event loop: the host owns the signals and its own exit."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def serve(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().serve(sockets)
        except SystemExit as exc:
            # uvicorn exits the process when start-up fails; a SystemExit escaping a task would
            # stop the host's event loop, so it becomes an ordinary error of this task.
            raise IngressStartupError(f"the ingress failed to start (exit code {exc.code})") from exc


@dataclass
class IngressHandle:
    """A running in-process ingress. `await handle.stop()` shuts it down (lifespan included)."""

    server: uvicorn.Server
    task: asyncio.Task[None]
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def stop(self) -> None:
        self.server.should_exit = True
        await self.task


async def run_ingress_in_loop(app: Litestar, *, host: str = "127.0.0.1", port: int = 0) -> IngressHandle:
    """Serve `app` with uvicorn in the running event loop (for `orchestrator dev` and tests).

    `port=0` picks a free port; the handle tells which. Returns once the server is accepting.
    """
    config = uvicorn.Config(app, host=host, port=port, log_config=None, access_log=False, lifespan="on")
    server = _EmbeddedServer(config)
    task = asyncio.create_task(server.serve(), name="ingress-server")
    while not server.started:
        if task.done():
            task.result()  # start-up failed: raise its error
            raise IngressStartupError("the ingress server stopped during start-up")
        await asyncio.sleep(0.01)
    bound_port = int(server.servers[0].sockets[0].getsockname()[1])
    return IngressHandle(server=server, task=task, host=host, port=bound_port)
