"""moto's SQS for the worker bench, served by granian with HTTP/1.1 keep-alive.

Why: moto's own server (werkzeug) answers every request with `Connection: close`, so each
ReceiveMessage and DeleteMessageBatch of a worker opened and closed a TCP connection: about 6% of
the worker's CPU in issue 15's profile (bench/results/profile_worker_issue_15_c.txt), a cost SQS
itself does not impose (its endpoints keep connections alive). The same moto backends, under a
server that keeps them open, leave the worker's own cost to measure.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

from orchestrator.devtools.localaws import MotoProcess, free_port, start_listening_process

# Long polls hold a thread each (1 s in the bench); sends, deletes and receives of two workers and
# the load generator run beside them.
BLOCKING_THREADS = 32


def app() -> DomainDispatcherApplication:
    """The WSGI application moto's own server runs (granian calls this factory)."""
    return DomainDispatcherApplication(create_backend_app)


@dataclass
class KeepAliveMoto(MotoProcess):
    """moto in a granian process of its own (one worker process: one in-memory state)."""

    def start(self, *, timeout: float = 30.0) -> KeepAliveMoto:
        self.port = self.port or free_port()
        command = [
            *(sys.executable, "-m", "granian", "--interface", "wsgi", "--factory"),
            *("--host", "127.0.0.1", "--port", str(self.port), "--workers", "1"),
            *("--blocking-threads", str(BLOCKING_THREADS), "--log-level", "warning"),
            "bench._moto_keepalive:app",
        ]
        self._process = start_listening_process(command, self.port, timeout=timeout, name="moto (granian)")
        return self
