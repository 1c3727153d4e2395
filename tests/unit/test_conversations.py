"""Every example of shared/conversations.md, step by step through the pure machine.

Each test asserts the exact backend calls (the confirmed actions' payloads) and the facts
the reply must carry.
"""

from __future__ import annotations

from orchestrator.machine import ReplyCode, needs_refresh_after
from orchestrator.models import ActionKind, ActionStatus
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_D, SHIFT_E
from tests.unit.driver import PHONE, Driver, shift

FIRST_MEASUREMENT = "PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo e orientado"


def clinical_body(**values: object) -> dict[str, object]:
    """The full updateClinicalData body for shift B with `values` filled in (others null)."""
    body: dict[str, object] = {
        "reportID": "R-A",
        "reportDate": "2026-11-26",
        "scheduleID": "S-A",
        "patientIdentifier": "P-1",
        "caregiverIdentifier": "C-1",
        "sessionID": PHONE,
        "bloodPressure": None,
        "heartRate": None,
        "respRate": None,
        "saturationO2": None,
        "temperature": None,
        "supplementaryOxygen": None,
        "clinicalNote": None,
        "operationalNote": False,
    }
    body.update(values)
    return body


class TestPresence:
    def test_greeting_asks_presence_then_yes_confirms(self) -> None:
        """Example 1: the presence question names patient, day and hours; "sim" confirms once."""
        driver = Driver(SHIFT_A)
        driver.send("oi, bom dia")
        assert driver.calls == []
        for fact in ("José", "26/11", "08:00", "20:00", "sim"):
            assert fact in driver.reply
        driver.send("sim, já cheguei")
        assert driver.calls_of(ActionKind.UPDATE_SCHEDULE) == [
            {"scheduleID": "S-A", "responseValue": "confirmado", "caregiverID": "C-1", "phoneNumber": PHONE}
        ]
        assert "confirmada" in driver.reply

    def test_ambiguous_answer_asks_again(self) -> None:
        """Example 2: "talvez mais tarde" writes nothing and asks for sim or não."""
        driver = Driver(SHIFT_A)
        driver.send("bom dia")
        transition = driver.send("talvez mais tarde")
        assert driver.calls == []
        assert transition.actions == ()
        assert "sim" in driver.reply and "não" in driver.reply
        assert transition.parts[-1].code == ReplyCode.PRESENCE_REASK

    def test_cancellation_is_double_checked_then_substitute_chosen(self) -> None:
        """Example 3: não -> explicit check -> cancelado -> numbered substitutes -> createNewSchedule."""
        driver = Driver(SHIFT_A)
        driver.send("bom dia")
        driver.send("não vou conseguir ir hoje")
        assert driver.calls == []
        assert "cancelar" in driver.reply
        driver.backend = shift(SHIFT_E)  # the backend's answer once the cancellation is executed
        transition = driver.send("sim, tenho certeza")
        assert any(needs_refresh_after(change.action) for change in transition.actions)
        assert driver.calls_of(ActionKind.UPDATE_SCHEDULE) == [
            {"scheduleID": "S-A", "responseValue": "cancelado", "caregiverID": "C-1", "phoneNumber": PHONE}
        ]
        assert "1. Maria Souza" in driver.reply and "2. João Lima" in driver.reply
        driver.send("2")
        assert driver.calls_of(ActionKind.CREATE_SCHEDULE) == [{"scheduleIdentifier": "S-A", "newCaregiverID": "C-9"}]
        assert "João Lima" in driver.reply

    def test_unknown_phone_gets_no_shift_help(self) -> None:
        """Example 4: no shift for this number -> a help answer and no call."""
        driver = Driver(SHIFT_D)
        transition = driver.send("quero mandar os sinais")
        assert driver.calls == [] and transition.actions == ()
        assert "Não encontrei nenhum plantão" in driver.reply


class TestClinical:
    def test_complete_first_measurement_summary_then_saved(self) -> None:
        """Example 5: a summary with every value, then one updateClinicalData with all 14 keys."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        assert driver.calls == []
        for fact in ("PA 120x80", "FC 76", "FR 18", "Sat 97", "Temp 36.4", "Ar ambiente", "tranquilo e orientado"):
            assert fact in driver.reply
        driver.send("pode salvar")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL) == [
            clinical_body(
                bloodPressure="120x80",
                heartRate=76,
                respRate=18,
                saturationO2=97,
                temperature=36.4,
                supplementaryOxygen="Ar ambiente",
                clinicalNote="paciente tranquilo e orientado",
            )
        ]
        assert "salvos" in driver.reply

    def test_values_merge_across_messages_and_missing_items_are_named(self) -> None:
        """Example 6: each reply names what is still missing; O2 maps to Oxigênio suplementar."""
        driver = Driver(SHIFT_B)
        driver.send("pa 130x85 fc 90")
        assert driver.calls == []
        for item in ("FR", "Sat", "Temp", "condição respiratória", "nota clínica"):
            assert item in driver.reply.split("Falta:")[1]
        driver.send("fr 20 sat 95 temp 37,1")
        missing = driver.reply.split("Falta:")[1]
        assert "condição respiratória" in missing and "nota clínica" in missing and "FR" not in missing
        driver.send("O2 no cateter, paciente sonolento")
        assert "Oxigênio suplementar" in driver.reply and driver.calls == []
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL) == [
            clinical_body(
                bloodPressure="130x85",
                heartRate=90,
                respRate=20,
                saturationO2=95,
                temperature=37.1,
                supplementaryOxygen="Oxigênio suplementar",
                clinicalNote="paciente sonolento",
            )
        ]

    def test_note_alone_cannot_be_the_first_measurement(self) -> None:
        """Example 7: the first measurement must be complete; the missing vitals are listed."""
        driver = Driver(SHIFT_B)
        driver.send("paciente com tosse seca")
        assert driver.calls == []
        assert "primeira aferição" in driver.reply
        for item in ("PA", "FC", "FR", "Sat", "Temp", "condição respiratória"):
            assert item in driver.reply
        assert driver.state.clinical_note == "paciente com tosse seca"

    def test_no_drops_the_staged_action_and_a_correction_is_summarized_again(self) -> None:
        """Example 8: não -> aborted, values kept; the correction gets a new summary; one call."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        transition = driver.send("não, errei a pressão")
        assert [c.action.status for c in transition.actions] == [ActionStatus.ABORTED]
        assert "corrigir" in driver.reply and driver.calls == []
        driver.send("PA 125x82")
        assert "125x82" in driver.reply and "FC 76" in driver.reply
        driver.send("sim")
        calls = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert len(calls) == 1 and calls[0]["bloodPressure"] == "125x82" and calls[0]["heartRate"] == 76

    def test_out_of_range_values_are_refused_and_named(self) -> None:
        """Example 9: FC 300 and Sat 150 refused with their ranges; Temp 36 kept."""
        driver = Driver(SHIFT_B)
        driver.send("FC 300 sat 150 temp 36")
        assert driver.calls == []
        assert "FC 300" in driver.reply and "Sat 150" in driver.reply and "fora da faixa" in driver.reply
        assert driver.state.vitals.temperature == 36.0
        assert driver.state.vitals.heart_rate is None and driver.state.vitals.saturation is None


class TestOperational:
    def test_operational_note_is_saved_at_once(self) -> None:
        """Example 10: updateClinicalData with operationalNote true, no question asked."""
        driver = Driver(SHIFT_B)
        transition = driver.send("acabaram as luvas e a gaze")
        assert [(c.action.status, c.previous) for c in transition.actions] == [(ActionStatus.CONFIRMED, None)]
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL) == [
            clinical_body(clinicalNote="acabaram as luvas e a gaze", operationalNote=True)
        ]
        assert "registrada" in driver.reply
        assert transition.parts[0].after_action == transition.actions[0].action.action_id

    def test_operational_remark_mixed_with_vitals_keeps_both(self) -> None:
        """Example 11: the thermometer note is saved; PA and FC stay for the measurement."""
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 80 e o termômetro quebrou")
        (note,) = driver.calls_of(ActionKind.UPDATE_CLINICAL)
        assert note["operationalNote"] is True and "termômetro" in note["clinicalNote"]
        assert note["bloodPressure"] is None
        driver.send("FR 18 sat 96 temp 36,5 ar ambiente sem queixas")
        assert "PA 120x80" in driver.reply and "FC 80" in driver.reply and "Posso salvar" in driver.reply
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[-1] == clinical_body(
            bloodPressure="120x80",
            heartRate=80,
            respRate=18,
            saturationO2=96,
            temperature=36.5,
            supplementaryOxygen="Ar ambiente",
            clinicalNote="sem queixas",
        )


class TestFinalization:
    def test_report_collected_over_messages_then_sent_with_the_shift_facts(self) -> None:
        """Example 12: the missing topics are listed, a summary of 8 is shown, confirmo sends it."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem no almoço, bebeu bastante água, dormiu a tarde toda")
        assert driver.calls == []
        missing = driver.reply.split("Falta:")[1]
        for title in ("evacuação", "humor", "medicações", "atividades", "clínicas adicionais", "administrativas"):
            assert title in missing
        assert "sono" not in missing and "alimentação" not in missing
        driver.send(
            "evacuou normal, urina clara; calmo; tomou losartana às 14h; fez fisioterapia; sem intercorrências; "
            "filha visitou"
        )
        assert driver.calls == [] and "Posso enviar" in driver.reply
        driver.send("confirmo")
        (report,) = driver.calls_of(ActionKind.UPDATE_SUMMARY)
        assert report == {
            "reportID": "R-A",
            "reportDate": "2026-11-26",
            "scheduleID": "S-A",
            "caregiverID": "C-1",
            "patientFirstName": "José",
            "caregiverFirstName": "Ana",
            "shiftDay": "26/11/2026",
            "shiftStart": "08:00",
            "shiftEnd": "20:00",
            "foodHydrationSpecification": "comeu bem no almoço; bebeu bastante água",
            "stoolUrineSpecification": "evacuou normal; urina clara",
            "sleepSpecification": "dormiu a tarde toda",
            "moodSpecification": "calmo",
            "medicationsSpecification": "tomou losartana às 14h",
            "activitiesSpecification": "fez fisioterapia",
            "additionalInformationSpecification": "sem intercorrências",
            "administrativeInfo": "filha visitou",
        }
        assert not driver.state.finalizing and driver.state.topics.given == ()


class TestHelpAndRobustness:
    def test_help_lists_what_the_caregiver_can_do(self) -> None:
        """Example 13: presence, vital signs, notes and finishing are named; no call."""
        driver = Driver(SHIFT_B)
        transition = driver.send("como funciona?")
        assert transition.actions == ()
        for fact in ("presença", "sinais vitais", "ocorrências", "finalizar"):
            assert fact in driver.reply

    def test_a_redelivered_yes_confirms_the_same_action_id_once(self) -> None:
        """Example 14: the action id derives from the message id; replaying it on the new state is a no-op."""
        driver = Driver(SHIFT_B)
        driver.send(FIRST_MEASUREMENT)
        first = driver.send("sim", event_id="wamid-1")
        assert len(driver.calls) == 1
        again = driver.send("sim", event_id="wamid-1")
        assert len(driver.calls) == 1 and again.actions == ()
        assert first.actions[0].action.action_id == driver.calls[0].action_id
