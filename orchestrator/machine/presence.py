"""Presence: confirm the shift, or cancel it after a second, explicit yes; then a substitute.

(any message) ─> "confirma presença?" ──sim──> confirmado
                                       └─não──> "tem certeza?" ──sim──> cancelado ─> substitutes
                                                              └─não──> presence asked again
"""

from __future__ import annotations

from orchestrator.machine import clinical, finalize, replies
from orchestrator.machine.contracts import CreateScheduleRequest, UpdateScheduleRequest
from orchestrator.machine.outcome import Outcome
from orchestrator.machine.pending import born_confirmed, moved, new_action, stage_action
from orchestrator.machine.reading import Answer, Reading, Wish
from orchestrator.machine.state import MAX_SUBSTITUTES, SessionState
from orchestrator.machine.transition import ReplyPart
from orchestrator.models import ActionStatus, PendingAction, Purpose, Shift, ShiftResponse


def on_message(out: Outcome, reading: Reading) -> None:
    """A message while presence is undecided: data is kept, the presence question comes first."""
    if reading.operational_note:
        clinical.save_operational(out, reading.operational_note)
    held = reading.has_clinical
    if held:
        clinical.merge(out, reading)
    action = out.state.staged
    purpose = action.purpose if action is not None else None
    if action is not None and purpose is Purpose.CANCEL:
        _on_cancel_answer(out, action, reading)
    elif action is not None and purpose is Purpose.PRESENCE:
        if reading.answer is Answer.YES:
            confirm(out, action)
        elif reading.answer is Answer.NO:
            out.change(moved(action, ActionStatus.ABORTED))
            out.update(staged=None)
            ask_cancel(out)
        else:
            _ask_again(out, reading, replies.presence_question(out.shift), replies.presence_reask(out.shift))
    elif reading.answer is Answer.YES and not out.state.finalizing:
        # Answering the backend's own confirmar_presenca template: no need to ask again. (A yes to the
        # finalizar_plantao template confirms no presence: the question is asked.)
        confirm(out, None)
    elif reading.answer is Answer.NO:
        ask_cancel(out)
    else:
        if reading.wants(Wish.HELP):
            out.say(replies.help_menu(before_question=True))
        ask(out)
    if held and out.state.shift_response is not ShiftResponse.CONFIRMED:
        out.say(replies.clinical_held())


def ask(out: Outcome, *, silently: bool = False) -> None:
    """Stage the presence confirmation and ask it (the template already asked when `silently`)."""
    request = UpdateScheduleRequest.answer(out.shift, out.event.session_id, ShiftResponse.CONFIRMED)
    action = new_action(out.event, Purpose.PRESENCE, request, out.now, out.config)
    stage_action(out, action, None if silently else replies.presence_question(out.shift))


def confirm(out: Outcome, action: PendingAction | None) -> None:
    """Presence confirmed; clinical data sent meanwhile is picked up again."""
    if action is None:
        request = UpdateScheduleRequest.answer(out.shift, out.event.session_id, ShiftResponse.CONFIRMED)
        action = new_action(out.event, Purpose.PRESENCE, request, out.now, out.config)
        out.change(born_confirmed(action))
    else:
        out.change(moved(action, ActionStatus.CONFIRMED))
    out.update(staged=None, presence=ShiftResponse.CONFIRMED)
    out.say(replies.presence_confirmed(action.action_id))
    if out.state.collecting_clinical:
        clinical.advance(out)
    elif out.state.finalizing:
        finalize.prompt(out)  # the report the finish reminder asked for


def ask_cancel(out: Outcome) -> None:
    request = UpdateScheduleRequest.answer(out.shift, out.event.session_id, ShiftResponse.CANCELLED)
    action = new_action(out.event, Purpose.CANCEL, request, out.now, out.config)
    stage_action(out, action, replies.cancel_question(out.shift))


_COURTESY = frozenset({Wish.GREETING, Wish.THANKS})


def _ask_again(out: Outcome, reading: Reading, question: ReplyPart, reask: ReplyPart) -> None:
    """No answer came: "Não entendi" only when nothing was understood (thanks get a thank-you, a
    question was answered already); otherwise the plain question again. Courtesy alone ("bom dia",
    "obrigada" sent right after the question) points at the question instead of repeating it."""
    if _only_courtesy(reading) and _asked_before(out):
        out.say(replies.thanks() if reading.wants(Wish.THANKS) else replies.greeting(out.shift))
        out.say(replies.answer_awaited())
        return
    if reading.wants(Wish.THANKS):
        out.say(replies.thanks())
    if reading.wants(Wish.HELP):
        out.say(replies.help_menu(before_question=True))
    out.say(question if reading.aside or reading.has_clinical or reading.operational_note else reask)


def _only_courtesy(reading: Reading) -> bool:
    return bool(reading.wishes) and set(reading.wishes) <= _COURTESY and not reading.has_clinical


def _asked_before(out: Outcome) -> bool:
    """Whether the open question went out in an earlier turn. A turn steps its burst at one `now`:
    a question staged in this turn is still to be sent, and only the last prompt of a burst is."""
    action = out.state.staged
    return action is not None and action.created_at < out.now


def _on_cancel_answer(out: Outcome, action: PendingAction, reading: Reading) -> None:
    answer = reading.answer
    if answer is Answer.YES:
        out.change(moved(action, ActionStatus.CONFIRMED))
        out.update(staged=None, presence=ShiftResponse.CANCELLED)
        out.say(replies.cancelled(action.action_id))
    elif answer is Answer.NO:
        out.change(moved(action, ActionStatus.ABORTED))
        out.update(staged=None)
        out.say(replies.cancel_kept())
        if out.state.shift_response is ShiftResponse.CONFIRMED and out.state.collecting_clinical:
            clinical.advance(out)  # the measurement set aside for the question: its summary or what it lacks
        elif out.state.shift_response is ShiftResponse.CONFIRMED:
            out.say(replies.ready())  # presence was confirmed before: nothing to ask again
        elif reading.coming:
            confirm(out, None)  # "não, me enganei, eu vou sim": the presence question is answered too
        else:
            ask(out)
    else:
        _ask_again(out, reading, replies.cancel_question(out.shift), replies.cancel_reask(out.shift))


def keep_cancel(out: Outcome) -> None:
    """On "não" to a cancellation whose window passed: nothing was cancelled; ask presence again."""
    out.say(replies.cancel_kept())
    ask(out)


def offer_substitutes(state: SessionState, shift: Shift) -> tuple[SessionState, list[ReplyPart]]:
    """After the cancellation executed: the backend's candidates as a numbered list."""
    options = shift.substitutes[:MAX_SUBSTITUTES]
    if not options:
        return state.model_copy(update={"substitutes": ()}), [replies.no_substitutes()]
    return state.model_copy(update={"substitutes": options}), [replies.substitutes(options)]


def on_choice(out: Outcome, reading: Reading) -> None:
    """The answer to the substitute list: a number, a name, or none."""
    options = out.state.substitutes
    if reading.choice is not None and 0 <= reading.choice < len(options):
        chosen = options[reading.choice]
        request = CreateScheduleRequest.substitute(out.shift, chosen.caregiver_identifier)
        # The list was the question and the pick is the answer: born confirmed.
        action = new_action(out.event, Purpose.SUBSTITUTE, request, out.now, out.config)
        out.change(born_confirmed(action))
        out.update(substitutes=())
        out.say(replies.substitute_chosen(chosen.caregiver_name, action.action_id))
    elif reading.coming:
        # "me enganei, eu vou sim": the cancellation was done and the coordination told; the list stays open.
        out.say(replies.cancellation_stands())
        out.say(replies.substitutes(options))
    elif reading.wants(Wish.LATER):
        # "vou perguntar pra Maria se ela pode": nobody picked yet; the list stays open.
        out.say(replies.waiting())
        out.say(replies.substitutes(options))
    elif reading.no_choice or reading.answer is Answer.NO:
        out.update(substitutes=())
        out.say(replies.substitute_declined())
    elif reading.aside or reading.answer is Answer.YES:
        # "obrigada", "bom dia", "ok": courtesy picks nobody; answered, the list is shown again.
        if reading.wants(Wish.THANKS):
            out.say(replies.thanks())
        elif reading.wants(Wish.GREETING):
            out.say(replies.greeting(out.shift))
        out.say(replies.substitutes(options))
    else:
        out.say(replies.substitutes_reask(options))
