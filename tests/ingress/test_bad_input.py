"""Bad input on the JSON routes: clear JSON errors, and nothing written (no claim, no message)."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import pytest

from ingress.schemas import MAX_BODY_BYTES
from tests.ingress.conftest import Ingress

VALID = {"message_id": "m-1", "phoneNumber": "+5511999999999", "text": "oi"}


class TestBadInput:
    async def test_invalid_json_is_400(self, ingress: Ingress) -> None:
        """A body that is not JSON: 400 invalid_json."""
        response = await ingress.client.post(
            "/webhook/ingest", content=b'{"message_id": ', headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_json"
        await ingress.assert_nothing_written()

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({k: v for k, v in VALID.items() if k != "message_id"}, "message_id"),
            ({**VALID, "phoneNumber": 5511999999999}, "phoneNumber"),
            ({**VALID, "text": ""}, "text"),
            ({**VALID, "meta": "not an object"}, "meta"),
            ([VALID], "body"),
        ],
    )
    async def test_missing_or_invalid_field_is_named(self, ingress: Ingress, body: object, field: str) -> None:
        """A missing or mistyped field: 400 invalid_field naming it."""
        response = await ingress.client.post("/webhook/ingest", json=body)
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_field"
        assert response.json()["field"] == field
        await ingress.assert_nothing_written()

    async def test_unusable_phone_is_400(self, ingress: Ingress) -> None:
        """A phone with too few digits: 400 naming phoneNumber."""
        response = await ingress.client.post("/webhook/ingest", json={**VALID, "phoneNumber": "12-34"})
        assert (response.status_code, response.json()["field"]) == (400, "phoneNumber")
        await ingress.assert_nothing_written()

    async def test_wrong_content_type_is_415(self, ingress: Ingress) -> None:
        """Form data on a JSON route: 415."""
        response = await ingress.client.post("/webhook/ingest", data={"message_id": "m-1"})
        assert response.status_code == 415
        assert response.json()["error"] == "unsupported_media_type"
        await ingress.assert_nothing_written()

    async def test_body_over_64_kib_is_413(self, ingress: Ingress) -> None:
        """A 64 KiB + 1 body: 413 payload_too_large."""
        body = b'{"text": "' + b"x" * MAX_BODY_BYTES + b'"}'
        response = await ingress.client.post(
            "/webhook/ingest", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 413
        assert response.json()["error"] == "payload_too_large"
        await ingress.assert_nothing_written()

    async def test_oversized_content_length_is_refused_before_the_body_is_sent(self, ingress: Ingress) -> None:
        """Announcing 10 MB and sending none of it: the 413 comes back without the body being read."""
        url = urlsplit(str(ingress.client.base_url))
        request = (
            f"POST /webhook/ingest HTTP/1.1\r\nHost: {url.hostname}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {10 * 1024 * 1024}\r\n\r\n"
        ).encode()
        reader, writer = await asyncio.open_connection(url.hostname, url.port)
        try:
            writer.write(request)
            await writer.drain()
            head = (await asyncio.wait_for(reader.read(4096), timeout=10)).decode(errors="replace")
        finally:
            writer.close()
        assert head.startswith("HTTP/1.1 413")
        await ingress.assert_nothing_written()

    async def test_template_hook_without_key_header_names_it(self, ingress: Ingress) -> None:
        """/hooks/template-fired without X-Template-Idempotency-Key: 400 naming the header."""
        response = await ingress.client.post(
            "/hooks/template-fired", json={"phoneNumber": "5511999999999", "template": "confirmar_presenca"}
        )
        assert response.status_code == 400
        assert response.json()["field"] == "X-Template-Idempotency-Key"
        await ingress.assert_nothing_written()

    async def test_unknown_template_is_400(self, ingress: Ingress) -> None:
        """A template outside the contract's four: 400 naming `template`."""
        response = await ingress.client.post(
            "/hooks/template-fired",
            json={"phoneNumber": "5511999999999", "template": "promo"},
            headers={"X-Template-Idempotency-Key": "t-1"},
        )
        assert (response.status_code, response.json()["field"]) == (400, "template")
        await ingress.assert_nothing_written()
