"""`/webhook/whatsapp` on an ingress without WHATSAPP_APP_SECRET: still refused, and says why."""

from __future__ import annotations

from tests.ingress.conftest import IngressFactory
from tests.ingress.meta_payloads import text_message, value, webhook

PHONE = "5511987654321"


class TestWithoutAppSecret:
    async def test_401_names_the_missing_secret(self, serve_ingress: IngressFactory) -> None:
        """Signed or not, a delivery is 401 and writes nothing; the answer names WHATSAPP_APP_SECRET as
        unset (not a bad signature, which would send the operator after the wrong fix)."""
        ingress = await serve_ingress(whatsapp_app_secret=None)
        payload = webhook(value([text_message("wamid.1", PHONE, "oi")]))
        unsigned = await ingress.client.post("/webhook/whatsapp", json=payload)
        signed = await ingress.post_meta(payload, secret="some-secret")
        for response in (unsigned, signed):
            assert response.status_code == 401
            assert response.json()["detail"] == "WHATSAPP_APP_SECRET is not set, so no signature can be verified"
        assert await ingress.idempotency_items() == 0
        assert await ingress.inbound.depth() == 0
