"""The one exception tree of the project.

Each class says when it is raised and what its caller does about it.
"""

from __future__ import annotations

from enum import StrEnum


class OrchestratorError(Exception):
    """Base of every error this project raises on purpose."""


# -- input ---------------------------------------------------------------------------------------


class InvalidInput(OrchestratorError, ValueError):
    """A caller sent something unusable. The ingress answers 400 naming `field`; nothing is written."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class InvalidPhone(InvalidInput):
    """A phone number has no usable digits (too short or too long once normalized)."""

    def __init__(self, reason: str, field: str = "phoneNumber") -> None:
        super().__init__(field, reason)


class InvalidEnvelope(OrchestratorError, ValueError):
    """A queue body is not a known envelope version or kind. The worker fails it permanently (DLQ)."""


# -- persistence ---------------------------------------------------------------------------------


class StoreError(OrchestratorError):
    """Base of the persistence errors; DynamoDB's own exceptions never leave `store/`."""


class VersionConflict(StoreError):
    """The session changed since it was loaded. The turn reloads and runs again."""


class LockBusy(StoreError):
    """Another holder has the lease. The worker gives the message back with a short delay."""


class LockLost(StoreError):
    """The lease passed and someone else took the lock: this holder must not commit (fencing)."""


class TransientConflict(StoreError):
    """DynamoDB cancelled a transaction for a concurrent one or throttling. Retry the same request."""


class CommitTooLarge(StoreError, ValueError):
    """A commit would exceed TransactWriteItems limits (100 items, 4 MB). Raised before any call."""


class InvalidTransition(StoreError):
    """A pending action is not in the status the transition starts from (it moved on already)."""


class KeyReused(StoreError):
    """An idempotency key came back with a different payload. The ingress answers 422."""


# -- message fate (the worker decides nothing else) ----------------------------------------------


class RetryLater(OrchestratorError):
    """The message stays on the queue and reappears after its visibility timeout.

    Its receive count grows, so a failure that persists ends in the DLQ by the redrive policy.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PermanentFailure(OrchestratorError):
    """Retrying cannot help (malformed envelope, 4xx from the backend). The reason is recorded."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# -- integrations --------------------------------------------------------------------------------


class IntegrationError(OrchestratorError):
    """Base of failures talking to the backend, the LLM or a reply sink."""


class TransientIntegrationError(IntegrationError):
    """Timeout, connection error or 5xx: worth retrying with backoff."""


class PermanentIntegrationError(IntegrationError):
    """4xx or an unusable answer: retrying the same request cannot succeed."""

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code

    @property
    def refuses_us(self) -> bool:
        """401, 403 or 404: the service refuses our credentials or does not know our URL, so every
        request fails alike until the configuration is fixed (an expired token, a wrong URL)."""
        return self.status_code in (401, 403, 404)


class UnreadableAnswer(PermanentIntegrationError):
    """The backend answered 2xx with a body that is no answer of its contract (not JSON, or the wrong
    shape even with nulls taken as absent). Retrying returns it again; for `getScheduleStarted` the
    turn lets the machine ask the caregiver to try again in a moment."""


class Unheard(StrEnum):
    """Why a voice note could not be read (a label in logs and metrics, never the audio's content)."""

    NO_KEY = "no_key"  # no OPENAI_API_KEY: nothing can transcribe
    NO_CHANNEL = "no_channel"  # no WhatsApp Cloud credentials: the media cannot be fetched
    TOO_LARGE = "too_large"  # over the 16 MB cap (Meta's own limit for audio)
    DOWNLOAD_FAILED = "download_failed"
    TRANSCRIPTION_FAILED = "transcription_failed"


class VoiceNoteUnreadable(IntegrationError):
    """A voice note could not be turned into text, after the retries its calls allow. The turn
    answers once asking the caregiver to type, writes nothing else, and the message is done."""

    def __init__(self, reason: Unheard, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else str(reason))
        self.reason = reason


class ConfigurationError(OrchestratorError):
    """Settings are missing or contradictory; the process refuses to start."""
