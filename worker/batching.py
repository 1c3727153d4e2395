"""Batched deletes: turns finishing close together share one DeleteMessageBatch call."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import structlog

from orchestrator.integrations.base import WorkQueue
from orchestrator.integrations.queue import MAX_BATCH

log = structlog.get_logger(__name__)


class DeleteBatcher:
    """Collects receipt handles and deletes them in batches of up to 10.

    A batch leaves when it is full or `linger` seconds after its first handle arrived, so a lone
    message waits at most `linger`. A stale receipt handle (the message was received again
    elsewhere) fails alone; it is logged and survived: the other receiver owns it now.
    """

    def __init__(self, queue: WorkQueue, linger: float = 0.02) -> None:
        self._queue = queue
        self._linger = linger
        self._pending: list[str] = []
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run())

    async def delete(self, handles: Sequence[str]) -> None:
        self._pending.extend(handles)
        self._ready.set()
        if self._task is None:  # not started (e.g. a one-off use): delete right away
            await self.flush()

    async def flush(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            try:
                refused = await self._queue.delete_batch(batch)
            except Exception as exc:
                log.warning("delete_batch_failed", error=type(exc).__name__, messages=len(batch))
                continue
            if refused:
                log.warning("delete_refused", messages=len(refused))

    async def _run(self) -> None:
        while not self._closing:
            await self._ready.wait()
            self._ready.clear()
            if len(self._pending) < MAX_BATCH and not self._closing:
                await asyncio.sleep(self._linger)
            await self.flush()

    async def close(self) -> None:
        """Delete what is pending and stop. Never cancels a batch in flight: a delete cut off
        mid-request would leave its messages to reappear."""
        if self._task is not None:
            self._closing = True
            self._ready.set()
            await self._task
            self._task = None
        await self.flush()
