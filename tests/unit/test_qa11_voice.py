"""QA round 11, voice notes: transcripts of a caregiver dictating a measurement, an incident or an oxygen
change (fillers "né", "tipo", "aí", "hã", self-corrections "não, pera"). The values read are the ones
meant (a corrected one is the correction) and the note is the observation, without the spoken filler."""

from __future__ import annotations

import pytest

from orchestrator.models import ActionKind
from tests.shifts import SHIFT_B, SHIFT_C
from tests.unit.driver import Driver, saved_measurement

REST = "pressão 12 por 8, frequência 80, respiração 18, temperatura 36,5, ar ambiente"


class TestACorrectionSaidTwice:
    def test_no_then_wait_then_the_value(self) -> None:
        """ "a saturação deu 94, não, pera, 95" saved Sat 94, warned that 95 was not understood and kept
        "pera" in the note."""
        driver = Driver(SHIFT_B)
        driver.send(f"então, a saturação deu 94, não, pera, 95, {REST}, paciente dormiu bem")
        assert "Não identifiquei" not in driver.reply
        measurement = saved_measurement(driver)
        assert measurement["saturationO2"] == 95
        assert measurement["clinicalNote"] == "paciente dormiu bem"


class TestThinkingAloudIsNoNote:
    def test_let_me_see_and_hesitation(self) -> None:
        """ "é... deixa eu ver, …, hã, ela tá bem, sem queixa" saved the note "deixa eu ver, hã, ela tá bem, …"."""
        driver = Driver(SHIFT_B)
        driver.send(f"é... deixa eu ver, {REST}, saturação 98, hã, ela tá bem, sem queixa")
        assert saved_measurement(driver)["clinicalNote"] == "ela tá bem, sem queixa"

    def test_measured_everything_is_no_note(self) -> None:
        """ "bom, aí eu medi tudo agora né, pressão doze por oito, …" saved "eu medi tudo agora, …" in the note."""
        driver = Driver(SHIFT_B)
        driver.send(
            "bom, aí eu medi tudo agora né, pressão doze por oito, batimento setenta e dois, respiração dezoito, "
            "saturação noventa e seis, temperatura trinta e seis e quatro, tá no ar ambiente, e ela comeu bem no almoço"
        )
        measurement = saved_measurement(driver)
        assert (measurement["heartRate"], measurement["temperature"]) == (72, 36.4)
        assert measurement["clinicalNote"] == "ela comeu bem no almoço"


OXYGEN_REST = "pressão 12 por 8, frequência 80, respiração 22, saturação 92, temperatura 36,8"


class TestTheOxygenChanged:
    @pytest.mark.parametrize(
        ("change", "flow"),
        (
            ("aumentei o oxigênio pra 3 litros", "O2 3 L/min"),
            ("aí eu aumentei o oxigênio pra 3 litros", "O2 3 L/min"),
            ("aí eu subi o oxigênio pra 3 litros", "O2 3 L/min"),
            ("baixei o oxigênio pra 1 litro", "O2 1 L/min"),
            ("diminuí o oxigênio para 1 litro", "O2 1 L/min"),
        ),
    )
    def test_the_new_flow_is_kept_and_the_verb_is_no_note(self, change: str, flow: str) -> None:
        """ "aumentei o oxigênio pra 3 litros" lost the 3 L/min; "subi"/"eu subi"/"baixei" stayed in the note."""
        driver = Driver(SHIFT_B)
        driver.send(f"{change}, {OXYGEN_REST}, ela tá mais cansadinha hoje")
        measurement = saved_measurement(driver)
        assert measurement["supplementaryOxygen"] == "Oxigênio suplementar"
        assert measurement["clinicalNote"] == f"ela tá mais cansadinha hoje; {flow}"

    def test_the_flow_said_before_the_oxygen(self) -> None:
        """ "baixei pra 1 litro o oxigênio" lost the 1 L/min and saved the note "baixei pra 1, …"."""
        driver = Driver(SHIFT_B)
        driver.send(f"baixei pra 1 litro o oxigênio, {OXYGEN_REST}, paciente tranquilo")
        assert saved_measurement(driver)["clinicalNote"] == "paciente tranquilo; O2 1 L/min"

    def test_passed_to_a_flow_after_the_values(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(f"{OXYGEN_REST}, passei o oxigênio pra 2 litros por minuto, ela tá mais confortável")
        assert saved_measurement(driver)["clinicalNote"] == "ela tá mais confortável; O2 2 L/min"


class TestTheOxygenPutBack:
    @pytest.mark.parametrize(
        "message",
        (
            f"{OXYGEN_REST}, coloquei o oxigênio de novo, ele dessaturou",
            f"coloquei o oxigênio de novo, {OXYGEN_REST}, ele dessaturou",
        ),
    )
    def test_it_is_the_respiratory_condition(self, message: str) -> None:
        """ "coloquei o oxigênio de novo" was saved at once as an operational note (a "novo" oxygen read as
        equipment trouble) and the respiratory condition was asked for."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert not driver.calls_of(ActionKind.UPDATE_CLINICAL)
        measurement = saved_measurement(driver)
        assert measurement["supplementaryOxygen"] == "Oxigênio suplementar"
        assert measurement["clinicalNote"] == "ele dessaturou"

    def test_a_thing_broken_again_stays_operational(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("o termômetro quebrou de novo")
        notes = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert notes and notes[0]["operationalNote"] is True

    @pytest.mark.parametrize(
        ("change", "note"),
        (
            ("voltei o oxigênio", "ele dessaturou"),
            ("voltei o O2 pra 2 litros", "ele dessaturou; O2 2 L/min"),
            ("aí eu botei o oxigênio a 2 litros", "ele dessaturou; O2 2 L/min"),
        ),
    )
    def test_put_back_or_put_on_is_no_note(self, change: str, note: str) -> None:
        """ "voltei o oxigênio" was saved at once as the caregiver coming back (an operational note);
        "botei" was left in the note."""
        driver = Driver(SHIFT_B)
        driver.send(f"{OXYGEN_REST}, {change}, ele dessaturou")
        assert not driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert saved_measurement(driver)["clinicalNote"] == note

    def test_the_caregiver_back_stays_operational(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("já voltei, tudo certo")
        notes = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert notes and notes[0]["operationalNote"] is True


class TestTheDictationEnds:
    @pytest.mark.parametrize("end", ("era isso", "era só isso mesmo", "acho que é isso", "acho que era isso, obrigada"))
    def test_that_is_all_is_no_note(self, end: str) -> None:
        """ "…, ela tá bem, era isso" saved the note "ela tá bem, era isso"."""
        driver = Driver(SHIFT_B)
        driver.send(f"{OXYGEN_REST}, ar ambiente, ela tá bem, {end}")
        assert saved_measurement(driver)["clinicalNote"] == "ela tá bem"


class TestTheFlowSaidApart:
    @pytest.mark.parametrize(
        "oxygen", ("tá com oxigênio, dois litros, né", "o oxigênio tá em 2 litros", "oxigênio tá a 2 litros por minuto")
    )
    def test_the_flow_is_kept(self, oxygen: str) -> None:
        """ "tá com oxigênio, dois litros, né" and "o oxigênio tá em 2 litros" lost the 2 L/min."""
        driver = Driver(SHIFT_B)
        driver.send(f"{OXYGEN_REST}, {oxygen}, ela tá cansadinha")
        measurement = saved_measurement(driver)
        assert measurement["supplementaryOxygen"] == "Oxigênio suplementar"
        assert measurement["clinicalNote"] == "ela tá cansadinha; O2 2 L/min"

    def test_litres_of_something_else_are_no_flow(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(f"{OXYGEN_REST}, tá no oxigênio, 2 litros de diurese")
        assert saved_measurement(driver)["clinicalNote"] == "2 litros de diurese"


class TestTheReportDictated:
    def test_naming_the_report_is_no_topic(self) -> None:
        """ "então, o relatório, né, ela comeu bem, …" filed "o relatório" as the additional clinical information."""
        driver = Driver(SHIFT_C)
        driver.send(
            "então, o relatório, né, ela comeu bem, evacuou uma vez de manhã, dormiu à tarde, tava de bom humor, "
            "os remédios eu dei todos no horário, fez caminhada no quintal, e administrativo nada"
        )
        assert "relatório" not in driver.reply
        assert "Falta: informações clínicas adicionais" in driver.reply

    def test_the_spoken_tag_is_no_part_of_a_topic(self) -> None:
        """ "ela comeu bem né almoçou tudo" (no commas in the transcript) kept "né" in the topic."""
        driver = Driver(SHIFT_C)
        driver.send(
            "ela comeu bem né almoçou tudo, evacuou uma vez né de manhã, dormiu à tarde, tava de bom humor, "
            "tomou os remédios no horário, fez caminhada no quintal, sem intercorrências, administrativo nada"
        )
        assert "Alimentação e hidratação: ela comeu bem almoçou tudo" in driver.reply
        assert "Evacuação e urina: evacuou uma vez de manhã" in driver.reply

    def test_nothing_more_is_no_information(self) -> None:
        """ "…, e de informação clínica, é... mais nada, …" stored "mais nada" as the additional information."""
        driver = Driver(SHIFT_C)
        driver.send(
            "ela comeu bem, evacuou, dormiu bem, tava calma, tomou os remédios, fez caminhada, "
            "e de informação clínica, é... mais nada, administrativo nada"
        )
        assert "Informações clínicas adicionais: Sem informações" in driver.reply


class TestTheSpokenTagInsideAClause:
    @pytest.mark.parametrize(
        ("said", "note"),
        (
            ("ela tá bem né tranquila", "ela tá bem tranquila"),
            ("aí ela tomou o café né e depois dormiu", "ela tomou o café e depois dormiu"),
            ("ela tá tranquila, né", "ela tá tranquila"),
        ),
    )
    def test_it_is_no_part_of_the_note(self, said: str, note: str) -> None:
        """ "…, ela tá bem né tranquila" saved the note "ela tá bem né tranquila"."""
        driver = Driver(SHIFT_B)
        driver.send(f"{OXYGEN_REST}, ar ambiente, {said}")
        assert saved_measurement(driver)["clinicalNote"] == note


class TestAValueSaidAgain:
    @pytest.mark.parametrize(
        "message",
        (
            "pressão 12 por 8, frequência 80, respiração 18, saturação 95, é, 95, temperatura 36,5, ar ambiente",
            "pressão 12 por 8, frequência 80, 80, respiração 18, saturação 95, temperatura 36,5, ar ambiente",
        ),
    )
    def test_the_repetition_is_no_unknown_number(self, message: str) -> None:
        """ "saturação 95, é, 95" warned "Não identifiquei a que se refere 95"."""
        driver = Driver(SHIFT_B)
        driver.send(f"{message}, ela tá bem")
        assert "Não identifiquei" not in driver.reply
        measurement = saved_measurement(driver)
        assert (measurement["heartRate"], measurement["saturationO2"]) == (80, 95)
        assert measurement["clinicalNote"] == "ela tá bem"


class TestMeasuredAgain:
    def test_measuring_again_is_no_note(self) -> None:
        """ "a pressão deu 12 por 8, aí depois eu medi de novo e deu 13 por 8, …" saved the later pressure with
        the note "depois eu medi de novo, ela tá bem"."""
        driver = Driver(SHIFT_B)
        driver.send(
            "a pressão deu 12 por 8, aí depois eu medi de novo e deu 13 por 8, frequência 80, respiração 18, "
            "saturação 95, temperatura 36,5, ar ambiente, ela tá bem"
        )
        measurement = saved_measurement(driver)
        assert measurement["bloodPressure"] == "130x80"
        assert measurement["clinicalNote"] == "ela tá bem"


AR = "Ar ambiente"
O2 = "Oxigênio suplementar"


class TestWholeTranscripts:
    """Voice notes read right already, kept right: every value, the condition and the note."""

    @pytest.mark.parametrize(
        ("transcript", "values", "condition", "note"),
        (
            (
                "então, é... a pressão deu 13 por 9, não, 13 por 8, a frequência 76, respiração 18, saturação 97, "
                "temperatura 36 e meio, ela tá em ar ambiente, né, passou a manhã tranquila",
                ("130x80", 76, 18, 97, 36.5),
                AR,
                "passou a manhã tranquila",
            ),
            (
                "a temperatura deu 37 e meio, quer dizer, 37,2, pressão 12 por 8, frequência 80, respiração 18, "
                "saturação 95, ar ambiente, ela reclamou de dor de cabeça",
                ("120x80", 80, 18, 95, 37.2),
                AR,
                "ela reclamou de dor de cabeça",
            ),
            (
                "a pressão deu treze por nove, não, pera, treze por oito, frequência oitenta, respiração dezoito, "
                "saturação noventa e cinco, temperatura trinta e seis e meio, ar ambiente, ela tá bem, né, conversando",
                ("130x80", 80, 18, 95, 36.5),
                AR,
                "ela tá bem, conversando",
            ),
            (
                "frequência oitenta, não, oitenta e dois, respiração 18, saturação 95, temperatura 36,5, "
                "pressão 12 por 8, ar ambiente, ela tá bem",
                ("120x80", 82, 18, 95, 36.5),
                AR,
                "ela tá bem",
            ),
            (
                "aí, a pressão dela deu onze por sete, a frequência cardíaca setenta, a respiratória dezesseis, "
                "saturação noventa e oito, temperatura trinta e seis, em ar ambiente, ela tá bem disposta",
                ("110x70", 70, 16, 98, 36.0),
                AR,
                "ela tá bem disposta",
            ),
            (
                "a paciente caiu no banheiro agora de manhã, aí eu levantei ela, ela bateu o joelho, tá com um "
                "roxinho, aí medi, pressão 14 por 9, frequência 92, respiração 20, saturação 96, temperatura 36,4, "
                "ar ambiente",
                ("140x90", 92, 20, 96, 36.4),
                AR,
                "a paciente caiu no banheiro agora de manhã, eu levantei ela, ela bateu o joelho, tá com um roxinho",
            ),
            (
                "tirei o oxigênio, tá em ar ambiente agora, saturação 95, frequência 80, respiração 18, "
                "temperatura 36,5, pressão 12 por 8, ela tá bem",
                ("120x80", 80, 18, 95, 36.5),
                AR,
                "tirei o oxigênio, ela tá bem",
            ),
            (
                "pressão doze por oito, né, frequência setenta e oito, respiração vinte, saturação noventa e quatro, "
                "temperatura trinta e seis e oito, tá com dois litros de oxigênio, ela tossiu bastante de manhã",
                ("120x80", 78, 20, 94, 36.8),
                O2,
                "ela tossiu bastante de manhã; O2 2 L/min",
            ),
            (
                "a saturação tava 88, aí eu coloquei o oxigênio a 2 litros e subiu pra 94, frequência 80, "
                "respiração 18, temperatura 36,5, pressão 12 por 8, ela tá mais calma",
                ("120x80", 80, 18, 94, 36.5),
                O2,
                "saturação tava 88, ela tá mais calma; O2 2 L/min",
            ),
            (
                "a pressão, é, doze por oito, a frequência, hã, setenta e dois, respiração dezoito, saturação "
                "noventa e seis, temperatura trinta e seis e meio, ar ambiente, tudo tranquilo",
                ("120x80", 72, 18, 96, 36.5),
                AR,
                "tudo tranquilo",
            ),
        ),
    )
    def test_read_whole(self, transcript: str, values: tuple[object, ...], condition: str, note: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(transcript)
        measurement = saved_measurement(driver)
        read = tuple(
            measurement[key] for key in ("bloodPressure", "heartRate", "respRate", "saturationO2", "temperature")
        )
        assert read == values
        assert measurement["supplementaryOxygen"] == condition
        assert measurement["clinicalNote"] == note


class TestTheReasonForTheOxygen:
    def test_because_is_no_leftover(self) -> None:
        """ "subi o oxigênio pra 3 litros porque a saturação caiu pra 89, …" saved the note "porque, saturação
        caiu pra 89, …" (the oxygen read away, "porque" was left alone)."""
        driver = Driver(SHIFT_B)
        driver.send(
            "subi o oxigênio pra 3 litros porque a saturação caiu pra 89, aí depois subiu pra 93, pressão 12 por 8, "
            "frequência 90, respiração 24, temperatura 37, paciente cansado"
        )
        measurement = saved_measurement(driver)
        assert measurement["saturationO2"] == 93
        assert measurement["clinicalNote"] == "saturação caiu pra 89, paciente cansado; O2 3 L/min"
