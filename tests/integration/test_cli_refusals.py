"""The processes refuse to start on bad configuration, with one clear line and exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "orchestrator.cli", *args],
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class TestRefusals:
    @pytest.mark.parametrize("command", [["ingress", "--port", "1"], ["worker"], ["init"]])
    def test_production_without_secrets(self, command: list[str]) -> None:
        """ORCH_ENV=production without INGEST_TOKEN and ADMIN_TOKEN: no process starts."""
        done = _run(*command, ORCH_ENV="production")
        assert done.returncode == 2
        assert done.stderr.strip() == "orchestrator: ORCH_ENV=production requires INGEST_TOKEN, ADMIN_TOKEN to be set"

    def test_invalid_value_names_the_variable(self) -> None:
        """A value of the wrong type names its variable."""
        done = _run("init", MAX_RECEIVE_COUNT="many")
        assert done.returncode == 2
        assert done.stderr.startswith("orchestrator: invalid setting MAX_RECEIVE_COUNT:")

    def test_worker_without_backend_urls(self) -> None:
        """A production worker needs the backend contracts; it says which variables are missing."""
        done = _run("worker")
        assert done.returncode == 2
        assert "LAMBDA_GET_SCHEDULE" in done.stderr
