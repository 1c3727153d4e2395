"""A deployment of its own for each ops test on moto: queues, sessions table, and a way to bury
events in the DLQ the way production does (receives until the redrive policy moves them)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import UTC, datetime

from orchestrator.cli import build_parser
from orchestrator.devtools.localaws import LOCAL_CREDENTIALS
from orchestrator.dlq import run_dlq_command
from orchestrator.integrations.queue import Queue, QueueMessage
from orchestrator.models import EventKind, InboundEvent
from orchestrator.settings import Settings
from orchestrator.store.sessions import DynamoSessionStore
from tests.conftest import REGION

MAX_RECEIVES = 2


def message_event(event_id: str, session_id: str, text: str = "PA 120x80 FC 76") -> InboundEvent:
    return InboundEvent(
        kind=EventKind.MESSAGE,
        event_id=event_id,
        session_id=session_id,
        received_at=datetime(2026, 11, 26, 9, 30, tzinfo=UTC),
        text=text,
    )


@dataclass
class DlqWorld:
    """One deployment's queues and sessions table on moto, and the settings the CLI gets."""

    settings: Settings
    inbound: Queue
    dlq: Queue
    sessions: DynamoSessionStore

    async def bury(self, event: InboundEvent, *, reason: str | None = None) -> str:
        """Enqueue the event as the ingress does, record the worker's failure, let it die; returns its id."""
        message_id = await self.inbound.send_event(event)
        if reason is not None:
            await self.sessions.record_failure(event.session_id, event.event_id, reason)
        await self.exhaust_inbound()
        return message_id

    async def bury_raw(self, body: str, *, group_id: str, dedup: str) -> str:
        message_id = await self.inbound.send_raw(body, group_id=group_id, deduplication_id=dedup)
        await self.exhaust_inbound()
        return message_id

    async def exhaust_inbound(self) -> None:
        """Receive without deleting (a worker failing each time) until the redrive policy emptied it."""
        for _ in range(50):
            depth = await self.inbound.depth()
            if depth["visible"] + depth["in_flight"] == 0:
                return
            await self.inbound.receive(wait_seconds=0, visibility_timeout=0)
        raise AssertionError("moto did not move the messages to the DLQ")

    async def peek(self, queue: Queue) -> list[QueueMessage]:
        """Every message of a queue, in order, made visible again afterwards."""
        seen: dict[str, QueueMessage] = {}
        while True:
            batch = await queue.receive(wait_seconds=0, visibility_timeout=60)
            fresh = [message for message in batch if message.message_id not in seen]
            if not fresh:
                break
            seen.update((message.message_id, message) for message in fresh)
        handles = [m.receipt_handle for m in seen.values()]
        for start in range(0, len(handles), 10):
            await queue.change_visibility_batch(handles[start : start + 10], 0)
        return list(seen.values())

    async def run(self, *argv: str) -> int:
        """`orchestrator dlq <argv>` through the command's own entry, with this world's settings."""
        args: argparse.Namespace = build_parser().parse_args(["dlq", *argv])
        return await run_dlq_command(self.settings, args)

    def environment(self, endpoint: str) -> dict[str, str]:
        """The environment a separate `orchestrator` process needs to reach this world."""
        return {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_REGION": REGION,
            "AWS_ACCESS_KEY_ID": LOCAL_CREDENTIALS["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": LOCAL_CREDENTIALS["aws_secret_access_key"],
            "TABLE_PREFIX": self.settings.table_prefix,
            "INBOUND_QUEUE_NAME": self.settings.inbound_queue_name,
            "MAX_RECEIVE_COUNT": str(self.settings.max_receive_count),
            "LOG_FORMAT": "console",
        }
