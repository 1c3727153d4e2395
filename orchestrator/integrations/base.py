"""Ports the turn and the worker talk through: the backend, the reply sink, the interpreter, the
inbound queue.

Protocols only (no HTTP here); `backend.py`, `sinks.py`, `llm.py` and `queue.py` implement them,
and the tests' fakes can too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from orchestrator.integrations.llm import Interpretation
    from orchestrator.integrations.queue import QueueMessage
    from orchestrator.machine import Expectation
    from orchestrator.models import PendingAction, Reply, Shift


class Backend(Protocol):
    async def get_schedule(self, phone_number: str) -> Shift:
        """The caregiver's current shift (`getScheduleStarted`)."""
        ...

    async def execute(self, action: PendingAction) -> None:
        """POST the action's payload to its contract with `Idempotency-Key: <action_id>`.

        Raises:
            TransientIntegrationError: retries exhausted on timeouts / 5xx.
            PermanentIntegrationError: 4xx.
        """
        ...


class ReplySink(Protocol):
    # False for the log-only sink: nothing leaves the process, so nothing needs settling.
    external: bool

    async def deliver(self, reply: Reply) -> None:
        """Send one reply to the caregiver (same error classes as `Backend.execute`)."""
        ...


class Interpreter(Protocol):
    async def interpret(self, text: str, expectation: Expectation) -> Interpretation:
        """Understand one message: rules first, the LLM only when the rules cannot decide."""
        ...


class MessageQueue(Protocol):
    """What the worker needs of the inbound queue (`orchestrator.integrations.queue.Queue`)."""

    async def receive(
        self, *, max_messages: int = 10, wait_seconds: int = 20, visibility_timeout: int | None = None
    ) -> list[QueueMessage]:
        """Up to `max_messages` messages, waiting up to `wait_seconds` for the first (long poll)."""
        ...

    async def delete_batch(self, receipt_handles: Sequence[str]) -> list[str]:
        """Delete up to 10 messages; returns the receipt handles SQS refused."""
        ...

    async def change_visibility_batch(self, receipt_handles: Sequence[str], seconds: int) -> list[str]:
        """Set the visibility of up to 10 messages; returns the receipt handles SQS refused."""
        ...
