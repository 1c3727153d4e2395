"""Reply delivery (SPEC section 8): a webhook, the WhatsApp Cloud API, or only the log.

Each implements `orchestrator.integrations.base.ReplySink`; `pick_sink` takes the first configured
one. HTTP sinks share the backend's failure classification (`integrations.http`): transient
failures are retried, 4xx is not.
"""

from __future__ import annotations

import httpx
import structlog

from orchestrator.errors import ConfigurationError
from orchestrator.integrations.base import ReplySink
from orchestrator.integrations.http import IDEMPOTENCY_HEADER, RetryPolicy, encode_json, post_json
from orchestrator.outbound import Reply

__all__ = ["LogSink", "ReplySink", "WebhookSink", "WhatsAppCloudSink", "pick_sink"]

logger = structlog.get_logger(__name__)


class WebhookSink:
    """`REPLY_WEBHOOK_URL`: POST the reply as JSON with `Idempotency-Key: <reply_id>` (e.g. an n8n flow)."""

    external = True

    def __init__(
        self, client: httpx.AsyncClient, url: str, *, timeout: float = 10.0, retry: RetryPolicy | None = None
    ) -> None:
        self._client = client
        self._url = url
        self._timeout = timeout
        self._retry = retry or RetryPolicy()

    async def deliver(self, reply: Reply) -> None:
        body = {
            "session_id": reply.session_id,
            # The session id is the normalized phone: digits with the country code.
            "phoneNumber": reply.session_id,
            "text": reply.text,
            "in_reply_to": reply.in_reply_to,
            "reply_id": reply.reply_id,
        }
        await post_json(
            self._client,
            self._url,
            encode_json(body),
            target="reply_webhook",
            timeout=self._timeout,
            policy=self._retry,
            headers={IDEMPOTENCY_HEADER: reply.reply_id},
        )
        logger.info("reply_delivered", sink="webhook", reply_id=reply.reply_id)


class WhatsAppCloudSink:
    """`WHATSAPP_ACCESS_TOKEN` + `WHATSAPP_PHONE_NUMBER_ID`: a text message through Meta's Cloud API.

    The Cloud API has no idempotency key: a reply whose acknowledgement was lost may be sent
    twice. The worker's outbox keeps that to the rare crash between send and settle.
    """

    external = True

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        base_url: str,
        phone_number_id: str,
        access_token: str,
        timeout: float = 10.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._client = client
        self._url = f"{base_url.rstrip('/')}/{phone_number_id}/messages"
        self._access_token = access_token
        self._timeout = timeout
        self._retry = retry or RetryPolicy()

    def __repr__(self) -> str:  # never show the token
        return f"WhatsAppCloudSink(url={self._url!r})"

    async def deliver(self, reply: Reply) -> None:
        body = {
            "messaging_product": "whatsapp",
            "to": reply.address,
            "type": "text",
            "text": {"body": reply.text},
        }
        await post_json(
            self._client,
            self._url,
            encode_json(body),
            target="whatsapp_cloud",
            timeout=self._timeout,
            policy=self._retry,
            headers={"Authorization": f"Bearer {self._access_token}"},
        )
        logger.info("reply_delivered", sink="whatsapp_cloud", reply_id=reply.reply_id)


class LogSink:
    """No sink configured (the dev default): replies live in ConversationBuffer and this log line."""

    external = False

    async def deliver(self, reply: Reply) -> None:
        # Only the id and the size: the text may carry clinical values.
        logger.info("reply_logged", reply_id=reply.reply_id, length=len(reply.text))


def pick_sink(
    client: httpx.AsyncClient,
    *,
    reply_webhook_url: str | None = None,
    whatsapp_access_token: str | None = None,
    whatsapp_phone_number_id: str | None = None,
    whatsapp_api_base: str = "https://graph.facebook.com/v21.0",
    timeout: float = 10.0,
    retry: RetryPolicy | None = None,
) -> ReplySink:
    """The first configured sink of SPEC section 8: webhook, then WhatsApp Cloud, then log only.

    Raises:
        ConfigurationError: only one of the two WhatsApp variables is set (and no webhook), which
            would otherwise drop every reply silently.
    """
    if reply_webhook_url:
        return WebhookSink(client, reply_webhook_url, timeout=timeout, retry=retry)
    if whatsapp_access_token and whatsapp_phone_number_id:
        return WhatsAppCloudSink(
            client,
            base_url=whatsapp_api_base,
            phone_number_id=whatsapp_phone_number_id,
            access_token=whatsapp_access_token,
            timeout=timeout,
            retry=retry,
        )
    if whatsapp_access_token or whatsapp_phone_number_id:
        missing = "WHATSAPP_PHONE_NUMBER_ID" if whatsapp_access_token else "WHATSAPP_ACCESS_TOKEN"
        raise ConfigurationError(f"WhatsApp Cloud delivery needs {missing} as well")
    return LogSink()
