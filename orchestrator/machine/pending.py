"""Two-phase actions: stage, confirm, abort, expire. Ids are derived, never random.

staged ──sim──> confirmed ──(worker: backend 2xx)──> executed
   ├──não──> aborted
   └──(now >= expires_at)──> expired      an operational note is born confirmed
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from orchestrator import ids
from orchestrator.machine.state import MachineConfig
from orchestrator.models import ActionChange, ActionKind, ActionStatus, InboundEvent, PendingAction


class Purpose(StrEnum):
    """Why an action exists; with the event id it makes the action id unique and reproducible."""

    PRESENCE = "presence"
    CANCEL = "cancel"
    SUBSTITUTE = "substitute"
    CLINICAL = "clinical"
    OPERATIONAL = "operational"
    REPORT = "report"


KIND_OF: dict[Purpose, ActionKind] = {
    Purpose.PRESENCE: ActionKind.UPDATE_SCHEDULE,
    Purpose.CANCEL: ActionKind.UPDATE_SCHEDULE,
    Purpose.SUBSTITUTE: ActionKind.CREATE_SCHEDULE,
    Purpose.CLINICAL: ActionKind.UPDATE_CLINICAL,
    Purpose.OPERATIONAL: ActionKind.UPDATE_CLINICAL,
    Purpose.REPORT: ActionKind.UPDATE_SUMMARY,
}


def action_id(event_id: str, purpose: Purpose) -> str:
    """A redelivered event reproduces the same id, so the backend's Idempotency-Key repeats too."""
    return ids.action_id(event_id, purpose.value)


def purpose_of(action: PendingAction) -> Purpose:
    """Recover the purpose from the kind and payload (a schedule response is presence or cancel)."""
    if action.kind is ActionKind.UPDATE_SCHEDULE:
        return Purpose.CANCEL if action.payload.get("responseValue") == "cancelado" else Purpose.PRESENCE
    if action.kind is ActionKind.UPDATE_CLINICAL:
        return Purpose.OPERATIONAL if action.payload.get("operationalNote") else Purpose.CLINICAL
    return Purpose.SUBSTITUTE if action.kind is ActionKind.CREATE_SCHEDULE else Purpose.REPORT


def new_action(
    event: InboundEvent,
    purpose: Purpose,
    payload: dict[str, Any],
    now: datetime,
    config: MachineConfig,
    *,
    status: ActionStatus = ActionStatus.STAGED,
    summary: str = "",
) -> PendingAction:
    return PendingAction(
        action_id=action_id(event.event_id, purpose),
        session_id=event.session_id,
        kind=KIND_OF[purpose],
        status=status,
        payload=payload,
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


def restaged(expired: PendingAction, event: InboundEvent, now: datetime, config: MachineConfig) -> PendingAction:
    """The same write, offered again after its confirmation window passed (a new id, a new window)."""
    return new_action(event, purpose_of(expired), dict(expired.payload), now, config, summary=expired.summary)
