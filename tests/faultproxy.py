"""A fault-injecting HTTP proxy in front of a local AWS endpoint (moto, DynamoDB Local).

Tests put it between a client and the endpoint and make chosen calls fail the way networks and
AWS do, over real HTTP: a response lost after the request was applied (botocore then retries the
same request), a request left unanswered, a closed connection, an answer of its own, or the whole
endpoint going away. Calls are recognised by their `X-Amz-Target` (`PutItem`, `SendMessage`),
optionally narrowed to bodies containing some bytes (a table name).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import httpx

# Hop-by-hop or recomputed headers: never copied between the two connections.
_SKIPPED = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"})


class Fault(StrEnum):
    LOSE_RESPONSE = "lose_response"  # forwarded and applied; the connection closes before the answer
    STALL = "stall"  # never forwarded, never answered: the client times out (or the proxy stops)
    DROP = "drop"  # the connection closes at once; nothing forwarded


# An answer of the proxy's own, from the request body: (status, JSON body).
Answer = Callable[[bytes], tuple[int, bytes]]


@dataclass
class Rule:
    operation: str
    fault: Fault | Answer
    times: int | None  # None: every matching call
    contains: bytes | None = None
    hits: int = 0

    def matches(self, operation: str, body: bytes) -> bool:
        if operation != self.operation or (self.times is not None and self.hits >= self.times):
            return False
        return self.contains is None or self.contains in body


@dataclass
class FaultProxy:
    """`await FaultProxy(upstream).start()`; `proxy.url` goes where the endpoint URL went."""

    upstream: str
    rules: list[Rule] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)  # every operation received, in order
    bodies: list[tuple[str, bytes]] = field(default_factory=list)  # (operation, body) of each request
    _server: asyncio.Server | None = None
    _client: httpx.AsyncClient | None = None
    _connections: set[asyncio.Task[None]] = field(default_factory=set)
    _arrivals: asyncio.Condition = field(default_factory=asyncio.Condition)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> FaultProxy:
        self._client = httpx.AsyncClient(base_url=self.upstream, timeout=60)
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self

    def inject(
        self, operation: str, fault: Fault | Answer, *, times: int | None = 1, contains: bytes | None = None
    ) -> Rule:
        """Make the next `times` calls of `operation` (None: all of them) fail with `fault`."""
        rule = Rule(operation, fault, times, contains)
        self.rules.append(rule)
        return rule

    def heal(self) -> None:
        """Forward everything from now on."""
        self.rules.clear()

    def calls(self, operation: str) -> int:
        """Distinct calls of `operation` received: botocore's retries of one call count once."""
        return len({body for name, body in self.bodies if name == operation})

    async def arrived(self, operation: str, count: int = 1, timeout: float = 30) -> None:
        """Wait until `count` calls of `operation` have reached the proxy."""
        async with asyncio.timeout(timeout), self._arrivals:
            await self._arrivals.wait_for(lambda: self.seen.count(operation) >= count)

    async def stop(self) -> None:
        """The endpoint goes away: no more connections, open ones closed, stalled calls dropped."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- serving ---------------------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while await self._one_request(reader, writer):
                pass
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _one_request(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Handle one request; False when the connection must close."""
        head = await reader.readuntil(b"\r\n\r\n")
        request_line, *header_lines = head.decode("latin-1").rstrip("\r\n").split("\r\n")
        method, target, _ = request_line.split(" ", 2)
        headers = [(name.strip(), value.strip()) for name, _, value in (line.partition(":") for line in header_lines)]
        lowered = {name.lower(): value for name, value in headers}
        body = await reader.readexactly(int(lowered.get("content-length", "0")))
        operation = lowered.get("x-amz-target", "").rsplit(".", 1)[-1]
        rule = next((rule for rule in self.rules if rule.matches(operation, body)), None)
        if rule is not None:
            rule.hits += 1
        async with self._arrivals:
            self.seen.append(operation)
            self.bodies.append((operation, body))
            self._arrivals.notify_all()
        if rule is not None and rule.fault is Fault.DROP:
            return False
        if rule is not None and rule.fault is Fault.STALL:
            await asyncio.Event().wait()  # until the client gives up or `stop()` cancels us
        if rule is not None and callable(rule.fault) and not isinstance(rule.fault, Fault):
            status, content = rule.fault(body)
            await _answer(writer, status, [("Content-Type", "application/x-amz-json-1.0")], content)
            return True
        assert self._client is not None
        forwarded = [(name, value) for name, value in headers if name.lower() not in _SKIPPED]
        response = await self._client.request(method, target, headers=forwarded, content=body)
        if rule is not None and rule.fault is Fault.LOSE_RESPONSE:
            return False
        copied = [(name, value) for name, value in response.headers.multi_items() if name.lower() not in _SKIPPED]
        await _answer(writer, response.status_code, copied, response.content)
        return True


async def _answer(writer: asyncio.StreamWriter, status: int, headers: list[tuple[str, str]], content: bytes) -> None:
    lines = [
        f"HTTP/1.1 {status} X",
        *(f"{name}: {value}" for name, value in headers),
        f"Content-Length: {len(content)}",
    ]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + content)
    await writer.drain()
