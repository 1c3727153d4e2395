"""What every phase of a turn shares: its dependencies, its metrics, and the few steps used both
before and after the commit (committing a plan, fetching the shift)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import structlog

from orchestrator import machine
from orchestrator.clock import utc_now
from orchestrator.errors import (
    PermanentIntegrationError,
    RetryLater,
    TransientConflict,
    TransientIntegrationError,
    Unheard,
    UnreadableAnswer,
)
from orchestrator.integrations.base import Backend, Interpreter, LlmFallback, ReadReceipts, ReplySink, VoiceNotes
from orchestrator.integrations.voice import NoVoiceNotes
from orchestrator.models import Shift
from orchestrator.store.base import CommitPlan, LockStore, SessionRecord, SessionStore

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class TurnDeps:
    """What a turn needs; built once per worker process."""

    sessions: SessionStore
    locks: LockStore
    interpreter: Interpreter
    backend: Backend
    sink: ReplySink
    config: machine.MachineConfig
    owner: str
    clock: Callable[[], datetime] = utc_now
    # WHATSAPP_REENGAGE_TEMPLATE: sent once per reply Meta failed with 131047 (None: nothing sent).
    reengage_template: str | None = None
    # The WhatsApp receiving side (SPEC section 12): None = no read receipts (off, or no Cloud API sink).
    receipts: ReadReceipts | None = None
    voice: VoiceNotes = field(default_factory=lambda: NoVoiceNotes(Unheard.NO_KEY))


@dataclass
class TurnStats:
    """What happened in one turn, for metrics and logs only: nothing in the turn reads it back.

    The caller may pass its own, so it sees the counts even when the turn raises."""

    applied: int = 0
    duplicates: int = 0
    llm_calls: int = 0
    llm_fallback_reasons: list[LlmFallback] = field(default_factory=list)  # one per fallback: why
    version_conflicts: int = 0
    unexpected_errors: int = 0
    delivery_failure_codes: list[str] = field(default_factory=list)  # one per `failed` status recorded
    templates_sent: int = 0
    read_receipts: int = 0
    read_receipt_failures: int = 0
    voice_notes: int = 0  # transcribed
    voice_notes_unread: list[Unheard] = field(default_factory=list)  # one per voice note not read: why
    unsupported: int = 0  # messages the bot cannot read (stickers, uncaptioned photos, ...)


async def commit(sessions: SessionStore, plan: CommitPlan) -> SessionRecord:
    """Commit under `asyncio.shield`: a turn cancelled meanwhile (shutdown) does not abandon a
    commit DynamoDB may be applying. The store already re-sent a transaction cancelled for a
    concurrent one; if that kept happening the messages are left for a later turn.

    Raises:
        RetryLater: the store kept cancelling the transaction.
        VersionConflict, LockLost, InvalidTransition: as `SessionStore.commit`.
    """
    try:
        return await asyncio.shield(sessions.commit(plan))
    except TransientConflict as exc:
        raise RetryLater(f"commit kept being cancelled: {exc}") from exc


async def fetch_shift(backend: Backend, session_id: str, *, retry_transient: bool = True) -> Shift | None:
    """The caregiver's shift; None when the backend's answer could not be read at all, or the backend
    refused the read (a 4xx, permanent by SPEC section 7: retrying returns it again). The machine
    then asks the caregiver to try again in a moment, and the message is done ("Never silent").

    Args:
        retry_transient: a backend still down after the client's retries leaves the messages on
            the queue (RetryLater); False answers None instead, as for an unreadable answer.
    """
    try:
        return await backend.get_schedule(session_id)
    except UnreadableAnswer as exc:
        log.warning("shift_unreadable", reason=str(exc))
        return None
    except TransientIntegrationError as exc:
        if not retry_transient:
            log.warning("shift_unavailable", reason=str(exc))
            return None
        raise RetryLater(f"getScheduleStarted failed: {exc}") from exc
    except PermanentIntegrationError as exc:
        log.warning("shift_refused", status=exc.status_code)
        return None
