"""A local stand-in for the WhatsApp Cloud (Graph) API and OpenAI's transcription endpoint, so voice
notes work offline: in `orchestrator dev`, in the tests and in the bench.

A stand-in voice note's "audio" is the text it should be heard as: `voice_note_media_id(text)`
names it, the download returns the text's bytes, and the transcription endpoint answers the
uploaded bytes as the transcript. So `orchestrator chat`'s `/audio <text>` is heard as `<text>`.

    GET  /{media-id}                     -> {"url", "mime_type", "file_size", "id"}
    GET  /_media/{media-id}?v=<n>        -> the bytes (the bearer token is required, as Meta does)
    POST /{phone-number-id}/messages     -> a read receipt {"success": true}, or a sent message's wamid
    POST /v1/audio/transcriptions        -> {"text": <the uploaded bytes>}

Knobs (`GraphStandIn`'s fields) make it answer as Meta and OpenAI do when things go wrong: an
expired download URL, a size over the cap, failing downloads or transcriptions, a slow transcription.
Every request is recorded in order (`calls`), so a test can assert what was called and when.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import NotRequired, TypedDict

import uvicorn
from pydantic import JsonValue

from orchestrator.devtools.embedded import ServedApp, listen

MEDIA_PREFIX = "standin-"
TOKEN = "standin-token"  # noqa: S105 - a local stand-in's token, what `dev` gives the worker
MIME_TYPE = "audio/ogg; codecs=opus"


class Scope(TypedDict):
    """What the stand-in reads of an ASGI scope (`method`, `path`, `headers` only on an HTTP one)."""

    type: str
    method: NotRequired[str]
    path: NotRequired[str]
    headers: NotRequired[list[tuple[bytes, bytes]]]
    query_string: NotRequired[bytes]


class Received(TypedDict, total=False):
    """An ASGI `http.request` message."""

    type: str
    body: bytes
    more_body: bool


Receive = Callable[[], Awaitable[Received]]
Send = Callable[[Mapping[str, object]], Awaitable[None]]


def voice_note_media_id(text: str) -> str:
    """The media id of a stand-in voice note heard as `text`."""
    return MEDIA_PREFIX + base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _spoken(media_id: str) -> bytes | None:
    if not media_id.startswith(MEDIA_PREFIX):
        return None
    encoded = media_id.removeprefix(MEDIA_PREFIX)
    try:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError):
        return None


def voice_note_webhook(
    wa_id: str, wamid: str, media_id: str, *, phone_number_id: str = "standin"
) -> dict[str, JsonValue]:
    """A Meta webhook delivery carrying one voice note (`messages[].type = "audio"`)."""
    message: dict[str, JsonValue] = {
        "from": wa_id,
        "id": wamid,
        "timestamp": "1764150000",
        "type": "audio",
        "audio": {"id": media_id, "mime_type": MIME_TYPE, "voice": True},
    }
    value: dict[str, JsonValue] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "5511000000000", "phone_number_id": phone_number_id},
        "contacts": [{"profile": {"name": "Cuidadora"}, "wa_id": wa_id}],
        "messages": [message],
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "0", "changes": [{"field": "messages", "value": value}]}],
    }


@dataclass(frozen=True)
class Call:
    """One request as the stand-in saw it."""

    method: str
    path: str
    body: bytes
    authorization: str | None
    query: str = ""

    @property
    def kind(self) -> str:
        """`read_receipt`, `send`, `media_lookup`, `media_download` or `transcription`."""
        if self.path.endswith("/audio/transcriptions"):
            return "transcription"
        if self.path.startswith("/_media/"):
            return "media_download"
        if self.method == "POST":
            return "read_receipt" if b'"status":"read"' in self.body.replace(b" ", b"") else "send"
        return "media_lookup"

    def json(self) -> JsonValue:
        body: JsonValue = json.loads(self.body)
        return body


@dataclass
class GraphStandIn:
    """The ASGI app, its knobs and what it received."""

    token: str = TOKEN
    expired_downloads: int = 0  # the next n downloads answer 404, as an expired URL does
    download_status: int = 200
    lookup_status: int = 200
    padding_bytes: int = 0  # zeros streamed after the text (a large file)
    announced_size: int | None = None  # file_size in the lookup (default: the real size)
    transcription_status: int = 200
    transcription_delay: float = 0.0  # seconds
    receipt_status: int = 200
    calls: list[Call] = field(default_factory=list)
    _sent: int = 0

    def kinds(self) -> list[str]:
        return [call.kind for call in self.calls]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = await _body(receive)
        headers = {name.decode().lower(): value.decode() for name, value in scope["headers"]}
        query = scope.get("query_string", b"").decode()
        call = Call(scope["method"], scope["path"], body, headers.get("authorization"), query)
        self.calls.append(call)
        if call.kind == "transcription":
            await self._transcribe(call, headers.get("content-type", ""), send)
            return
        if call.authorization != f"Bearer {self.token}":
            await _json(send, 401, {"error": {"message": "Invalid OAuth access token", "code": 190}})
            return
        handler = {
            "read_receipt": self._read_receipt,
            "send": self._send,
            "media_lookup": self._lookup,
            "media_download": self._download,
        }[call.kind]
        await handler(call, scope, send)

    async def _read_receipt(self, call: Call, scope: Scope, send: Send) -> None:
        if self.receipt_status != 200:
            await _json(send, self.receipt_status, {"error": {"message": "stand-in failure", "code": 1}})
            return
        await _json(send, 200, {"success": True})

    async def _send(self, call: Call, scope: Scope, send: Send) -> None:
        self._sent += 1
        await _json(send, 200, {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.standin-{self._sent}"}]})

    async def _lookup(self, call: Call, scope: Scope, send: Send) -> None:
        media_id = call.path.strip("/")
        spoken = _spoken(media_id)
        if self.lookup_status != 200 or spoken is None:
            await _json(send, self.lookup_status if spoken is not None else 404, {"error": {"code": 100}})
            return
        host = dict(scope["headers"]).get(b"host", b"127.0.0.1").decode()
        version = sum(1 for c in self.calls if c.kind == "media_lookup")  # each lookup a fresh URL
        size = self.announced_size if self.announced_size is not None else len(spoken) + self.padding_bytes
        answer = {"url": f"http://{host}/_media/{media_id}?v={version}", "mime_type": MIME_TYPE, "file_size": size}
        await _json(send, 200, {**answer, "messaging_product": "whatsapp", "id": media_id})

    async def _download(self, call: Call, scope: Scope, send: Send) -> None:
        if self.expired_downloads > 0:
            self.expired_downloads -= 1
            await _json(send, 404, {"error": {"message": "URL expired"}})
            return
        spoken = _spoken(call.path.removeprefix("/_media/"))
        if self.download_status != 200 or spoken is None:
            await _json(send, self.download_status if spoken is not None else 404, {"error": {"code": 100}})
            return
        await _respond(send, 200, spoken + b"\0" * self.padding_bytes, "audio/ogg")

    async def _transcribe(self, call: Call, content_type: str, send: Send) -> None:
        if self.transcription_delay:
            await asyncio.sleep(self.transcription_delay)
        if self.transcription_status != 200:
            error = {"error": {"message": "stand-in failure", "type": "server_error"}}
            await _json(send, self.transcription_status, error)
            return
        audio = _multipart_file(call.body, content_type)
        await _json(send, 200, {"text": audio.rstrip(b"\0").decode(errors="replace")})


def _multipart_file(body: bytes, content_type: str) -> bytes:
    """The `file` part of a multipart/form-data body (enough of RFC 7578 for the openai client)."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if match is None:
        return b""
    for part in body.split(b"--" + match.group(1).encode()):
        head, _, content = part.partition(b"\r\n\r\n")
        if b'name="file"' in head:
            return content.removesuffix(b"\r\n")
    return b""


async def _body(receive: Receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += bytes(message.get("body", b""))
        if not message.get("more_body"):
            return body


async def _json(send: Send, status: int, payload: Mapping[str, object]) -> None:
    await _respond(send, status, json.dumps(payload).encode(), "application/json")


async def _respond(send: Send, status: int, body: bytes, content_type: str) -> None:
    headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


@dataclass
class GraphStandInServer(ServedApp):
    """The stand-in listening in the current event loop; `url` is its base (`WHATSAPP_API_BASE`)."""

    app: GraphStandIn

    @property
    def openai_base_url(self) -> str:
        return f"{self.url}/v1"


async def serve_graph_standin(app: GraphStandIn | None = None, host: str = "127.0.0.1") -> GraphStandInServer:
    """Start the stand-in on a free port of `host`; returns once it listens."""
    app = app if app is not None else GraphStandIn()
    config = uvicorn.Config(app, lifespan="off", ws="none", log_config=None, access_log=False)
    listening = await listen(config, host, 0, name="graph-standin")
    return GraphStandInServer(url=f"http://{host}:{listening.port}", listening=listening, app=app)
