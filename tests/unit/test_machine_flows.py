"""The machine beyond the examples: expiry, new shifts, templates, gates, bursts, corrections."""

from __future__ import annotations

from datetime import timedelta

from orchestrator.machine import (
    ExpectationKind,
    MachineConfig,
    PartKind,
    ReplyCode,
    ReplyPart,
    SessionState,
    compose,
    expectation_of,
    needs_shift,
    not_saved_yet,
    saving_delayed,
    step,
)
from orchestrator.models import ActionKind, ActionStatus, EventKind, InboundEvent, Template
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_E
from tests.unit.driver import PHONE, T0, Driver, reply_codes, shift
from tests.unit.test_conversations import FIRST_MEASUREMENT

MINUTES_11 = timedelta(minutes=11)


def statuses(driver: Driver) -> list[tuple[ActionStatus, ActionStatus | None]]:
    return [(change.action.status, change.previous) for change in driver.transitions[-1].actions]


class TestPendingExpiry:
    def test_late_yes_says_expired_and_offers_the_same_data_again(self) -> None:
        """A "sim" after the window expires the action, tells so, and stages it anew (no call)."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        old = driver.state.staged
        driver.later(MINUTES_11)
        driver.send("sim")
        assert driver.calls == []
        assert statuses(driver) == [(ActionStatus.EXPIRED, ActionStatus.STAGED), (ActionStatus.STAGED, None)]
        assert "expirou" in driver.reply and "PA 120x80" in driver.reply
        assert old is not None and driver.state.staged is not None
        assert driver.state.staged.payload == old.payload and driver.state.staged.action_id != old.action_id

    def test_yes_after_re_offer_saves_once(self) -> None:
        """The re-offered action is confirmed by the next "sim"."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        driver.later(MINUTES_11)
        driver.send("sim")
        driver.send("sim")
        assert len(driver.calls_of(ActionKind.UPDATE_CLINICAL)) == 1

    def test_expiry_follows_the_configured_window(self) -> None:
        """With a 2-minute window, 3 minutes later the action is expired."""
        driver = Driver(SHIFT_B, config=MachineConfig(pending_action_ttl=timedelta(minutes=2)))
        driver.send(FIRST_MEASUREMENT)
        driver.later(timedelta(minutes=3))
        assert driver.state.staged is not None and driver.state.staged.is_expired(driver.now)
        driver.send("sim")
        assert "expirou" in driver.reply

    def test_late_no_drops_without_a_new_question(self) -> None:
        """A late "não" expires the action and invites a correction."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        driver.later(MINUTES_11)
        driver.send("não")
        assert statuses(driver) == [(ActionStatus.EXPIRED, ActionStatus.STAGED)]
        assert reply_codes(driver) == [ReplyCode.CLINICAL_DROPPED]


class TestShiftContext:
    def test_shift_is_fetched_first_after_templates_and_when_stale(self) -> None:
        """needs_shift: first message, template events, and a cache older than the refresh window."""
        config = MachineConfig(schedule_refresh=timedelta(seconds=300))
        message = InboundEvent(kind=EventKind.MESSAGE, event_id="e", session_id=PHONE, received_at=T0, text="oi")
        template = message.model_copy(update={"kind": EventKind.TEMPLATE_FIRED, "template": Template.ASK_VITALS})
        fresh = SessionState(shift_fetched_at=T0)
        assert needs_shift(SessionState(), message, T0, config)
        assert not needs_shift(fresh, message, T0 + timedelta(seconds=299), config)
        assert needs_shift(fresh, message, T0 + timedelta(seconds=300), config)
        assert needs_shift(fresh, template, T0, config)

    def test_a_new_schedule_starts_fresh_and_expires_the_abandoned_action(self) -> None:
        """A different scheduleID resets the state; the old staged action is expired."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        driver.backend = shift({**SHIFT_B, "scheduleID": "S-NEW", "reportID": "R-NEW"})
        driver.later(timedelta(minutes=6))
        driver.send("sim")
        assert driver.calls == []
        assert (ActionStatus.EXPIRED, ActionStatus.STAGED) in statuses(driver)
        assert driver.state.schedule_id == "S-NEW" and driver.state.vitals.empty

    def test_an_unreadable_shift_asks_to_try_again_and_changes_nothing(self) -> None:
        """A fetch that was due but could not be read (shift None): "try again in a moment", once, and
        the state is untouched, so the next message fetches again."""
        config = MachineConfig()
        event = InboundEvent(kind=EventKind.MESSAGE, event_id="e", session_id=PHONE, received_at=T0, text="oi")
        transition = step(SessionState(), event, None, None, T0, config)
        assert [part.code for part in transition.parts] == [ReplyCode.SHIFT_UNAVAILABLE]
        assert transition.state == SessionState() and transition.actions == ()
        assert needs_shift(transition.state, event, T0, config)
        driver = Driver(SHIFT_B)
        driver.send("pa 12x8 fc 80")
        driver.later(config.schedule_refresh)
        stale = driver.state
        again = step(stale, event, None, None, driver.now, config)
        assert again.state == stale and "Tente de novo" in compose(list(again.parts))

    def test_cancelled_shift_answers_out_of_schedule_only(self) -> None:
        """A cancelled shift gets the out-of-schedule answer and writes nothing."""
        driver = Driver({**SHIFT_B, "response": "cancelado"})
        transition = driver.send("PA 120x80 FC 80")
        assert transition.actions == () and reply_codes(driver) == [ReplyCode.OUT_OF_SCHEDULE]

    def test_no_reminders_shift_answers_out_of_schedule_only(self) -> None:
        """ "sem lembretes" is out of schedule too."""
        driver = Driver({**SHIFT_B, "response": "sem lembretes"})
        driver.send("acabaram as luvas")
        assert driver.calls == [] and reply_codes(driver) == [ReplyCode.OUT_OF_SCHEDULE]


class TestPresenceGate:
    def test_clinical_data_before_confirmation_is_kept_and_resumed(self) -> None:
        """Vitals sent on an unconfirmed shift are kept; after "sim" the measurement goes on."""
        driver = Driver(SHIFT_A)
        driver.send(FIRST_MEASUREMENT)
        assert reply_codes(driver)[-2:] == [ReplyCode.PRESENCE_QUESTION, ReplyCode.CLINICAL_HELD]
        assert driver.calls == []
        driver.send("sim")
        assert [a.kind for a in driver.calls] == [ActionKind.UPDATE_SCHEDULE]
        assert "Presença confirmada" in driver.reply and "Posso salvar" in driver.reply
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[0]["heartRate"] == 76

    def test_no_to_the_cancel_check_keeps_the_shift_and_asks_presence_again(self) -> None:
        """ "não" to "tem certeza?" cancels nothing and stages the presence question again."""
        driver = Driver(SHIFT_A)
        driver.send("bom dia")
        driver.send("não")
        driver.send("não, quero manter")
        assert driver.calls == []
        assert reply_codes(driver) == [ReplyCode.CANCEL_KEPT, ReplyCode.PRESENCE_QUESTION]
        assert expectation_of(driver.state, driver.now).kind is ExpectationKind.PRESENCE_CONFIRMATION

    def test_yes_to_the_template_confirms_without_asking_again(self) -> None:
        """After a confirmar_presenca template, the first "sim" confirms the staged presence."""
        driver = Driver(SHIFT_A)
        transition = driver.template(Template.CONFIRM_PRESENCE)
        assert transition.parts == () and statuses(driver) == [(ActionStatus.STAGED, None)]
        driver.send("sim")
        assert statuses(driver) == [(ActionStatus.CONFIRMED, ActionStatus.STAGED)]
        assert driver.calls_of(ActionKind.UPDATE_SCHEDULE)[0]["responseValue"] == "confirmado"

    def test_substitute_by_name_and_none(self) -> None:
        """A name picks the substitute; "nenhum" creates nothing."""
        for answer, expected in (("maria", "C-7"), ("nenhum", None)):
            driver = Driver(SHIFT_A)
            driver.send("bom dia")
            driver.send("não")
            driver.backend = shift(SHIFT_E)
            driver.send("sim")
            driver.send(answer)
            created = driver.calls_of(ActionKind.CREATE_SCHEDULE)
            assert created == ([{"scheduleIdentifier": "S-A", "newCaregiverID": expected}] if expected else [])

    def test_no_substitutes_offered(self) -> None:
        """When the backend has no candidates the caregiver is told the coordination takes over."""
        driver = Driver(SHIFT_A)
        driver.send("bom dia")
        driver.send("não")
        driver.backend = shift({**SHIFT_A, "response": "cancelado", "substituteInfo": "sem substitutos"})
        driver.send("sim")
        assert "Não há substitutos" in driver.reply and driver.state.substitutes == ()


class TestClinicalRules:
    def test_operational_note_never_disturbs_a_staged_measurement(self) -> None:
        """A note while a summary awaits "sim" is saved; the summary stays staged and is shown again."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        staged_id = driver.state.staged.action_id if driver.state.staged else None
        driver.send("acabou a fralda")
        assert statuses(driver) == [(ActionStatus.CONFIRMED, None)]
        assert driver.state.staged is not None and driver.state.staged.action_id == staged_id
        assert reply_codes(driver) == [ReplyCode.OPERATIONAL_SAVED, ReplyCode.CLINICAL_CONFIRMATION]

    def test_ambiguous_answer_re_asks_the_confirmation(self) -> None:
        """Anything but yes/no/data keeps the action staged and asks again with the summary."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        transition = driver.send("hmm deixa eu ver")
        assert transition.actions == () and reply_codes(driver) == [ReplyCode.CONFIRMATION_REASK]
        assert "PA 120x80" in driver.reply

    def test_negation_wins_over_affirmation(self) -> None:
        """ "não confirmo" aborts the staged measurement."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        driver.send("não confirmo")
        assert statuses(driver) == [(ActionStatus.ABORTED, ActionStatus.STAGED)]

    def test_later_measurements_need_no_note_and_a_note_alone_is_saved(self) -> None:
        """After the first save: vitals + condition stage without a note; a note alone stages too."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        driver.send("sim")
        driver.send("PA 130x80 FC 82 FR 19 sat 96 temp 36,8 AA")
        assert reply_codes(driver) == [ReplyCode.CLINICAL_CONFIRMATION]
        driver.send("sim")
        driver.send("paciente dormindo")
        assert reply_codes(driver) == [ReplyCode.CLINICAL_CONFIRMATION]
        driver.send("ok")
        note = driver.calls_of(ActionKind.UPDATE_CLINICAL)[-1]
        assert note["clinicalNote"] == "paciente dormindo" and note["heartRate"] is None
        assert note["operationalNote"] is False

    def test_vitals_template_makes_a_bare_number_answer_the_last_missing_item(self) -> None:
        """After pedir_sinais_vitais, the bot awaits vitals; "18" fills the single missing FR."""
        driver = Driver(SHIFT_B)
        driver.template(Template.ASK_VITALS)
        assert expectation_of(driver.state, driver.now).kind is ExpectationKind.VITALS
        driver.send("PA 120x80 FC 80 sat 97 temp 36,5 ar ambiente paciente bem")
        driver.send("18")
        assert "Posso salvar" in driver.reply and "FR 18" in driver.reply

    def test_note_template_takes_any_text_as_the_note(self) -> None:
        """After pedir_nota_clinica, free text is the note."""
        driver = Driver(SHIFT_B)
        driver.template(Template.ASK_CLINICAL_NOTE)
        assert expectation_of(driver.state, driver.now).kind is ExpectationKind.CLINICAL_NOTE
        driver.send("hoje ficou mais quieto que o normal")
        assert driver.state.clinical_note == "hoje ficou mais quieto que o normal"


class TestFinalizationGate:
    def test_finish_needs_a_complete_measurement_first(self) -> None:
        """ "finalizar" before any measurement is refused; after one saved it opens the report."""
        driver = Driver(SHIFT_B)
        driver.send("quero finalizar")
        assert reply_codes(driver) == [ReplyCode.FINISH_NOT_YET]
        driver.send(FIRST_MEASUREMENT)
        driver.send("sim")
        driver.send("finalizar")
        assert reply_codes(driver) == [ReplyCode.FINALIZATION_START]
        assert expectation_of(driver.state, driver.now).kind is ExpectationKind.FINALIZATION_TOPICS

    def test_finish_template_opens_the_report(self) -> None:
        """A finalizar_plantao template opens finalization without a measurement."""
        driver = Driver(SHIFT_B)
        driver.template(Template.FINISH_SHIFT)
        driver.send("sem informações para todos")
        assert "Posso enviar" in driver.reply

    def test_report_correction_while_staged(self) -> None:
        """A labelled topic sent while the summary awaits "sim" replaces that topic and shows it again."""
        driver = Driver(SHIFT_C)
        driver.send("sem informações pra todos")
        driver.send("Sono: dormiu pouco à noite")
        assert "dormiu pouco à noite" in driver.reply and "Posso enviar" in driver.reply
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_SUMMARY)[0]["sleepSpecification"] == "dormiu pouco à noite"


class TestReplies:
    def test_compose_keeps_every_notice_once_and_only_the_last_prompt(self) -> None:
        """Notices in order, deduplicated; of the prompts only the last one."""
        parts = [
            ReplyPart(code="a", text="salvo", kind=PartKind.NOTICE),
            ReplyPart(code="b", text="primeira pergunta"),
            ReplyPart(code="a", text="salvo", kind=PartKind.NOTICE),
            ReplyPart(code="c", text="nota registrada", kind=PartKind.NOTICE),
            ReplyPart(code="d", text="última pergunta"),
        ]
        assert compose(parts) == "salvo\n\nnota registrada\n\núltima pergunta"

    def test_saving_delayed_is_a_notice(self) -> None:
        """The worker's delay notice is kept across a burst."""
        part = saving_delayed()
        assert part.kind is PartKind.NOTICE and part.code == ReplyCode.SAVING_DELAYED

    def test_a_refused_record_keeps_the_rest_of_the_message(self) -> None:
        """The refusal wording replaces only the delay notice; the turn's other parts stay as they were."""
        parts = [
            ReplyPart(code="n", text="nota registrada", kind=PartKind.NOTICE),
            ReplyPart(code="s", text="salvo", kind=PartKind.NOTICE, after_action="a-1"),
        ]
        refused = compose(not_saved_yet(parts, refused=True))
        assert refused.startswith("nota registrada\n\n")
        assert saving_delayed().text not in refused and "A equipe foi avisada" in refused

    def test_saved_notice_carries_the_action_it_announces(self) -> None:
        """The "salvo" part names the confirmed action, so the worker can hold it until executed."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        transition = driver.send("sim")
        (saved,) = transition.parts
        assert saved.after_action == transition.actions[0].action.action_id and saved.kind is PartKind.NOTICE

    def test_a_burst_reply_keeps_the_saved_notice_and_the_last_question(self) -> None:
        """Three messages in one turn: the earlier "salvo" survives, the reply ends with the latest prompt."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        parts: list[ReplyPart] = []
        for text in ("sim", "PA 12/8", "FC 80"):
            parts.extend(driver.send(text).parts)
        reply = compose(parts)
        assert reply.startswith("Dados clínicos salvos") and reply.rstrip().endswith(".")
        assert "PA 120x80, FC 80" in reply and reply.count("Falta:") == 1


class TestStateShape:
    def test_state_round_trips_through_json(self) -> None:
        """The store can persist the state as JSON and read it back equal."""
        driver = Driver(SHIFT_E)
        driver.state = driver.state.model_copy(update={"substitutes": shift(SHIFT_E).substitutes})
        driver.backend = shift(SHIFT_B)
        driver.send("PA 120x80 FC 80 e o termômetro quebrou")
        state = driver.state
        assert SessionState.model_validate_json(state.model_dump_json()) == state

    def test_action_ids_derive_from_the_event(self) -> None:
        """The same event on the same state reproduces the same action ids (no randomness)."""
        first, second = Driver(SHIFT_B), Driver(SHIFT_B)
        one = first.send(FIRST_MEASUREMENT, event_id="wamid-X")
        two = second.send(FIRST_MEASUREMENT, event_id="wamid-X")
        assert one == two
