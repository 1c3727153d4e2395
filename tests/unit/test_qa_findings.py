"""The integrator's QA findings after issue 10 (qa-findings-conversation.md), each as the general rule it
broke, through whole conversations on the pure machine."""

from __future__ import annotations

from orchestrator.machine import ReplyCode, Topic
from orchestrator.models import ActionKind, Template
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C
from tests.unit.driver import Driver


def codes(driver: Driver) -> list[str]:
    return [part.code for part in driver.transitions[-1].parts]


def presence_asked() -> Driver:
    driver = Driver(SHIFT_A)
    driver.send("oi")
    assert codes(driver) == [ReplyCode.PRESENCE_QUESTION]
    return driver


def saved_note(driver: Driver) -> tuple[str | None, str | None]:
    """(clinical note of the measurement, operational note) written so far."""
    clinical = [c for c in driver.calls_of(ActionKind.UPDATE_CLINICAL) if not c["operationalNote"]]
    operational = [c for c in driver.calls_of(ActionKind.UPDATE_CLINICAL) if c["operationalNote"]]
    return (
        clinical[-1]["clinicalNote"] if clinical else None,
        operational[-1]["clinicalNote"] if operational else None,
    )


class TestAnswerInALaterClause:
    def test_yes_after_a_remark_confirms_presence(self) -> None:
        """Finding 1: "to a caminho, confirmo sim" confirms: a yes may open any clause of the answer."""
        driver = presence_asked()
        driver.send("to a caminho, confirmo sim")
        assert driver.calls_of(ActionKind.UPDATE_SCHEDULE)[0]["responseValue"] == "confirmado"

    def test_a_no_in_a_later_clause_still_wins(self) -> None:
        """ "ok, nao vou conseguir" is a no: negation beats affirmation wherever it sits."""
        driver = presence_asked()
        driver.send("ok, nao vou conseguir")
        assert driver.calls == [] and codes(driver) == [ReplyCode.CANCEL_QUESTION]


class TestAQuestionNeedsAnInterrogativeForm:
    def test_a_modal_verb_alone_is_no_question(self) -> None:
        """Finding 2: "posso sim" confirms presence; no question reply, no "Não entendi"."""
        driver = presence_asked()
        driver.send("posso sim")
        assert driver.calls_of(ActionKind.UPDATE_SCHEDULE)[0]["responseValue"] == "confirmado"
        assert codes(driver) == [ReplyCode.PRESENCE_CONFIRMED]

    def test_a_negated_modal_is_a_cancellation_without_a_question_reply(self) -> None:
        """Finding 3: "não posso ir hoje" asks to confirm the cancellation, and nothing else."""
        driver = presence_asked()
        driver.send("não posso ir hoje")
        assert codes(driver) == [ReplyCode.CANCEL_QUESTION]

    def test_a_modal_with_a_question_mark_is_a_question(self) -> None:
        """ "posso dar o remédio agora?" is a question: answered, written nowhere."""
        driver = Driver(SHIFT_B)
        driver.send("posso dar o remédio agora?")
        assert ReplyCode.QUESTION in codes(driver) and driver.calls == []

    def test_asking_when_the_shift_ends_is_no_finish_request(self) -> None:
        """Finding 4: "que horas termina meu plantão?" is answered with the shift's hours, not read as
        a wish to finish."""
        driver = Driver(SHIFT_B)
        driver.send("que horas termina meu plantão?")
        assert codes(driver)[0] == ReplyCode.QUESTION and "20:00" in driver.reply
        assert ReplyCode.FINISH_NOT_YET not in codes(driver) and not driver.state.finalizing

    def test_asking_to_finish_is_still_a_finish_request(self) -> None:
        """ "posso encerrar o plantão?" asks permission to do it: a wish to finish."""
        driver = Driver(SHIFT_B)
        driver.send("posso encerrar o plantão?")
        assert codes(driver) == [ReplyCode.FINISH_NOT_YET]


class TestCourtesy:
    def test_thanks_get_a_friendly_answer_and_no_write(self) -> None:
        """Finding 5: "obrigada", "obrigado", "valeu" get a short friendly answer; nothing is written."""
        for text in ("obrigada", "obrigado", "valeu", "obg!!", "valeu, boa noite"):
            driver = Driver(SHIFT_B)
            driver.send(text)
            assert codes(driver) == [ReplyCode.THANKS], text
            assert driver.calls == []

    def test_thanks_while_a_measurement_awaits_its_answer_ask_again(self) -> None:
        """ "valeu" is no "sim": the staged measurement is asked about again (kindly), not saved."""
        driver = Driver(SHIFT_B)
        driver.send("pa 12x8 fc 70 fr 16 sat 98 tax 36 aa pcte dormindo")
        driver.send("valeu")
        assert driver.calls == [] and codes(driver) == [ReplyCode.THANKS, ReplyCode.CLINICAL_CONFIRMATION]

    def test_thanks_while_the_report_is_collected_repeat_the_topic_asked(self) -> None:
        """ "obrigada" during the report answers kindly and asks the same topic again, writing nothing."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem, bebeu água")
        driver.send("obrigada")
        assert codes(driver) == [ReplyCode.THANKS, ReplyCode.FINALIZATION_MISSING]
        assert driver.state.topics.given == (Topic.FOOD_HYDRATION,) and "Anotado" not in driver.reply


class TestRespiratoryPhraseLeavesNoLeftover:
    def test_the_verb_of_the_respiratory_condition_is_part_of_it(self) -> None:
        """Finding 6: "respirando em ar ambiente" is read whole; the note is only the caregiver's remark."""
        driver = Driver(SHIFT_B)
        driver.send(
            "pa 120 x 80, fc 77 bpm, fr 19 rpm, spo2 96%, tax 36.6 graus, respirando em ar ambiente. Paciente em "
            "repouso no leito, sem queixas álgicas"
        )
        driver.send("sim")
        assert saved_note(driver) == ("Paciente em repouso no leito, sem queixas álgicas", None)

    def test_other_verbs_before_the_condition(self) -> None:
        """ "mantendo ar ambiente", "ventilando em ar ambiente", "respira com O2" leave nothing behind."""
        for text, note in (
            ("pa 12x8 fc 70 fr 16 sat 98 tax 36 mantendo ar ambiente, pcte dormindo", "pcte dormindo"),
            ("pa 12x8 fc 70 fr 16 sat 98 tax 36 ventilando em ar ambiente, pcte dormindo", "pcte dormindo"),
            ("pa 12x8 fc 70 fr 16 sat 98 tax 36 respira com O2 no cateter, pcte dormindo", "pcte dormindo"),
        ):
            driver = Driver(SHIFT_B)
            driver.send(text)
            assert driver.state.clinical_note == note, text


class TestMixedRemarksSplitWhereANewSubjectStarts:
    def test_an_arrival_and_a_clinical_remark_joined_by_e(self) -> None:
        """Finding 7: "a fisioterapeuta chegou agora e o paciente está animado" writes the arrival as the
        operational note and the observation as the clinical note."""
        driver = Driver(SHIFT_B)
        driver.send(
            "pa 110/70 fc 80 fr 16 sat 98 temp 36.2 aa, a fisioterapeuta chegou agora e o paciente está animado"
        )
        assert codes(driver) == [ReplyCode.OPERATIONAL_SAVED, ReplyCode.CLINICAL_CONFIRMATION]
        driver.send("sim")
        assert saved_note(driver) == ("o paciente está animado", "a fisioterapeuta chegou agora")

    def test_a_clinical_remark_then_a_supply_remark(self) -> None:
        """The other order: "paciente tranquilo e a fralda acabou" splits too."""
        driver = Driver(SHIFT_B)
        driver.send("pa 12x8 fc 70 fr 16 sat 98 tax 36 aa paciente tranquilo e a fralda acabou")
        driver.send("sim")
        assert saved_note(driver) == ("paciente tranquilo", "a fralda acabou")

    def test_the_same_subject_continuing_is_kept_whole(self) -> None:
        """ "a enfermeira passou aqui e trocou o curativo" is one remark: the verb after "e" has no new subject."""
        driver = Driver(SHIFT_B)
        driver.send("a enfermeira passou aqui e trocou o curativo")
        assert saved_note(driver) == (None, "a enfermeira passou aqui e trocou o curativo")


class TestUnlabelledVitalsInTheUsualOrder:
    def test_bare_numbers_in_the_order_pa_fc_fr_sat_temp(self) -> None:
        """Finding 8: "sinais: 11x7, 68, 16, 98%, 36,1, aa. Pcte bem" reads all five values."""
        driver = Driver(SHIFT_B)
        driver.send("sinais: 11x7, 68, 16, 98%, 36,1, aa. Pcte bem")
        assert codes(driver) == [ReplyCode.CLINICAL_CONFIRMATION]
        driver.send("sim")
        (written,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert (written["bloodPressure"], written["heartRate"], written["respRate"]) == ("110x70", 68, 16)
        assert (written["saturationO2"], written["temperature"], written["clinicalNote"]) == (98, 36.1, "Pcte bem")

    def test_numbers_that_do_not_fit_the_order_are_never_guessed(self) -> None:
        """ "12x8, 96, 80": 96 and 80 fit no order-preserving slots: nothing is read from them and
        the caregiver is asked for the values by name."""
        driver = Driver(SHIFT_B)
        driver.send("12x8, 96, 80")
        assert driver.state.vitals.heart_rate is None and driver.state.vitals.saturation is None
        assert str(driver.state.vitals.blood_pressure) == "120x80"
        assert ReplyCode.UNREAD_NUMBERS in codes(driver)

    def test_numbers_left_unread_beside_labelled_values_are_named(self) -> None:
        """ "pa 12x8 fc 80 96 36": the bare 96 and 36 are not attributed; the reply says so."""
        driver = Driver(SHIFT_B)
        driver.send("pa 12x8 fc 80 96 36")
        assert driver.state.vitals.saturation is None and driver.state.vitals.temperature is None
        assert ReplyCode.UNREAD_NUMBERS in codes(driver) and "96" in driver.reply


class TestABareAnswerAnswersTheTopicAsked:
    def test_bare_answers_fill_the_topic_asked(self) -> None:
        """Finding 9: with sleep asked, "nenhuma", "normal", "ok", "não teve", "tudo certo" fill sleep (as
        the caregiver's words) and nothing else."""
        for text, stored in (
            ("nenhuma", "nenhuma"),
            ("normal", "normal"),
            ("ok", "ok"),
            ("nao teve", "nao teve"),
            ("tudo certo", "tudo certo"),
        ):
            driver = Driver(SHIFT_C)
            driver.send("comeu bem, bebeu água; evacuou normal")
            driver.send(text)
            assert driver.state.topics.get(Topic.SLEEP) == stored, text
            assert len(driver.state.topics.given) == 3, text

    def test_no_information_phrases_are_stored_as_sem_informacoes(self) -> None:
        """ "nada", "nada a declarar", "não" answer the topic asked with "Sem informações"."""
        for text in ("nada", "nada a declarar", "não"):
            driver = Driver(SHIFT_C)
            driver.send("comeu bem, bebeu água; evacuou normal")
            driver.send(text)
            assert driver.state.topics.get(Topic.SLEEP) == "Sem informações", text

    def test_a_bare_yes_is_asked_again_and_not_noted(self) -> None:
        """ "sim" while a topic is asked answers nothing: the topic is asked again, never "Anotado"."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem, bebeu água")
        driver.send("sim")
        assert codes(driver) == [ReplyCode.TOPIC_REASK]
        assert "Anotado" not in driver.reply and "evacuação e urina" in driver.reply

    def test_the_report_completes_through_bare_answers(self) -> None:
        """Topic by topic with bare answers the report reaches its summary (no endless loop)."""
        driver = Driver(SHIFT_C)
        for text in ("comeu bem", "normal", "ok", "tranquilo", "nada", "nenhuma", "nao teve", "tudo certo"):
            driver.send(text)
        assert "Posso enviar" in driver.reply
        driver.send("sim")
        (report,) = driver.calls_of(ActionKind.UPDATE_SUMMARY)
        assert report["stoolUrineSpecification"] == "normal" and report["administrativeInfo"] == "tudo certo"


class TestNeverAnotadoWhenNothingWasRecorded:
    def test_a_greeting_during_the_report_is_not_noted(self) -> None:
        """ "oi" while the report is collected repeats the topic asked without "Anotado"."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem, bebeu água")
        driver.send("oi")
        assert "Anotado" not in driver.reply and "evacuação e urina" in driver.reply

    def test_a_recorded_topic_is_noted(self) -> None:
        """A topic that was stored is acknowledged with "Anotado"."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem, bebeu água")
        assert driver.reply.startswith("Anotado")


class TestSayingYesToAnIncompleteMeasurement:
    """The integrator's second QA round: a caregiver who says "pode mandar" before the measurement is
    complete was told "nothing awaits confirmation", and was left guessing what "condição respiratória" wants."""

    def test_a_yes_before_the_measurement_is_complete_says_why_nothing_was_saved(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("pressão 13 por 8, batimentos 72, saturando 96%, temperatura 36,4, respiração 18")
        for yes in ("pode mandar", "s", "ok pode salvar"):
            driver.send(yes)
            assert codes(driver) == [ReplyCode.NOT_READY_TO_SAVE, ReplyCode.VITALS_MISSING], yes
            assert driver.calls == []

    def test_a_yes_with_nothing_collected_still_says_nothing_awaits(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("sim")
        assert codes(driver)[0] == ReplyCode.NOTHING_PENDING

    def test_the_respiratory_condition_is_asked_with_its_answers_once_the_vitals_are_in(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 110/70 FC 68")
        assert "ar ambiente* ou" not in driver.reply  # the list of what is missing says enough
        driver.send("FR 16 Sat 98 Temp 36,1 paciente tranquilo")
        assert driver.reply.endswith("O paciente está em *ar ambiente* ou com *oxigênio*?")

    def test_ambiente_alone_answers_the_respiratory_question(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 110/70 FC 68 FR 16 Sat 98 Temp 36,1 paciente tranquilo")
        driver.send("ambiente")
        driver.send("sim")
        (written,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert written["supplementaryOxygen"] == "Ar ambiente" and written["clinicalNote"] == "paciente tranquilo"


class TestReportWordsOfTheTrade:
    def test_eliminations_answer_stool_and_urine_and_a_decimal_comma_stays_whole(self) -> None:
        """ "eliminações presentes" is the nursing phrase for stool and urine; "1,5L" was cut into "1; 5L"."""
        driver = Driver(SHIFT_C)
        driver.send(
            "alimentação boa, aceitou dieta toda. hidratação ok 1,5L. sono tranquilo. humor estável. medicações "
            "administradas. eliminações presentes. atividades: passeio. info clínica: sem alterações. adm: nada"
        )
        driver.send("sim")
        (report,) = driver.calls_of(ActionKind.UPDATE_SUMMARY)
        assert report["stoolUrineSpecification"] == "eliminações presentes"
        assert report["foodHydrationSpecification"].endswith("hidratação ok 1,5L")


class TestPuttingItOff:
    """ "blz, já mando", "estou medindo agora" became the clinical note once vitals were asked for, and
    "ok já mando a nota" was written as the note itself; "já te passo o resto" became a report topic."""

    PHRASES = (
        "blz, já mando",
        "ok já envio",
        "daqui a pouco mando",
        "um momento",
        "só um minutinho",
        "já vou medir",
        "estou medindo agora",
        "pera aí que to medindo",
        "vou ver e te falo",
        "ok, já mando a nota",
        # Written after the rule, without it in mind: no accents, a doubled "já", an emoji, an object.
        "jaja mando",
        "ja vou aferir os sinais do paciente",
        "ok 👍 já mando",
        "ok, um momento pfv",
    )

    def test_after_the_vitals_template_nothing_becomes_the_note(self) -> None:
        for text in self.PHRASES:
            driver = Driver(SHIFT_B)
            driver.template(Template.ASK_VITALS)
            driver.send(text)
            assert driver.state.clinical_note is None, text
            assert codes(driver) == [ReplyCode.WAITING, ReplyCode.VITALS_MISSING], text

    def test_the_note_promised_is_not_the_note(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 80 FR 18 sat 97 temp 36 ar ambiente")
        driver.send("ok já mando a nota")
        driver.send("paciente dormindo")
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[0]["clinicalNote"] == "paciente dormindo"

    def test_an_open_question_stays_open_and_is_never_answered_yes(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 80 FR 18 sat 97 temp 36 ar ambiente paciente ok")
        driver.send("ok, um momento")
        assert codes(driver) == [ReplyCode.WAITING, ReplyCode.CLINICAL_CONFIRMATION] and driver.calls == []
        driver.send("sim")
        assert len(driver.calls_of(ActionKind.UPDATE_CLINICAL)) == 1

    def test_the_report_topic_asked_stays_asked(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("comeu bem")
        driver.send("já te passo o resto")
        assert driver.state.topics.given == (Topic.FOOD_HYDRATION,)

    def test_a_plan_with_its_own_content_is_still_a_note(self) -> None:
        driver = Driver(SHIFT_B)
        driver.template(Template.ASK_VITALS)
        driver.send("vou medir a glicemia de novo mais tarde")
        assert driver.state.clinical_note == "vou medir a glicemia de novo mais tarde"


class TestTheFinishWishAnswersNoTopic:
    """Third QA round: once the finish reminder opened the report, "finalizar plantão" filed "plantão"
    (and "quero finalizar o plantão" "quero o plantão") as the food topic of the report."""

    def test_asking_to_finish_while_the_report_is_open_writes_no_topic(self) -> None:
        finishing = ("finalizar plantão", "quero finalizar o plantão", "vou encerrar o plantão", "encerrar meu plantão")
        for text in finishing:
            driver = Driver(SHIFT_C)
            driver.send(text)
            assert driver.state.topics.given == (), text
            assert codes(driver) == [ReplyCode.FINALIZATION_START], text

    def test_a_finish_wish_with_a_report_beside_it_keeps_the_report(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("quero finalizar: comeu bem, bebeu água")
        assert driver.state.topics.get(Topic.FOOD_HYDRATION) == "comeu bem; bebeu água"


class TestSendCommandsWhileATopicIsAsked:
    def test_pode_enviar_is_no_administrative_information(self) -> None:
        """ "pode enviar" with the administrative topic asked means "send the report": it answers no
        topic (it was written as the administrative information); the topic is asked again."""
        for command in ("pode enviar", "envia", "pode salvar", "confirmado"):
            driver = Driver(SHIFT_C)
            driver.send("comeu bem; evacuou; dormiu bem; calmo; remédios ok; caminhou; sem intercorrências")
            driver.send(command)
            assert driver.state.topics.get(Topic.ADMINISTRATIVE) is None, command
            assert codes(driver) == [ReplyCode.TOPIC_REASK], command


class TestALabelledTopicEndsWhereAnotherTopicStarts:
    def test_a_comma_clause_naming_another_topic_is_that_topic(self) -> None:
        """ "atividades: banho e passeio, sem outras informações, sem questões administrativas": the
        activities were written with both "sem …" clauses in them, and two topics stayed missing."""
        driver = Driver(SHIFT_C)
        driver.send(
            "relatório final: se alimentou bem, eliminações normais, humor bom, medicação ok, "
            "atividades: banho e passeio, sem outras informações, sem questões administrativas"
        )
        topics = driver.state.topics
        assert topics.get(Topic.ACTIVITIES) == "banho e passeio"
        assert topics.get(Topic.ADDITIONAL_INFO) == "Sem informações"
        assert topics.get(Topic.ADMINISTRATIVE) == "Sem informações"

    def test_a_labelled_value_that_mentions_its_own_topic_stays_whole(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("Medicação: losartana, remédio para o sono às 22h\nAlimentação: comeu bem, humor bom")
        topics = driver.state.topics
        assert topics.get(Topic.MEDICATIONS) == "losartana, remédio para o sono às 22h"
        assert topics.get(Topic.FOOD_HYDRATION) == "comeu bem"
        assert topics.get(Topic.MOOD) == "humor bom"


class TestFarewellsAndLeadInsAreNoNote:
    def test_a_farewell_is_never_the_clinical_note(self) -> None:
        """ "tchau, até amanhã" with only the note missing was staged as the note "tchau"."""
        for farewell in ("tchau, até amanhã", "xau", "até breve", "tchau tchau, bom descanso"):
            driver = Driver(SHIFT_B)
            driver.send("PA 120x80 FC 80 FR 18 sat 97 temp 36 aa")
            driver.send(farewell)
            assert driver.state.staged is None and driver.state.clinical_note is None, farewell

    def test_esqueci_de_dizer_is_not_written_into_the_note(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 80 FR 18 sat 97 temp 36 aa paciente bem")
        driver.send("sim")
        driver.send("esqueci de dizer: ele tomou banho no leito")
        driver.send("sim")
        assert saved_note(driver)[0] == "ele tomou banho no leito"


class TestAnObservationBetweenVitalsIsAcknowledged:
    def test_the_observation_is_said_to_be_kept(self) -> None:
        """A remark sent between two vitals messages was kept in silence: the caregiver could not
        tell whether it was lost."""
        driver = Driver(SHIFT_B)
        driver.send("PA 140x90 FC 100")
        driver.send("ele tá agitado")
        assert driver.reply.startswith("Anotei a observação.") and "Falta: FR, Sat, Temp" in driver.reply
        driver.send("FR 22 sat 95 temp 37 aa")
        assert "Nota: ele tá agitado" in driver.reply

    def test_the_respiratory_condition_received_is_shown(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("pressao 13/9, batimentos 88, respiração 20, saturando 94, temperatura 37.8, usando oxigenio 2L")
        assert "Oxigênio suplementar" in driver.reply and "Falta: nota clínica" in driver.reply


class TestFinishingBesideACompleteMeasurement:
    def test_the_measurement_is_asked_first_and_the_report_opens_once_it_is_saved(self) -> None:
        """ "PA …, quero finalizar" as the first measurement answered "send a complete measurement
        first", hiding the summary it had just staged; "sim" then saved data the caregiver never saw."""
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 80 FR 18 sat 97 temp 36 aa bem, quero finalizar")
        assert codes(driver) == [ReplyCode.CLINICAL_CONFIRMATION]
        driver.send("sim")
        assert codes(driver) == [ReplyCode.CLINICAL_SAVED, ReplyCode.FINALIZATION_START]
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[0]["clinicalNote"] == "bem"


class TestSpokenMessages:
    """Voice notes arrive as transcripts: whole spoken sentences, numbers in words, a subject named
    before each value."""

    def test_the_words_that_named_a_value_are_not_left_in_the_note(self) -> None:
        """ "a pressão dele tá doze por oito" left "a pressão dele" in the clinical note."""
        driver = Driver(SHIFT_B)
        driver.send(
            "Oi, boa tarde. Então, a pressão dele tá doze por oito, a frequência cardíaca setenta e dois, "
            "respiração dezoito, saturação noventa e seis, temperatura trinta e seis e meio. Ele tá em ar "
            "ambiente e tá tranquilo, assistindo televisão."
        )
        driver.send("Sim.")
        (written,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert (written["bloodPressure"], written["heartRate"], written["temperature"]) == ("120x80", 72, 36.5)
        assert "pressão" not in written["clinicalNote"] and "tranquilo, assistindo televisão" in written["clinicalNote"]

    def test_a_spoken_report_fills_every_topic_without_its_lead_in(self) -> None:
        """ "vou fazer o relatório final" was filed as additional information ("vou fazer"), and "não tem
        mais nada pra acrescentar e nada administrativo" as the administrative information."""
        driver = Driver(SHIFT_C)
        driver.send(
            "Bom, vou fazer o relatório final. Ele comeu bem no almoço, tomou bastante água. Fez cocô de manhã "
            "e fez xixi normal. Dormiu à tarde. Tava de bom humor. Tomou todos os remédios. Fez fisioterapia. "
            "Não tem mais nada pra acrescentar e nada administrativo."
        )
        topics = driver.state.topics
        assert topics.get(Topic.ADDITIONAL_INFO) == "Sem informações"
        assert topics.get(Topic.ADMINISTRATIVE) == "Sem informações"
        assert topics.get(Topic.ACTIVITIES) == "Fez fisioterapia"
        assert "Posso enviar?" in driver.reply

    def test_frequencia_alone_is_the_heart_rate_and_the_patients_name_is_no_note(self) -> None:
        """ "frequência setenta" was read as nothing (the heart rate stayed missing), and "Os sinais do
        seu José:" left "do seu José" in the note."""
        driver = Driver(SHIFT_B)
        driver.send(
            "Boa noite. Os sinais do seu José: pressão onze por sete, frequência setenta, respiração dezesseis, "
            "saturação noventa e oito, temperatura trinta e seis. Ar ambiente. Ele jantou bem e já está dormindo."
        )
        driver.send("Pode.")
        (written,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert (written["heartRate"], written["respRate"]) == (70, 16)
        assert written["clinicalNote"] == "Ele jantou bem e já está dormindo"


class TestAQuestionMarkIsNoTopicAnswer:
    def test_a_bare_text_with_a_question_mark_answers_no_topic(self) -> None:
        """Found by the step property test: "A?A" while a topic was asked was filed as that topic."""
        for text in ("A?A", "tudo ok?"):
            driver = Driver(SHIFT_C)
            driver.send("comeu bem")
            driver.send(text)
            assert driver.state.topics.get(Topic.STOOL_URINE) is None, text


class TestASpokenMeasurementReadWhole:
    def test_a_spoken_measurement_with_its_hesitations(self) -> None:
        """A voice-note transcript lost FR ("tá respirando vinte por minuto") and the temperature ("febre
        não tem, trinta e seis e meio"), and told the caregiver it could not place "trin"."""
        driver = Driver(SHIFT_B)
        driver.send(
            "É... a pressão tá doze por oito, né. O batimento tá em oitenta. Tá respirando vinte por minuto. "
            "Saturação noventa e sete. Febre não tem, trinta e seis e meio. Tá sem oxigênio. Ele tá bem, comeu tudo."
        )
        driver.send("Isso aí, pode salvar.")
        (written,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert (written["respRate"], written["temperature"], written["supplementaryOxygen"]) == (
            20,
            36.5,
            "Ar ambiente",
        )

    def test_an_unplaced_number_spoken_in_words_is_named_as_digits(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 12 por 8, FC 80, noventa e seis")
        assert codes(driver)[0] == ReplyCode.UNREAD_NUMBERS
        assert "96" in driver.reply and "nov" not in driver.reply.split("\n")[0]

    def test_two_decimals_in_the_temperature_range_are_not_guessed(self) -> None:
        """Neither is a decimal a rate: "36,5" after the FC was read as FR 36."""
        driver = Driver(SHIFT_B)
        driver.send("PA 12 por 8, FC 80, 36,5 e 37,2")
        assert driver.state.vitals.temperature is None and driver.state.vitals.resp_rate is None

    def test_so_pra_avisar_que_opens_no_operational_note(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("Oi, bom dia! Só pra avisar que a fisioterapeuta chegou agora às nove horas.")
        assert saved_note(driver)[1] == "a fisioterapeuta chegou agora às nove horas"


class TestATopicSaidAgainIsAddedTo:
    """ "comeu bem no almoço", then "no jantar comeu pouco" kept only the dinner: what the caregiver said
    first about a topic was lost."""

    def test_more_about_a_topic_while_the_report_is_collected_is_added(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("comeu bem no almoço")
        driver.send("no jantar comeu pouco")
        assert driver.state.topics.get(Topic.FOOD_HYDRATION) == "comeu bem no almoço; no jantar comeu pouco"

    def test_a_correction_while_the_report_is_collected_replaces(self) -> None:
        for correction, stored in (
            ("na verdade ele não evacuou", "ele não evacuou"),
            ("Evacuação: não evacuou", "não evacuou"),
            ("não, ele não evacuou", "ele não evacuou"),
        ):
            driver = Driver(SHIFT_C)
            driver.send("comeu bem; evacuou")
            driver.send(correction)
            assert driver.state.topics.get(Topic.STOOL_URINE) == stored, correction

    def test_an_answer_after_sem_informacoes_replaces_it(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("comeu bem")
        driver.send("sem informações")
        driver.send("evacuou à tarde")
        assert driver.state.topics.get(Topic.STOOL_URINE) == "evacuou à tarde"

    def test_an_addition_to_the_summary_is_added_without_its_lead_in(self) -> None:
        """ "espera, falta colocar que ele tomou banho" replaced the activities with its own words."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem; evacuou; dormiu bem; calmo; remédios ok; caminhou; sem intercorrências; nada adm")
        driver.send("espera, falta colocar que ele tomou banho")
        assert driver.state.topics.get(Topic.ACTIVITIES) == "caminhou; ele tomou banho"
        assert "Posso enviar?" in driver.reply


class TestValuesKeptAfterANo:
    """After "não" to a complete measurement, "ok" answered "faltam dados … Falta: ." (an empty list)."""

    def kept(self) -> Driver:
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 80 FR 18 sat 97 temp 36 aa paciente bem")
        driver.send("não")
        return driver

    def test_a_yes_offers_the_kept_measurement_again(self) -> None:
        driver = self.kept()
        driver.send("ok")
        assert codes(driver) == [ReplyCode.CLINICAL_CONFIRMATION] and "Falta: ." not in driver.reply
        driver.send("sim")
        assert len(driver.calls_of(ActionKind.UPDATE_CLINICAL)) == 1

    def test_a_second_no_discards_it(self) -> None:
        driver = self.kept()
        driver.send("não quero salvar")
        assert codes(driver) == [ReplyCode.MEASUREMENT_DISCARDED]
        assert not driver.state.collecting_clinical and driver.calls == []

    def test_a_greeting_shows_its_summary_again(self) -> None:
        driver = self.kept()
        driver.send("oi")
        assert "Falta: ." not in driver.reply and driver.reply.endswith("Posso salvar? Responda *sim* ou *não*.")


class TestUndecidedAndUnwellAtThePresenceQuestion:
    def test_undecided_is_asked_again_never_a_cancellation(self) -> None:
        """ "ainda não sei" was read as a "não" and led to the cancellation question."""
        for text in ("ainda não sei", "não sei ainda", "não tenho certeza", "sei lá"):
            driver = presence_asked()
            driver.send(text)
            assert codes(driver) == [ReplyCode.PRESENCE_REASK], text

    def test_being_unwell_asks_to_confirm_the_cancellation(self) -> None:
        for text in ("estou doente", "tô passando mal, não dá", "acordei com febre"):
            driver = presence_asked()
            driver.send(text)
            assert codes(driver) == [ReplyCode.CANCEL_QUESTION], text
            assert driver.calls == []

    def test_the_patient_unwell_is_no_cancellation(self) -> None:
        driver = presence_asked()
        driver.send("sim, cheguei. o paciente está passando mal")
        assert driver.calls_of(ActionKind.UPDATE_SCHEDULE)[0]["responseValue"] == "confirmado"


class TestATranscriptOfAWhisperedMeasurement:
    def test_introductions_and_the_patients_name_stay_out_of_the_note(self) -> None:
        """ "Aqui é a Ana" and "A pressão do seu José" were written into the clinical note."""
        driver = Driver(SHIFT_B)
        driver.send(
            "Bom dia, tudo bem? Aqui é a Ana. A pressão do seu José deu 12 por 8, o batimento 76, a respiração 18, "
            "a saturação 97 e a temperatura 36 e 4. Ele está respirando normal, sem oxigênio. Dormiu bem a noite toda."
        )
        driver.send("Pode salvar, obrigada.")
        (written,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert written["clinicalNote"] == "Ele está respirando normal, Dormiu bem a noite toda"

    def test_a_remark_about_the_named_patient_is_kept_whole(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 80 FR 18 sat 97 temp 36 aa. Seu José caiu no banheiro")
        assert "Nota: Seu José caiu no banheiro" in driver.reply

    def test_oxigenacao_is_the_saturation(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("Pressão 130 por 85, batimentos 90 por minuto, respiração 20, oxigenação 95, temperatura 37 e 2.")
        assert driver.state.vitals.saturation == 95


class TestASpokenReport:
    def test_each_sentence_of_a_spoken_report_lands_in_its_topic(self) -> None:
        """Sleep "depois do almoço" was filed as food, "precisa repor as fraldas" as stool and urine,
        "De atividade" became part of the activities, and "Sem informações; precisa repor as fraldas"
        was the administrative information."""
        driver = Driver(SHIFT_C)
        driver.send(
            "Então, o plantão foi tranquilo. Ele almoçou e jantou bem, bebeu uns dois copos de suco. Fez xixi "
            "várias vezes, cocô não fez hoje. Dormiu um pouco depois do almoço. Ficou bem humorado, conversou "
            "bastante. Os remédios foram dados nos horários certos. De atividade, fizemos uma caminhada no quintal. "
            "Nada mais a relatar. E na parte administrativa, precisa repor as fraldas."
        )
        topics = driver.state.topics
        assert topics.get(Topic.SLEEP) == "Dormiu um pouco depois do almoço"
        assert topics.get(Topic.ACTIVITIES) == "fizemos uma caminhada no quintal"
        assert topics.get(Topic.ADDITIONAL_INFO) == "Sem informações"
        assert topics.get(Topic.ADMINISTRATIVE) == "precisa repor as fraldas"
        assert topics.get(Topic.STOOL_URINE) == "Fez xixi várias vezes; cocô não fez hoje"


class TestAfterTheReport:
    def test_thanks_after_the_report_are_thanked_back_and_told_the_shift_is_closed(self) -> None:
        """SPEC §6: every message after the report gets the "shift closed" answer."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem; evacuou; dormiu bem; calmo; remédios ok; caminhou; sem intercorrências; nada adm")
        driver.send("sim")
        driver.send("obrigada, boa noite")
        assert codes(driver) == [ReplyCode.THANKS, ReplyCode.SHIFT_CLOSED]
        driver.send("PA 120x80")
        assert codes(driver) == [ReplyCode.SHIFT_CLOSED]


class TestAReportTypedInOneRun:
    def test_a_run_of_topic_names_and_values_fills_each_topic(self) -> None:
        """Without punctuation the whole report went into one topic (mood)."""
        driver = Driver(SHIFT_C)
        driver.send(
            "alimentacao boa hidratacao boa eliminacoes presentes sono tranquilo humor estavel medicacoes "
            "administradas atividades leitura sem intercorrencias sem pendencias administrativas"
        )
        topics = driver.state.topics
        assert topics.get(Topic.FOOD_HYDRATION) == "alimentacao boa; hidratacao boa"
        assert topics.get(Topic.SLEEP) == "sono tranquilo" and topics.get(Topic.MOOD) == "humor estavel"
        assert topics.get(Topic.ACTIVITIES) == "atividades leitura"
        assert topics.get(Topic.ADDITIONAL_INFO) == "sem intercorrencias"
        assert topics.get(Topic.ADMINISTRATIVE) == "Sem informações"

    def test_a_sentence_naming_topics_is_not_cut_by_them(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("dormiu bem depois do banho, humor e alimentação sem alterações")
        assert driver.state.topics.get(Topic.SLEEP) == "dormiu bem depois do banho"


class TestAnArrivalDuringTheReport:
    def test_a_professional_arriving_is_no_answer_to_the_topic_asked(self) -> None:
        """ "a enfermeira chegou agora" while stool and urine were asked was filed as stool and urine."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem")
        driver.send("a enfermeira chegou agora")
        topics = driver.state.topics
        assert topics.get(Topic.STOOL_URINE) is None
        assert topics.get(Topic.ADMINISTRATIVE) == "a enfermeira chegou agora"

    def test_an_activity_with_a_professional_stays_an_activity(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("comeu bem; evacuou; dormiu bem; calmo; remédios ok; fez fisioterapia")
        assert driver.state.topics.get(Topic.ACTIVITIES) == "fez fisioterapia"


class TestALoneDecimalIsATemperatureOnlyOnItsOwn:
    def test_a_decimal_a_word_names_or_a_unit_follows_is_no_temperature(self) -> None:
        """The lone-decimal rule must not read a dose or a weight as the temperature."""
        for text in ("PA 12x8 FC 80, tramadol 37,5 mg", "PA 12x8 FC 80, peso 38,5", "PA 12x8 FC 80, tomou 37,5 ml"):
            driver = Driver(SHIFT_B)
            driver.send(text)
            assert driver.state.vitals.temperature is None, text
