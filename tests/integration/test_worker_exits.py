"""How an `orchestrator worker` process ends when it cannot do its job: real processes, moto behind a
fault proxy. A worker whose queue goes away exits non-zero (a supervisor restarts it, and it shows);
one whose heartbeat cannot keep the queue's lease refuses to start."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from orchestrator.devtools.localaws import MotoServer
from orchestrator.exits import ExitCode
from tests.faultproxy import FaultProxy
from tests.integration.scripted import ScriptedServer
from tests.integration.stack import running_stack

pytestmark = pytest.mark.slow


def log_events(path: Path) -> dict[str, dict[str, object]]:
    """The worker's JSON log lines by event name (the last of each)."""
    lines = [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]
    return {str(line["event"]): line for line in lines}


@pytest.mark.timeout(180)
async def test_worker_exits_non_zero_when_sqs_goes_away(
    moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str, tmp_path: Path
) -> None:
    """The worker is receiving when its endpoint disappears: once botocore's retries are spent the
    receive loop's error is logged and the process exits 1 (it used to exit 0)."""
    proxy = await FaultProxy(moto_server.endpoint).start()
    try:
        async with running_stack(moto_server.endpoint, scripted, table_prefix) as stack:
            stack.settings = stack.settings.model_copy(update={"aws_endpoint_url": proxy.url})
            log = tmp_path / "worker.log"
            worker = stack.start_worker(log_path=log)
            await proxy.arrived("ReceiveMessage", timeout=60)
            await proxy.stop()
            code = await asyncio.to_thread(worker.wait, 150)
    finally:
        await proxy.stop()
    assert code == ExitCode.FAILED
    events = log_events(log)
    assert events["receive_failed"]["error_type"] == "EndpointConnectionError"
    assert "receiving from the inbound queue failed" in str(events["worker_failed"]["error"])
    assert "worker_stopped" in events  # stopped as on SIGTERM first: nothing held is lost
    assert "orchestrator worker: receiving from the inbound queue failed" in log.read_text()


async def test_worker_refuses_a_heartbeat_that_cannot_keep_the_lease(
    moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str, tmp_path: Path
) -> None:
    """The queue was created with a 5 s visibility timeout but the worker is told 30 s: its heartbeat
    (every 10 s) would let messages reappear mid-turn, so it refuses to start, naming both, and
    exits 2."""
    async with running_stack(moto_server.endpoint, scripted, table_prefix, visibility_timeout_seconds=5) as stack:
        stack.settings = stack.settings.model_copy(update={"visibility_timeout_seconds": 30})
        log = tmp_path / "worker.log"
        code = await asyncio.to_thread(stack.start_worker(log_path=log).wait, 60)
    assert code == ExitCode.CONFIGURATION
    (line,) = [line for line in log.read_text().splitlines() if line.startswith("orchestrator worker:")]
    assert "VISIBILITY_TIMEOUT_SECONDS=30" in line
    assert "5 s" in line
