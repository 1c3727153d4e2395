"""Keeps in-progress messages invisible while their turns run, in batched calls, up to a cap.

A message received with visibility timeout V is extended once it has been in progress for V/3,
again every V/3, by one ChangeMessageVisibilityBatch per 10 messages. Short turns (the usual
case) cost no call at all.

```
 received        V/3 due   checked every V/6: extended by V/2 at the latest
 |----------------|------x------------------------|  V: the lease
                         |----------------|------x-----------...   (until the turn ends or max_hold)
```
A turn still running after `max_hold` seconds is stuck: its messages are no longer extended, so
they reappear after V and the redrive policy takes over (their receive count grows).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence

import structlog

from orchestrator.errors import ConfigurationError
from orchestrator.integrations.base import WorkQueue
from orchestrator.integrations.queue import MAX_BATCH

log = structlog.get_logger(__name__)

# Far beyond any healthy turn (backend and LLM calls have their own timeouts), far below SQS's
# 12-hour ceiling on a message's total invisibility.
DEFAULT_MAX_HOLD_SECONDS = 15 * 60


def check_lease_kept(visibility_timeout: int, queue_visibility_timeout: int) -> None:
    """Refuse a heartbeat that cannot keep the queue's lease.

    The heartbeat's period comes from VISIBILITY_TIMEOUT_SECONDS (V/3, so an extension lands by
    V/2), but a message's first lease is the queue's own VisibilityTimeout. A queue timeout shorter
    than V lets messages reappear mid-turn, and another worker would run them again.

    Raises:
        ConfigurationError: the queue's timeout is shorter than the worker's.
    """
    if queue_visibility_timeout < visibility_timeout:
        raise ConfigurationError(
            f"VISIBILITY_TIMEOUT_SECONDS={visibility_timeout} but the inbound queue's visibility timeout is "
            f"{queue_visibility_timeout} s: messages would reappear before the first heartbeat extends them. "
            "Run `orchestrator init` with this setting, or lower it to the queue's."
        )


class VisibilityHeartbeat:
    def __init__(self, queue: WorkQueue, visibility_timeout: int, max_hold: float = DEFAULT_MAX_HOLD_SECONDS) -> None:
        self._queue = queue
        self._timeout = visibility_timeout
        self._period = max(visibility_timeout / 3, 1.0)
        self._max_hold = max_hold
        self._extended_at: dict[str, float] = {}  # receipt handle -> last time its clock was reset
        self._tracked_at: dict[str, float] = {}  # receipt handle -> when its turn started
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run())

    def track(self, handles: Sequence[str]) -> None:
        now = time.monotonic()
        for handle in handles:
            self._extended_at[handle] = now
            self._tracked_at[handle] = now

    def forget(self, handles: Sequence[str]) -> None:
        for handle in handles:
            self._extended_at.pop(handle, None)
            self._tracked_at.pop(handle, None)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._period / 2)
            await self.extend_due()

    async def extend_due(self) -> None:
        now = time.monotonic()
        self._stop_holding(now)
        due = [handle for handle, at in self._extended_at.items() if now - at >= self._period]
        for start in range(0, len(due), MAX_BATCH):
            batch = due[start : start + MAX_BATCH]
            try:
                refused = await self._queue.change_visibility_batch(batch, self._timeout)
            except Exception as exc:
                log.warning("visibility_extension_failed", error=type(exc).__name__)
                continue
            for handle in batch:
                if handle in self._extended_at and handle not in refused:
                    self._extended_at[handle] = now

    def _stop_holding(self, now: float) -> None:
        """Messages held for max_hold are left to reappear: their turn is stuck, not slow."""
        stuck = [handle for handle, at in self._tracked_at.items() if now - at >= self._max_hold]
        if stuck:
            log.error("visibility_cap_reached", messages=len(stuck), max_hold_seconds=self._max_hold)
            self.forget(stuck)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
