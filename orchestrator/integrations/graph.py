"""The Graph API calls the worker makes on receipt of a WhatsApp message: the read receipt (with the
typing indicator) and the download of a voice note (SPEC section 12).

Every call goes to `WHATSAPP_API_BASE` with `Authorization: Bearer <WHATSAPP_ACCESS_TOKEN>`. A media
id is looked up (`GET {base}/{media-id}` -> url, mime type, size), then its URL is downloaded with
the same token. Those URLs expire after minutes: a 401/403/404 on the download looks the id up
again, once. Sending replies is not here (the WhatsApp sink owns it).
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import structlog
from pydantic import BaseModel, ConfigDict, ValidationError

from orchestrator.errors import PermanentIntegrationError, TransientIntegrationError, Unheard, VoiceNoteUnreadable
from orchestrator.integrations.cloud_api import CloudApiEndpoint
from orchestrator.integrations.http import RetryPolicy, encode_json, post_json, send_once, with_retries

log = structlog.get_logger(__name__)

# Meta's own limit for audio messages; anything larger is refused before (or while) downloading.
MAX_MEDIA_BYTES = 16 * 1024 * 1024
# An expired media URL answers one of these: the media id is looked up again for a fresh one.
EXPIRED_URL_STATUSES = frozenset({401, 403, 404})
# A read receipt is a courtesy: one quick attempt, never a reason to hold the turn.
READ_RECEIPT_POLICY = RetryPolicy(attempts=1)
READ_RECEIPT_TIMEOUT_SECONDS = 3.0


class MediaInfo(BaseModel):
    """`GET {base}/{media-id}`'s answer (the fields we use; Meta adds others)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    url: str
    mime_type: str = "audio/ogg"
    file_size: int | None = None


@dataclass(frozen=True)
class Media:
    """A downloaded media file, held in memory only for as long as its transcription takes."""

    content: bytes
    mime_type: str


class GraphApi:
    """The WhatsApp Cloud API as the worker's receiving side uses it; one per process (shared client)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        endpoint: CloudApiEndpoint,
        *,
        retry: RetryPolicy | None = None,
        max_media_bytes: int = MAX_MEDIA_BYTES,
    ) -> None:
        self._client = client
        self._endpoint = endpoint
        self._retry = retry or RetryPolicy()
        self.max_media_bytes = max_media_bytes

    def __repr__(self) -> str:  # never show the token
        return f"GraphApi(base={self._endpoint.base!r})"

    async def mark_read(self, message_id: str) -> None:
        """Mark an inbound message read and show the typing indicator until the reply (or 25 s).

        Raises:
            TransientIntegrationError / PermanentIntegrationError: as `post_json`; the caller
                logs them and goes on.
        """
        body = {
            "messaging_product": "whatsapp",
            "status": "read",
            "message_id": message_id,
            "typing_indicator": {"type": "text"},
        }
        await post_json(
            self._client,
            self._endpoint.messages_url,
            encode_json(body),
            target="whatsapp_read_receipt",
            timeout=min(self._endpoint.timeout, READ_RECEIPT_TIMEOUT_SECONDS),
            policy=READ_RECEIPT_POLICY,
            headers=self._endpoint.auth,
        )

    async def download_media(self, media_id: str) -> Media:
        """The media's bytes: look the id up, download its URL; an expired URL is looked up once more.

        Raises:
            VoiceNoteUnreadable: TOO_LARGE (by the announced size, or by the bytes streamed), or
                DOWNLOAD_FAILED (lookup or download still failing after retries, or refused).
        """
        try:
            try:
                return await self._fetch(media_id)
            except _UrlExpired as expired:
                log.info("media_url_expired", status=expired.status_code)
            return await self._fetch(media_id)
        except _UrlExpired as expired:
            detail = f"media URL expired again (HTTP {expired.status_code})"
            raise VoiceNoteUnreadable(Unheard.DOWNLOAD_FAILED, detail) from expired
        except (TransientIntegrationError, PermanentIntegrationError) as exc:
            raise VoiceNoteUnreadable(Unheard.DOWNLOAD_FAILED, str(exc)) from exc

    async def _fetch(self, media_id: str) -> Media:
        """Look up, check the announced size, download; each step retried while it fails transiently."""
        info = await with_retries(lambda: self._lookup(media_id), target="media_lookup", policy=self._retry)
        if info.file_size is not None and info.file_size > self.max_media_bytes:
            raise VoiceNoteUnreadable(Unheard.TOO_LARGE, f"{info.file_size} bytes announced")
        return await with_retries(lambda: self._download(info), target="media_download", policy=self._retry)

    async def _lookup(self, media_id: str) -> MediaInfo:
        request = self._client.build_request(
            "GET", f"{self._endpoint.base}/{media_id}", headers=self._endpoint.auth, timeout=self._endpoint.timeout
        )
        response = await send_once(self._client, request, target="media_lookup", stream=True)
        try:
            return MediaInfo.model_validate_json(await response.aread())
        except ValidationError as exc:
            raise PermanentIntegrationError("media_lookup: no media URL in the answer") from exc
        finally:
            await response.aclose()

    async def _download(self, info: MediaInfo) -> Media:
        request = self._client.build_request(
            "GET", info.url, headers=self._endpoint.auth, timeout=self._endpoint.timeout
        )
        try:
            response = await send_once(self._client, request, target="media_download", stream=True)
        except PermanentIntegrationError as exc:
            if exc.status_code in EXPIRED_URL_STATUSES:
                raise _UrlExpired(exc.status_code) from exc
            raise
        chunks: list[bytes] = []
        received = 0
        try:
            async for chunk in response.aiter_bytes():
                received += len(chunk)
                if received > self.max_media_bytes:  # the announced size may be missing or wrong
                    raise VoiceNoteUnreadable(Unheard.TOO_LARGE, "over the cap while downloading")
                chunks.append(chunk)
        except httpx.TransportError as exc:
            raise TransientIntegrationError(f"media_download: {type(exc).__name__}") from exc
        finally:
            await response.aclose()
        return Media(content=b"".join(chunks), mime_type=info.mime_type)


class _UrlExpired(Exception):
    """The download URL answered 401/403/404: it expired, and the media id gives a fresh one."""

    def __init__(self, status_code: int | None) -> None:
        super().__init__(f"HTTP {status_code}")
        self.status_code = status_code
