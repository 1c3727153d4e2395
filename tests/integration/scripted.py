"""A scripted HTTP server on 127.0.0.1 that records what it receives.

The server runs in threads (one per request), so a scripted slow answer never blocks the test's
event loop, and it serves the whole session; each test gets it emptied and re-scripted.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Scripted:
    """One canned answer: status, body, and how long to wait before sending it; a `held` answer is
    sent only when the server is reset (the next test), so a test never races a fixed delay."""

    status: int = 200
    body: bytes = b"{}"
    delay: float = 0.0
    held: bool = False
    content_type: str = "application/json"

    @classmethod
    def json(cls, value: Any, status: int = 200) -> Scripted:
        return cls(status=status, body=json.dumps(value).encode())


@dataclass(frozen=True)
class Received:
    """One request as the server saw it (header names lower-cased)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class ScriptedServer:
    """Answers requests from a script, in order; once the script runs out, with `default`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._script: deque[Scripted] = deque()
        self.default = Scripted()
        self.received: list[Received] = []
        self.released = threading.Event()  # set by `reset`: held answers go out
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False  # a scripted slow answer must not hold up shutdown
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> ScriptedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def reset(self) -> None:
        self.released.set()
        self.released = threading.Event()
        with self._lock:
            self._script.clear()
            self.received.clear()
            self.default = Scripted()

    def script(self, *answers: Scripted) -> None:
        with self._lock:
            self._script.extend(answers)

    def hits(self, path: str | None = None) -> int:
        with self._lock:
            return sum(1 for request in self.received if path is None or request.path == path)

    def take(self, request: Received) -> Scripted:
        with self._lock:
            self.received.append(request)
            return self._script.popleft() if self._script else self.default


def _handler_for(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {name.lower(): value for name, value in self.headers.items()}
            answer = server.take(Received("POST", self.path, headers, body))
            if answer.held:
                server.released.wait()
            if answer.delay:
                time.sleep(answer.delay)
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a scripted timeout)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
