"""The minimal HTTP/1.1 server side the bench's stand-ins share: keep-alive, one request after
another on a connection, each with a Content-Length. Enough for botocore and httpx, in microseconds."""

from __future__ import annotations

import asyncio


class KeepAliveHttp(asyncio.Protocol):
    """Frames requests on one connection and writes back what `answer(headers, body)` returns."""

    def __init__(self) -> None:
        self._buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while (end := self._buffer.find(b"\r\n\r\n")) >= 0:
            lines = self._buffer[:end].decode("latin-1").split("\r\n")
            headers = {
                name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])
            }
            length = int(headers.get("content-length", "0"))
            if len(self._buffer) < end + 4 + length:
                return  # the rest of the body is on its way
            body, self._buffer = self._buffer[end + 4 : end + 4 + length], self._buffer[end + 4 + length :]
            assert self.transport is not None
            self.transport.write(self.answer(headers, body))

    def answer(self, headers: dict[str, str], body: bytes) -> bytes:
        """The whole response (head and body) to one request; headers are lower-cased."""
        raise NotImplementedError
