"""`orchestrator ingress --workers 2` as a real process tree (granian: one main process, one process
per worker) when one of its server processes dies, as an out-of-memory kill does."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from orchestrator.devtools.localaws import LOCAL_CREDENTIALS, MotoServer, free_port

pytestmark = pytest.mark.slow


@dataclass
class IngressTree:
    process: subprocess.Popen[str]
    url: str

    def server_processes(self) -> list[int]:
        found = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False)
        return [int(pid) for pid in found.stdout.split()]


def _wait(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture
def ingress_tree(moto_server: MotoServer, table_prefix: str, tmp_path: Path) -> Iterator[IngressTree]:
    port = free_port()
    keep = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env = keep | {
        "AWS_ENDPOINT_URL": moto_server.endpoint,
        "AWS_ACCESS_KEY_ID": LOCAL_CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": LOCAL_CREDENTIALS["aws_secret_access_key"],
        "TABLE_PREFIX": table_prefix,
        "LOG_FORMAT": "json",
    }
    command = ["ingress", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    process = subprocess.Popen(
        [sys.executable, "-m", "orchestrator.cli", *command],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    tree = IngressTree(process, f"http://127.0.0.1:{port}")

    def healthy() -> bool:
        try:
            return httpx.get(f"{tree.url}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        _wait(lambda: healthy() and len(tree.server_processes()) == 2, 60)
        yield tree
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=20)  # also closes its pipes
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


class TestAServerProcessDies:
    @pytest.mark.timeout(120)
    def test_the_death_is_logged_as_a_json_error_line(self, ingress_tree: IngressTree) -> None:
        """Granian reported it as `[ERROR] Unexpected exit from worker-1`, plain text on stdout,
        outside the JSON log stream on stderr (no `level` for the error alarm's filter to read)."""
        os.kill(ingress_tree.server_processes()[0], signal.SIGKILL)
        time.sleep(3)
        ingress_tree.process.send_signal(signal.SIGTERM)
        out, err = ingress_tree.process.communicate(timeout=30)
        assert "Unexpected exit" not in out
        entries = [json.loads(line) for line in err.splitlines()]  # every line JSON
        (death,) = [entry for entry in entries if "Unexpected exit from worker" in entry["event"]]
        assert death["level"] == "error"

    @pytest.mark.timeout(120)
    def test_the_ingress_goes_on_with_a_new_process(self, ingress_tree: IngressTree) -> None:
        """One killed server process took the whole ingress down (exit 1, every webhook refused until
        a supervisor restarted it): granian does not respawn failed workers unless asked to."""
        dead = ingress_tree.server_processes()[0]
        os.kill(dead, signal.SIGKILL)
        _wait(lambda: len(ingress_tree.server_processes()) == 2 and dead not in ingress_tree.server_processes(), 30)
        assert ingress_tree.process.poll() is None
        assert httpx.get(f"{ingress_tree.url}/healthz", timeout=5).status_code == 200
        # Let the replacement finish starting: granian leaves a worker behind when SIGTERM comes
        # while it is still respawning one (the fixture's stop would then wait on it).
        time.sleep(3)
