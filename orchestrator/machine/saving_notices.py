"""What the caregiver is told while a confirmed action waits to be executed (the backend down or refusing):
the reply's "salvo" parts become a delay notice (SPEC section 6, two-phase commit)."""

from __future__ import annotations

from collections.abc import Sequence

from orchestrator.machine.reply_codes import ReplyCode
from orchestrator.machine.transition import PartKind, ReplyPart


def _notice(code: ReplyCode, text: str) -> ReplyPart:
    return ReplyPart(code=code.value, text=text, kind=PartKind.NOTICE)


def saving_delayed(*, received: str = "sua confirmação") -> ReplyPart:
    """Told once when a confirmed action could not be executed yet: it will be, later. `received`:
    what the caregiver sent (an occurrence is saved without a confirmation)."""
    return _notice(
        ReplyCode.SAVING_DELAYED,
        f"Recebi {received}, mas o sistema está instável: vou salvar assim que possível, não precisa reenviar.",
    )


def saving_rejected(*, received: str = "sua confirmação") -> ReplyPart:
    """Told instead of `saving_delayed` when the backend refused the record (4xx): retrying alone
    will not save it, so promise a person, not a retry."""
    return _notice(
        ReplyCode.SAVING_REJECTED,
        f"Recebi {received}, mas o sistema não aceitou o registro. A equipe foi avisada e vai verificar; "
        "não precisa reenviar.",
    )


def not_saved_yet(parts: Sequence[ReplyPart], *, refused: bool) -> tuple[ReplyPart, ...]:
    """A reply told while the actions it announces are not executed: each "salvo" part becomes the
    delay notice (or, when the backend `refused` one, the refusal notice); the other parts stay.
    An occurrence was never confirmed (saved at once): its notice says what was received."""

    def instead(part: ReplyPart) -> ReplyPart:
        received = "a ocorrência" if part.code == ReplyCode.OPERATIONAL_SAVED else "sua confirmação"
        return saving_rejected(received=received) if refused else saving_delayed(received=received)

    return tuple(instead(part) if part.after_action else part for part in parts)
