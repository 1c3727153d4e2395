"""`step`: one event applied to a session, as a pure function. Routing, shift context, gates.

shift context ─> unreadable? ─> unknown phone? ─> expiry ─> template | message:
    shift closed ─> substitute choice ─> gate (cancelled / sem lembretes) ─> expired "sim"
    ─> presence first ─> staged confirmation (clinical / report) ─> new data
    ─> wishes (finish, help, question, greeting)

Every message gets at least one reply part: a caregiver is never left without an answer.
"""

from __future__ import annotations

from datetime import datetime

from orchestrator.machine import clinical, finalize, free_message, presence, replies
from orchestrator.machine.outcome import Outcome
from orchestrator.machine.pending import moved, needs_refresh_after, restaged, stage_action
from orchestrator.machine.reading import Answer, Expectation, ExpectationKind, Reading, TopicEdit, Wish
from orchestrator.machine.state import MachineConfig, SessionState
from orchestrator.machine.transition import ReplyPart, Transition
from orchestrator.machine.vitals import ClinicalItem
from orchestrator.models import (
    ActionStatus,
    EventKind,
    InboundEvent,
    PendingAction,
    Purpose,
    Shift,
    ShiftResponse,
    Template,
)

_OUT_OF_SCHEDULE = (ShiftResponse.CANCELLED, ShiftResponse.NO_REMINDERS)
_CONFIRMATION_OF = {
    Purpose.PRESENCE: ExpectationKind.PRESENCE_CONFIRMATION,
    Purpose.CANCEL: ExpectationKind.CANCEL_CONFIRMATION,
    Purpose.CLINICAL: ExpectationKind.CLINICAL_CONFIRMATION,
    Purpose.REPORT: ExpectationKind.SUMMARY_CONFIRMATION,
}


def needs_shift(state: SessionState, event: InboundEvent, now: datetime, config: MachineConfig) -> bool:
    """Fetch the shift first: on a session's first event, after a template, or when the cache is old."""
    if state.shift_fetched_at is None or event.kind is EventKind.TEMPLATE_FIRED:
        return True
    return now - state.shift_fetched_at >= config.schedule_refresh


def expectation_of(state: SessionState, now: datetime, shift: Shift | None = None) -> Expectation:
    """What the bot awaits now, for reading the next message in context.

    Pass the `shift` just fetched for this event (if any): a new shift may change what is awaited
    (e.g. the finish reminder opens the report).
    """
    if shift is not None:
        state = _with_shift(state, shift, now)[0]
    awaited = _answer_awaited(state, now)
    if awaited is not None:
        return awaited
    if state.finalizing:
        # A measurement sent during the report and still incomplete was asked for last: its items are
        # awaited too ("Falta: nota clínica" answered "paciente tranquilo" is that note, no topic).
        pending = clinical.missing_items(state) if state.collecting_clinical else ()
        if state.collecting_clinical and not (pending or state.topics.missing()):
            # The report whole, a measurement kept whole was offered last: "não" lets it go.
            return Expectation(kind=ExpectationKind.VITALS)
        return Expectation(kind=ExpectationKind.FINALIZATION_TOPICS, missing=(*pending, *state.topics.missing()))
    if state.note_requested and not state.clinical_note:
        return Expectation(kind=ExpectationKind.CLINICAL_NOTE, missing=(ClinicalItem.NOTE,))
    if state.collecting_clinical or state.vitals_requested:
        return Expectation(kind=ExpectationKind.VITALS, missing=clinical.missing_items(state))
    return Expectation()


def _answer_awaited(state: SessionState, now: datetime) -> Expectation | None:
    """A yes or no to the staged action, a pick from the list, or presence still undecided."""
    action = state.staged
    if action is not None:
        # (Past its window too: a late "não" to the report, or "cancela" to the cancellation, is read as
        # the answer it is, and the step tells the caregiver the question expired.)
        kind = _CONFIRMATION_OF.get(action.purpose, ExpectationKind.NOTHING)
        # A measurement's summary during the report: the topics still missing may come beside it.
        report = state.topics.missing() if state.finalizing and kind is ExpectationKind.CLINICAL_CONFIRMATION else ()
        return Expectation(kind=kind, missing=report)
    if state.substitutes:
        return Expectation(
            kind=ExpectationKind.SUBSTITUTE_CHOICE, choices=tuple(s.caregiver_name for s in state.substitutes)
        )
    if _presence_undecided(state):
        # Any message on an unconfirmed shift answers the presence question, asked or not yet:
        # "cheguei" as the first message is a yes, "preciso cancelar o plantão" a no.
        return Expectation(kind=ExpectationKind.PRESENCE_CONFIRMATION, asked=False)
    return None


def _presence_undecided(state: SessionState) -> bool:
    """A known, open shift whose presence nobody confirmed or cancelled yet."""
    shift = state.shift
    if shift is None or not shift.found or state.report_sent:
        return False
    return state.shift_response not in (ShiftResponse.CONFIRMED, *_OUT_OF_SCHEDULE)


def step(  # noqa: PLR0917 - the worker's call shape, fixed by the turn
    state: SessionState,
    event: InboundEvent,
    reading: Reading | None,
    shift: Shift | None,
    now: datetime,
    config: MachineConfig,
) -> Transition:
    """Apply one event. `reading` is None for templates; `shift` is a fresh fetch or None (cached).

    A None `shift` while `needs_shift` says one was due means the backend's answer could not be
    read: a message is answered "try again in a moment" and changes nothing.
    """
    out = Outcome(state=state, event=event, now=now, config=config)
    unreadable = shift is None and needs_shift(state, event, now, config)
    if unreadable and (event.kind is EventKind.MESSAGE or state.shift is None):
        if event.kind is EventKind.MESSAGE:
            out.say(replies.shift_unavailable())
        return out.transition()
    # (A template whose fetch could not be read takes effect on the shift already known.)
    if shift is not None:
        _take_shift(out, shift)
    known = out.state.shift
    if known is None or not known.found:
        if event.kind is EventKind.MESSAGE:
            out.say(replies.no_shift())
        return out.transition()
    expired = _expire(out)
    if event.kind is EventKind.TEMPLATE_FIRED:
        _on_template(out, event.template)
    else:
        _on_message(out, reading or Reading(), expired)
    return out.transition()


def after_execution(
    state: SessionState, action: PendingAction, shift: Shift | None, now: datetime, config: MachineConfig
) -> Transition:
    """React to an executed action with the shift fetched after it (a cancellation: offer substitutes)."""
    if shift is not None:
        state = state.model_copy(update={"shift": shift, "shift_fetched_at": now})
    if not needs_refresh_after(action) or state.shift is None:
        return Transition(state=state)
    state, parts = presence.offer_substitutes(state, state.shift)
    return Transition(state=state, parts=tuple(parts))


# -- shift context and expiry --------------------------------------------------------------------


def _take_shift(out: Outcome, shift: Shift) -> None:
    out.state, abandoned = _with_shift(out.state, shift, out.now)
    if abandoned is not None:
        out.change(moved(abandoned, ActionStatus.EXPIRED))


def _with_shift(state: SessionState, shift: Shift, now: datetime) -> tuple[SessionState, PendingAction | None]:
    """Cache a freshly fetched shift; a different schedule is a new shift and a fresh state.

    Returns the new state and the staged action the old shift abandoned (to expire), if any.
    """
    abandoned = None
    if state.shift is not None and shift.schedule_id != state.schedule_id:
        abandoned = state.staged if state.staged is not None and state.staged.status is ActionStatus.STAGED else None
        state = SessionState()
    # What the caregiver decided here wins only until the backend has caught up.
    presence = state.presence if shift.response in (None, ShiftResponse.AWAITING) else None
    finalizing = state.finalizing or (shift.finish_reminder_sent and not state.report_sent)
    update = {
        "schedule_id": shift.schedule_id,
        "shift": shift,
        "shift_fetched_at": now,
        "presence": presence,
        "finalizing": finalizing,
    }
    return state.model_copy(update=update), abandoned


def _expire(out: Outcome) -> PendingAction | None:
    """A staged action past its window is expired before anything else happens."""
    action = out.state.staged
    if action is None or not action.is_expired(out.now):
        return None
    out.change(moved(action, ActionStatus.EXPIRED))
    out.update(staged=None)
    return action


def _on_template(out: Outcome, template: Template | None) -> None:
    """The backend sent a template: the template itself asked, so nothing is said here.

    A shift whose report was sent is closed: a late template reopens nothing."""
    state = out.state
    if state.report_sent:
        return
    if template is Template.CONFIRM_PRESENCE:
        undecided = state.shift_response not in (ShiftResponse.CONFIRMED, *_OUT_OF_SCHEDULE)
        action = state.staged
        if undecided and action is not None and action.purpose in (Purpose.PRESENCE, Purpose.CANCEL):
            # The template asked the presence anew: the next answer is to it ("Sim" never confirms the
            # cancellation check it arrived over).
            out.change(moved(action, ActionStatus.ABORTED))
            out.update(staged=None)
        if undecided and out.state.staged is None:
            presence.ask(out, silently=True)
    elif template is Template.ASK_VITALS:
        out.update(vitals_requested=True)
    elif template is Template.ASK_CLINICAL_NOTE:
        out.update(note_requested=True)
    elif template is Template.FINISH_SHIFT:
        out.update(finalizing=True, report_sent=False)


# -- messages ------------------------------------------------------------------------------------


def _on_message(out: Outcome, reading: Reading, expired: PendingAction | None) -> None:
    state = out.state
    if state.report_sent:
        _on_closed_shift(out, reading)
        return
    if reading.wants(Wish.QUESTION) and state.shift_response not in _OUT_OF_SCHEDULE:
        out.say(replies.question(out.shift))
    if state.shift_response not in _OUT_OF_SCHEDULE:
        _not_read(out, reading)
    if state.substitutes:
        presence.on_choice(out, reading)
        return
    if state.shift_response in _OUT_OF_SCHEDULE:
        _on_out_of_schedule(out, reading)
        return
    if expired is not None and reading.answer is not None and not reading.has_clinical and not reading.has_topics:
        _on_late_answer(out, reading, expired)
        return
    action = out.state.staged
    if action is not None and reading.wants(Wish.LATER) and not (reading.has_clinical or reading.has_topics):
        # "um momento" while a question is open: it stays open, asked again after the "ok".
        out.say(replies.waiting())
        out.say(_question_for(out, action.purpose, action))
        return
    if state.shift_response is not ShiftResponse.CONFIRMED or (
        action is not None and action.purpose in (Purpose.PRESENCE, Purpose.CANCEL)
    ):
        presence.on_message(out, reading)
        return
    if reading.operational_note:
        clinical.save_operational(out, reading.operational_note)
    if action is not None and action.purpose is Purpose.CLINICAL:
        _on_clinical_confirmation(out, action, reading)
    elif action is not None and action.purpose is Purpose.REPORT:
        _on_report_confirmation(out, action, reading)
    else:
        free_message.on_message(out, reading)


def _on_out_of_schedule(out: Outcome, reading: Reading) -> None:
    """A cancelled shift, or one without reminders: only the out-of-schedule answer (thanks thanked
    first: "obrigada" after picking a substitute)."""
    if reading.wants(Wish.THANKS):
        out.say(replies.thanks())
    out.say(replies.out_of_schedule(out.shift, out.state.shift_response))


def _on_closed_shift(out: Outcome, reading: Reading) -> None:
    """Every message after the report hears that the shift is closed (SPEC §6); thanks are thanked first."""
    if reading.wants(Wish.THANKS):
        out.say(replies.thanks())
    out.say(replies.shift_closed(out.shift))


def _on_late_answer(out: Outcome, reading: Reading, expired: PendingAction) -> None:
    """An answer after the window: "sim" shows the data again for a new confirmation."""
    if reading.operational_note:
        clinical.save_operational(out, reading.operational_note)
    purpose = expired.purpose
    if reading.answer is Answer.YES:
        action = restaged(expired, out.event, out.now, out.config)
        stage_action(out, action)
        out.say(replies.confirmation_expired())
        out.say(_question_for(out, purpose, action))
    elif purpose is Purpose.CANCEL:
        presence.keep_cancel(out)
    elif purpose is Purpose.PRESENCE:
        presence.ask_cancel(out)
    else:
        out.say(replies.clinical_dropped() if purpose is Purpose.CLINICAL else replies.report_dropped())


def _question_for(out: Outcome, purpose: Purpose, action: PendingAction) -> ReplyPart:
    if purpose is Purpose.PRESENCE:
        return replies.presence_question(out.shift)
    if purpose is Purpose.CANCEL:
        return replies.cancel_question(out.shift)
    if purpose is Purpose.REPORT:
        return replies.report_confirmation(action.summary)
    return replies.clinical_confirmation(action.summary)


def _on_clinical_confirmation(out: Outcome, action: PendingAction, reading: Reading) -> None:
    if reading.has_topics:
        # Report topics beside the summary are kept (and said to be); the summary stays the question.
        finalize.merge(out, reading.topics, adding=reading.topic_edit is not TopicEdit.REPLACE, prompting=False)
    if reading.wants(Wish.CANCEL) and not reading.has_clinical:
        # "não vou poder ir hoje": the summary steps aside (its values kept, offered again if the shift
        # is kept) for the double-checked cancellation.
        out.change(moved(action, ActionStatus.ABORTED))
        out.update(staged=None)
        presence.ask_cancel(out)
    elif reading.has_clinical:
        clinical.correct(out, action, reading)
    elif reading.answer is Answer.YES:
        clinical.confirm(out, action)
        if out.state.finalizing:
            # A measurement sent while the report was open: the report goes on where it stood.
            finalize.prompt(out)
        elif reading.wants(Wish.FINISH):
            finalize.on_finish_wish(out)  # "pode salvar e finalizar": the report opens once it is saved
    elif reading.answer is Answer.NO:
        clinical.drop(out, action)
    elif reading.has_topics:
        out.say(_question_for(out, action.purpose, action))
    elif reading.wants(Wish.FINISH):
        # "finalizar" at the summary: the summary is answered first, the report opens once it is saved.
        finalize.on_finish_wish(out)
        out.say(_question_for(out, action.purpose, action))
    else:
        _ask_again(out, action, reading)


def _on_report_confirmation(out: Outcome, action: PendingAction, reading: Reading) -> None:
    if reading.has_clinical:
        # Vital signs are never swallowed by the report: the report waits for the measurement.
        finalize.set_aside(out, action)
        clinical.merge(out, reading)
        clinical.advance(out, noted=bool(reading.clinical_note))
    elif reading.has_topics:
        finalize.correct(out, action, reading.topics, adding=reading.topic_edit is TopicEdit.ADD)
    elif reading.answer is Answer.YES:
        finalize.confirm(out, action)
    elif reading.answer is Answer.NO:
        finalize.drop(out, action)
    else:
        _ask_again(out, action, reading)


def _ask_again(out: Outcome, action: PendingAction, reading: Reading) -> None:
    """No "sim" or "não" to the staged write: its question again, with "Não entendi" (the reask)
    only when nothing else was understood (a saved note, an answered question, a greeting)."""
    if reading.doubts and action.purpose is Purpose.CLINICAL:
        # "FC 78 ou 76?" is the question now: the summary steps aside (values kept) until the value comes.
        out.change(moved(action, ActionStatus.ABORTED))
        out.update(staged=None)
        return
    if _understood_aside(out, reading):
        out.say(_question_for(out, action.purpose, action))
    else:
        verb = "enviar" if action.purpose is Purpose.REPORT else "salvar"
        out.say(replies.confirmation_reask(action.summary, verb=verb))


def _understood_aside(out: Outcome, reading: Reading) -> bool:
    """A message beside the question awaiting its answer (an occurrence, a question, a greeting,
    thanks): answered for what it is; the question is asked again without "Não entendi"."""
    if reading.wants(Wish.THANKS):
        out.say(replies.thanks())
    elif reading.wants(Wish.GREETING):
        out.say(replies.greeting(out.shift))
    if reading.wants(Wish.HELP):
        out.say(replies.help_menu(before_question=True))
    return bool(reading.operational_note) or reading.aside


def _not_read(out: Outcome, reading: Reading) -> None:
    """Numbers nothing could be told from, and labelled values that cannot be told, asked back."""
    if reading.unread_numbers:
        out.say(replies.unread_numbers(reading.unread_numbers))
    if reading.doubts:
        out.say(replies.doubtful_values(reading.doubts))
