"""Liveness, readiness, Prometheus metrics and the OpenAPI document, through real HTTP."""

from __future__ import annotations

import dataclasses

from ingress.deps import DynamoTables, IngressDeps
from orchestrator.integrations.aws import AwsClients
from orchestrator.integrations.queue import Queue
from orchestrator.settings import Settings
from tests.ingress.conftest import Ingress, IngressFactory

CONTRACT_PATHS = {
    "/webhook/ingest",
    "/webhook/whatsapp",
    "/hooks/template-fired",
    "/sessions/{session_id}/state",
    "/sessions/{session_id}/conversation",
    "/debug/dynamo/tables",
    "/metrics/sessions",
    "/healthz",
    "/readyz",
    "/metrics",
}


class TestProbes:
    async def test_healthz(self, ingress: Ingress) -> None:
        """Liveness answers 200 without touching AWS."""
        response = await ingress.client.get("/healthz")
        assert (response.status_code, response.json()["status"]) == (200, "ok")

    async def test_readyz_ok_when_tables_and_queue_answer(self, ingress: Ingress) -> None:
        """All tables ACTIVE and the queue reachable: 200 with both checks ok."""
        response = await ingress.client.get("/readyz")
        assert response.status_code == 200
        assert response.json()["checks"] == {"tables": "ok", "queue": "ok"}

    async def test_readyz_503_when_tables_are_missing(self, serve_ingress: IngressFactory) -> None:
        """Tables under another prefix do not exist: 503 naming the failed check."""

        def other_tables(deps: IngressDeps, aws: AwsClients, _: Settings) -> IngressDeps:
            return dataclasses.replace(deps, tables=DynamoTables(aws.dynamodb, "never_created_"))

        ingress = await serve_ingress(deps_override=other_tables)
        response = await ingress.client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["checks"]["tables"].startswith("unavailable")
        assert response.json()["checks"]["queue"] == "ok"

    async def test_readyz_503_when_queue_is_missing(self, serve_ingress: IngressFactory) -> None:
        """The inbound queue URL answers QueueDoesNotExist: 503."""

        def gone_queue(deps: IngressDeps, aws: AwsClients, _: Settings) -> IngressDeps:
            assert isinstance(deps.inbound, Queue)
            return dataclasses.replace(deps, inbound=Queue(aws.sqs, deps.inbound.url + "-gone.fifo"))

        ingress = await serve_ingress(deps_override=gone_queue)
        response = await ingress.client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["checks"]["queue"].startswith("unavailable")


class TestMetrics:
    async def test_requests_duplicates_and_enqueues_are_counted(self, ingress: Ingress) -> None:
        """One delivery and one replay: two 202s on the route, one replay, one message enqueued."""
        body = {"message_id": "m-1", "phoneNumber": "5511999990001", "text": "oi"}
        await ingress.client.post("/webhook/ingest", json=body)
        await ingress.client.post("/webhook/ingest", json=body)
        response = await ingress.client.get("/metrics")
        assert response.headers["content-type"].startswith("text/plain")
        text = response.text
        assert 'ingress_requests_total{method="POST",route="/webhook/ingest",status="202"} 2.0' in text
        assert 'ingress_duplicates_total{outcome="replay"} 1.0' in text
        assert 'ingress_events_enqueued_total{kind="message"} 1.0' in text
        assert 'ingress_request_duration_seconds_count{route="/webhook/ingest"} 2.0' in text

    async def test_unmatched_paths_share_one_label(self, ingress: Ingress) -> None:
        """A 404 for an unknown path is counted under route="unmatched", not its raw path."""
        await ingress.client.get("/no/such/path/5511999990001")
        text = (await ingress.client.get("/metrics")).text
        assert 'route="unmatched",status="404"' in text
        assert "5511999990001" not in text

    async def test_each_app_has_its_own_registry(self, serve_ingress: IngressFactory) -> None:
        """Two apps in one process do not share counters."""
        first, second = await serve_ingress(), await serve_ingress()
        await first.client.get("/healthz")
        assert 'route="/healthz"' in (await first.client.get("/metrics")).text
        assert 'route="/healthz"' not in (await second.client.get("/metrics")).text


class TestOpenApi:
    async def test_schema_path_serves_the_json_document(self, ingress: Ingress) -> None:
        """GET /schema is the OpenAPI JSON itself, listing every contract path."""
        response = await ingress.client.get("/schema")
        assert response.status_code == 200
        document = response.json()
        assert document["openapi"].startswith("3.")
        assert set(document["paths"]) == CONTRACT_PATHS
        assert (await ingress.client.get("/schema/openapi.json")).json() == document
