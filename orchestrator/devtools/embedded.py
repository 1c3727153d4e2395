"""An ASGI app served by uvicorn inside the running event loop (the demo backend, the Graph API stand-in)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Self

import uvicorn


class EmbeddedServer(uvicorn.Server):
    """uvicorn without its signal handlers: the process that embeds it owns the signals."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@dataclass
class Listening:
    """A started server: its task and bound socket; `stop()` ends both."""

    server: uvicorn.Server
    task: asyncio.Task[None]
    socket: socket.socket

    @property
    def port(self) -> int:
        port: int = self.socket.getsockname()[1]
        return port

    async def stop(self) -> None:
        self.server.should_exit = True
        try:
            await self.task
        finally:
            self.socket.close()


async def listen(config: uvicorn.Config, host: str, port: int, *, name: str) -> Listening:
    """Serve `config`'s app on `host:port` (0: a free port) in the running loop; return once it listens.

    Raises:
        OSError: the address cannot be bound.
    """
    server = EmbeddedServer(config)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    task: asyncio.Task[None] | None = None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit it: an answer's head and body are two writes, and Nagle's wait
        # for the client's delayed ACK would add ~40 ms to each call on a kept-alive connection.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        task = asyncio.create_task(server.serve(sockets=[sock]), name=name)
        while not server.started:
            if task.done():
                await task  # surfaces the start-up error
                raise RuntimeError(f"{name} stopped during start-up")
            await asyncio.sleep(0.01)
    except BaseException:
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        sock.close()
        raise
    return Listening(server, task, sock)


@dataclass
class ServedApp:
    """An app listening in the current event loop at `url`. `await stop()` (or `async with`) ends it."""

    url: str
    listening: Listening

    async def stop(self) -> None:
        await self.listening.stop()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()
