"""QA round 6 (vital signs and the report): the ways caregivers write a value, each read to the value
meant or refused, never to another value (a wrong number in a clinical record is worse than a question)."""

from __future__ import annotations

import pytest

from orchestrator.machine import (
    Expectation,
    ExpectationKind,
    Reading,
    ReplyCode,
    RespiratoryCondition,
    VitalName,
    Vitals,
    read_rules,
)
from orchestrator.machine.vitals import BloodPressure
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_B
from tests.unit.driver import Driver, reply_codes

VITALS = Expectation(
    kind=ExpectationKind.VITALS, missing=("PA", "FC", "FR", "Sat", "Temp", "condição respiratória", "nota clínica")
)


def value(text: str, name: VitalName, expectation: Expectation = VITALS) -> object:
    return read_rules(text, expectation).vitals.value(name)


class TestSaturationSpellings:
    @pytest.mark.parametrize(
        "text",
        [
            "satur 95",
            "sat 95%",
            "saturando 95",
            "SpO2 95",
            "oximetria 95",
            "satu 95",
            "Sp02: 95",
            "o oxímetro marcou 95",
            "saturação tá uns 95",
            "SATURANDO 95 %",
        ],
    )
    def test_every_spelling_is_the_saturation(self, text: str) -> None:
        """Each shortening or spelling of the saturation reads SpO2 95."""
        assert value(text, VitalName.SATURATION) == 95


class TestTemperatureTypos:
    @pytest.mark.parametrize(
        "text", ["temp 36,,5", "temp 36..5", "temp 36, 5", "temperatura 36 ,5", "T 36,,5", "Tax 36. 5"]
    )
    def test_a_doubled_or_spaced_decimal_mark_is_one_mark(self, text: str) -> None:
        """ "36,,5" and "36, 5" are 36.5: never 36 (the decimal silently lost) nor 365."""
        reading = read_rules(text, VITALS)
        assert reading.vitals.temperature == 36.5
        assert not reading.rejected and not reading.unread_numbers

    def test_a_following_two_digit_number_is_no_decimal(self) -> None:
        """ "temp 36, 98" lists two values: the temperature is 36, never 36.98 or 36.9."""
        assert value("temp 36, 98", VitalName.TEMPERATURE) == 36


class TestTemperatureSite:
    @pytest.mark.parametrize(
        "text",
        [
            "temperatura axilar 36,8",
            "tax 36,8",
            "T ax 36.8",
            "temp axilar 36,8",
            "temp. ax. 36,8",
            "temperatura (axilar) de 36,8",
            "Tax: 36,8°C",
        ],
    )
    def test_the_site_between_label_and_value_is_skipped(self, text: str) -> None:
        """ "temperatura axilar 36,8" is a temperature of 36.8."""
        assert value(text, VitalName.TEMPERATURE) == 36.8


class TestHalfInWords:
    @pytest.mark.parametrize(
        ("text", "wanted"),
        [
            ("36 graus e meio", 36.5),
            ("temp 37 graus e meio", 37.5),
            ("temperatura trinta e seis graus e meio", 36.5),
        ],
    )
    def test_degrees_and_a_half(self, text: str, wanted: float) -> None:
        """ "36 graus e meio" is 36.5: the half is never dropped (nor left as a note "meio")."""
        reading = read_rules(text, VITALS)
        assert reading.vitals.temperature == wanted
        assert "meio" not in (reading.clinical_note or "")

    @pytest.mark.parametrize(
        ("text", "wanted"),
        [
            ("PA 13 por 8", (130, 80)),
            ("pa 13 por 8 e meio", (130, 85)),
            ("pressão 13/8 e meio", (130, 85)),
            ("PA 12x8", (120, 80)),
            ("PA 12 e meio por 8", (125, 80)),
        ],
    )
    def test_pressure_in_cmhg_with_a_half(self, text: str, wanted: tuple[int, int]) -> None:
        """Small numbers are cmHg (x10): "13 por 8 e meio" is 130x85, never 130x80."""
        reading = read_rules(text, VITALS)
        assert reading.vitals.blood_pressure == BloodPressure(systolic=wanted[0], diastolic=wanted[1])
        assert "meio" not in (reading.clinical_note or "")

    def test_a_half_hour_is_no_number_change(self) -> None:
        """ "acordou às 2 e meia" keeps its words as written in the note."""
        reading = read_rules("acordou às 2 e meia", Expectation(kind=ExpectationKind.CLINICAL_NOTE))
        assert reading.clinical_note == "acordou às 2 e meia"


class TestPressureForms:
    @pytest.mark.parametrize(
        "text",
        [
            "PA 120-80",
            "PA 120\\80",
            "PA 120x80",
            "PA 120 X 80",
            "pressão 120 por 80",
            "P.A. 12/8",
            "pa: 120 / 80 mmHg",
            "Pressão arterial 12 x 8",
        ],
    )
    def test_each_form_is_120x80(self, text: str) -> None:
        """Every separator caregivers type after the label gives 120x80."""
        assert value(text, VitalName.BLOOD_PRESSURE) == BloodPressure(systolic=120, diastolic=80)


class TestFillersAroundNumbers:
    @pytest.mark.parametrize(
        ("text", "name", "wanted"),
        [
            ("a pressão deu uns 12 por 8", VitalName.BLOOD_PRESSURE, BloodPressure(systolic=120, diastolic=80)),
            ("FC mais ou menos 80", VitalName.HEART_RATE, 80),
            ("sat tá em torno de 95", VitalName.SATURATION, 95),
            ("fc uns 80 bpm", VitalName.HEART_RATE, 80),
            ("temperatura deu cerca de 36,5", VitalName.TEMPERATURE, 36.5),
            ("FR aproximadamente 18", VitalName.RESP_RATE, 18),
        ],
    )
    def test_the_value_is_read_and_no_fragment_is_a_note(self, text: str, name: VitalName, wanted: object) -> None:
        """ "a pressão deu uns 12 por 8": the value, and no note "a pressão deu uns"."""
        reading = read_rules(text, VITALS)
        assert reading.vitals.value(name) == wanted
        assert reading.clinical_note is None


class TestAmbiguousPressure:
    @pytest.mark.parametrize(
        ("text", "shown"), [("PA 1208", "1208"), ("pressão 13085", "13085"), ("PA 120/8", "120/8")]
    )
    def test_run_together_or_mixed_digits_are_refused(self, text: str, shown: str) -> None:
        """ "PA 1208" may be 120x80, 120x8 or 12x08: refused and named back, never stored as a guess."""
        reading = read_rules(text, VITALS)
        assert reading.vitals.blood_pressure is None
        assert [(r.name, r.shown) for r in reading.rejected] == [(VitalName.BLOOD_PRESSURE, shown)]

    def test_the_other_values_of_the_message_are_kept(self) -> None:
        """ "pa 1208 fc 80": the FC is read; only the pressure is refused."""
        reading = read_rules("pa 1208 fc 80", VITALS)
        assert reading.vitals.heart_rate == 80 and reading.vitals.blood_pressure is None
        assert [r.name for r in reading.rejected] == [VitalName.BLOOD_PRESSURE]

    @pytest.mark.parametrize("text", ["PA 120 80", "pa 12 8", "PA: 120 80 mmHg"])
    def test_two_numbers_after_the_label_are_the_pressure(self, text: str) -> None:
        """ "PA 120 80" (a space for the separator) is 120x80."""
        assert value(text, VitalName.BLOOD_PRESSURE) == BloodPressure(systolic=120, diastolic=80)

    def test_a_refused_pressure_is_told_and_not_written(self) -> None:
        """In a conversation "PA 1208" is answered with the refusal; the pressure stays missing."""
        driver = Driver(SHIFT_B)
        driver.send("PA 1208 FC 80 FR 18 sat 96 temp 36,5 ar ambiente paciente tranquilo")
        assert ReplyCode.OUT_OF_RANGE in reply_codes(driver)
        assert driver.state.vitals.blood_pressure is None and driver.state.staged is None
        assert driver.calls == []


class TestOxygenIsNoSaturation:
    @pytest.mark.parametrize(
        ("text", "respiratory"),
        [
            ("traqueo em ar ambiente", RespiratoryCondition.ROOM_AIR),
            ("em venturi 28%", RespiratoryCondition.SUPPLEMENTARY_OXYGEN),
            ("FiO2 28%", RespiratoryCondition.SUPPLEMENTARY_OXYGEN),
            ("máscara de venturi a 35%", RespiratoryCondition.SUPPLEMENTARY_OXYGEN),
            ("no concentrador a 2L", RespiratoryCondition.SUPPLEMENTARY_OXYGEN),
            ("respirando bem sozinho", RespiratoryCondition.ROOM_AIR),
            ("respira sozinha", RespiratoryCondition.ROOM_AIR),
            ("oxigenação a 2 L/min", RespiratoryCondition.SUPPLEMENTARY_OXYGEN),
        ],
    )
    def test_the_support_is_the_respiratory_condition(self, text: str, respiratory: RespiratoryCondition) -> None:
        """Oxygen support is the respiratory condition: no "Sat 28" or "Sat 2", read or refused."""
        reading = read_rules(text, VITALS)
        assert reading.respiratory is respiratory
        assert reading.vitals.saturation is None and not reading.rejected

    @pytest.mark.parametrize(
        ("text", "saturation"),
        [("sat 94% em venturi 28%", 94), ("O2 a 2 L/min, sat 94", 94), ("O2 95%", 95), ("FiO2 30% spo2 93", 93)],
    )
    def test_the_saturation_beside_it_is_still_read(self, text: str, saturation: int) -> None:
        """The real saturation next to an oxygen setting is kept."""
        reading = read_rules(text, VITALS)
        assert reading.vitals.saturation == saturation
        assert reading.respiratory is RespiratoryCondition.SUPPLEMENTARY_OXYGEN


def staged_driver() -> Driver:
    """A complete first measurement awaiting its "sim"."""
    driver = Driver(SHIFT_B)
    driver.send("PA 12/8 FC 80 FR 18 sat 96 temp 36,5 ar ambiente paciente tranquilo")
    assert driver.state.staged is not None
    return driver


class TestSelfCorrections:
    @pytest.mark.parametrize(
        ("text", "name", "wanted"),
        [
            ("FC 80 digo 88", VitalName.HEART_RATE, 88),
            ("temp 37 não, é 37.5", VitalName.TEMPERATURE, 37.5),
            ("errei, a FC era 88", VitalName.HEART_RATE, 88),
            ("FC 80, quer dizer 88", VitalName.HEART_RATE, 88),
            ("fc 80 ops 88", VitalName.HEART_RATE, 88),
            ("sat 95 ou melhor 96", VitalName.SATURATION, 96),
            ("FC 80... corrigindo: 88", VitalName.HEART_RATE, 88),
            ("FC não é 80, é 88", VitalName.HEART_RATE, 88),
            ("FC 80 digo 88 digo 90", VitalName.HEART_RATE, 90),
            ("PA 12/8 digo 13/8", VitalName.BLOOD_PRESSURE, BloodPressure(systolic=130, diastolic=80)),
            ("fc 80 desculpa, 84", VitalName.HEART_RATE, 84),
        ],
    )
    def test_the_corrected_value_replaces_the_first(self, text: str, name: VitalName, wanted: object) -> None:
        """A value corrected in the same message is the corrected one; the first leaves no note behind."""
        reading = read_rules(text, VITALS)
        assert reading.vitals.value(name) == wanted
        assert reading.clinical_note is None and not reading.unread_numbers

    def test_the_correction_leaves_other_values_alone(self) -> None:
        """ "FC 80 não 88 FR 18": FC 88 and FR 18."""
        reading = read_rules("FC 80 não 88 FR 18", VITALS)
        assert (reading.vitals.heart_rate, reading.vitals.resp_rate) == (88, 18)

    @pytest.mark.parametrize("text", ["FC 80 digo 88", "errei, a FC era 88", "não, FC 88", "corrige a FC pra 88"])
    def test_a_correction_of_the_staged_summary_is_the_one_saved(self, text: str) -> None:
        """Sent while the summary awaits its "sim", the correction replaces the staged value: one call, FC 88."""
        driver = staged_driver()
        driver.send(text)
        assert "FC 88" in driver.reply and "FC 80" not in driver.reply
        driver.send("sim")
        calls = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert len(calls) == 1 and calls[0]["heartRate"] == 88


class TestTheNextMessageCompletes:
    def test_the_note_asked_for_is_the_next_message(self) -> None:
        """Five vitals and the condition without a note: the next message is the note, then it is staged."""
        driver = Driver(SHIFT_B)
        driver.send("PA 12/8 FC 80 FR 18 sat 96 temp 36,5 ar ambiente")
        assert driver.state.staged is None
        driver.send("paciente tranquilo, sem queixas")
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[0]["clinicalNote"] == "paciente tranquilo, sem queixas"

    @pytest.mark.parametrize("text", ["18 e 36,5", "18, 36,5", "18 36,5", "dezoito e trinta e seis e meio"])
    def test_bare_values_answer_the_measures_asked_in_order(self, text: str) -> None:
        """ "Falta: FR e Temp" answered "18 e 36,5": FR 18 and Temp 36.5."""
        driver = Driver(SHIFT_B)
        driver.send("PA 12/8 FC 80 sat 96 ar ambiente paciente tranquilo")
        driver.send(text)
        assert (driver.state.vitals.resp_rate, driver.state.vitals.temperature) == (18, 36.5)

    def test_bare_values_that_fit_no_place_are_not_shuffled(self) -> None:
        """ "36,5 18" after "Falta: FR e Temp" fits no place in that order: nothing is guessed."""
        driver = Driver(SHIFT_B)
        driver.send("PA 12/8 FC 80 sat 96 ar ambiente paciente tranquilo")
        driver.send("36,5 18")
        assert driver.state.vitals.resp_rate is None and driver.state.vitals.temperature is None

    @pytest.mark.parametrize("text", ["ar", "no ar", "ambiente", "ar normal"])
    def test_the_respiratory_condition_asked_for(self, text: str) -> None:
        """ "ar" alone answers "ar ambiente ou oxigênio?"."""
        driver = Driver(SHIFT_B)
        driver.send("PA 12/8 FC 80 FR 18 sat 96 temp 36,5 paciente tranquilo")
        driver.send(text)
        assert driver.state.respiratory is RespiratoryCondition.ROOM_AIR and driver.state.staged is not None

    @pytest.mark.parametrize(
        ("text", "name", "wanted"),
        [("36,5 de temperatura", VitalName.TEMPERATURE, 36.5), ("96% de saturação", VitalName.SATURATION, 96)],
    )
    def test_a_value_said_before_its_name(self, text: str, name: VitalName, wanted: float) -> None:
        """ "36,5 de temp" names the value after it."""
        assert value(text, name) == wanted

    def test_values_before_their_names_in_a_row(self) -> None:
        """ "88 de FC e 18 de FR" is FC 88 and FR 18, never "FC e 18"."""
        reading = read_rules("88 de FC e 18 de FR", VITALS)
        assert (reading.vitals.heart_rate, reading.vitals.resp_rate) == (88, 18) and not reading.rejected


class TestMoreSpellingsFromTheField:
    @pytest.mark.parametrize(
        ("text", "name", "wanted"),
        [
            ("SpO₂ 96%", VitalName.SATURATION, 96),
            ("sat 96 porcento", VitalName.SATURATION, 96),
            ("T. axilar 36,9", VitalName.TEMPERATURE, 36.9),
            ("PA 12 × 8", VitalName.BLOOD_PRESSURE, BloodPressure(systolic=120, diastolic=80)),
        ],
    )
    def test_read_with_no_leftover(self, text: str, name: VitalName, wanted: object) -> None:
        """The value is read and no piece of its writing ("SpO₂", "porcento") is left as a note."""
        reading = read_rules(text, VITALS)
        assert reading.vitals.value(name) == wanted and reading.clinical_note is None

    def test_obs_in_the_middle_of_a_line_is_a_label(self) -> None:
        """ "... ar ambiente obs paciente sonolento": the note is "paciente sonolento"."""
        reading = read_rules("pa 12/8 fc 80 fr 18 sat 96 temp 36.5 ar ambiente obs paciente sonolento", VITALS)
        assert reading.clinical_note == "paciente sonolento"


class TestTracheostomy:
    @pytest.mark.parametrize(
        ("text", "respiratory"),
        [
            ("paciente em ar ambiente, traqueostomizado", RespiratoryCondition.ROOM_AIR),
            ("traqueo em ar ambiente", RespiratoryCondition.ROOM_AIR),
            ("tqt em O2 2L", RespiratoryCondition.SUPPLEMENTARY_OXYGEN),
        ],
    )
    def test_the_way_of_breathing_said_wins_and_the_tracheostomy_is_noted(
        self, text: str, respiratory: RespiratoryCondition
    ) -> None:
        """A tracheostomy is no ventilation when room air or oxygen is said; it stays in the note."""
        reading = read_rules(text, VITALS)
        assert reading.respiratory is respiratory
        assert reading.clinical_note is not None and (
            "traqueo" in reading.clinical_note or "tqt" in reading.clinical_note
        )

    def test_alone_it_is_still_read_as_before(self) -> None:
        """ "traqueostomizado" alone keeps its reading (ventilation), as the tuning table has it."""
        assert read_rules("traqueostomizado", VITALS).respiratory is RespiratoryCondition.MECHANICAL_VENTILATION


class TestALaterReadingStands:
    @pytest.mark.parametrize(
        ("text", "name", "wanted"),
        [
            ("sat caiu pra 88 as 14h e voltou pra 95", VitalName.SATURATION, 95),
            ("febre 38 as 10h, depois 37,2 as 14h", VitalName.TEMPERATURE, 37.2),
            ("temp 36,5 às 8h e 37 às 14h", VitalName.TEMPERATURE, 37),
            ("fc 80 as 8h e 92 as 14h", VitalName.HEART_RATE, 92),
            ("PA 12x8 as 8h e 14x9 as 14h", VitalName.BLOOD_PRESSURE, BloodPressure(systolic=140, diastolic=90)),
            ("sat 88, repetido 95", VitalName.SATURATION, 95),
            ("sat 88% e voltou pra 95%", VitalName.SATURATION, 95),
        ],
    )
    def test_the_last_reading_is_the_value(self, text: str, name: VitalName, wanted: object) -> None:
        """Two readings of one measure in a row: the later one is recorded, and neither number is left in
        the note (where it would be read again)."""
        reading = read_rules(text, VITALS)
        assert reading.vitals.value(name) == wanted
        assert not any(char.isdigit() for char in reading.clinical_note or "")


class TestAValueNotGivenExactly:
    @pytest.mark.parametrize(
        ("text", "said"),
        [("temp uns 37 e pouco", "37 e pouco"), ("sat entre 94 e 96", "94 e 96"), ("FC entre 80 e 90", "80 e 90")],
    )
    def test_it_is_asked_again_never_rounded(self, text: str, said: str) -> None:
        """ "37 e pouco" is no 37: nothing is recorded and the words are named back (with the label)."""
        reading = read_rules(text, VITALS)
        assert reading.vitals.empty and [doubt.shown for doubt in reading.doubts] == [said]
        assert not reading.unread_numbers
        assert reading.clinical_note is None

    def test_in_a_conversation_the_rest_is_kept_and_the_measure_asked(self) -> None:
        """The other values are kept; the temperature is still missing and the caregiver is told why."""
        driver = Driver(SHIFT_B)
        driver.send("PA 12/8 FC 80 FR 18 sat 96 temp uns 37 e pouco ar ambiente paciente bem")
        assert driver.state.vitals.temperature is None and driver.state.vitals.saturation == 96
        assert "37 e pouco" in driver.reply and driver.state.staged is None


class TestTemperatureTyposEverywhere:
    @pytest.mark.parametrize(
        ("text", "expectation"),
        [
            ("sinais 12x8 80 18 96 36,,5", VITALS),
            ("36,,5", Expectation(kind=ExpectationKind.VITALS, missing=("Temp",))),
            ("36,,5 de temp", VITALS),
            ("temp 36;5", VITALS),
        ],
    )
    def test_a_doubled_mark_in_a_list_or_alone_is_still_36_5(self, text: str, expectation: Expectation) -> None:
        """In a list, alone after "Falta: Temp" or before its name, "36,,5" is 36.5, never 36."""
        assert read_rules(text, expectation).vitals.temperature == 36.5

    @pytest.mark.parametrize(
        ("text", "expectation"),
        [("temp 36 5", VITALS), ("36 5", Expectation(kind=ExpectationKind.VITALS, missing=("Temp",)))],
    )
    def test_a_forgotten_mark_is_asked(self, text: str, expectation: Expectation) -> None:
        """ "temp 36 5" may be 36.5 or 36: nothing is recorded, the numbers are named back."""
        reading = read_rules(text, expectation)
        assert reading.vitals.temperature is None and (reading.unread_numbers or reading.doubts)


class TestThePressureAsked:
    @pytest.mark.parametrize("text", ["12/8", "é 12/8", "12/8 ar ambiente"])
    def test_a_bare_cmhg_slash_answers_falta_pa(self, text: str) -> None:
        """After "Falta: PA", "12/8" is 120x80 (unasked, a bare "12/8" may be a date)."""
        asked = Expectation(kind=ExpectationKind.VITALS, missing=("PA", "condição respiratória"))
        assert read_rules(text, asked).vitals.blood_pressure == BloodPressure(systolic=120, diastolic=80)

    def test_a_date_among_words_is_no_pressure(self) -> None:
        """ "consulta dia 12/08" is never a pressure, even while the PA is asked."""
        asked = Expectation(kind=ExpectationKind.VITALS, missing=("PA",))
        assert read_rules("consulta dia 12/08", asked).vitals.blood_pressure is None


class TestMeasuredAgain:
    @pytest.mark.parametrize(
        ("text", "name", "wanted"),
        [
            ("o oximetro marcou 88 mas tava com a mão fria, repeti e deu 95", VitalName.SATURATION, 95),
            ("sat 88, mão fria, medi de novo: 94%", VitalName.SATURATION, 94),
            ("FC 120 agitado, repeti depois de 10 min e deu 96", VitalName.HEART_RATE, 96),
            ("PA 12/8 FC 80 repeti e deu 84", VitalName.HEART_RATE, 84),
        ],
    )
    def test_the_new_value_replaces_the_measure_named_before(self, text: str, name: VitalName, wanted: int) -> None:
        """Measured again after a remark: the new value replaces the one the caregiver distrusted."""
        reading = read_rules(text, VITALS)
        assert reading.vitals.value(name) == wanted
        assert not any(char.isdigit() for char in reading.clinical_note or "")


class TestUnreadWordsBesideAnotherReader:
    def test_completing_a_reading_never_fails_on_words(self) -> None:
        """Unread "37 e pouco" or "36,,5" beside another reader's values: no error; a value the other
        reader holds is no longer unread, words that give no exact number still are."""
        mine = Reading(unread_numbers=("37 e pouco", "36,,5"))
        completed = mine.completed_by(Reading(vitals=Vitals(temperature=36.5)))
        assert completed.unread_numbers == ("37 e pouco",)
