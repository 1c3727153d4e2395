"""Ports the turn and the worker talk through: the backend, the reply sink, the interpreter, the
inbound queue, and the WhatsApp receiving side (read receipts, voice notes).

Protocols (and the one value an interpreter returns) only, no I/O here: `backend.py`,
`sinks.py`, `llm.py` and `queue.py` implement them, and so do the in-memory fakes of the tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from orchestrator.machine import Reading
from orchestrator.models import Frozen

if TYPE_CHECKING:
    from orchestrator.integrations.queue import QueueMessage
    from orchestrator.machine import Expectation
    from orchestrator.models import PendingAction, Shift
    from orchestrator.outbound import Reply


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

    def messages(self, reply: Reply) -> tuple[Reply, ...]:
        """The reply as the channel's messages, in order: itself, unless the channel limits a
        message's length (the WhatsApp Cloud API's 4096 characters) and the reply is longer.
        The same reply always gives the same messages, so a redelivery can skip those sent."""
        ...

    async def deliver(self, reply: Reply) -> str | None:
        """Send one message (one of `messages(reply)`) to the caregiver (same error classes as
        `Backend.execute`); return the message id the channel gave it, when it gives one (the
        WhatsApp Cloud API's wamid)."""
        ...


class ReadReceipts(Protocol):
    async def mark_read(self, message_id: str) -> None:
        """Mark an inbound WhatsApp message read, with the typing indicator (SPEC section 12).

        Raises:
            IntegrationError: the caller logs it and goes on (a receipt never fails a turn).
        """
        ...


class VoiceNotes(Protocol):
    async def transcript(self, media_id: str) -> str:
        """What was said in a voice note, by its media id.

        Raises:
            VoiceNoteUnreadable: it cannot be read (no key, too large, download or transcription failed).
        """
        ...


class LlmFallback(StrEnum):
    """Why the rules' reading was used although the LLM was wanted (a label in logs and metrics)."""

    BREAKER_OPEN = "breaker_open"  # no request: the LLM failed too often lately
    TIMEOUT = "timeout"
    ERROR = "error"  # HTTP or connection failure
    MALFORMED = "malformed"  # an answer that is not the JSON we asked for
    REFUSAL = "refusal"  # the model declined to answer
    LENGTH = "length"  # the answer was cut at the token limit
    CONTENT_FILTER = "content_filter"


class Interpretation(Frozen):
    """A reading and how it was obtained: `llm_called` (a request was made), `fallback_reason` (why
    the rules' reading was used although the LLM was wanted)."""

    reading: Reading
    llm_called: bool = False
    fallback_reason: LlmFallback | None = None

    @property
    def fallback(self) -> bool:
        return self.fallback_reason is not None


class Interpreter(Protocol):
    async def interpret(self, text: str, expectation: Expectation) -> Interpretation:
        """Understand one message: rules first, the LLM only when the rules cannot decide."""
        ...


class WorkQueue(Protocol):
    """The inbound queue as the worker uses it: `queue.Queue` on SQS, or the tests' in-memory fake.

    FIFO: one session's messages (its `MessageGroupId`) come out in order, never two receivers at once.
    """

    async def receive(
        self, *, max_messages: int = ..., wait_seconds: int = ..., visibility_timeout: int | None = None
    ) -> list[QueueMessage]:
        """Up to `max_messages` (at most 10) visible messages, waiting up to `wait_seconds` for one."""
        ...

    async def delete_batch(self, receipt_handles: Sequence[str]) -> list[str]:
        """Delete up to 10 messages; returns the receipt handles refused (e.g. stale ones)."""
        ...

    async def change_visibility_batch(self, receipt_handles: Sequence[str], seconds: int) -> list[str]:
        """Make up to 10 messages visible again in `seconds`; returns the receipt handles refused."""
        ...
