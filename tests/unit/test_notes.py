"""What reaches the patient's record through whole conversations (SPEC section 6, "What goes into a note,
and what never does"): the exact notes written, across messages, corrections and greetings."""

from __future__ import annotations

from orchestrator.machine import ReplyCode
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_B
from tests.unit.driver import Driver, reply_codes
from tests.unit.test_conversations import FIRST_MEASUREMENT

VITALS_ONLY = "pa 12x8 fc 80 fr 18 sat 96 temp 36,5 aa"


def written_note(driver: Driver) -> str | None:
    """The clinicalNote of the last measurement written."""
    return driver.calls_of(ActionKind.UPDATE_CLINICAL)[-1]["clinicalNote"]  # type: ignore[no-any-return]


class TestJunkNeverReachesTheNote:
    def test_separators_between_labelled_values(self) -> None:
        """ "pa 13x9 | fc 88 | … | pcte dormindo" writes "pcte dormindo", without the pipes."""
        driver = Driver(SHIFT_B)
        driver.send("pa 13x9 | fc 88 | fr 20 | sat 96 | tax 36,8 | ar ambiente | pcte dormindo")
        driver.send("sim")
        assert written_note(driver) == "pcte dormindo"

    def test_fragments_left_by_values_cut_out(self) -> None:
        """ "paciente em ar ambiente e tranquilo" writes "paciente tranquilo": no dangling "em", "e"."""
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80, FC 80, FR 18, Sat 97, Temp 36,5, paciente em ar ambiente e tranquilo")
        driver.send("sim")
        assert written_note(driver) == "paciente tranquilo"

    def test_units_and_linking_words_left_by_values(self) -> None:
        """ "mantendo saturação de 95% em ar ambiente" leaves nothing to write; "em uso de" neither."""
        driver = Driver(SHIFT_B)
        driver.send("PA 12x8 FC 80 FR 18, mantendo saturação de 95% em ar ambiente, temp 36,5 graus celsius")
        assert driver.state.clinical_note is None
        driver.send("em uso de O2 por cateter, corado e hidratado")
        driver.send("sim")
        assert written_note(driver) == "corado e hidratado"

    def test_filler_before_a_correction(self) -> None:
        """ "ops, errei, a fc é 92" while the summary awaits its answer corrects FC and adds nothing to the note."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        driver.send("ops, errei, a fc é 92")
        assert "FC 92" in driver.reply and "ops" not in driver.reply
        driver.send("sim")
        assert written_note(driver) == "paciente tranquilo e orientado"
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[-1]["heartRate"] == 92

    def test_a_retyped_measurement_does_not_repeat_its_note(self) -> None:
        """The whole measurement sent again ("lá vai de novo: …") replaces it; the note is written once."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        driver.send("lá vai de novo: " + FIRST_MEASUREMENT.replace("FC 76", "FC 78"))
        driver.send("sim")
        assert written_note(driver) == "paciente tranquilo e orientado"
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[-1]["heartRate"] == 78

    def test_a_greeting_sent_meanwhile_is_not_the_note(self) -> None:
        """A greeting while the measurement is being collected is not its note: the note is still asked for."""
        driver = Driver(SHIFT_B)
        driver.send("pa 12x8 fc 80")
        driver.send("boa noiteee")
        assert driver.state.clinical_note is None
        driver.send("fr 18 sat 96 temp 36,5 aa")
        assert "nota clínica" in driver.reply and driver.state.staged is None

    def test_a_question_sent_meanwhile_is_not_the_note(self) -> None:
        """A question while the measurement is being collected is answered and written nowhere."""
        driver = Driver(SHIFT_B)
        driver.send("pa 12x8 fc 80")
        driver.send("vcs tem o numero do medico?")
        assert driver.state.clinical_note is None and driver.calls == []
        assert reply_codes(driver)[0] == ReplyCode.QUESTION

    def test_a_first_measurement_whose_only_note_is_a_greeting_asks_for_the_note(self) -> None:
        """ "…, boa noite" at the end of a full first measurement is no note: "nota clínica" is asked."""
        driver = Driver(SHIFT_B)
        driver.send(VITALS_ONLY + ", boa noite")
        assert driver.state.staged is None and "nota clínica" in driver.reply
        driver.send("paciente dormindo")
        driver.send("sim")
        assert written_note(driver) == "paciente dormindo"


class TestQuestions:
    def test_a_question_about_the_coordination_is_not_an_occurrence(self) -> None:
        """ "a coordenação vai mandar as luvas?" gets the question answer; nothing is written."""
        driver = Driver(SHIFT_B)
        transition = driver.send("a coordenação vai mandar as luvas?")
        assert transition.actions == () and reply_codes(driver)[0] == ReplyCode.QUESTION
        assert "coordenação" in driver.reply

    def test_a_question_beside_vital_signs(self) -> None:
        """Vitals and a question in one message: the vitals are kept, the question answered, no note."""
        driver = Driver(SHIFT_B)
        driver.send("pa 120x80 fc 80, posso dar dipirona pra ele?")
        assert driver.state.vitals.heart_rate == 80 and driver.state.clinical_note is None
        assert ReplyCode.QUESTION in reply_codes(driver) and "Falta" in driver.reply

    def test_the_shift_hours_question_is_answered(self) -> None:
        """ "que horas acaba meu plantão?" hears the shift's hours."""
        driver = Driver(SHIFT_B)
        driver.send("que horas acaba meu plantão?")
        assert "20:00" in driver.reply and driver.calls == []


class TestOperationalRemarks:
    def test_an_arrival_without_the_word_visita(self) -> None:
        """Arrivals and departures of professionals, however phrased, are operational notes saved at once."""
        for text in ("o fono acabou de chegar", "a fisio chegou", "o enfermeiro já foi embora", "a médica passou aqui"):
            driver = Driver(SHIFT_B)
            driver.send(text)
            (note,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
            assert note["operationalNote"] is True and note["clinicalNote"] == text

    def test_an_equipment_remark_inside_a_vitals_message_is_kept_whole(self) -> None:
        """ "o termômetro quebrou, precisa de outro" is one operational note; the clinical note gets none of it."""
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 80, o termômetro quebrou, precisa de outro")
        (note,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert note["clinicalNote"] == "o termômetro quebrou, precisa de outro"
        assert driver.state.clinical_note is None and driver.state.vitals.heart_rate == 80

    def test_just_finished_eating_is_clinical(self) -> None:
        """ "acabou de almoçar" is no shortage: it stays a clinical remark."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        driver.send("sim")
        transition = driver.send("paciente acabou de almoçar")
        assert transition.actions[0].action.payload["operationalNote"] is False
        assert reply_codes(driver) == [ReplyCode.CLINICAL_CONFIRMATION]


class TestWordsAndGreetings:
    def test_numbers_written_in_words(self) -> None:
        """ "treze por nove", "setenta e dois", "trinta e sete e meio" are read as values."""
        driver = Driver(SHIFT_B)
        driver.send(
            "pa treze por nove fc setenta e dois fr dezoito sat noventa e seis temperatura trinta e sete e meio "
            "ar ambiente, paciente calmo"
        )
        driver.send("sim")
        (written,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert (written["bloodPressure"], written["heartRate"], written["respRate"]) == ("130x90", 72, 18)
        assert (written["saturationO2"], written["temperature"]) == (96, 37.5)
        assert written["clinicalNote"] == "paciente calmo"

    def test_elongated_greetings(self) -> None:
        """ "boa noiteee" and "olááá" are greetings (answered as such), not "Não entendi"."""
        for text in ("boa noiteee", "olááá", "oiiie"):
            driver = Driver(SHIFT_B)
            driver.send(text)
            assert reply_codes(driver)[0] == ReplyCode.GREETING, text


class TestAnObservationBeforeTheValues:
    def test_it_is_kept_beside_the_note_sent_with_the_values(self) -> None:
        """ "paciente dormindo", then the whole measurement with "acordou bem": both are the note.
        A complete measurement replaced the note only as a correction of values already sent."""
        driver = Driver(SHIFT_B)
        driver.send("paciente dormindo")
        driver.send("PA 13x8, FC 88, FR 19, SAT 96%, TAX 36,8 - ar ambiente. acordou bem")
        driver.send("sim")
        assert written_note(driver) == "paciente dormindo; acordou bem"
