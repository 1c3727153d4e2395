"""Admin views while AWS is away, over real HTTP with the ingress's AWS calls going through a fault
proxy in front of moto: a prompt 503 the operator can act on, never a hang or a 500."""

from __future__ import annotations

import time

from structlog.testing import capture_logs

from ingress.admin import ADMIN_DEADLINE_SECONDS
from orchestrator.integrations.aws import AwsClients
from tests.faultproxy import Fault, FaultProxy
from tests.ingress.conftest import ADMIN_TOKEN, IngressFactory
from tests.ingress.test_admin import ADMIN_PATHS

AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


class TestAdminWhileAwsIsAway:
    async def test_endpoint_gone_is_a_prompt_503(
        self, serve_ingress: IngressFactory, proxy: FaultProxy, proxied_clients: AwsClients
    ) -> None:
        """AWS refuses connections: every admin view answers 503 `aws_unavailable` with Retry-After
        within its deadline, logged as one line without a traceback (it was a 500 `internal_error`
        after botocore's retries, with a traceback in the log)."""
        ingress = await serve_ingress(aws=proxied_clients)
        await proxy.stop()
        with capture_logs() as logs:
            for path in ADMIN_PATHS:
                started = time.monotonic()
                response = await ingress.client.get(path, headers=AUTH)
                assert time.monotonic() - started < ADMIN_DEADLINE_SECONDS + 2
                assert (path, response.status_code, response.json()["error"]) == (path, 503, "aws_unavailable")
                assert int(response.headers["retry-after"]) > 0
        assert not [entry for entry in logs if entry["log_level"] == "error" or "exc_info" in entry]
        assert [entry["event"] for entry in logs].count("admin_aws_unavailable") == len(ADMIN_PATHS)
        await ingress.stop()

    async def test_stalled_reads_end_at_the_deadline(
        self, serve_ingress: IngressFactory, proxy: FaultProxy, proxied_clients: AwsClients
    ) -> None:
        """DynamoDB accepts the connection but never answers: 503 at the deadline, not a hang."""
        ingress = await serve_ingress(aws=proxied_clients)
        for operation in ("GetItem", "Query"):
            proxy.inject(operation, Fault.STALL, times=None)
        started = time.monotonic()
        response = await ingress.client.get(ADMIN_PATHS[0], headers=AUTH)
        assert (response.status_code, response.json()["error"]) == (503, "aws_unavailable")
        assert time.monotonic() - started < ADMIN_DEADLINE_SECONDS + 2
        await proxy.stop()  # the stalled calls are dropped before the clients close
        await ingress.stop()
