"""Clinical data: merging values across messages, the first-measurement rule, staging, notes.

The first measurement of a shift needs the five vitals, the respiratory condition and a note;
later ones need the vitals and the condition, or a note alone. Missing items are named.
"""

from __future__ import annotations

from orchestrator.machine import replies
from orchestrator.machine.contracts import UpdateClinicalRequest, clinical_request
from orchestrator.machine.notes import NOTE_MAX_CHARS
from orchestrator.machine.outcome import Outcome
from orchestrator.machine.pending import born_confirmed, dropped, moved, new_action, stage_action
from orchestrator.machine.reading import Reading
from orchestrator.machine.state import SessionState
from orchestrator.machine.vitals import ClinicalItem, RespiratoryCondition, VitalName, Vitals
from orchestrator.models import ActionStatus, PendingAction, Purpose


def missing_items(state: SessionState) -> tuple[VitalName | ClinicalItem, ...]:
    """What the measurement being collected still lacks, by the names caregivers use."""
    if state.measurements_saved and state.vitals.empty and state.respiratory is None and state.clinical_note:
        return ()  # a later note alone is whole (kept after its summary expired or was refused)
    items: list[VitalName | ClinicalItem] = list(state.vitals.missing())
    if state.respiratory is None:
        items.append(ClinicalItem.RESPIRATORY)
    if state.measurements_saved == 0 and not state.clinical_note:
        items.append(ClinicalItem.NOTE)
    return tuple(items)


def merge(out: Outcome, reading: Reading) -> None:
    """Add what the message brought to the measurement; refused values are reported, not kept."""
    if reading.rejected:
        out.say(replies.out_of_range(reading.rejected))
    state = out.state
    note = _merged_note(state.clinical_note, reading, retyped=not state.vitals.empty)
    out.update(
        vitals=state.vitals.merged(reading.vitals),
        respiratory=reading.respiratory or state.respiratory,
        support=_merged_support(state, reading),
        clinical_note=note[:NOTE_MAX_CHARS] if note else None,
        note_requested=state.note_requested and not note,
    )


def _merged_support(state: SessionState, reading: Reading) -> str | None:
    """How the breathing is supported: a new condition brings its own ("O2 no cateter" after "O2 2 L/min"
    keeps the flow it does not contradict); room air has none."""
    if reading.respiratory is None:
        return state.support
    same = reading.respiratory is state.respiratory
    return reading.support or (state.support if same else None)


def record_note(state: SessionState) -> str | None:
    """The note the record gets: the caregiver's note, then how the breathing is supported (the backend's
    `supplementaryOxygen` holds only the condition: "paciente calmo; O2 em cateter 2 L/min")."""
    support = state.support if state.respiratory not in (None, RespiratoryCondition.ROOM_AIR) else None
    note = "; ".join(part for part in (state.clinical_note, support) if part)
    return note[:NOTE_MAX_CHARS] or None


def _merged_note(note: str | None, reading: Reading, *, retyped: bool) -> str | None:
    """The note so far and the one just sent: a measurement sent again whole (`retyped`: values
    were already collected) replaces it, a repeat adds nothing. An observation sent before any
    value ("paciente dormindo", then the vitals with "acordou bem") is kept beside the new one."""
    new = reading.clinical_note
    if not new:
        return note
    if not note or reading.note_replaced or (retyped and reading.vitals.complete and reading.respiratory is not None):
        return new
    return note if new.casefold() in note.casefold() else f"{note}; {new}"


def advance(out: Outcome, *, noted: bool = False) -> None:
    """Stage the measurement when it is complete enough; otherwise ask for what is missing (saying
    so when the message's observation was kept for later: `noted`)."""
    state = out.state
    first = state.measurements_saved == 0
    with_vitals = state.vitals.complete and state.respiratory is not None
    note_alone = state.vitals.empty and state.respiratory is None and bool(state.clinical_note)
    if (with_vitals and (state.clinical_note or not first)) or (note_alone and not first):
        stage(out)
    elif note_alone:
        out.say(replies.first_measurement_incomplete(missing_items(state)))
    else:
        out.say(replies.vitals_missing(state.vitals, missing_items(state), state.respiratory, noted=noted))


def stage(out: Outcome) -> None:
    state = out.state
    summary = replies.clinical_summary(state.vitals, state.respiratory, record_note(state))
    request = UpdateClinicalRequest.record(
        out.shift, out.event.session_id, state.vitals, state.respiratory, record_note(state), operational=False
    )
    action = new_action(out.event, Purpose.CLINICAL, request, out.now, out.config, summary=summary)
    stage_action(out, action, replies.clinical_confirmation(summary))


def confirm(out: Outcome, action: PendingAction) -> None:
    """On "sim": the measurement is saved and the next one starts empty."""
    out.change(moved(action, ActionStatus.CONFIRMED))
    complete = clinical_request(action).vitals.complete
    state = out.state
    out.update(
        staged=None,
        vitals=Vitals(),
        respiratory=None,
        support=None,
        clinical_note=None,
        measurements_saved=state.measurements_saved + 1,
        complete_measurements_saved=state.complete_measurements_saved + int(complete),
        vitals_requested=False,
        note_requested=False,
    )
    out.say(replies.clinical_saved(action.action_id))


def discard(out: Outcome) -> None:
    """A second "não" to values kept for a correction: they are let go."""
    out.update(vitals=Vitals(), respiratory=None, support=None, clinical_note=None)
    out.say(replies.measurement_discarded())


def drop(out: Outcome, action: PendingAction) -> None:
    """On "não": nothing is saved; the values stay for a correction."""
    dropped(out, action, replies.clinical_dropped())


def correct(out: Outcome, action: PendingAction, reading: Reading) -> None:
    """New values while a summary awaits its answer: a correction, shown again in a new summary."""
    out.change(moved(action, ActionStatus.ABORTED))
    out.update(staged=None)
    merge(out, reading)
    advance(out, noted=bool(reading.clinical_note))


def save_operational(out: Outcome, note: str) -> None:
    """Operational notes need no confirmation (SPEC section 6): born confirmed."""
    request = UpdateClinicalRequest.record(out.shift, out.event.session_id, Vitals(), None, note, operational=True)
    action = new_action(out.event, Purpose.OPERATIONAL, request, out.now, out.config)
    out.change(born_confirmed(action))
    out.say(replies.operational_saved(note, action.action_id))
