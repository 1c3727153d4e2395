"""QA round 10: the clinical conversation, as caregivers type it on WhatsApp: what reaches the record."""

from __future__ import annotations

import pytest

from orchestrator.machine.reading import Reading
from orchestrator.machine.vitals import DoubtfulValue, VitalName, Vitals
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_B
from tests.unit.driver import Driver

FULL = "PA 120x80, FC 76, FR 18, sat 97, tax 36.5, ar ambiente, paciente tranquilo"
VITALS = "PA 120x80 FC 76 FR 18 sat 97 temp 36,5 ar ambiente"


def staged() -> Driver:
    """Shift B with a complete measurement summary waiting for its "sim"."""
    driver = Driver(SHIFT_B)
    driver.send(FULL)
    assert "Posso salvar?" in driver.reply
    return driver


def saved_note(driver: Driver) -> str | None:
    """The clinical note of the measurement saved last."""
    driver.send("sim")
    calls = driver.calls_of(ActionKind.UPDATE_CLINICAL)
    assert calls and calls[-1]["operationalNote"] is False
    note: str | None = calls[-1]["clinicalNote"]
    return note


class TestTimeOfDayInANote:
    @pytest.mark.parametrize(
        ("message", "note"),
        (
            (f"tomou banho às 18:30, {VITALS}", "tomou banho às 18:30"),
            (f"{VITALS}, tomou banho, 18:30", "tomou banho, 18:30"),
            (f"{VITALS} 18h30 paciente tomou banho", "18h30 paciente tomou banho"),
            (f"18:30 - {VITALS} paciente dormindo", "paciente dormindo"),
            (f"{VITALS}\n18:30 jantou bem\n20:00 dormiu", "18:30 jantou bem, 20:00 dormiu"),
        ),
    )
    def test_the_time_stays_whole_and_is_no_value(self, message: str, note: str) -> None:
        """ "tomou banho às 18:30, PA ..." asked what "30" was and saved "tomou banho às 18"."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert "Não identifiquei" not in driver.reply
        assert saved_note(driver) == note

    @pytest.mark.parametrize("message", ("temp 38,2, 22:00", "sat 96, 14:00", "FC 80, 18h", "fc 80, 10:30"))
    def test_a_time_beside_values_is_neither_a_value_nor_a_note(self, message: str) -> None:
        """ "FC 80, 18h" stored an FR of 18; "sat 96, 14:00" asked what "14" and "00" were."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        vitals = driver.state.vitals
        assert vitals.resp_rate is None and vitals.heart_rate in (None, 80)
        assert driver.state.clinical_note is None and "Não identifiquei" not in driver.reply


class TestValueDeniedAtTheSummaryIsAskedByName:
    @pytest.mark.parametrize(
        ("message", "asked"),
        (
            ("FC 78 não 76", "FC 78 ou 76?"),
            ("fc 78 nao 76", "FC 78 ou 76?"),
            ("a fc 76, nao 78", "FC 76 ou 78?"),
            ("sat 95 não 97", "Sat 95 ou 97?"),
        ),
    )
    def test_the_question_names_the_label_and_both_values(self, message: str, asked: str) -> None:
        """ "FC 78 não 76" at the summary got "Não identifiquei a que se refere 78 nao 76" and "Não
        entendi", though the label was known."""
        driver = staged()
        driver.send(message)
        assert asked in driver.reply and "não registrei" in driver.reply
        assert "Não identifiquei" not in driver.reply and "Não entendi" not in driver.reply
        assert not driver.calls

    def test_the_value_sent_next_shows_the_summary_again(self) -> None:
        driver = staged()
        driver.send("FC 78 não 76")
        driver.send("FC 78")
        assert "FC 78" in driver.reply and "Posso salvar?" in driver.reply
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[-1]["heartRate"] == 78

    def test_a_yes_after_the_question_saves_nothing_unseen(self) -> None:
        """The "sim" may answer "78 ou 76?": the summary is shown again before anything is saved."""
        driver = staged()
        driver.send("FC 78 não 76")
        driver.send("sim")
        assert not driver.calls and "Posso salvar?" in driver.reply

    @pytest.mark.parametrize(
        ("message", "asked"),
        (("temp 37 e pouco", "Temp 37 e pouco"), ("sat entre 94 e 96", "Sat 94 e 96"), ("temp 36 5", "Temp 36 5")),
    )
    def test_an_inexact_value_is_asked_by_its_name(self, message: str, asked: str) -> None:
        """ "temp 37 e pouco" got "Não identifiquei a que se refere 37 e pouco": the label was known."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert asked in driver.reply and "não registrei" in driver.reply
        assert "Não identifiquei" not in driver.reply and driver.state.vitals.empty

    def test_another_reader_never_fills_a_doubted_value(self) -> None:
        """The LLM may read "FC 78 não 76" as FC 78: the rules' doubt stands, the value is asked."""
        mine = Reading(doubts=(DoubtfulValue(name=VitalName.HEART_RATE, shown="78 nao 76", options=("78", "76")),))
        completed = mine.completed_by(Reading(vitals=Vitals(heart_rate=78, resp_rate=18)))
        assert completed.vitals.heart_rate is None and completed.vitals.resp_rate == 18
        assert completed.doubts == mine.doubts


class TestTheOxygenFlowIsKept:
    @pytest.mark.parametrize(
        ("said", "kept"),
        (
            ("O2 cateter 2L/min", "O2 em cateter 2 L/min"),
            ("oxigênio 3 litros", "O2 3 L/min"),
            ("em O2 por cateter nasal a dois litros por minuto", "O2 em cateter nasal 2 L/min"),
            ("cateter nasal 1,5 L/min", "O2 em cateter nasal 1,5 L/min"),
            ("máscara de venturi 28%", "O2 em máscara de Venturi 28%"),
            ("macronebulização 5L", "O2 em macronebulização 5 L/min"),
        ),
    )
    def test_the_flow_goes_into_the_saved_note(self, said: str, kept: str) -> None:
        """ "O2 cateter 2L/min" saved only supplementaryOxygen "Oxigênio suplementar" (a three-value
        enum): the 2 L/min a nurse needs was lost. It follows the caregiver's note, shown in the summary."""
        driver = Driver(SHIFT_B)
        driver.send(f"PA 120x80 FC 76 FR 18 sat 97 temp 36,5 {said}, paciente calmo")
        assert f"Nota: paciente calmo; {kept}" in driver.reply
        assert saved_note(driver) == f"paciente calmo; {kept}"
        assert driver.calls[-1].payload["supplementaryOxygen"] == "Oxigênio suplementar"

    def test_the_flow_is_no_note_of_the_first_measurement(self) -> None:
        """The setting says how oxygen is given, not how the patient is: the note is still asked."""
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 76 FR 18 sat 97 temp 36,5 O2 cateter 2L/min")
        assert "Falta: nota clínica" in driver.reply
        driver.send("tranquilo, dormindo")
        assert saved_note(driver) == "tranquilo, dormindo; O2 em cateter 2 L/min"

    def test_room_air_said_instead_drops_the_flow(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 76 FR 18 sat 97 temp 36,5 O2 2L, calmo")
        driver.send("não, ar ambiente")
        assert saved_note(driver) == "calmo"

    def test_a_later_measurement_without_a_note_keeps_the_flow(self) -> None:
        driver = staged()
        driver.send("sim")
        driver.send("PA 130x80 FC 88 FR 22 sat 92 temp 37 em O2 3 litros")
        assert saved_note(driver) == "O2 3 L/min"


class TestMacronebulization:
    @pytest.mark.parametrize(
        "said", ("macronebulização", "em macronebulização", "em macro", "macronebulizacao umidificada 5l")
    )
    def test_it_answers_the_respiratory_question_as_oxygen(self, said: str) -> None:
        """ "macronebulização" answering "ar ambiente ou oxigênio?" got the same question again, the word
        dropped: in nursing it is an oxygen therapy device, named in the note."""
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 76 FR 18 sat 97 temp 36,5, paciente calmo")
        driver.send(said)
        assert "Condição respiratória: Oxigênio suplementar" in driver.reply
        assert (saved_note(driver) or "").startswith("paciente calmo; O2 em macronebulização")

    def test_with_compressed_air_it_is_room_air(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 76 FR 18 sat 97 temp 36,5, macronebulização com ar comprimido, calmo")
        assert "Condição respiratória: Ar ambiente" in driver.reply
        assert saved_note(driver) == "calmo"

    def test_a_plain_nebulization_is_no_respiratory_condition(self) -> None:
        """ "nebulização com berotec" is a treatment given, for the note; the condition is still asked."""
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 76 FR 18 sat 97 temp 36,5, fez nebulização com berotec")
        assert driver.state.respiratory is None and driver.state.clinical_note == "fez nebulização com berotec"


class TestAFeverEpisodeBesideTheMeasure:
    @pytest.mark.parametrize(
        ("message", "temperature", "note"),
        (
            (f"{VITALS}; teve febre de 38 as 03:00, dei dipirona", 36.5, "teve febre de 38 as 03:00, dei dipirona"),
            (
                "teve febre de 38,5 as 10h, dei dipirona, agora temp 37,2. PA 12x8 FC 90 FR 20 sat 95 aa",
                37.2,
                "teve febre de 38,5 as 10h, dei dipirona",
            ),
        ),
    )
    def test_the_measured_temperature_stands_and_the_episode_is_noted(
        self, message: str, temperature: float, note: str
    ) -> None:
        """ "temp 36,5 …; teve febre de 38 as 03:00" saved Temp 38 (the night's fever as the measure) and
        the note "teve febre as 03:00" without its value."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert driver.state.vitals.temperature == temperature
        assert saved_note(driver) == note

    def test_a_fever_alone_is_still_the_temperature(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 12x8 FC 90 FR 20 sat 95 aa, febre de 38, dipirona feita")
        assert driver.state.vitals.temperature == 38


class TestAPainScore:
    @pytest.mark.parametrize(
        ("message", "note"),
        (
            (f"{VITALS}. Paciente refere dor na perna esquerda, 6/10", "Paciente refere dor na perna esquerda, 6/10"),
            (f"{VITALS}. dor 8/10 no abdomen", "dor 8/10 no abdomen"),
            (f"{VITALS}. queixa de dor lombar - 7/10", "queixa de dor lombar, 7/10"),
        ),
    )
    def test_the_score_stays_with_the_pain(self, message: str, note: str) -> None:
        """ "dor na perna esquerda, 6/10" asked what "6" and "10" were and saved the pain without its score."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert "Não identifiquei" not in driver.reply
        assert saved_note(driver) == note


class TestASignOff:
    @pytest.mark.parametrize(
        "sign_off",
        (
            "Qualquer coisa me chama",
            "Alguma dúvida me chama",
            "Qualquer dúvida estou à disposição",
            "Fico à disposição",
            "qqr coisa aviso",
            "qualquer alteração eu aviso",
        ),
    )
    def test_it_is_no_note_and_no_help_request(self, sign_off: str) -> None:
        """ "Alguma dúvida me chama" after the values got the help menu (no summary) and the note "Paciente
        tranquilo, Alguma me chama"; "Qualquer coisa me chama" was saved in the note."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}. Paciente tranquilo. {sign_off}")
        assert "Posso salvar?" in driver.reply and "Por aqui você pode" not in driver.reply
        assert saved_note(driver) == "Paciente tranquilo"

    def test_alone_at_the_summary_it_is_courtesy(self) -> None:
        driver = staged()
        driver.send("qualquer coisa me chama")
        assert "Não entendi" not in driver.reply and "Posso salvar?" in driver.reply
        assert driver.state.clinical_note == "paciente tranquilo"


class TestAShareOfAMealIsNoSaturation:
    @pytest.mark.parametrize(
        ("remark", "saturation"),
        (
            ("Paciente tranquilo, aceitou 100% da dieta", 97),
            ("Paciente tranquilo, comeu 50% do almoço", 97),
            ("Paciente tranquilo, comeu só 30%", 97),
        ),
    )
    def test_the_saturation_given_stands_and_the_share_is_noted(self, remark: str, saturation: int) -> None:
        """ "sat 97 … aceitou 100% da dieta" saved Sat 100 and the note "aceitou dieta"; "comeu 50% do
        almoço" refused a "Sat 50" and asked for the saturation already given."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}. {remark}")
        assert driver.state.vitals.saturation == saturation and "fora da faixa" not in driver.reply
        assert saved_note(driver) == remark

    def test_a_bare_percentage_is_still_the_saturation(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 76 FR 18 temp 36,5, 95% em ar ambiente, calmo")
        assert driver.state.vitals.saturation == 95


class TestVerbsLeftByValues:
    def test_putting_on_oxygen_leaves_no_fragment(self) -> None:
        """ "coloquei O2 3L e subiu pra 94%" saved the note "coloquei subiu, Paciente dispneico"."""
        driver = Driver(SHIFT_B)
        driver.send(
            "PA 120x80 FC 76 FR 18 sat 89% em ar ambiente, coloquei O2 3L e subiu pra 94%. T 37.5. Paciente dispneico"
        )
        assert driver.state.vitals.saturation == 94
        # (QA 11: the saturation in room air before the oxygen is the note's.)
        assert saved_note(driver) == "sat 89% em ar ambiente, Paciente dispneico; O2 3 L/min"


class TestWhoIsGreeted:
    @pytest.mark.parametrize(
        "greeting",
        ("Boa tarde enfermagem, seguem os sinais do seu José:", "Bom dia coordenação!", "Oi equipe de enfermagem,"),
    )
    def test_the_addressee_is_no_note(self, greeting: str) -> None:
        """ "Boa tarde enfermagem, seguem os sinais…" saved the note "enfermagem, Ele passou a manhã bem"."""
        driver = Driver(SHIFT_B)
        driver.send(f"{greeting} {VITALS}. Ele passou a manhã bem")
        assert saved_note(driver) == "Ele passou a manhã bem"

    @pytest.mark.parametrize("message", ("bom dia, enfermagem chegou agora", "a enfermagem passou e trocou o curativo"))
    def test_the_nursing_team_arriving_is_an_operational_note(self, message: str) -> None:
        """ "bom dia, enfermagem chegou agora" got only a greeting: the arrival was written nowhere."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        notes = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert len(notes) == 1 and notes[0]["operationalNote"] is True
        assert "enfermagem" in notes[0]["clinicalNote"] and "Ocorrência registrada" in driver.reply


class TestGradesStayWithTheirSign:
    @pytest.mark.parametrize(
        ("remark", "note"),
        (
            ("pcte em uso de fralda, diurese +", "pcte em uso de fralda, diurese +"),
            ("edema em MMII ++/4+", "edema em MMII ++/4+"),
        ),
    )
    def test_the_plus_signs_are_kept(self, remark: str, note: str) -> None:
        """ "edema em MMII ++/4+" was saved as "edema em MMII ++/4" and "diurese +" as "diurese"."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}, {remark}")
        assert saved_note(driver) == note


class TestHowTheBreathingIsSupported:
    @pytest.mark.parametrize(
        ("said", "kept"),
        (
            ("BIPAP noturno", "BIPAP noturno"),
            ("em CPAP", "CPAP"),
            ("mascara de O2 com reservatorio 10 litros", "O2 em máscara com reservatório 10 L/min"),
        ),
    )
    def test_the_device_and_its_use_go_into_the_note(self, said: str, kept: str) -> None:
        """ "BIPAP noturno" saved the note "noturno" (a fragment) and "máscara de O2 com reservatório 10
        litros" the note "reservatorio 10 litros"; CPAP was no respiratory condition at all."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS.removesuffix(' ar ambiente')} {said}, calmo")
        assert "Posso salvar?" in driver.reply
        assert saved_note(driver) == f"calmo; {kept}"

    def test_invasive_ventilation_adds_nothing_to_the_note(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS.removesuffix(' ar ambiente')} traqueostomizado em VM, calmo")
        assert driver.calls == [] and saved_note(driver) == "traqueostomizado, calmo"


class TestHowLongTheConditionLasts:
    @pytest.mark.parametrize(
        "remark",
        (
            "paciente no ar ambiente por enquanto",
            "paciente em ar ambiente desde cedo",
            "paciente em ar ambiente ainda",
            "paciente em ar ambiente o dia todo",
            "continua no O2 2L",
        ),
    )
    def test_no_fragment_is_left_for_the_note(self, remark: str) -> None:
        """ "paciente no ar ambiente por enquanto" saved the note "paciente enquanto"; "continua no O2 2L"
        the note "continua". Nothing real is left: the note is asked for."""
        driver = Driver(SHIFT_B)
        driver.send(f"PA 12x8 FC 80 FR 18 sat 96 temp 36,5, {remark}")
        assert driver.state.clinical_note is None and "Falta: nota clínica" in driver.reply


class TestTheNoteRefused:
    @pytest.mark.parametrize("answer", ("sem nota", "nao tem", "nada", "nenhuma", "não tenho nota", "sem observações"))
    def test_a_refusal_is_no_note_and_the_note_is_asked_again(self, answer: str) -> None:
        """After "Falta: nota clínica", "sem nota" was saved as the first measurement's clinical note."""
        driver = Driver(SHIFT_B)
        driver.send("PA 12x8 FC 80 FR 18 sat 96 temp 36,5 aa")
        driver.send(answer)
        assert driver.state.clinical_note is None and driver.state.staged is None
        assert driver.reply.rstrip().endswith("Falta: nota clínica.")

    @pytest.mark.parametrize("answer", ("nada a relatar", "sem intercorrências", "sem queixas"))
    def test_nothing_to_report_is_a_note(self, answer: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 12x8 FC 80 FR 18 sat 96 temp 36,5 aa")
        driver.send(answer)
        assert saved_note(driver) == answer


class TestAVoiceNoteRunOn:
    def test_filler_between_values_is_no_note(self) -> None:
        """A dictated message saved the note "gente né ele bem tranquilo assistindo televisão"."""
        driver = Driver(SHIFT_B)
        driver.send(
            "então gente a pressão dele deu doze por oito né a frequência tá oitenta e dois a respiração vinte "
            "saturação noventa e seis e a temperatura trinta e seis e sete ele tá no ar ambiente e tá bem tranquilo "
            "assistindo televisão"
        )
        vitals = driver.state.vitals
        assert (vitals.heart_rate, vitals.resp_rate, vitals.saturation, vitals.temperature) == (82, 20, 96, 36.7)
        assert saved_note(driver) == "bem tranquilo assistindo televisão"


class TestCorrectionsAtTheSummary:
    def test_a_pressure_stated_and_denied_is_asked(self) -> None:
        """ "PA 13x8 não 12x8" at the summary was read as 13x8 corrected to 12x8 (the value shown): the
        caregiver's words were lost and the summary shown again unchanged."""
        driver = staged()
        driver.send("PA 13x8 não 12x8")
        assert "PA 130x80 ou 120x80?" in driver.reply and "não registrei" in driver.reply
        assert not driver.calls

    @pytest.mark.parametrize(
        ("message", "field", "value"),
        (
            ("a temperatura certa é 37,2", "temperature", 37.2),
            ("a sat correta é 95", "saturation", 95),
            ("a pressão certa é 13x8", "blood_pressure", "130x80"),
        ),
    )
    def test_the_right_value_named_in_the_feminine_replaces_it(self, message: str, field: str, value: object) -> None:
        """ "a temperatura certa é 37,2" got "Não entendi" ("o certo é" was read, "a certa é" was not)."""
        driver = staged()
        driver.send(message)
        assert str(getattr(driver.state.vitals, field)) == str(value) and "Posso salvar?" in driver.reply


class TestTheNoteNamedInASentence:
    @pytest.mark.parametrize("message", ("a nota é: paciente agitado", "a observação fica: paciente agitado"))
    def test_the_label_is_no_part_of_the_note(self, message: str) -> None:
        """ "a nota é: paciente agitado" was saved as "…; a nota é: paciente agitado"."""
        driver = staged()
        driver.send(message)
        assert driver.state.clinical_note == "paciente tranquilo; paciente agitado"


class TestWhatsAppFormatting:
    @pytest.mark.parametrize(
        "message",
        (
            "*PA* 12x8 *FC* 80 *FR* 18 *Sat* 96 *Temp* 36,5 *AA* _paciente bem_",
            "*PA:* 12x8\n*FC:* 80\n*FR:* 18\n*Sat:* 96%\n*Temp:* 36,5\n*Ar ambiente*\n*Obs:* paciente bem",
        ),
    )
    def test_bold_labels_are_read(self, message: str) -> None:
        """ "*PA* 12x8 *FC* 80 …" read the PA only: FC, FR, Sat and Temp were asked again."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert driver.state.vitals.complete and "Posso salvar?" in driver.reply
        assert saved_note(driver) == "paciente bem"


class TestAnEarlierEpisodeOfAMeasure:
    @pytest.mark.parametrize(
        ("remark", "field", "value"),
        (
            ("FC subiu pra 110 quando levantou, depois voltou", "heart_rate", 80),
            ("Mais cedo a PA tava 15x9, dei captopril", "blood_pressure", "120x80"),
            ("Às 10h a sat caiu pra 88, chamei a enfermeira", "saturation", 96),
        ),
    )
    def test_the_measurement_stands_and_the_episode_is_noted(self, remark: str, field: str, value: object) -> None:
        """ "PA 12x8 … Mais cedo a PA tava 15x9" saved PA 150x90 and the note "Mais cedo, dei captopril";
        "FC 80 … FC subiu pra 110 quando levantou" saved FC 110."""
        driver = Driver(SHIFT_B)
        driver.send(f"PA 12x8 FC 80 FR 18 sat 96 temp 36,5 aa. {remark}")
        assert str(getattr(driver.state.vitals, field)) == str(value)
        assert (driver.state.clinical_note or "").startswith(remark.split(",", maxsplit=1)[0])

    def test_a_later_reading_without_a_time_still_replaces_it(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 12x8 FC 80 FR 18 sat 89% em ar ambiente, coloquei O2 3L e subiu pra 94%. T 36.5, dispneico")
        assert driver.state.vitals.saturation == 94


class TestAConcentrationIsNoSaturation:
    @pytest.mark.parametrize("remark", ("Soro 0,9% 500 ml", "Clorexidina 2% no curativo"))
    def test_the_saturation_given_stands(self, remark: str) -> None:
        """ "sat 96 … Soro 0,9% 500 ml" refused a "Sat 1", dropped the Sat 96 given and asked what 500 was."""
        driver = Driver(SHIFT_B)
        driver.send(f"PA 12x8 FC 80 FR 18 sat 96 temp 36,5 aa. {remark}")
        assert driver.state.vitals.saturation == 96
        assert "fora da faixa" not in driver.reply and "Não identifiquei" not in driver.reply
        assert saved_note(driver) == remark


class TestAnUnlabelledListOpeningWithASlash:
    def test_12_8_followed_by_values_is_the_pressure(self) -> None:
        """ "12/8 80 18 96% 36,5 ar ambiente" was read as a date: "Não identifiquei a que se referem 12, 8,
        80, 18 e 36,5"."""
        driver = Driver(SHIFT_B)
        driver.send("12/8 80 18 96% 36,5 ar ambiente paciente bem")
        assert driver.state.vitals.complete and "Não identifiquei" not in driver.reply
        assert str(driver.state.vitals.blood_pressure) == "120x80"

    def test_a_date_stays_a_date(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 13x8 FC 80 FR 18 sat 96 temp 36,5 aa. Consulta dia 12/8 as 10h")
        assert str(driver.state.vitals.blood_pressure) == "130x80"
        assert saved_note(driver) == "Consulta dia 12/8 as 10h"


class TestTheValueItCameBackTo:
    def test_it_replaces_the_fall_in_the_same_sentence(self) -> None:
        """ "sat caiu pra 89, coloquei o O2 2L e voltou pra 95" stored Sat 89."""
        driver = Driver(SHIFT_B)
        driver.send("sat caiu pra 89, coloquei o O2 2L e voltou pra 95")
        assert driver.state.vitals.saturation == 95
        assert driver.state.support == "O2 2 L/min"

    def test_an_earlier_episode_leaves_the_measure(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 12x8 FC 80 FR 18 sat 96 temp 36,5 aa. Às 10h a sat caiu pra 88, coloquei O2 e voltou pra 95")
        assert driver.state.vitals.saturation == 96
        assert "caiu pra 88" in (driver.state.clinical_note or "")


class TestAMessagePastedTwice:
    def test_its_remark_is_noted_once(self) -> None:
        """A measurement pasted twice saved the note "calmo, calmo"."""
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 80 FR 18 SAT 96 TEMP 36,5 AA calmo. PA 120x80 FC 80 FR 18 SAT 96 TEMP 36,5 AA calmo")
        assert saved_note(driver) == "calmo"

    def test_different_remarks_keep_their_order(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}, tossiu, febril, tossiu")
        assert saved_note(driver) == "tossiu, febril"


class TestAFlowAnsweringTheRespiratoryQuestion:
    @pytest.mark.parametrize(
        ("answer", "kept"), (("2 litros", "O2 2 L/min"), ("3L", "O2 3 L/min"), ("no 1,5 l/min", "O2 1,5 L/min"))
    )
    def test_it_is_oxygen_at_that_flow(self, answer: str, kept: str) -> None:
        """ "2 litros" after "ar ambiente ou oxigênio?" was not read: the same question came back."""
        driver = Driver(SHIFT_B)
        driver.send("PA 12x8 FC 80 FR 18 sat 96 temp 36,5, calmo")
        driver.send(answer)
        assert "Condição respiratória: Oxigênio suplementar" in driver.reply
        assert saved_note(driver) == f"calmo; {kept}"

    def test_unasked_a_flow_alone_is_no_condition(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 12x8 FC 80 FR 18 sat 96 temp 36,5 aa, calmo")
        driver.send("sim")
        driver.send("2 litros")
        assert driver.state.respiratory is None


class TestWhenTheOxygenIsGiven:
    @pytest.mark.parametrize(
        ("said", "kept"),
        (
            ("O2 intermitente", "O2 intermitente"),
            ("O2 2L só a noite", "O2 2 L/min à noite"),
            ("O2 contínuo 2L", "O2 2 L/min contínuo"),
        ),
    )
    def test_it_stays_with_the_oxygen_in_the_note(self, said: str, kept: str) -> None:
        """ "O2 intermitente" saved the fragment "intermitente" as the note; "O2 contínuo 2L" the note "2L"."""
        driver = Driver(SHIFT_B)
        driver.send(f"PA 12x8 FC 80 FR 18 sat 96 temp 36,5 {said}, calmo")
        assert saved_note(driver) == f"calmo; {kept}"


class TestAPressureByPosition:
    def test_the_measure_stands_and_the_positions_are_noted(self) -> None:
        """ "PA 12x8, … PA deitado 12x8 e sentado 11x7" saved PA 110x70 and the note "PA deitado sentado"."""
        driver = Driver(SHIFT_B)
        driver.send(
            "PA 12x8, FC 80, FR 18, Sat 96, Temp 36,5. Ar ambiente. Paciente sem dor. PA deitado 12x8 e sentado 11x7"
        )
        assert str(driver.state.vitals.blood_pressure) == "120x80"
        assert saved_note(driver) == "Paciente sem dor, PA deitado 12x8 e sentado 11x7"


class TestLabelsTypedInAHurry:
    @pytest.mark.parametrize(
        "message",
        (
            "pessão 12x8 fequencia 80 respiraçao 18 saturaçao 96 temperatyra 36,5 aa calmo",
            "PA 12x8 Fc 80 Fr 18 SPO2 96 Tº 36,5 AA calmo",
            "PA 12x8 FC 80 FR 18 SAT 96 T° 36,5 AA calmo",
        ),
    )
    def test_the_values_are_read_and_no_label_is_noted(self, message: str) -> None:
        """ "Tº 36,5" was not read (the note "Tº 36,5 calmo"); "fequencia 80 … temperatyra 36,5" were kept in
        the note as "pessão fequencia 80 temperatyra 36,5 calmo" and asked again."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert driver.state.vitals.complete and saved_note(driver) == "calmo"

    def test_time_spent_is_no_temperature(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}, tempo de banho 30 minutos")
        assert driver.state.vitals.temperature == 36.5 and "fora da faixa" not in driver.reply


class TestAnOrdinalIsNoTemperature:
    @pytest.mark.parametrize("remark", ("2º dia de antibiótico", "mora no 1º andar, subiu escada"))
    def test_the_temperature_given_stands(self, remark: str) -> None:
        """ "temp 36,5 … 2º dia de antibiótico" refused a "Temp 2" and dropped the 36,5 given."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}, paciente calmo, {remark}")
        assert driver.state.vitals.temperature == 36.5 and "fora da faixa" not in driver.reply
        assert saved_note(driver) == f"paciente calmo, {remark}"

    def test_a_temperature_with_its_degree_sign_is_still_read(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 12x8 FC 80 FR 18 sat 96 aa, febril 38,5°, calmo")
        assert driver.state.vitals.temperature == 38.5


class TestACountBesideValues:
    @pytest.mark.parametrize(
        ("message", "note"),
        (
            ("PA 12x8 FC 80, 20 gotas de dipirona, FR 18 sat 96 temp 36,5 aa calmo", "20 gotas de dipirona, calmo"),
            ("FC 80 FR 18, 2 evacuações, sat 96 temp 36,5 PA 12x8 aa calmo", "2 evacuações, calmo"),
        ),
    )
    def test_the_count_stays_with_what_it_counts(self, message: str, note: str) -> None:
        """ "FC 80, 20 gotas de dipirona" asked what "20" was and saved the note "gotas de dipirona"."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert "Não identifiquei" not in driver.reply
        assert saved_note(driver) == note


class TestTheNoteCorrectedAtTheSummary:
    @pytest.mark.parametrize(
        ("message", "note"),
        (
            ("não, paciente agitado", "paciente agitado"),
            ("não, a nota tá errada, ele tava agitado", "ele tava agitado"),
            ("errei a nota: paciente agitado", "paciente agitado"),
            ("não, esqueci de dizer que ele tossiu", "paciente tranquilo; ele tossiu"),
            ("sim, e ele tossiu um pouco", "paciente tranquilo; ele tossiu um pouco"),
        ),
    )
    def test_a_no_with_an_observation_says_the_note_instead(self, message: str, note: str) -> None:
        """ "não, paciente agitado" at the summary saved "paciente tranquilo; paciente agitado" (both), and
        "não, a nota tá errada, ele tava agitado" kept "a nota tá errada" in the note."""
        driver = staged()
        driver.send(message)
        assert f"Nota: {note}" in driver.reply and "Posso salvar?" in driver.reply
        assert saved_note(driver) == note

    def test_an_observation_after_the_no_says_the_note_instead(self) -> None:
        """ "não", then "paciente agitado" (the correction asked for) saved "paciente tranquilo; paciente agitado"."""
        driver = staged()
        driver.send("não")
        driver.send("paciente agitado")
        assert saved_note(driver) == "paciente agitado"


class TestALaterNoteWithoutValues:
    @pytest.mark.parametrize("remark", ("sem alterações", "nada de novo", "agora ta vendo tv"))
    def test_it_is_a_note_and_not_misunderstood(self, remark: str) -> None:
        """After a saved measurement "sem alterações" and "agora ta vendo tv" got "Não entendi"."""
        driver = staged()
        driver.send("sim")
        driver.send(remark)
        assert "Não entendi" not in driver.reply and f"Nota: {remark}" in driver.reply
        assert saved_note(driver) == remark
