"""The worker's metrics and probes, for real: one registry with the `orchestrator_` prefix, duration
histograms labelled by contract and sink after a conversation, and `/healthz` + `/readyz` on the
metrics port of an `orchestrator worker` process (ready once it receives, unready while it drains)."""

from __future__ import annotations

import asyncio
import signal

import httpx
import pytest

from orchestrator.devtools.demo_backend import DEMO_PHONES, DemoShiftKind, schedule_body
from orchestrator.devtools.localaws import MotoServer, free_port
from tests.integration.scripted import Scripted, ScriptedServer
from tests.integration.stack import running_stack, wait_for
from worker.app import WorkerDeps, open_consumer

B = DEMO_PHONES[DemoShiftKind.CONFIRMED]
FULL_VITALS = "PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo e orientado"


class TestDurations:
    async def test_a_conversation_fills_the_duration_histograms(
        self, moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str
    ) -> None:
        """A measurement and its "sim": turn, backend (by contract) and reply (by sink) durations observed."""
        async with running_stack(moto_server.endpoint, scripted, table_prefix) as stack:
            for text in (FULL_VITALS, "sim"):
                assert (await stack.send("+" + B, text)).status_code == 202
                async with open_consumer(stack.settings, WorkerDeps(aws=stack.aws)) as consumer:
                    await consumer.drain()
                    registry = consumer.metrics.registry

        # The last worker ran the "sim" turn: one turn, one clinical write, one reply.
        def count(name: str, **labels: str) -> float:
            return registry.get_sample_value(f"orchestrator_{name}_duration_seconds_count", labels) or 0

        turns, replies = count("turn"), count("reply", sink="webhook")
        backend_read = count("backend", contract="getScheduleStarted")
        backend_write = count("backend", contract="updateClinicalData")
        assert (turns, backend_write, replies) == (1, 1, 1)
        assert backend_read in (0, 1)  # the shift may still be fresh from the first turn


class TestBackendOutcomes:
    async def test_every_backend_call_is_counted_by_contract_and_outcome(
        self, moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str
    ) -> None:
        """`orchestrator_backend_calls_total{contract, outcome}` counts the shift reads too: with
        getScheduleStarted down, every caregiver hears "try again" and the operator's backend
        alert must see it (only writes were counted)."""
        async with running_stack(moto_server.endpoint, scripted, table_prefix) as stack:
            # The client's three attempts at the shift fail; the reply then goes through.
            scripted.script(*[Scripted(status=503, body=b'{"message": "down"}')] * 3)
            stack.settings = stack.settings.model_copy(update={"lambda_get_schedule": f"{scripted.url}/schedule"})
            assert (await stack.send("+" + B, "bom dia")).status_code == 202
            async with open_consumer(stack.settings, WorkerDeps(aws=stack.aws)) as consumer:
                await consumer.drain()
                registry = consumer.metrics.registry
        labels = {"contract": "getScheduleStarted", "outcome": "transient_error"}
        assert registry.get_sample_value("orchestrator_backend_calls_total", labels) == 1
        assert scripted.hits("/schedule") == 3


class TestProbes:
    @pytest.mark.slow
    @pytest.mark.timeout(300)
    async def test_worker_process_serves_health_readiness_and_metrics(
        self, moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str
    ) -> None:
        """`orchestrator worker --metrics-port P`: /healthz 200; /readyz 200 once receiving; /metrics
        prefixed, without `_created`; on SIGTERM with turns in flight /readyz turns 503 while it drains."""
        async with running_stack(
            moto_server.endpoint, scripted, table_prefix, visibility_timeout_seconds=8, backend_timeout_seconds=120
        ) as stack:
            # The backend holds its answer until the test ends: turns stay in flight past the drain
            # deadline (8 - 5 = 3 s) however slow the machine is.
            scripted.default = Scripted(
                status=200, body=Scripted.json(schedule_body(stack.demo.backend.shift(B))).body, held=True
            )
            stack.settings = stack.settings.model_copy(update={"lambda_get_schedule": f"{scripted.url}/schedule"})
            port = free_port()
            worker = stack.start_worker(concurrency=4, metrics_port=port)
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
                ready = await _wait_for_status(client, "/readyz", 200)
                health = await client.get("/healthz")
                exposition = (await client.get("/metrics")).text
                assert (await stack.send("+" + B, "bom dia")).status_code == 202
                await wait_for(lambda: scripted.hits("/schedule") >= 1, timeout=60, what="a turn in flight")
                worker.send_signal(signal.SIGTERM)
                draining = await _wait_for_status(client, "/readyz", 503)
            assert await asyncio.to_thread(worker.wait, 120) == 0
        assert ready.json()["checks"] == {"queue": "ok", "worker": "ok"}
        assert health.status_code == 200
        assert draining.json()["checks"]["worker"] == "stopping"
        names = {line.split("{")[0].split(" ")[0] for line in exposition.splitlines() if not line.startswith("#")}
        assert names and all(name.startswith("orchestrator_") for name in names if name)
        assert not any(name.endswith("_created") for name in names)
        assert "orchestrator_process_cpu_seconds_total" in names


async def _wait_for_status(client: httpx.AsyncClient, path: str, status: int) -> httpx.Response:
    async with asyncio.timeout(120):  # a worker process starting on a loaded machine takes its time
        while True:
            try:
                response = await client.get(path)
            except httpx.TransportError:  # not listening yet
                response = None
            if response is not None and response.status_code == status:
                return response
            await asyncio.sleep(0.05)
