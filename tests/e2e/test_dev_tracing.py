"""`orchestrator dev` honours the standard OTEL_* variables (SPEC section 13), as the production
processes do: with `OTEL_TRACES_EXPORTER=console` one message is one trace, from the webhook
request through the worker's turn, and no span carries the phone or the message text.
"""

from __future__ import annotations

import asyncio
import json
import signal
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
import pytest

from orchestrator.devtools.localaws import free_port
from tests.e2e.test_dev_stack import PHONE, TYPED_PHONE, VITALS, _environment, _reply_to, start_dev

pytestmark = pytest.mark.slow


def console_spans(text: str) -> list[dict[str, Any]]:
    """The span objects the console exporter printed (pretty JSON, one after another), other lines skipped."""
    decoder = json.JSONDecoder()
    spans, index = [], 0
    while (index := text.find("{", index)) != -1:
        try:
            found, end = decoder.raw_decode(text, index)
        except json.JSONDecodeError:
            index += 1
            continue
        if isinstance(found, dict) and "context" in found and "name" in found:
            spans.append(found)
        index = end
    return spans


class TestDevTracing:
    async def test_console_exporter_shows_one_trace_per_message(self, tmp_path: Path) -> None:
        """dev with OTEL_TRACES_EXPORTER=console prints the message's spans on exit: the ingress
        request, the worker's receive and turn and the backend call share one trace id."""
        port = free_port()
        environment = _environment(tmp_path / "state") | {"OTEL_TRACES_EXPORTER": "console"}
        process, _ = await start_dev(port, tmp_path, environment, stderr=asyncio.subprocess.DEVNULL)
        assert process.stdout is not None
        try:
            # Read stdout all along: an unread pipe would block the exporter.
            printed = asyncio.create_task(process.stdout.read())
            admin = json.loads((tmp_path / "state" / "whatsapp-orchestrator" / "dev-stack.json").read_text())
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
                body = {"message_id": "trace-1", "phoneNumber": TYPED_PHONE, "text": VITALS}
                assert (await client.post("/webhook/ingest", json=body)).status_code == 202
                assert await _reply_to(client, admin["admin_token"], "trace-1")
            process.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(process.wait(), timeout=30) == 0
            output = (await asyncio.wait_for(printed, timeout=10)).decode()
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        spans = console_spans(output)
        traces: dict[str, set[str]] = defaultdict(set)
        for span in spans:
            traces[span["context"]["trace_id"]].add(span["name"])
        (message_trace,) = [names for names in traces.values() if "POST /webhook/ingest" in names]
        assert {"orchestrator.receive", "orchestrator.turn", "orchestrator.delete"} <= message_trace
        assert any(name.startswith("backend getScheduleStarted") for name in message_trace)
        carried = json.dumps([[s["name"], s.get("attributes"), s.get("events"), s.get("links")] for s in spans])
        for value in (PHONE, PHONE[2:], "137x89", "sonolento"):
            assert value not in carried, value
