"""The end-of-shift report beyond the example (SPEC section 6, "Finalization, details"): corrections after
"não", vital signs while the report is open, "sem informações", topic labels, the closed shift."""

from __future__ import annotations

from orchestrator.machine import ExpectationKind, ReplyCode, Topic, expectation_of
from orchestrator.models import ActionKind, ActionStatus, Template
from tests.shifts import SHIFT_B, SHIFT_C
from tests.unit.driver import Driver, reply_codes, shift
from tests.unit.test_conversations import FIRST_MEASUREMENT

FULL_REPORT = (
    "comeu bem no almoço, bebeu bastante água, dormiu a tarde toda; evacuou normal, urina clara; calmo; "
    "tomou losartana às 14h; fez fisioterapia; sem intercorrências; filha visitou"
)
WITH_NOTE = "PA 130x80 FC 82 FR 19 sat 96 temp 36,8 ar ambiente, paciente sonolento"


def report_staged() -> Driver:
    driver = Driver(SHIFT_C)
    driver.send(FULL_REPORT)
    assert "Posso enviar" in driver.reply
    return driver


class TestNoToTheReportSummary:
    def test_no_then_any_message_never_raises(self) -> None:
        """After "não" to the summary (every topic answered), "oi" gets an answer: the summary again,
        asking to send (it used to raise IndexError composing an empty missing-topics list)."""
        driver = report_staged()
        driver.send("não")
        assert reply_codes(driver) == [ReplyCode.REPORT_DROPPED]
        driver.send("oi")
        assert "Posso enviar" in driver.reply
        assert expectation_of(driver.state, driver.now).kind is ExpectationKind.SUMMARY_CONFIRMATION

    def test_no_with_the_correction_in_the_same_message(self) -> None:
        """ "não, sono: acordou duas vezes" applies the correction and shows the summary again."""
        driver = report_staged()
        driver.send("não, sono: acordou duas vezes")
        assert "acordou duas vezes" in driver.reply and "Posso enviar" in driver.reply
        driver.send("sim")
        (report,) = driver.calls_of(ActionKind.UPDATE_SUMMARY)
        assert report["sleepSpecification"] == "acordou duas vezes"
        assert report["moodSpecification"] == "calmo"

    def test_no_then_the_correction_in_the_next_message(self) -> None:
        """ "não", then "Humor: agitado à noite": the topic is replaced and the report offered again."""
        driver = report_staged()
        driver.send("não")
        driver.send("Humor: agitado à noite")
        assert "agitado à noite" in driver.reply and "Posso enviar" in driver.reply
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_SUMMARY)[0]["moodSpecification"] == "agitado à noite"

    def test_an_unplaced_remark_after_no_is_not_stored_in_a_topic(self) -> None:
        """ "não, está errado" says what is wrong, not what to write: no topic takes "está errado"."""
        driver = report_staged()
        driver.send("não, está errado")
        assert reply_codes(driver) == [ReplyCode.REPORT_DROPPED]
        assert all("errado" not in (driver.state.topics.get(topic) or "") for topic in Topic)


class TestVitalsWhileTheReportIsOpen:
    def test_a_full_measurement_is_staged_as_clinical_data(self) -> None:
        """With the finish reminder sent, a full measurement and its note is staged for
        updateClinicalData, never filed into a report topic; "sim" writes it."""
        driver = Driver(SHIFT_C)
        driver.send(WITH_NOTE)
        assert reply_codes(driver) == [ReplyCode.CLINICAL_CONFIRMATION]
        assert driver.state.topics.given == ()
        driver.send("sim")
        (written,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert (written["bloodPressure"], written["heartRate"], written["temperature"]) == ("130x80", 82, 36.8)
        assert written["clinicalNote"] == "paciente sonolento"

    def test_after_saving_the_report_goes_on(self) -> None:
        """Once the measurement is saved the report asks for its topics again."""
        driver = Driver(SHIFT_C)
        driver.send(WITH_NOTE)
        driver.send("sim")
        assert "Dados clínicos salvos" in driver.reply and "finalizar" in driver.reply.lower()
        assert expectation_of(driver.state, driver.now).kind is ExpectationKind.FINALIZATION_TOPICS

    def test_through_the_finish_template(self) -> None:
        """The same after a finalizar_plantao template."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        driver.send("sim")
        driver.template(Template.FINISH_SHIFT)
        driver.send("pa 12x8 fc 70 fr 18 sat 97 tax 36,5 aa")
        assert reply_codes(driver) == [ReplyCode.CLINICAL_CONFIRMATION]
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[-1]["bloodPressure"] == "120x80"

    def test_a_measurement_while_the_summary_awaits_its_answer(self) -> None:
        """Vitals sent while the report summary awaits "sim" are staged; the report comes back after."""
        driver = report_staged()
        driver.send(WITH_NOTE)
        assert reply_codes(driver) == [ReplyCode.CLINICAL_CONFIRMATION]
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[0]["respRate"] == 19
        assert "Posso enviar" in driver.reply
        driver.send("sim")
        assert len(driver.calls_of(ActionKind.UPDATE_SUMMARY)) == 1

    def test_a_partial_measurement_is_kept_and_completed(self) -> None:
        """Vitals over two messages while collecting the report: merged, then staged."""
        driver = Driver(SHIFT_C)
        driver.send("pa 13x8 fc 80")
        assert "Falta" in driver.reply and driver.state.vitals.heart_rate == 80
        driver.send("fr 18 sat 96 temp 36,4 ar ambiente, paciente calmo")
        assert reply_codes(driver) == [ReplyCode.CLINICAL_CONFIRMATION]


class TestNoInformation:
    def test_bare_sem_informacoes_answers_only_the_topic_asked(self) -> None:
        """ "sem informações" answers one topic (the one being asked), never every missing one."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem no almoço, bebeu bastante água")
        asked = driver.state.topics.missing()[0]
        driver.send("sem informações")
        assert driver.state.topics.get(asked) == "Sem informações"
        assert len(driver.state.topics.given) == 2
        assert "Posso enviar" not in driver.reply

    def test_the_prompt_names_the_topic_it_asks(self) -> None:
        """After each answer the bot asks one topic by name, so "sem informações" is unambiguous."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem no almoço, bebeu bastante água")
        assert "E sobre *evacuação e urina*?" in driver.reply
        driver.send("sem informações")
        assert "E sobre *sono*?" in driver.reply

    def test_named_topic_without_information(self) -> None:
        """ "humor: sem informações" fills mood only."""
        driver = Driver(SHIFT_C)
        driver.send("humor: sem informações")
        assert driver.state.topics.given == (Topic.MOOD,)
        assert driver.state.topics.get(Topic.MOOD) == "Sem informações"

    def test_sem_informacoes_never_joins_another_answer(self) -> None:
        """ "dormiu bem, sem informações" gives sleep its answer and the next asked topic "Sem informações";
        no topic holds both."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem, bebeu água")
        driver.send("evacuou normal")
        driver.send("dormiu bem, sem informações")
        assert driver.state.topics.get(Topic.SLEEP) == "dormiu bem"
        assert all(
            value == "Sem informações" or "Sem informações" not in value
            for topic in Topic
            if (value := driver.state.topics.get(topic))
        )


class TestTopicLabels:
    def test_labels_are_not_stored(self) -> None:
        """ "Info clínica: sem intercorrências" stores "sem intercorrências"; "Administrativo: ..." too."""
        driver = Driver(SHIFT_C)
        driver.send("Info clínica: sem intercorrências\nAdministrativo: pedir fraldas\nSono - dormiu bem")
        topics = driver.state.topics
        assert topics.get(Topic.ADDITIONAL_INFO) == "sem intercorrências"
        assert topics.get(Topic.ADMINISTRATIVE) == "pedir fraldas"
        assert topics.get(Topic.SLEEP) == "dormiu bem"

    def test_a_labelled_answer_keeps_its_commas(self) -> None:
        """ "Humor: calmo, colaborativo" is one answer for mood, not two clauses scattered over topics."""
        driver = Driver(SHIFT_C)
        driver.send("Humor: calmo, colaborativo")
        assert driver.state.topics.get(Topic.MOOD) == "calmo, colaborativo"
        assert driver.state.topics.given == (Topic.MOOD,)


class TestClosedShift:
    def test_after_the_report_any_message_hears_the_shift_is_closed(self) -> None:
        """ "oi" after the report was sent says the shift is closed; it does not invite vital signs."""
        driver = report_staged()
        driver.send("sim")
        for text in ("oi", "PA 120x80 FC 80", "acabaram as luvas", "finalizar"):
            transition = driver.send(text)
            assert reply_codes(driver) == [ReplyCode.SHIFT_CLOSED] and transition.actions == ()
            assert "encerrado" in driver.reply and "sinais vitais" not in driver.reply

    def test_a_new_shift_opens_again(self) -> None:
        """A different scheduleID is a new shift: the conversation starts over."""
        driver = report_staged()
        driver.send("sim")
        driver.backend = shift({**SHIFT_B, "scheduleID": "S-NEXT", "reportID": "R-NEXT"})
        driver.later(driver.config.schedule_refresh)
        driver.send("oi")
        assert reply_codes(driver) != [ReplyCode.SHIFT_CLOSED] and driver.state.schedule_id == "S-NEXT"

    def test_a_repeated_finish_template_does_not_reopen_the_report(self) -> None:
        """A finalizar_plantao template for the shift already reported changes nothing."""
        driver = report_staged()
        driver.send("sim")
        driver.template(Template.FINISH_SHIFT)
        driver.send("sem informações")
        assert reply_codes(driver) == [ReplyCode.SHIFT_CLOSED]
        assert len(driver.calls_of(ActionKind.UPDATE_SUMMARY)) == 1
        assert all(change.action.status is not ActionStatus.STAGED for change in driver.transitions[-1].actions)


class TestNothingLostAtTheEnd:
    def test_sending_the_report_warns_about_an_incomplete_measurement(self) -> None:
        """Vitals still incomplete when the report is offered: the caregiver is told they will not be
        saved and what is missing, before answering "sim"."""
        driver = Driver(SHIFT_C)
        driver.send("pa 13x8 fc 80")
        driver.send(FULL_REPORT)
        assert "Posso enviar" in driver.reply
        assert "PA 130x80, FC 80" in driver.reply and "não serão salvos" in driver.reply

    def test_a_template_is_applied_with_the_cached_shift_when_the_fetch_is_unreadable(self) -> None:
        """A template whose shift fetch could not be read still takes effect on the shift already known."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        driver.send("sim")
        driver.backend = None
        driver.template(Template.FINISH_SHIFT)
        assert driver.state.finalizing and driver.state.shift is not None
