"""A message while nothing awaits a yes or no: data first, then what the caregiver asks for, then the
question that says where the conversation stands (the measurement's, the report's, or "pode mandar")."""

from __future__ import annotations

from orchestrator.machine import clinical, finalize, presence, replies
from orchestrator.machine.outcome import Outcome
from orchestrator.machine.reading import Answer, Reading, TopicEdit, Wish
from orchestrator.machine.state import SessionState


def on_message(out: Outcome, reading: Reading) -> None:
    """Nothing awaits an answer: data first, then what the caregiver asks for."""
    if reading.wants(Wish.CANCEL) and not out.state.finalizing:
        # Not coming after all: the same double-checked cancellation as a "não" to presence.
        presence.ask_cancel(out)
        return
    if reading.wants(Wish.FINISH) and reading.has_topics and not finalize.may_finish(out.state):
        # "acabou meu plantão, comeu bem" before any measurement: the report cannot open yet, and what it
        # says is kept for when it does.
        out.update(topics=out.state.topics.merged(reading.topics, adding=True))
        out.say(replies.topics_noted(reading.topics.given))
        out.say(replies.finish_not_yet())
        return
    handled = bool(reading.operational_note)
    prompted, finalizing = False, out.state.finalizing
    if reading.has_topics:
        # While the report is collected a topic said again is added to, unless the message corrects it.
        # Beside a measurement the topics are only kept: the measurement is what is asked or confirmed
        # next, and the report goes on once it is saved (never staged over it).
        adding = reading.topic_edit is not TopicEdit.REPLACE
        # A measurement still waiting stays the question (the topics are named as kept), until the
        # report is whole: then the report is offered, with the warning that the measurement is unsaved.
        waiting = _incomplete(out.state)
        whole = not out.state.topics.merged(reading.topics, adding=adding).missing()
        measuring = reading.has_clinical or (waiting and not whole)
        finalize.merge(out, reading.topics, adding=adding, prompting=not measuring)
        handled, prompted = True, not measuring
    if reading.has_clinical:
        clinical.merge(out, reading)
        clinical.advance(out, noted=bool(reading.clinical_note))
        handled = True
    elif reading.has_topics and _incomplete(out.state):
        # The measurement still waiting stays the question asked last: what comes next completes it.
        _status_of_measurement(out)
    if reading.wants(Wish.FINISH):
        # Topics said beside it were answered with the report's next question; a measurement sent into
        # the open report ("vou passar o relatório: PA 12/8 ...") is what is asked next.
        if not prompted and not (finalizing and reading.has_clinical):
            finalize.on_finish_wish(out)
    elif reading.wants(Wish.HELP):
        _on_help(out)
    elif not handled:
        _on_no_data(out, reading)
    elif not (reading.has_topics or reading.has_clinical):
        _summary_set_aside(out)


def _on_help(out: Outcome) -> None:
    """While the report is collected, the help that matters is the topic asked, explained again; a
    measurement under way (its summary expired, or items missing) is asked again after the help."""
    if out.state.finalizing:
        finalize.reask(out)
    elif out.state.collecting_clinical or out.state.vitals_requested:
        out.say(replies.help_menu(before_question=True))
        _status(out)
    else:
        out.say(replies.help_menu())


def _summary_set_aside(out: Outcome) -> None:
    """Only an occurrence beside a summary that expired (or a measurement refused for correction): the
    summary is the question still open, asked again (nothing of it was saved)."""
    state = out.state
    if _kept_and_complete(state):
        clinical.advance(out)
    elif state.finalizing and state.staged is None and not state.topics.missing():
        finalize.prompt(out)  # the whole report, offered again


def _on_no_data(out: Outcome, reading: Reading) -> None:
    """A message that brought nothing to record: answer what it is, then where things stand."""
    if reading.wants(Wish.LATER) and out.state.finalizing:
        out.say(replies.waiting())
        finalize.reask(out)  # the topic asked stays asked
    elif reading.wants(Wish.THANKS) or reading.wants(Wish.LATER):
        out.say(replies.thanks() if reading.wants(Wish.THANKS) else replies.waiting())
        if out.state.finalizing or out.state.collecting_clinical or out.state.vitals_requested:
            _status(out)
    elif reading.answer is not None:
        _on_answer_to_nothing(out, reading.answer, asked=reading.wants(Wish.QUESTION))
    elif reading.wants(Wish.GREETING) or reading.wants(Wish.QUESTION):
        if reading.wants(Wish.GREETING):
            out.say(replies.greeting(out.shift))
        _status(out)
    elif reading.wants(Wish.SEND_VITALS) and not _kept_and_complete(out.state):
        out.say(replies.vitals_missing(out.state.vitals, clinical.missing_items(out.state), out.state.respiratory))
    elif out.state.finalizing and not _measurement_waits(out.state):
        finalize.reask(out)
    elif _measurement_waits(out.state):
        _status_of_measurement(out)
    elif reading.unread_numbers or reading.doubts or out.state.collecting_clinical or out.state.vitals_requested:
        # What the measurement still needs says more than "Não entendi".
        _status(out)
    else:
        out.say(replies.not_understood())


def _on_answer_to_nothing(out: Outcome, answer: Answer, *, asked: bool = False) -> None:
    """A "sim" or "não" while no question awaits one; in a question ("pode pedir luva?") the "pode" is
    no answer, so the question's reply stands without "Não há nada aguardando confirmação"."""
    if _kept_and_complete(out.state):
        # The measurement kept after a "não" lacks nothing: "sim" offers it again, "não" discards it (and
        # the report goes on).
        if answer is Answer.YES:
            clinical.advance(out)
        else:
            clinical.discard(out)
            if out.state.finalizing:
                finalize.prompt(out)
    elif out.state.finalizing and not _measurement_waits(out.state):
        # "sim" while a topic is asked answers nothing: that topic again, never "Anotado".
        finalize.reask(out)
    else:
        incomplete = answer is Answer.YES and out.state.collecting_clinical
        if incomplete:
            out.say(replies.not_ready_to_save())
        elif not asked:
            out.say(replies.nothing_pending())
        if _measurement_waits(out.state):
            _status_of_measurement(out)
        else:
            _status(out)


def _status_of_measurement(out: Outcome) -> None:
    state = out.state
    if _kept_and_complete(state):
        clinical.advance(out)
    else:
        out.say(replies.vitals_missing(state.vitals, clinical.missing_items(state), state.respiratory))


def _measurement_waits(state: SessionState) -> bool:
    """During the report, a measurement still incomplete: its question was the one asked last (with the
    report whole, the report is offered instead, warning that the measurement is not saved)."""
    return (
        state.finalizing
        and state.staged is None
        and state.collecting_clinical
        and bool(clinical.missing_items(state))
        and bool(state.topics.missing())
    )


def _incomplete(state: SessionState) -> bool:
    """A measurement under way that still lacks items (one kept whole waits for the report's end)."""
    return state.staged is None and state.collecting_clinical and bool(clinical.missing_items(state))


def _kept_and_complete(state: SessionState) -> bool:
    """Values kept after a "não" to their summary that lack nothing: there is nothing to ask for."""
    return state.staged is None and state.collecting_clinical and not clinical.missing_items(state)


def _status(out: Outcome) -> None:
    """The question that reflects where the conversation stands."""
    state = out.state
    if state.finalizing:
        finalize.prompt(out)
    elif _kept_and_complete(state):
        clinical.advance(out)  # its summary again, to be saved or corrected
    elif state.collecting_clinical or state.vitals_requested:
        out.say(replies.vitals_missing(state.vitals, clinical.missing_items(state), state.respiratory))
    else:
        out.say(replies.ready())
