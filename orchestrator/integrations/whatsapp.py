"""Sending through the WhatsApp Cloud API (SPEC section 12, "Outbound"): paced, rate-limit aware,
and telling which message id (wamid) Meta gave each reply.

Meta's rate limits (HTTP 429, or a 4xx whose error code is 130429, 131056, 80007 or 4, or 2 for
its service overloaded) are retried with jittered backoff within the sink's retry budget, like a
5xx; then the turn leaves the reply in the outbox for the message's redelivery. A rate-limited
request was not sent, so retrying it never sends a reply twice.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import httpx
import structlog
from pydantic import JsonValue

from orchestrator.errors import PermanentIntegrationError
from orchestrator.integrations.cloud_api import CloudApiEndpoint
from orchestrator.integrations.http import RetryPolicy, encode_json, post_json
from orchestrator.integrations.long_replies import messages_of
from orchestrator.integrations.whatsapp_messages import message_body
from orchestrator.outbound import Reply

logger = structlog.get_logger(__name__)

# Meta's "slow down" error codes: Cloud API throughput, pair rate limit (one recipient), the
# app's Business-Use-Case rate limit and its Graph API call limit (4); and "try again later" (2:
# the service down or overloaded). Each may come as a 400: the message was not sent.
RATE_LIMIT_CODES = frozenset({130429, 131056, 80007, 4, 2})
# The budget for one reply: retries stop early enough for the turn to settle and give the
# message back within its visibility timeout (30 s by default).
SEND_RETRY = RetryPolicy(attempts=6, total_timeout=12.0, wait_initial=0.5, wait_max=4.0, wait_jitter=1.0)


def rate_limited(response: httpx.Response) -> bool:
    """Whether a refused request is Meta asking to slow down (then it was not sent)."""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return False
    return isinstance(error, dict) and error.get("code") in RATE_LIMIT_CODES


class SendPacer:
    """At most `per_second` sends per phone-number id, across every turn of the process.

    Each send takes the next free slot (1/`per_second` after the previous one) and waits for it,
    so a burst is spread out instead of meeting Meta's throughput limit.
    """

    def __init__(
        self,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._interval = 1.0 / per_second
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}

    async def wait(self, phone_number_id: str) -> None:
        now = self._clock()
        # No await between reading and taking the slot: concurrent turns each get their own.
        slot = max(now, self._next.get(phone_number_id, now))
        self._next[phone_number_id] = slot + self._interval
        if slot > now:
            await self._sleep(slot - now)


class WhatsAppCloudSink:
    """`WHATSAPP_ACCESS_TOKEN` + `WHATSAPP_PHONE_NUMBER_ID`: each reply as a Cloud API message.

    The Cloud API has no idempotency key: a reply whose acknowledgement was lost may be sent
    twice. The worker's outbox keeps that to the rare crash between send and settle; a long
    reply's parts are recorded one by one (`SentReply.part`), so a redelivery sends only the rest.
    """

    external = True

    def __init__(
        self,
        client: httpx.AsyncClient,
        endpoint: CloudApiEndpoint,
        *,
        retry: RetryPolicy | None = None,
        pacer: SendPacer | None = None,
    ) -> None:
        self._client = client
        self._endpoint = endpoint
        self._retry = retry or SEND_RETRY
        self._pacer = pacer or SendPacer(20.0)

    def __repr__(self) -> str:  # never show the token
        return f"WhatsAppCloudSink(url={self._endpoint.messages_url!r})"

    def messages(self, reply: Reply) -> tuple[Reply, ...]:
        """A reply over Meta's 4096 characters as several text messages, the question (and its
        buttons) on the last (`long_replies`)."""
        return messages_of(reply)

    async def deliver(self, reply: Reply) -> str | None:
        """Send one message of a reply; return the wamid Meta gave it (None if the answer did not say).

        Meta refusing the interactive form for good (a limit our models do not know) does not
        lose the reply: it is sent again as plain text."""
        to = reply.address  # the wa_id as Meta sent it (SPEC section 12, "Addresses")
        body = message_body(reply, to)
        try:
            response = await self._send(body)
        except PermanentIntegrationError as exc:
            if body["type"] != "interactive" or exc.refuses_us:  # plain text would be refused alike
                raise
            logger.warning("interactive_refused", reply_id=reply.reply_id, status=exc.status_code)
            body = message_body(reply, to, interactive=False)
            response = await self._send(body)
        logger.info("reply_delivered", sink="whatsapp_cloud", reply_id=reply.reply_id, message_type=body["type"])
        return _wamid(response)

    async def _send(self, body: dict[str, JsonValue]) -> httpx.Response:
        await self._pacer.wait(self._endpoint.phone_number_id)
        return await post_json(
            self._client,
            self._endpoint.messages_url,
            encode_json(body),
            target="whatsapp_cloud",
            timeout=self._endpoint.timeout,
            policy=self._retry,
            headers=self._endpoint.auth,
            retryable=rate_limited,
        )


def _wamid(response: httpx.Response) -> str | None:
    """`messages[0].id` of a send's answer."""
    try:
        messages = response.json().get("messages")
        wamid = messages[0].get("id") if isinstance(messages, list) and messages else None
    except (ValueError, AttributeError):
        return None
    return wamid if isinstance(wamid, str) and wamid else None
