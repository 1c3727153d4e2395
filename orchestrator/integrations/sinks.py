"""Reply delivery (SPEC section 8): a webhook, the WhatsApp Cloud API (`whatsapp.py`), or only the log.

Each implements `orchestrator.integrations.base.ReplySink`; `pick_sink` takes the first configured
one. HTTP sinks share the backend's failure classification (`integrations.http`): transient
failures are retried, 4xx is not.
"""

from __future__ import annotations

import httpx
import structlog

from orchestrator.errors import ConfigurationError
from orchestrator.integrations.base import ReplySink
from orchestrator.integrations.cloud_api import CloudApiEndpoint
from orchestrator.integrations.http import IDEMPOTENCY_HEADER, RetryPolicy, encode_json, post_json
from orchestrator.integrations.whatsapp import SendPacer, WhatsAppCloudSink
from orchestrator.machine.answers import choices_of
from orchestrator.outbound import QuestionKind, Reply

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

    def messages(self, reply: Reply) -> tuple[Reply, ...]:
        """The whole reply in one POST, however long (the flow behind it sends it on)."""
        return (reply,)

    async def deliver(self, reply: Reply) -> None:
        body: dict[str, object] = {
            "session_id": reply.session_id,
            # Where to send it: the caregiver's `wa_id` exactly as Meta sent it (a Brazilian number
            # without its 9th digit, SPEC section 12 "Addresses"), else the session id (the normalized
            # phone: digits with the country code), as the Cloud API sink does.
            "phoneNumber": reply.address,
            "text": reply.text,
            "in_reply_to": reply.in_reply_to,
            "reply_id": reply.reply_id,
        }
        # Additive (SPEC section 12): the answers to offer, as buttons or as a list's options.
        question = reply.question
        choices = [choice.model_dump() for choice in choices_of(question)]
        if choices and question is not None:
            body["buttons" if question.kind is QuestionKind.YES_NO else "options"] = choices
        if reply.template is not None:
            body["template"] = reply.template
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


class LogSink:
    """No sink configured (the dev default): replies live in ConversationBuffer and this log line."""

    external = False

    def messages(self, reply: Reply) -> tuple[Reply, ...]:
        return (reply,)

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
    whatsapp_max_sends_per_second: float = 20.0,
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
        endpoint = CloudApiEndpoint(whatsapp_api_base, whatsapp_phone_number_id, whatsapp_access_token, timeout)
        return WhatsAppCloudSink(
            client,
            endpoint,
            retry=retry,
            pacer=SendPacer(whatsapp_max_sends_per_second),
        )
    if whatsapp_access_token or whatsapp_phone_number_id:
        missing = "WHATSAPP_PHONE_NUMBER_ID" if whatsapp_access_token else "WHATSAPP_ACCESS_TOKEN"
        raise ConfigurationError(f"WhatsApp Cloud delivery needs {missing} as well")
    return LogSink()
