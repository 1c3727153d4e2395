"""QA round 11: the clinical record as caregivers type or dictate it on WhatsApp: what reaches the note
and the values saved (vital signs, oxygen, corrections at the summary)."""

from __future__ import annotations

import pytest

from orchestrator.models import ActionKind
from tests.shifts import SHIFT_B
from tests.unit.driver import Driver, saved_measurement

VITALS = "PA 120x80 FC 76 FR 18 sat 97 temp 36,5 ar ambiente"
BEFORE_OXYGEN = "PA 120x80 FC 76 FR 18 temp 36,5"


class TestTheInfoLabel:
    @pytest.mark.parametrize(
        ("remark", "note"),
        (
            ("Info: paciente com tosse", "paciente com tosse"),
            ("Informações: dormiu bem a tarde toda", "dormiu bem a tarde toda"),
            ("INFO - aceitou a dieta", "aceitou a dieta"),
        ),
    )
    def test_the_label_is_no_part_of_the_note(self, remark: str, note: str) -> None:
        """ "…, Info: paciente com tosse" saved the note "Info: paciente com tosse"."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}. {remark}")
        assert saved_measurement(driver)["clinicalNote"] == note

    def test_info_none_is_no_note(self) -> None:
        """ "Info: nenhuma" was saved as the first measurement's note: the note is asked for."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}, Info: nenhuma")
        assert "nota" in driver.reply.casefold() and "Posso salvar?" not in driver.reply
        assert driver.state.clinical_note is None


class TestArrivalChatterIsNoNote:
    @pytest.mark.parametrize(
        ("message", "note"),
        (
            (f"Cheguei agora, {VITALS} paciente tranquilo", "paciente tranquilo"),
            (f"boa noite, cheguei agora no plantão. {VITALS}. paciente acordado", "paciente acordado"),
            (f"Bom dia equipe! Assumi o plantão agora. {VITALS} paciente tranquilo", "paciente tranquilo"),
            (f"acabei de chegar, paciente dormindo, {VITALS}", "paciente dormindo"),
            (f"já cheguei aqui, {VITALS}, sem queixas", "sem queixas"),
            (f"cheguei agora e o paciente está dormindo, {VITALS}", "o paciente está dormindo"),
        ),
    )
    def test_the_arrival_is_left_out(self, message: str, note: str) -> None:
        """ "Cheguei agora, PA … paciente tranquilo" saved the note "Cheguei agora, paciente tranquilo"."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert saved_measurement(driver)["clinicalNote"] == note

    def test_arriving_late_is_kept(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(f"cheguei 20 min atrasada, {VITALS}, paciente tranquilo")
        saved_measurement(driver)
        notes = [call["clinicalNote"] for call in driver.calls_of(ActionKind.UPDATE_CLINICAL)]
        assert any("atrasada" in (note or "") for note in notes)

    def test_a_professional_arriving_stays_an_operational_note(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}, paciente tranquilo, a fisioterapeuta chegou agora")
        notes = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert notes and notes[0]["operationalNote"] is True and "fisioterapeuta" in notes[0]["clinicalNote"]


class TestOxygenSaidInParts:
    @pytest.mark.parametrize(
        ("oxygen", "support"),
        (
            ("sat 92 com 3 litros de O2 no cateter", "O2 em cateter 3 L/min"),
            ("sat 92, O2 3 l/min via cateter nasal", "O2 em cateter nasal 3 L/min"),
            ("sat 95 com cateter de oxigênio 2 litros", "O2 em cateter 2 L/min"),
            ("sat 95 em O2 contínuo 2L/min via cateter nasal", "O2 em cateter nasal 2 L/min contínuo"),
            ("sat 95% com 5L de O2 em máscara", "O2 em máscara 5 L/min"),
            ("sat 95% oxigênio 2L pelo cateter", "O2 em cateter 2 L/min"),
            ("sat 95 com 2 litros de oxigênio", "O2 2 L/min"),
            ("sat 95 com 3 l de oxigênio no cateter nasal", "O2 em cateter nasal 3 L/min"),
        ),
    )
    def test_the_flow_and_the_device_are_noted(self, oxygen: str, support: str) -> None:
        """ "sat 92 com 3 litros de O2 no cateter" saved no flow at all (the device, named last, has none);
        "oxigênio 2L pelo cateter" saved the note "pelo, paciente calmo"."""
        driver = Driver(SHIFT_B)
        driver.send(f"{BEFORE_OXYGEN} {oxygen}, paciente calmo")
        written = saved_measurement(driver)
        assert written["supplementaryOxygen"] == "Oxigênio suplementar"
        assert written["clinicalNote"] == f"paciente calmo; {support}"

    def test_at_the_summary_the_flow_given_with_the_device_is_kept(self) -> None:
        """ "não, ele está com O2 2 litros no cateter" at the summary saved oxygen without its flow."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}, paciente tranquilo")
        driver.send("não, ele está com O2 2 litros no cateter")
        assert saved_measurement(driver)["clinicalNote"] == "paciente tranquilo; O2 em cateter 2 L/min"

    def test_a_change_of_device_is_no_merge(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(f"{BEFORE_OXYGEN} sat 95, estava no cateter 2L, passei pra máscara 5L, paciente calmo")
        assert driver.state.support == "O2 em máscara 5 L/min"


class TestTheSaturationBeforeTheOxygen:
    @pytest.mark.parametrize(
        ("oxygen", "note"),
        (
            (
                "sat 88 em ar ambiente, coloquei o oxigênio 2 litros e subiu pra 94",
                "sat 88 em ar ambiente, paciente tranquilo; O2 2 L/min",
            ),
            (
                "sat 88% em ar ambiente. Coloquei O2 2L e subiu pra 94%",
                "sat 88% em ar ambiente, paciente tranquilo; O2 2 L/min",
            ),
            (
                "saturando 88 em aa, instalado cateter de o2 a 2l/min, saturação subiu para 94%",
                "saturando 88 em aa, paciente tranquilo; O2 em cateter 2 L/min",
            ),
            (
                "sat 88 ar ambiente, depois do oxigenio 2L foi pra 94",
                "sat 88 ar ambiente, paciente tranquilo; O2 2 L/min",
            ),
        ),
    )
    def test_the_value_after_the_oxygen_is_saved_and_the_one_before_noted(self, oxygen: str, note: str) -> None:
        """ "sat 88 em ar ambiente, coloquei o oxigênio 2 litros e subiu pra 94" saved Sat 94 with oxygen and
        lost the 88 in room air; "… depois do oxigenio 2L foi pra 94" saved Sat 88 and the note "depois 94"."""
        driver = Driver(SHIFT_B)
        driver.send(f"{BEFORE_OXYGEN} {oxygen}, paciente tranquilo")
        written = saved_measurement(driver)
        assert written["saturationO2"] == 94 and written["supplementaryOxygen"] == "Oxigênio suplementar"
        assert written["clinicalNote"] == note

    def test_without_a_change_the_room_air_stands(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(f"{BEFORE_OXYGEN} sat 95 em ar ambiente, paciente tranquilo")
        written = saved_measurement(driver)
        assert written["saturationO2"] == 95 and written["supplementaryOxygen"] == "Ar ambiente"
        assert written["clinicalNote"] == "paciente tranquilo"


def staged() -> Driver:
    """Shift B with a complete measurement summary waiting for its "sim"."""
    driver = Driver(SHIFT_B)
    driver.send(f"{VITALS}, paciente tranquilo")
    assert "Posso salvar?" in driver.reply
    return driver


class TestCorrectionsAtTheSummary:
    @pytest.mark.parametrize(
        ("message", "field", "value"),
        (
            ("a temperatura que é 37,5", "temperature", 37.5),
            ("só a temperatura que é 37,5", "temperature", 37.5),
            ("na verdade a FC que deu 86", "heartRate", 86),
            ("a sat que tá 95", "saturationO2", 95),
        ),
    )
    def test_a_value_said_with_que_is_the_correction(self, message: str, field: str, value: float) -> None:
        """ "só a temperatura que é 37,5" at the summary got "Não entendi" and a "sim" saved Temp 36.5."""
        driver = staged()
        driver.send(message)
        assert "Não entendi" not in driver.reply
        assert saved_measurement(driver)[field] == value

    @pytest.mark.parametrize(
        ("message", "field", "value"),
        (
            ("só a FC tá errada: 86", "heartRate", 86),
            ("a temperatura está errada: 37,2", "temperature", 37.2),
            ("pressão errada: 13x8", "bloodPressure", "130x80"),
        ),
    )
    def test_a_value_after_errada_and_a_colon_is_the_correction(self, message: str, field: str, value: object) -> None:
        """ "só a FC tá errada: 86" got "Não entendi" and a "sim" saved FC 76."""
        driver = staged()
        driver.send(message)
        assert "Não entendi" not in driver.reply
        assert saved_measurement(driver)[field] == value


class TestASpokenFlowOfOxygen:
    @pytest.mark.parametrize(
        ("oxygen", "support"),
        (
            ("em oxigênio a um litro e meio", "O2 1,5 L/min"),
            ("no cateter com dois litros e meio", "O2 em cateter 2,5 L/min"),
            ("com um litro de oxigênio", "O2 1 L/min"),
            ("em O2 a meio litro", "O2 0,5 L/min"),
        ),
    )
    def test_the_flow_is_read(self, oxygen: str, support: str) -> None:
        """ "sat 95 em oxigênio a um litro e meio" saved the note "a um litro e meio, paciente calmo", no flow."""
        driver = Driver(SHIFT_B)
        driver.send(f"{BEFORE_OXYGEN} sat 95 {oxygen}, paciente calmo")
        assert saved_measurement(driver)["clinicalNote"] == f"paciente calmo; {support}"

    def test_an_article_is_still_no_number(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}, bebeu um litro de água")
        assert saved_measurement(driver)["clinicalNote"] == "bebeu um litro de água"


class TestASignatureIsNoNote:
    @pytest.mark.parametrize(
        "signature",
        (
            "Att, Ana",
            "Att. Ana Paula",
            "Atenciosamente,\nAna",
            "Ana - técnica de enfermagem",
            "abs, Ana (cuidadora)",
            "Téc. enf. Ana",
        ),
    )
    def test_the_signature_is_left_out(self, signature: str) -> None:
        """ "…, paciente bem. Att, Ana" saved the note "paciente bem, Ana"."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}, paciente bem. {signature}")
        assert saved_measurement(driver)["clinicalNote"] == "paciente bem"

    @pytest.mark.parametrize("remark", ("paciente bem, beijos da neta", "paciente bem, a técnica de enfermagem veio"))
    def test_words_after_a_sign_off_word_that_are_no_signature_stay(self, remark: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}, {remark}")
        assert "Posso salvar?" in driver.reply
        notes = [
            driver.state.clinical_note or "",
            *(c["clinicalNote"] for c in driver.calls_of(ActionKind.UPDATE_CLINICAL)),
        ]
        assert any(remark.split(", ")[1] in note for note in notes)


class TestASignOffIsNoNote:
    @pytest.mark.parametrize(
        "sign_off",
        ("Qualquer coisa estou por aqui", "qualquer coisa to aqui", "Qualquer novidade fico por aqui"),
    )
    def test_being_around_for_anything_is_left_out(self, sign_off: str) -> None:
        """ "… sem intercorrências. Qualquer coisa estou por aqui" saved the sign-off in the note."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}. Paciente dormiu bem, sem intercorrências. {sign_off}")
        assert saved_measurement(driver)["clinicalNote"] == "Paciente dormiu bem, sem intercorrências"


class TestTheActOfMeasuringIsNoNote:
    @pytest.mark.parametrize(
        "message",
        (
            f"Aferi agora: {VITALS}, paciente calmo",
            f"Acabei de aferir os sinais: {VITALS}, paciente calmo",
            "Medi a pressão agora deu 12 por 8, FC 76 FR 18 sat 97 temp 36,5 ar ambiente, paciente calmo",
            f"acabei de medir, {VITALS}, paciente calmo",
        ),
    )
    def test_it_is_left_out(self, message: str) -> None:
        """ "Aferi agora: PA …, paciente calmo" saved the note "Aferi agora, paciente calmo"."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert saved_measurement(driver)["clinicalNote"] == "paciente calmo"

    def test_measuring_something_else_stays(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}, medi a glicemia de novo")
        assert saved_measurement(driver)["clinicalNote"] == "medi a glicemia de novo"


class TestTheNumberAReadingGave:
    @pytest.mark.parametrize(
        "remark",
        (
            "fiz o dextro, deu 250, avisei a enfermeira",
            "medi a glicemia de novo, deu 110",
            "HGT antes do almoço, marcou 180 mg/dl",
            "pesei ele hoje, deu 72,5",
        ),
    )
    def test_it_stays_in_the_note(self, remark: str) -> None:
        """ "fiz o dextro, deu 250, avisei a enfermeira" saved the note "fiz o dextro, avisei a enfermeira":
        the glycaemia was lost."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}, {remark}")
        assert "Não identifiquei" not in driver.reply
        assert saved_measurement(driver)["clinicalNote"] == remark

    @pytest.mark.parametrize(
        ("message", "number"), (("FC 80, temp 36,5, ta 97", "97"), (f"{VITALS}, deu 80, paciente calmo", "80"))
    )
    def test_after_values_alone_it_is_asked_about(self, message: str, number: str) -> None:
        """ "FC 80, temp 36,5, ta 97" dropped the 97 without a word."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert f"Não identifiquei a que se refere {number}" in driver.reply


class TestTheVitalSignsJudged:
    @pytest.mark.parametrize(
        "remark", ("Sinais estáveis, paciente calmo", "SSVV estáveis", "Sinais vitais dentro da normalidade")
    )
    def test_the_judgement_keeps_its_subject(self, remark: str) -> None:
        """ "… Sinais estáveis, paciente calmo" saved the note "estáveis, paciente calmo"."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}. {remark}")
        assert saved_measurement(driver)["clinicalNote"] == remark

    def test_the_label_before_values_still_goes(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(f"Sinais vitais: {VITALS}. paciente calmo")
        assert saved_measurement(driver)["clinicalNote"] == "paciente calmo"


class TestSpokenFiller:
    @pytest.mark.parametrize(
        ("remark", "note"),
        (
            ("Ele tá tranquilo, tipo assim, tá assistindo TV", "Ele tá tranquilo, tá assistindo TV"),
            ("ele tá bem, sabe, sem queixas", "ele tá bem, sem queixas"),
        ),
    )
    def test_it_is_no_part_of_the_note(self, remark: str, note: str) -> None:
        """A transcribed voice note saved "Ele tá tranquilo, tipo assim, tá assistindo TV"."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS}. {remark}")
        assert saved_measurement(driver)["clinicalNote"] == note
