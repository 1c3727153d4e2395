"""Phrasing classes found hunting after the QA findings, as real caregivers type them at night: each
test states the general rule, through whole conversations on the pure machine."""

from __future__ import annotations

from orchestrator.machine import ExpectationKind, ReplyCode, Topic, expectation_of
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_B, SHIFT_C
from tests.unit.driver import Driver, reply_codes
from tests.unit.test_qa_findings import presence_asked

FIRST = "pa 12x8 fc 70 fr 16 sat 98 tax 36 aa pcte dormindo"
REPORT = (
    "alimentacao: comeu bem a sopa; evacuacao: evacuou 1x; sono: dormiu bem; humor: calmo; "
    "medicacao: tomou tudo; atividades: assistiu tv; intercorrencias: nenhuma; administrativo: nada"
)


def staged() -> Driver:
    driver = Driver(SHIFT_B)
    driver.send(FIRST)
    assert reply_codes(driver) == [ReplyCode.CLINICAL_CONFIRMATION]
    return driver


def report_staged() -> Driver:
    driver = Driver(SHIFT_C)
    driver.send(REPORT)
    assert "Posso enviar" in driver.reply
    return driver


class TestAYesWithAReservationNeverSaves:
    def test_a_correction_after_mas_is_applied_not_saved_over(self) -> None:
        """ "pode salvar mas a fr era 20" corrects FR and shows the summary again: nothing is written
        with the old FR."""
        driver = staged()
        driver.send("pode salvar mas a fr era 20")
        assert driver.calls == [] and reply_codes(driver) == [ReplyCode.CLINICAL_CONFIRMATION]
        assert driver.state.vitals.resp_rate == 20 and driver.state.clinical_note == "pcte dormindo"

    def test_a_reservation_that_is_not_understood_asks_again(self) -> None:
        """ "pode salvar mas falta a nota" is no plain yes: asked again, nothing written."""
        driver = staged()
        driver.send("pode salvar mas falta a nota")
        assert driver.calls == [] and reply_codes(driver) == [ReplyCode.CONFIRMATION_REASK]

    def test_a_reservation_on_the_report_corrects_the_topic(self) -> None:
        """ "pode enviar mas o sono foi ruim" replaces sleep (without "pode enviar mas") and asks again."""
        driver = report_staged()
        driver.send("pode enviar mas o sono foi ruim")
        assert driver.calls == [] and driver.state.topics.get(Topic.SLEEP) == "o sono foi ruim"


class TestARemarkBesideAYesIsKept:
    def test_yes_with_an_observation_shows_the_measurement_again_with_it(self) -> None:
        """ "sim, e ele tossiu um pouco" adds the observation to the note and asks again: it is not lost."""
        driver = staged()
        driver.send("sim, e ele tossiu um pouco")
        assert driver.calls == [] and "ele tossiu um pouco" in driver.reply
        driver.send("sim")
        (written,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert written["clinicalNote"] == "pcte dormindo; ele tossiu um pouco"


class TestCorrectionsLeaveNothingInTheNote:
    def test_correction_phrasings_change_the_value_only(self) -> None:
        """ "corrige a sat pra 95", "na vdd a sat era 96", "troca a fc para 82 por favor", "a temp é 36,8
        e nao 36", "errei a sat, 94": the value changes and the note stays the caregiver's remark."""
        for text, field, value in (
            ("corrige a sat pra 95", "saturation", 95),
            ("na vdd a sat era 96", "saturation", 96),
            ("troca a fc para 82 por favor", "heart_rate", 82),
            ("a temp é 36,8 e nao 36", "temperature", 36.8),
            ("errei a sat, 94", "saturation", 94),
        ):
            driver = staged()
            driver.send(text)
            assert getattr(driver.state.vitals, field) == value, text
            assert driver.state.clinical_note == "pcte dormindo", text

    def test_a_value_in_the_clause_after_its_label(self) -> None:
        """ "nao, a fc ta errada, é 88" corrects FC to 88."""
        driver = staged()
        driver.send("nao, a fc ta errada, é 88")
        assert driver.state.vitals.heart_rate == 88 and driver.calls == []


class TestCommandsAndTimesAreNoNote:
    def test_a_command_beside_the_values_is_no_note(self) -> None:
        """ "…, pode salvar" on a first measurement: the note is asked for, "pode salvar" is not it."""
        driver = Driver(SHIFT_B)
        driver.send("pa 12x8 fc 80 fr 18 sat 97 tax 36.5 aa, pode salvar")
        assert driver.state.clinical_note is None and "nota clínica" in driver.reply

    def test_the_time_of_the_measurement_is_no_note(self) -> None:
        """ "Sinais vitais das 22h: …. Paciente dormindo." writes "Paciente dormindo"."""
        driver = Driver(SHIFT_B)
        driver.send("Boa noite! Sinais vitais das 22h: PA 120x80, FC 72, FR 18, SpO2 97%, Tax 36,2°C, em ar ambiente. "
                    "Paciente dormindo.")  # fmt: skip
        assert driver.state.clinical_note == "Paciente dormindo"


class TestSomethingSaidAsideIsAnsweredWithoutNaoEntendi:
    def test_greeting_and_thanks_while_a_measurement_awaits(self) -> None:
        """ "oi" and "obrigada" while the summary awaits "sim": greeted or thanked, and the summary asked
        again; never "Não entendi"."""
        for text, code in (("oi", ReplyCode.GREETING), ("obrigada", ReplyCode.THANKS)):
            driver = staged()
            driver.send(text)
            assert reply_codes(driver) == [code, ReplyCode.CLINICAL_CONFIRMATION] and "Não entendi" not in driver.reply

    def test_a_question_while_presence_is_asked(self) -> None:
        """ "quem é o paciente?" is answered and presence asked again, without "Não entendi"."""
        driver = presence_asked()
        driver.send("quem é o paciente?")
        assert reply_codes(driver) == [ReplyCode.QUESTION, ReplyCode.PRESENCE_QUESTION]


class TestPresencePhrasing:
    def test_a_double_negative_is_coming(self) -> None:
        """ "nao posso faltar, to indo" confirms presence."""
        driver = presence_asked()
        driver.send("nao posso faltar, to indo")
        assert driver.calls_of(ActionKind.UPDATE_SCHEDULE)[0]["responseValue"] == "confirmado"

    def test_hoje_nao_is_a_no(self) -> None:
        """ "infelizmente hoje nao" asks to confirm the cancellation."""
        driver = presence_asked()
        driver.send("infelizmente hoje nao")
        assert reply_codes(driver) == [ReplyCode.CANCEL_QUESTION]

    def test_not_knowing_is_no_answer(self) -> None:
        """ "nao sei ainda" is neither yes nor no: presence is asked again, no cancellation offered."""
        driver = presence_asked()
        driver.send("nao sei ainda")
        assert reply_codes(driver) == [ReplyCode.PRESENCE_REASK]

    def test_ta_followed_by_words_is_no_yes(self) -> None:
        """ "ta chovendo muito aqui" does not confirm presence ("tá" alone would)."""
        driver = presence_asked()
        driver.send("ta chovendo muito aqui")
        assert driver.calls == []

    def test_arriving_once_presence_is_confirmed_is_a_greeting(self) -> None:
        """ "cheguei no plantão" on a confirmed shift is greeted, not "Não entendi"."""
        driver = Driver(SHIFT_B)
        driver.send("cheguei no plantão")
        assert reply_codes(driver) == [ReplyCode.GREETING, ReplyCode.READY]


class TestReportCorrections:
    def test_a_topic_named_then_its_value(self) -> None:
        """ "errado o sono, ele acordou 3x" replaces sleep with "ele acordou 3x" (not "o sono; …")."""
        driver = report_staged()
        driver.send("errado o sono, ele acordou 3x")
        assert driver.state.topics.get(Topic.SLEEP) == "ele acordou 3x"

    def test_a_correction_verb_before_a_label(self) -> None:
        """ "corrige a medicacao: nao tomou o da noite" corrects medications."""
        driver = report_staged()
        driver.send("corrige a medicacao: nao tomou o da noite")
        assert driver.state.topics.get(Topic.MEDICATIONS) == "nao tomou o da noite"

    def test_a_remark_while_the_summary_awaits_is_never_a_clinical_note(self) -> None:
        """ "e o sono foi pessimo" corrects sleep; an unplaced remark is asked about again; neither is
        held as a clinical note nor sets the report aside."""
        driver = report_staged()
        driver.send("e o sono foi pessimo")
        assert driver.state.topics.get(Topic.SLEEP) == "o sono foi pessimo" and driver.state.clinical_note is None
        driver = report_staged()
        driver.send("hmm ta estranho isso")
        assert driver.state.clinical_note is None
        assert expectation_of(driver.state, driver.now).kind is ExpectationKind.SUMMARY_CONFIRMATION


class TestReportBareAnswers:
    def test_no_information_naming_its_topic(self) -> None:
        """ "nada administrativo" fills the administrative info, not the topic asked."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem, bebeu agua")
        driver.send("nada administrativo")
        assert driver.state.topics.get(Topic.ADMINISTRATIVE) == "Sem informações"
        assert driver.state.topics.get(Topic.STOOL_URINE) is None

    def test_a_supply_remark_during_the_report_is_administrative(self) -> None:
        """ "acabou a fralda" is no stool answer: it goes to the administrative info."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem, bebeu agua")
        driver.send("acabou a fralda")
        assert driver.state.topics.get(Topic.ADMINISTRATIVE) == "acabou a fralda"
        assert driver.state.topics.get(Topic.STOOL_URINE) is None

    def test_skipping_and_not_knowing_are_no_information(self) -> None:
        """ "pula", "não sei" answer the topic asked with "Sem informações"."""
        for text in ("pula", "não sei"):
            driver = Driver(SHIFT_C)
            driver.send("comeu bem, bebeu agua")
            driver.send(text)
            assert driver.state.topics.get(Topic.STOOL_URINE) == "Sem informações", text

    def test_putting_it_off_records_nothing(self) -> None:
        """ "depois eu mando" records nothing and asks the same topic again, after an "ok"."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem, bebeu agua")
        driver.send("depois eu mando")
        assert driver.state.topics.given == (Topic.FOOD_HYDRATION,)
        assert reply_codes(driver) == [ReplyCode.WAITING, ReplyCode.TOPIC_REASK]


class TestSpokenMeasurements:
    def test_a_voice_note_with_everyday_names(self) -> None:
        """ "o coracao 80", "a febre 36 e meio" are FC and Temp; the note keeps no number fragment."""
        driver = Driver(SHIFT_B)
        driver.send(
            "a pressao deu 12 por 8 o coracao 80 a respiracao 18 saturando 97 e a febre 36 e meio ta no ar "
            "ambiente dormindo"
        )
        assert driver.state.vitals.heart_rate == 80 and driver.state.vitals.temperature == 36.5
        assert driver.state.clinical_note == "dormindo"

    def test_a_spelled_number_left_in_a_note_keeps_all_its_words(self) -> None:
        """A number in words that is no value stays whole in the note ("o batimento oitenta e cinco" read
        as FC leaves "ele ta bem calmo"; never a fragment like "oi")."""
        driver = Driver(SHIFT_B)
        driver.send(
            "entao a pressao ficou treze por oito o batimento oitenta e cinco e a saturacao noventa e seis "
            "ele ta bem calmo assistindo tv"
        )
        assert driver.state.vitals.heart_rate == 85
        assert driver.state.clinical_note == "ele ta bem calmo assistindo tv"


class TestReportValuesKeepTheirMeaning:
    def test_a_short_labelled_answer_is_kept_as_written(self) -> None:
        """ "Medicação: ok", "Sono - bom" store "ok" and "bom": never turned into "Sem informações"."""
        driver = Driver(SHIFT_C)
        driver.send("Sono - bom\nHumor - bom\nMedicação: ok")
        topics = driver.state.topics
        assert (topics.get(Topic.SLEEP), topics.get(Topic.MOOD), topics.get(Topic.MEDICATIONS)) == ("bom", "bom", "ok")

    def test_a_clause_answering_two_topics_is_cut_at_e(self) -> None:
        """ "assistiu tv e dormiu cedo" is an activity and sleep; "dormiu bem e ta de bom humor" sleep and mood."""
        driver = Driver(SHIFT_C)
        driver.send("assistiu tv e dormiu cedo; dormiu bem e ta de bom humor")
        topics = driver.state.topics
        assert topics.get(Topic.ACTIVITIES) == "assistiu tv"
        assert topics.get(Topic.SLEEP) == "dormiu cedo; dormiu bem" and topics.get(Topic.MOOD) == "ta de bom humor"

    def test_taking_a_bath_is_no_medication(self) -> None:
        """ "tomou banho" is an activity: "tomou" alone does not make a medication."""
        driver = Driver(SHIFT_C)
        driver.send("tomou banho")
        assert driver.state.topics.given == (Topic.ACTIVITIES,)


class TestMoreRemarksSplitByKind:
    def test_a_feeling_or_hunger_after_an_occurrence_is_clinical(self) -> None:
        """ "o filho chegou e o paciente ficou feliz", "acabou a dieta enteral e ele ta com fome": the
        occurrence is operational, the patient's state is the clinical note."""
        for text, operational, note in (
            ("o filho chegou e o paciente ficou feliz", "o filho chegou", "o paciente ficou feliz"),
            ("acabou a dieta enteral e ele ta com fome", "acabou a dieta enteral", "ele ta com fome"),
        ):
            driver = Driver(SHIFT_B)
            driver.send(f"pa 12x8 fc 70 fr 16 sat 98 tax 36 aa. {text}")
            (written,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
            assert written["clinicalNote"] == operational and driver.state.clinical_note == note, text

    def test_the_route_of_oxygen_leaves_nothing(self) -> None:
        """ "em o2 3l/min via cateter nasal, pcte confortavel" writes "pcte confortavel"."""
        driver = Driver(SHIFT_B)
        driver.send("pa 12x8 fc 70 fr 16 sat 98 tax 36 em o2 3l/min via cateter nasal, pcte confortavel")
        assert driver.state.clinical_note == "pcte confortavel"


class TestCareAndOccurrences:
    def test_care_given_is_a_clinical_note(self) -> None:
        """ "troquei a fralda 3x", "dei o remedio das 22h", "acabou de comer", "a sonda saiu" describe the
        patient's care: a clinical note, never "Não entendi" and never an occurrence."""
        for text in ("troquei a fralda 3x", "dei o remedio das 22h", "acabou de comer", "a sonda saiu"):
            driver = Driver(SHIFT_B)
            driver.send(FIRST)
            driver.send("sim")
            driver.send(text)
            assert driver.state.clinical_note == text and len(driver.calls) == 1, text

    def test_occurrences_phrased_in_other_ways(self) -> None:
        """ "a medicacao acabou", "a luz caiu aqui", "o termometro ta marcando estranho", "cheguei atrasada
        pq o onibus quebrou" are occurrences, written whole at once."""
        for text in (
            "a medicacao acabou",
            "a luz caiu aqui",
            "o termometro ta marcando estranho",
            "cheguei atrasada pq o onibus quebrou",
        ):
            driver = Driver(SHIFT_B)
            driver.send(text)
            assert [call["clinicalNote"] for call in driver.calls_of(ActionKind.UPDATE_CLINICAL)] == [text], text
            assert driver.state.clinical_note is None, text


class TestFoundByTheSecondHeldOutSet:
    def test_wait_is_a_no_before_a_write(self) -> None:
        """ "opa pera, a sat ta errada" while the measurement awaits "sim": not saved, a correction invited."""
        driver = staged()
        driver.send("opa pera, a sat ta errada")
        assert driver.calls == [] and reply_codes(driver) == [ReplyCode.CLINICAL_DROPPED]

    def test_a_remark_about_the_other_values_is_no_note(self) -> None:
        """ "fc 77, o resto ta certo" corrects FC; "o resto ta certo" joins no note."""
        driver = staged()
        driver.send("fc 77, o resto ta certo")
        assert driver.state.vitals.heart_rate == 77 and driver.state.clinical_note == "pcte dormindo"

    def test_t_with_an_equals_sign_is_the_temperature(self) -> None:
        """ "PA=130x85 FC=90 FR=20 SAT=96 T=36.8 AA" reads all five values."""
        driver = Driver(SHIFT_B)
        driver.send("PA=130x85 FC=90 FR=20 SAT=96 T=36.8 AA")
        assert driver.state.vitals.complete and driver.state.vitals.temperature == 36.8

    def test_a_flow_before_o2_is_part_of_it(self) -> None:
        """ "sat 95 com 2l de o2" is oxygen and leaves no "2l" behind."""
        driver = Driver(SHIFT_B)
        driver.send("sat 95 com 2l de o2")
        assert driver.state.clinical_note is None and driver.state.respiratory is not None

    def test_elongated_thanks(self) -> None:
        """ "obrigadaa", "valeuuu" are thanks, never a note."""
        for text in ("obrigadaa", "valeuuu"):
            driver = Driver(SHIFT_B)
            driver.send(text)
            assert reply_codes(driver) == [ReplyCode.THANKS] and driver.state.clinical_note is None, text


class TestChatterIsNeverRecorded:
    def test_laughter_and_tests_are_no_note(self) -> None:
        """ "kkkkk", "rsrs ok", "hahaha", "teste" while a measurement is collected: no note, and the reply
        says what is still missing."""
        for text in ("kkkkk", "rsrs ok", "hahaha", "teste"):
            driver = Driver(SHIFT_B)
            driver.send("pa 12x8 fc 70")
            driver.send(text)
            assert driver.state.clinical_note is None and reply_codes(driver) == [ReplyCode.VITALS_MISSING], text

    def test_chatter_and_acknowledgements_answer_no_report_topic(self) -> None:
        """ "kkkk", "teste", "tá", "pode ser" while a topic is asked record nothing and ask it again."""
        for text in ("kkkk", "teste", "tá", "pode ser"):
            driver = Driver(SHIFT_C)
            driver.send("comeu bem, bebeu agua")
            driver.send(text)
            assert driver.state.topics.given == (Topic.FOOD_HYDRATION,), text
            assert reply_codes(driver) == [ReplyCode.TOPIC_REASK], text

    def test_being_lost_during_the_report_explains_the_topic_again(self) -> None:
        """ "não entendi", "como assim?" record nothing and ask the same topic again, explained."""
        for text in ("não entendi", "como assim?", "hã?"):
            driver = Driver(SHIFT_C)
            driver.send("comeu bem, bebeu agua")
            driver.send(text)
            assert driver.state.topics.given == (Topic.FOOD_HYDRATION,), text
            assert reply_codes(driver) == [ReplyCode.TOPIC_REASK] and "sem informações" in driver.reply, text
