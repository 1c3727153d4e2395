"""One structured line per request, with the session id masked and no phone, text or secret."""

from __future__ import annotations

import json

from structlog.contextvars import merge_contextvars
from structlog.testing import capture_logs

from orchestrator.logs import redact_phi
from tests.ingress.conftest import ADMIN_TOKEN, APP_SECRET, Ingress

PHONE = "5511987654321"
TEXT = "PA 120x80 FC 77"


class TestRequestLog:
    async def test_one_line_per_request_with_masked_session(self, ingress: Ingress) -> None:
        """An ingest request logs one `request_handled` with route, status, latency and a masked session."""
        with capture_logs(processors=[merge_contextvars, redact_phi]) as logs:
            await ingress.client.post("/webhook/ingest", json={"message_id": "m", "phoneNumber": PHONE, "text": TEXT})
        (line,) = [entry for entry in logs if entry["event"] == "request_handled"]
        assert (line["route"], line["method"], line["status"]) == ("/webhook/ingest", "POST", 202)
        assert line["latency_ms"] >= 0
        assert line["session_id"] == "5511*******21"

    async def test_polled_reads_log_at_debug(self, ingress: Ingress) -> None:
        """Successful admin reads and probes (chat polls the conversation view four times a second) log
        at debug, so `make run`'s terminal shows the conversation; a refused read still logs at info."""
        admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        with capture_logs() as logs:
            assert (await ingress.client.get(f"/sessions/{PHONE}/conversation", headers=admin)).status_code == 200
            assert (await ingress.client.get("/healthz")).status_code == 200
            assert (await ingress.client.get(f"/sessions/{PHONE}/conversation")).status_code == 401
            await ingress.client.post("/webhook/ingest", json={"message_id": "m", "phoneNumber": PHONE, "text": TEXT})
        levels = [(entry["route"], entry["status"], entry["log_level"]) for entry in logs]
        conversation = "/sessions/{session_id}/conversation"
        assert levels == [
            (conversation, 200, "debug"),
            ("/healthz", 200, "debug"),
            (conversation, 401, "info"),
            ("/webhook/ingest", 202, "info"),
        ]

    async def test_no_phone_text_or_secret_is_logged(self, ingress: Ingress) -> None:
        """Across a request, a 422 and a Meta 401, the raw phone, message text and secrets never appear."""
        with capture_logs(processors=[merge_contextvars, redact_phi]) as logs:
            await ingress.client.post("/webhook/ingest", json={"message_id": "m", "phoneNumber": PHONE, "text": TEXT})
            await ingress.client.post("/webhook/ingest", json={"message_id": "m", "phoneNumber": PHONE, "text": "x"})
            await ingress.client.post(
                "/webhook/whatsapp", json={"entry": []}, headers={"X-Hub-Signature-256": "sha256=0"}
            )
        rendered = "\n".join(json.dumps(entry, default=str) for entry in logs)
        assert len(logs) >= 3
        for secret in (PHONE, TEXT, APP_SECRET, "120x80"):
            assert secret not in rendered
