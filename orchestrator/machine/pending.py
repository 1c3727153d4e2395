"""Two-phase actions: stage, confirm, abort, expire. Ids are derived, never random.

staged ──sim──> confirmed ──(worker: backend 2xx)──> executed
   ├──não──> aborted
   └──(now >= expires_at)──> expired      an operational note is born confirmed
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from pydantic import JsonValue

from orchestrator import ids
from orchestrator.machine import replies
from orchestrator.machine.contracts import ContractBody, UpdateClinicalRequest, UpdateSummaryRequest, contract_of
from orchestrator.machine.outcome import Outcome
from orchestrator.machine.state import MachineConfig
from orchestrator.machine.transition import ReplyPart
from orchestrator.models import ActionChange, ActionStatus, InboundEvent, PendingAction, Purpose


def action_id(event_id: str, purpose: Purpose) -> str:
    """A redelivered event reproduces the same id, so the backend's Idempotency-Key repeats too."""
    return ids.action_id(event_id, purpose.value)


def needs_refresh_after(action: PendingAction) -> bool:
    """A confirmed cancellation changes the shift (the backend now offers substitutes)."""
    return action.purpose is Purpose.CANCEL


def shown_summary(purpose: Purpose, payload: Mapping[str, JsonValue]) -> str:
    """The summary a staged write shows the caregiver, from its body alone: a measurement's values
    and note, a report's topics; none for the others (their question is about the shift).

    Raises:
        ValueError: a body that is not its purpose's contract's.
    """
    if purpose is Purpose.CLINICAL:
        measurement = UpdateClinicalRequest.model_validate(payload)
        return replies.clinical_summary(measurement.vitals, measurement.supplementary_oxygen, measurement.clinical_note)
    if purpose is Purpose.REPORT:
        return replies.report_summary(UpdateSummaryRequest.model_validate(payload).topics)
    return ""


def new_action(
    event: InboundEvent,
    purpose: Purpose,
    request: ContractBody,
    now: datetime,
    config: MachineConfig,
    *,
    status: ActionStatus = ActionStatus.STAGED,
    summary: str = "",
) -> PendingAction:
    """An action that will send `request` (its wire body, kept as it will be sent) to its contract."""
    return PendingAction(
        action_id=action_id(event.event_id, purpose),
        session_id=event.session_id,
        kind=contract_of(request),
        purpose=purpose,
        status=status,
        payload=request.wire(),
        created_at=now,
        expires_at=now + config.pending_action_ttl,
        message_id=event.event_id,
        summary=summary,
    )


def staged(action: PendingAction) -> ActionChange:
    return ActionChange(action=action, previous=None)


def born_confirmed(action: PendingAction) -> ActionChange:
    """An action that needs no question (an operational note, a substitute picked from the list)."""
    return ActionChange(action=action.model_copy(update={"status": ActionStatus.CONFIRMED}), previous=None)


def moved(action: PendingAction, to: ActionStatus) -> ActionChange:
    """A staged action confirmed, aborted or expired."""
    return ActionChange(action=action.model_copy(update={"status": to}), previous=ActionStatus.STAGED)


def stage_action(out: Outcome, action: PendingAction, question: ReplyPart | None = None) -> None:
    """A write that awaits "sim": staged, held as the open question, and `question` asked (if given)."""
    out.change(staged(action))
    out.update(staged=action)
    if question is not None:
        out.say(question)


def dropped(out: Outcome, action: PendingAction, reply: ReplyPart) -> None:
    """A staged write the caregiver said "não" to: aborted, nothing staged any more, `reply` said."""
    out.change(moved(action, ActionStatus.ABORTED))
    out.update(staged=None)
    out.say(reply)


def restaged(expired: PendingAction, event: InboundEvent, now: datetime, config: MachineConfig) -> PendingAction:
    """The same write, offered again after its confirmation window passed (a new id, a new window)."""
    return expired.model_copy(
        update={
            "action_id": action_id(event.event_id, expired.purpose),
            "session_id": event.session_id,
            "status": ActionStatus.STAGED,
            "created_at": now,
            "expires_at": now + config.pending_action_ttl,
            "message_id": event.event_id,
            "confirmed_by": None,
        }
    )
