"""QA round 11, whole 12-hour shifts by persona (the scripts live in `shifts_qa11_typed` and
`shifts_qa11_events`): an older caregiver typing short lowercase messages, a nursing technician in clinical
shorthand, voice-note transcripts, an incident, templates at odd moments and late answers, someone who corrects
herself and says yes and no in her own ways, one who writes in emoji, and shifts cancelled. Each script checks
every backend write in order (nothing written without the yes) and every reply's claim against its turn's
writes; the tests below them pin the defects found."""

from __future__ import annotations

from datetime import timedelta

import pytest

from orchestrator.machine import Topic
from orchestrator.models import ActionKind, Template
from tests.shifts import SHIFT_A, SHIFT_B
from tests.unit.driver import Driver
from tests.unit.script_kit import Script, check_script, play
from tests.unit.shifts_qa11_events import EVENTS
from tests.unit.shifts_qa11_typed import TYPED

CLINICAL, SCHEDULE, SUMMARY = ActionKind.UPDATE_CLINICAL, ActionKind.UPDATE_SCHEDULE, ActionKind.UPDATE_SUMMARY
FIRST = "PA 12x8 FC 80 FR 18 sat 97 temp 36,5 aa paciente bem, tomou café"
# What a reply may only say when its turn wrote that kind of thing.
_CLAIMS = {
    "Presença confirmada": ActionKind.UPDATE_SCHEDULE,
    "Plantão cancelado": ActionKind.UPDATE_SCHEDULE,
    "foi indicado(a) para o plantão": ActionKind.CREATE_SCHEDULE,
    "Dados clínicos salvos": CLINICAL,
    "Ocorrência registrada": CLINICAL,
    "Relatório do plantão enviado": SUMMARY,
}


def _played(script: Script) -> tuple[Driver, list[str]]:
    """The script driven turn by turn; what its replies claim without the write behind it."""
    wrong: list[str] = []

    def watch(driver: Driver, message: str, before: int) -> None:
        kinds = {action.kind for action in driver.calls[before:]}
        claimed = {kind for claim, kind in _CLAIMS.items() if claim in driver.reply}
        wrong.extend(f"{message!r}: claims a {kind} it did not write" for kind in claimed - kinds)
        wrong.extend(f"{message!r}: wrote a {kind} without saying so" for kind in kinds - claimed)

    return play(script, watch=watch), wrong


@pytest.mark.parametrize("script", (*TYPED, *EVENTS), ids=lambda script: script.name)
class TestWholeShifts:
    def test_every_write_exact_and_in_order(self, script: Script) -> None:
        driver, _ = _played(script)
        assert check_script(script, driver) == []

    def test_every_reply_true(self, script: Script) -> None:
        """Each reply says "salvo", "registrada", "enviado" exactly when its turn wrote that, and none says
        it did not understand a message every one of which means something, or lists an empty gap."""
        driver, wrong = _played(script)
        assert wrong == []
        assert [text for text, reply in driver.answers if "Não entendi" in reply or "Falta: ." in reply] == []


class TestANoteLeftUnansweredBeforeTheReport:
    def _left(self) -> Driver:
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send("ele vomitou 2x")
        assert "Nota: ele vomitou 2x" in driver.reply and "Posso salvar?" in driver.reply
        driver.later(timedelta(hours=2))  # its summary expired unanswered
        return driver

    def test_the_report_goes_on(self) -> None:
        """A later note alone is whole, but once its summary expired it was held as a measurement lacking
        "PA, FC, FR, Sat, Temp e condição respiratória": every report answer got that list, and bare
        answers ("nada", "nenhuma") were dropped without a word."""
        driver = self._left()
        driver.template(Template.FINISH_SHIFT)
        driver.send("não comeu quase nada")
        assert "PA" not in driver.reply and "*evacuação e urina*" in driver.reply
        for answer in ("evacuou normal", "nada", "agitado", "dipirona às 14h", "nenhuma", "sem intercorrências"):
            driver.send(answer)
            assert "PA" not in driver.reply
        assert driver.state.topics.get(Topic.SLEEP) == "Sem informações"
        assert driver.state.topics.get(Topic.ACTIVITIES) == "nenhuma"
        assert driver.state.topics.get(Topic.MEDICATIONS) == "dipirona às 14h"

    def test_sim_offers_it_again(self) -> None:
        driver = self._left()
        driver.send("ss")
        assert "Nota: ele vomitou 2x" in driver.reply and "faltam dados" not in driver.reply
        driver.send("ss")
        assert driver.calls_of(CLINICAL)[-1]["clinicalNote"] == "ele vomitou 2x"


REPORT = (
    "alimentacao: comeu bem; evacuacao: evacuou 1x; sono: dormiu bem; humor: calmo; "
    "medicacao: tomou tudo; atividades: assistiu tv; intercorrencias: nenhuma; administrativo: nada"
)


class TestAMeasurementHeldWholeAtTheReport:
    def _held(self) -> Driver:
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send("PA 13x8 FC 80 FR 18 sat 97 temp 36,5 aa")
        driver.send("não")
        driver.send("finalizar")
        driver.send(REPORT)
        return driver

    def test_it_is_offered_before_the_report(self) -> None:
        """A measurement lacking nothing (its summary refused or expired) held when the report was whole got
        "Falta: . Se quiser salvá-los, mande o que falta", and a note alone sent again was filed as a topic:
        it is now offered first, and the report follows its answer."""
        driver = self._held()
        assert "Falta: ." not in driver.reply and "PA 130x80" in driver.reply and "Posso salvar?" in driver.reply
        driver.send("sim")
        assert driver.calls_of(CLINICAL)[-1]["bloodPressure"] == "130x80" and "Posso enviar?" in driver.reply
        driver.send("sim")
        assert len(driver.calls_of(SUMMARY)) == 1

    def test_two_nos_let_it_go_and_the_report_follows(self) -> None:
        driver = self._held()
        driver.send("não")
        driver.send("não")
        assert "descartei" in driver.reply and "Posso enviar?" in driver.reply
        driver.send("sim")
        assert len(driver.calls_of(CLINICAL)) == 1 and len(driver.calls_of(SUMMARY)) == 1


class TestAnOlderCaregiversSpelling:
    @pytest.mark.parametrize("message", ("acabo a fralda", "a luva acabo", "acabo o alcool"))
    def test_acabo_is_acabou(self, message: str) -> None:
        """ "acabo a fralda" (how "acabou" is often typed) got "Não entendi": the shortage was never recorded."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert [call["clinicalNote"] for call in driver.calls_of(CLINICAL)] == [message]
        assert all(call["operationalNote"] for call in driver.calls_of(CLINICAL))

    def test_acabo_de_is_no_shortage(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send("acabo de dar banho nele")
        assert len(driver.calls) == 1 and "Nota: acabo de dar banho nele" in driver.reply

    @pytest.mark.parametrize("message", ("bjs", "bjss", "abs", "bjo"))
    def test_a_kiss_goodbye_is_courtesy(self, message: str) -> None:
        """ "bjs" alone (how many sign off) got "Não entendi"."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send(message)
        assert "Não entendi" not in driver.reply and len(driver.calls) == 1

    def test_a_kiss_after_a_note_is_no_part_of_it(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send("ele ta com tosse bjs")
        assert "Nota: ele ta com tosse\n" in driver.reply


class TestSayingNoHerOwnWay:
    def test_nada_a_ver_corrects_the_note(self) -> None:
        """ "nada a ver, não tá sonolento, tá tranquilo" at the summary was added to the note it denies:
        "paciente sonolento; nada a ver, não tá sonolento, tá tranquilo" was saved."""
        driver = Driver(SHIFT_B)
        driver.send("PA 13x8 FC 80 FR 18 sat 96 temp 37,2 aa, paciente sonolento")
        driver.send("nada a ver, não tá sonolento, tá tranquilo")
        driver.send("tá certo agora")
        assert driver.calls_of(CLINICAL)[0]["clinicalNote"] == "não tá sonolento, tá tranquilo"

    def test_nada_a_ver_alone_is_a_no(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 13x8 FC 80 FR 18 sat 96 temp 37,2 aa, paciente sonolento")
        driver.send("nada a ver")
        assert not driver.calls and "não salvei" in driver.reply

    def test_nada_a_ver_inside_a_note_stays(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 13x8 FC 80 FR 18 sat 96 temp 37,2 aa, a dor não tem nada a ver com a queda")
        assert "Nota: a dor não tem nada a ver com a queda" in driver.reply


class TestAShiftNearlyOver:
    @pytest.mark.parametrize(
        "message",
        (
            "então já tá acabando meu plantão né quero finalizar",
            "meu plantão já tá acabando, vou finalizar",
            "ja ta acabando meu plantao",
        ),
    )
    def test_is_no_administrative_news(self, message: str) -> None:
        """ "já tá acabando meu plantão, quero finalizar" opened the report with "já tá acabando meu plantão"
        filed as its administrative information."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send(message)
        assert not driver.state.topics.given and "Vamos finalizar" in driver.reply


class TestNewsOfAnIncident:
    @pytest.mark.parametrize(
        "message",
        (
            "avisei a filha dele, ela tá vindo",
            "levaram ele pro hospital, a filha foi junto",
            "família avisada",
            "o enfermeiro tá vindo",
        ),
    )
    def test_is_an_occurrence(self, message: str) -> None:
        """The family told, someone on the way, the patient taken to hospital got "Não entendi" (or, at a
        summary, "Não entendi. Confira"): news the coordination needs most was recorded nowhere."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send(message)
        assert driver.calls_of(CLINICAL)[-1] == {**driver.calls_of(CLINICAL)[-1], "clinicalNote": message}
        assert driver.calls_of(CLINICAL)[-1]["operationalNote"] is True

    def test_what_the_family_said_of_the_patient_stays_clinical(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send("a filha avisou que ele não dormiu bem")
        assert "Nota: a filha avisou que ele não dormiu bem" in driver.reply and len(driver.calls) == 1


class TestMedicineGivenByThePrescription:
    @pytest.mark.parametrize(
        "message",
        (
            "dei o remedio que ta na receita",
            "dei dipirona conforme receita",
            "a dose confere com a receita",
            "dei a insulina pela receita",
        ),
    )
    def test_is_a_clinical_note(self, message: str) -> None:
        """ "dei o remédio que tá na receita" was saved at once as an occurrence (its "receita"): the care
        given is the patient's record, asked to be confirmed."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send(message)
        assert len(driver.calls) == 1 and f"Nota: {message}" in driver.reply
        driver.send("ss")
        assert driver.calls_of(CLINICAL)[-1]["clinicalNote"] == message
        assert driver.calls_of(CLINICAL)[-1]["operationalNote"] is False

    def test_news_of_the_prescription_is_still_an_occurrence(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("a receita do remedio venceu")
        assert driver.calls_of(CLINICAL)[0]["operationalNote"] is True


class TestAReportSpokenInOneRun:
    def test_a_no_stays_with_its_verb(self) -> None:
        """ "ela não comeu nada … dormiu …" in one run was cut before "comeu": the food answer lost its "não"
        ("comeu nada …") and "ela não" was left over, filed as additional information; "comeu bem não dormiu"
        said "comeu bem não" and "dormiu"."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send("finalizar")
        driver.send(
            "então ela não comeu nada porque tá com sonda recebeu a dieta pela sonda urinou bem ficou calma "
            "não dormiu a noite tomou os remédios das dez"
        )
        topics = driver.state.topics
        assert topics.get(Topic.FOOD_HYDRATION) == "ela não comeu nada porque tá com sonda recebeu a dieta pela sonda"
        assert topics.get(Topic.MOOD) == "ficou calma"
        assert topics.get(Topic.SLEEP) == "não dormiu a noite"
        assert topics.get(Topic.ADDITIONAL_INFO) is None

    def test_no_activities_opens_its_topic(self) -> None:
        """ "… tomou os remédios das dez sem atividades e nada administrativo" filed "tomou os remédios das dez sem
        atividades" as the medications, and activities was asked for again."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send("finalizar")
        driver.send(
            "ela comeu bem urinou bem dormiu a noite toda ficou calma tomou os remédios das dez sem atividades "
            "e nada administrativo"
        )
        topics = driver.state.topics
        assert topics.get(Topic.MEDICATIONS) == "tomou os remédios das dez"
        assert topics.get(Topic.ACTIVITIES) == "sem atividades"


class TestAVoiceNotesLeadIn:
    @pytest.mark.parametrize(
        ("message", "note"),
        (
            ("então assim acabou o álcool em gel aqui", "acabou o álcool em gel aqui"),
            ("então tipo a fralda acabou", "a fralda acabou"),
        ),
    )
    def test_is_no_part_of_an_occurrence(self, message: str, note: str) -> None:
        """ "então assim acabou o álcool em gel" saved the occurrence "assim acabou o álcool em gel"."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert driver.calls_of(CLINICAL)[0]["clinicalNote"] == note

    def test_is_no_part_of_a_note(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 12x8 FC 80 FR 20 sat 96 temp 36,5 aa, então tipo assim ela tá tranquila")
        driver.send("sim")
        assert driver.calls_of(CLINICAL)[0]["clinicalNote"] == "ela tá tranquila"


class TestTheInsulinScale:
    @pytest.mark.parametrize(
        ("message", "note"),
        (
            (
                "HGT 22h: 145 mg/dl. Sem necessidade de insulina conforme escala.",
                "HGT 22h: 145 mg/dl, Sem necessidade de insulina conforme escala",
            ),
            ("escala de insulina: 2 UI aplicadas", "escala de insulina: 2 UI aplicadas"),
        ),
    )
    def test_is_no_work_schedule(self, message: str, note: str) -> None:
        """ "Sem necessidade de insulina conforme escala" was saved at once as an occurrence (its "escala",
        read as the work schedule), cut from the glycaemia it explains."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send(message)
        driver.send("sim")
        assert [(c["clinicalNote"], c["operationalNote"]) for c in driver.calls_of(CLINICAL)[1:]] == [(note, False)]

    def test_the_work_schedule_is_still_news(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("a escala de amanhã tá errada")
        assert driver.calls_of(CLINICAL)[0]["operationalNote"] is True


class TestOxygenRunningLow:
    @pytest.mark.parametrize(
        ("message", "note"),
        (
            (
                "Cilindro de O2 com pressão baixa, favor providenciar troca.",
                "Cilindro de O2 com pressão baixa, providenciar troca",
            ),
            ("a bala de oxigênio tá quase vazia", "a bala de oxigênio tá quase vazia"),
        ),
    )
    def test_is_an_occurrence(self, message: str, note: str) -> None:
        """ "Cilindro de O2 com pressão baixa, favor providenciar troca" was read as the patient on oxygen, with
        "baixa, providenciar troca" kept as the next measurement's note: the coordination never heard of it."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send(message)
        assert [(c["clinicalNote"], c["operationalNote"]) for c in driver.calls_of(CLINICAL)[1:]] == [(note, True)]
        assert driver.state.respiratory is None and driver.state.clinical_note is None

    def test_in_the_report_it_stays_whole(self) -> None:
        """In the report, "Administrativo: cilindro de O2 com pressão baixa" was stored as "pressão baixa" and
        its O2 taken for a measurement."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send("finalizar")
        driver.send("Sono: bom\nAdministrativo: cilindro de O2 com pressão baixa.")
        assert driver.state.topics.get(Topic.ADMINISTRATIVE) == "cilindro de O2 com pressão baixa"
        assert driver.state.respiratory is None

    def test_the_patients_low_pressure_on_oxygen_is_no_occurrence(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send("paciente em O2 com pressão baixa")
        assert len(driver.calls) == 1


class TestAHeadingOverTheValues:
    def test_measured_at_is_no_note(self) -> None:
        """ "Sinais vitais aferidos às 20h:" over a technician's values saved "aferidos às 20h" as the first part
        of the note ("SSVV 12h:" already said nothing)."""
        driver = Driver(SHIFT_B)
        driver.send(
            "Sinais vitais aferidos às 20h:\nPA: 110x70 mmHg\nFC: 64 bpm\nFR: 16 irpm\nSpO2: 93%\nTax: 36,0 °C\n"
            "Paciente em uso de O2 por cateter nasal a 2L/min, sonolento, responsivo ao chamado."
        )
        driver.send("Confirmo")
        note = "sonolento, responsivo ao chamado; O2 em cateter nasal 2 L/min"
        assert driver.calls_of(CLINICAL)[0]["clinicalNote"] == note

    def test_measures_taken_stay(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 12x8 FC 80 FR 18 sat 97 temp 36 aa, tomadas medidas de conforto")
        assert "Nota: tomadas medidas de conforto" in driver.reply


class TestARemarkWhileAMeasurementWaitsInTheReport:
    def test_is_the_measurements_note(self) -> None:
        """During the report, with a measurement waiting for its respiratory condition, "tossiu um pouco" was
        read as nothing at all: the same question came back and the remark was never recorded."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send("finalizar")
        driver.send("PA 12x7 FC 70 FR 18 sat 93 temp 36,4")
        driver.send("tossiu um pouco")
        assert "Anotei a observação" in driver.reply
        driver.send("sem intercorrências")
        assert driver.state.topics.get(Topic.ADDITIONAL_INFO) == "sem intercorrências"
        driver.send("aa")
        driver.send("sim")
        assert driver.calls_of(CLINICAL)[-1]["clinicalNote"] == "tossiu um pouco"


class TestAlarmBeforeTheNews:
    @pytest.mark.parametrize(
        ("message", "note"),
        (("socorro ele caiu no banheiro", "ele caiu no banheiro"), ("meu deus ele vomitou tudo", "ele vomitou tudo")),
    )
    def test_is_no_part_of_the_note(self, message: str, note: str) -> None:
        """ "socorro ele caiu no banheiro" saved the note "socorro ele caiu no banheiro"."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send(message)
        driver.send("sim")
        assert driver.calls_of(CLINICAL)[-1]["clinicalNote"] == note


class TestVoSim:
    def test_vo_sim_at_the_cancellation_check_is_coming(self) -> None:
        """ "nn vo sim" (how "não, vou sim" is often typed) at the cancellation check kept the shift but asked
        the presence again; "não, vou sim" confirms it at once."""
        driver = Driver(SHIFT_A)
        driver.send("boa noite")
        driver.send("nn")
        driver.send("nn vo sim")
        assert [call["responseValue"] for call in driver.calls_of(SCHEDULE)] == ["confirmado"]

    def test_a_grandmother_is_no_coming(self) -> None:
        driver = Driver(SHIFT_A)
        driver.send("boa noite")
        driver.send("nn")
        driver.send("a vo sim ta aqui")
        assert not driver.calls


class TestHereSinceEarly:
    def test_is_no_report_answer(self) -> None:
        """ "Já estou no plantão desde as 8h" (answering a late confirmar_presenca during the report) was
        filed as the report's administrative information."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send("finalizar")
        driver.template(Template.CONFIRM_PRESENCE)
        driver.send("Já estou no plantão desde as 8h")
        assert not driver.state.topics.given and "Não entendi" not in driver.reply

    @pytest.mark.parametrize("message", ("já estou aqui desde as 8", "to aqui desde cedo"))
    def test_is_a_hello_once_confirmed(self, message: str) -> None:
        """ "já estou aqui desde as 8" on a confirmed shift got "Não entendi"."""
        driver = Driver(SHIFT_B)
        driver.send(message)
        assert "Não entendi" not in driver.reply and not driver.calls


class TestAnEmojiAfterTheGreeting:
    @pytest.mark.parametrize("message", ("oiii bom diaaa 😊 to chegando!!", "oi 👋 cheguei", "bom dia 🙏 sim"))
    def test_the_arrival_still_confirms(self, message: str) -> None:
        """ "oiii bom diaaa 😊 to chegando!!" only got the presence question (without the 😊 it confirmed)."""
        driver = Driver(SHIFT_A)
        driver.send(message)
        assert [call["responseValue"] for call in driver.calls_of(SCHEDULE)] == ["confirmado"]


class TestHerOwnYes:
    @pytest.mark.parametrize("answer", ("confere", "conferido", "tá valendo"))
    def test_is_a_yes_at_the_summary(self, answer: str) -> None:
        """ "conferido", "tá valendo" at a measurement's summary got "Não entendi"."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send(answer)
        assert len(driver.calls_of(CLINICAL)) == 1 and "salvos" in driver.reply

    def test_confere_in_a_remark_is_no_yes(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("a dose confere")
        assert not driver.calls and "Nota: paciente bem, tomou café; a dose confere" in driver.reply


class TestTheActOfMeasuringInAVoiceNote:
    @pytest.mark.parametrize("said", ("aí eu medi a pressão deu doze por oito", "eu medi e deu 12 por 8"))
    def test_is_no_note(self, said: str) -> None:
        """ "aí eu medi a pressão deu doze por oito" kept "aí eu medi" as the note of the measurement."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send(said)
        assert driver.state.clinical_note is None and "PA 120x80" in driver.reply

    def test_measuring_again_stays(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(FIRST)
        driver.send("sim")
        driver.send("eu medi a glicemia de novo")
        assert "Nota: eu medi a glicemia de novo" in driver.reply
