"""Ports the turn talks through: the backend, the reply sink, the interpreter.

Protocols only (no HTTP here); `backend.py`, `sinks.py` and `llm.py` implement them, and the
tests' fakes can too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from orchestrator.integrations.llm import Interpretation
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
