"""The worker's metrics port: `/metrics` (Prometheus), `/healthz` (liveness), `/readyz` (readiness).

A stdlib HTTP server in a thread, as prometheus_client's own `start_http_server`: the worker has
no web framework, and a probe must answer even while the event loop is busy with turns.

Ready means: the consumer has received from the queue at least once since start (AWS reachable,
queue there), its last receive did not fail, and the worker is not stopping (SIGTERM: an
orchestrator takes it out of rotation while it drains). `ObservedQueue` sets the receive part.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CollectorRegistry

from orchestrator.observability.metrics import CONTENT_TYPE, render


@dataclass
class WorkerHealth:
    """Set by the event loop, read by the probe thread (plain attribute writes: atomic under the GIL)."""

    receiving: bool = False
    last_receive_failed: str | None = None
    stopping: bool = False

    def checks(self) -> dict[str, str]:
        if self.last_receive_failed:
            queue = f"unavailable: {self.last_receive_failed}"
        else:
            queue = "ok" if self.receiving else "starting"
        return {"queue": queue, "worker": "stopping" if self.stopping else "ok"}


def _handler(registry: CollectorRegistry, health: WorkerHealth) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/metrics":
                self._answer(200, render(registry), CONTENT_TYPE)
            elif path == "/healthz":
                self._json(200, {"status": "ok"})
            elif path == "/readyz":
                checks = health.checks()
                ready = all(value == "ok" for value in checks.values())
                self._json(200 if ready else 503, {"status": "ok" if ready else "unavailable", "checks": checks})
            else:
                self._json(404, {"error": "not_found"})

        def _json(self, status: int, body: Mapping[str, str | Mapping[str, str]]) -> None:
            self._answer(status, json.dumps(body).encode(), "application/json")

        def _answer(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Probes every few seconds are not worth a log line each."""

    return Handler


class HealthServer:
    """The metrics port, served from a daemon thread until `close()`."""

    def __init__(self, port: int, registry: CollectorRegistry, health: WorkerHealth, host: str = "0.0.0.0") -> None:  # noqa: S104
        self._server = ThreadingHTTPServer((host, port), _handler(registry, health))
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, name="worker-metrics", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
