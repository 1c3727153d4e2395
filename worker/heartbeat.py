"""Keeps in-progress messages invisible while their turns run, in batched calls.

A message received with visibility timeout V is extended once it has been in progress for V/3,
again every V/3, by one ChangeMessageVisibilityBatch per 10 messages. Short turns (the usual
case) cost no call at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence

import structlog

from orchestrator.integrations.queue import MAX_BATCH, Queue

log = structlog.get_logger(__name__)


class VisibilityHeartbeat:
    def __init__(self, queue: Queue, visibility_timeout: int) -> None:
        self._queue = queue
        self._timeout = visibility_timeout
        self._period = max(visibility_timeout / 3, 1.0)
        self._extended_at: dict[str, float] = {}  # receipt handle -> last time its clock was reset
        self._task: asyncio.Task[None] | None = None
        self.calls = 0

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run())

    def track(self, handles: Sequence[str]) -> None:
        now = time.monotonic()
        for handle in handles:
            self._extended_at[handle] = now

    def forget(self, handles: Sequence[str]) -> None:
        for handle in handles:
            self._extended_at.pop(handle, None)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._period / 2)
            await self.extend_due()

    async def extend_due(self) -> None:
        now = time.monotonic()
        due = [handle for handle, at in self._extended_at.items() if now - at >= self._period]
        for start in range(0, len(due), MAX_BATCH):
            batch = due[start : start + MAX_BATCH]
            self.calls += 1
            try:
                refused = await self._queue.change_visibility_batch(batch, self._timeout)
            except Exception as exc:
                log.warning("visibility_extension_failed", error=type(exc).__name__)
                continue
            for handle in batch:
                if handle in self._extended_at and handle not in refused:
                    self._extended_at[handle] = now

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
