"""Finalization: the 8-topic end-of-shift report, collected over messages, then confirmed.

Opens when the backend sent its finish reminder, a `finalizar_plantao` template fired, or the
caregiver asks to finish after at least one complete measurement was saved.
"""

from __future__ import annotations

from orchestrator.machine import clinical, replies
from orchestrator.machine.contracts import UpdateSummaryRequest, clinical_request
from orchestrator.machine.outcome import Outcome
from orchestrator.machine.pending import dropped, moved, new_action, stage_action
from orchestrator.machine.state import SessionState
from orchestrator.machine.topics import Topics
from orchestrator.models import ActionStatus, PendingAction, Purpose


def may_finish(state: SessionState) -> bool:
    shift = state.shift
    reminded = shift is not None and shift.finish_reminder_sent
    return state.finalizing or reminded or state.complete_measurements_saved >= 1


def on_finish_wish(out: Outcome) -> None:
    action = out.state.staged
    if action is not None and action.purpose is Purpose.CLINICAL and clinical_request(action).vitals.complete:
        # "PA …, quero finalizar": the summary just shown is asked first; the report opens once it
        # is saved (a refusal here hid that summary behind "send a complete measurement first").
        out.update(finalizing=True)
        return
    if not may_finish(out.state):
        out.say(replies.finish_not_yet())
        return
    out.update(finalizing=True)
    prompt(out)


def prompt(out: Outcome, *, noted: bool = False) -> None:
    """Ask for the next topic missing; with every topic answered, offer the report again. `noted`: this
    message recorded a topic (only then does the reply say "Anotado")."""
    topics = out.state.topics
    missing = topics.missing()
    if not missing:
        if out.state.staged is None:
            stage(out)
    elif topics.given:
        out.say(replies.finalization_missing(missing, noted=noted))
    else:
        out.say(replies.finalization_start())


def reask(out: Outcome) -> None:
    """The message answered no topic: the topic asked, asked again (nothing said to be noted). Before
    any topic ("sim" to the finalizar_plantao template) the report is explained whole."""
    topics = out.state.topics
    if topics.given and topics.missing():
        out.say(replies.topic_reask(topics.missing()))
    else:
        prompt(out)


def merge(out: Outcome, topics: Topics, *, adding: bool = False, prompting: bool = True) -> None:
    """Keep the topics; `prompting`: then ask for the next one missing, or stage the report. Not
    prompting (a measurement is asked next), the topics kept are named, never kept silently."""
    out.update(finalizing=True, topics=out.state.topics.merged(topics, adding=adding))
    if not prompting:
        if topics.given:
            out.say(replies.topics_noted(topics.given))
        return
    if out.state.topics.missing():
        prompt(out, noted=True)
    else:
        stage(out)


def stage(out: Outcome) -> None:
    state = out.state
    if state.collecting_clinical and not clinical.missing_items(state):
        # A measurement kept whole (its summary refused or expired) is offered first: the report follows it.
        clinical.stage(out)
        return
    if state.collecting_clinical:
        # Sending the report closes the shift: a measurement still incomplete would be lost unsaid.
        held = replies.clinical_summary(state.vitals, state.respiratory, state.clinical_note)
        out.say(replies.measurement_not_saved(held, clinical.missing_items(state)))
    summary = replies.report_summary(out.state.topics)
    request = UpdateSummaryRequest.report(out.shift, out.state.topics)
    action = new_action(out.event, Purpose.REPORT, request, out.now, out.config, summary=summary)
    stage_action(out, action, replies.report_confirmation(summary))


def confirm(out: Outcome, action: PendingAction) -> None:
    """On "sim": the report is sent and the conversation starts over (the shift stays cached)."""
    out.change(moved(action, ActionStatus.CONFIRMED))
    state = out.state
    out.state = SessionState(
        schedule_id=state.schedule_id,
        shift=state.shift,
        shift_fetched_at=state.shift_fetched_at,
        presence=state.presence,
        report_sent=True,
    )
    out.say(replies.report_sent(action.action_id))


def drop(out: Outcome, action: PendingAction) -> None:
    dropped(out, action, replies.report_dropped())


def set_aside(out: Outcome, action: PendingAction) -> None:
    """The staged report steps aside for a measurement; it is offered again once that one is done."""
    out.change(moved(action, ActionStatus.ABORTED))
    out.update(staged=None)


def correct(out: Outcome, action: PendingAction, topics: Topics, *, adding: bool = False) -> None:
    """Topics sent while the summary awaits its answer: a correction (or, `adding`, an addition),
    summarized again."""
    out.change(moved(action, ActionStatus.ABORTED))
    out.update(staged=None)
    merge(out, topics, adding=adding)
