"""Every example of conversations.md, end to end: HTTP ingress -> SQS -> worker -> demo backend -> reply sink.

The demo backend seeds one shift per fixture of conversations.md (A..E); its ids differ only in
their suffix (shift B is S-B / R-B). Replies are checked for the facts the example names.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from orchestrator.devtools.demo_backend import DEMO_PHONES, DemoShiftKind, schedule_body
from orchestrator.devtools.localaws import MotoServer
from orchestrator.models import BackendContract
from tests.integration.scripted import Scripted, ScriptedServer
from tests.integration.stack import Stack, running_stack

A = "+" + DEMO_PHONES[DemoShiftKind.UNCONFIRMED]
B = "+" + DEMO_PHONES[DemoShiftKind.CONFIRMED]
C = "+" + DEMO_PHONES[DemoShiftKind.FINISHING]
D = "+" + DEMO_PHONES[DemoShiftKind.UNKNOWN_PHONE]

SCHEDULE = BackendContract.UPDATE_SCHEDULE
CLINICAL = BackendContract.UPDATE_CLINICAL
SUMMARY = BackendContract.UPDATE_SUMMARY
CREATE = BackendContract.CREATE_SCHEDULE
FULL_VITALS = "PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo e orientado"
FULL_REPORT = (
    "comeu bem no almoço, bebeu bastante água, dormiu a tarde toda; evacuou normal, urina clara; calmo; "
    "tomou losartana às 14h; fez fisioterapia; sem intercorrências; filha visitou"
)


class TestPresence:
    async def test_confirm_presence(self, stack: Stack) -> None:
        """1. A greeting on an unconfirmed shift asks for presence; "sim" confirms it once."""
        question = await stack.say(A, "oi, bom dia")
        assert "José" in question and "26/11" in question and "08:00" in question and "20:00" in question
        assert stack.writes() == []
        saved = await stack.say(A, "sim, já cheguei")
        [write] = stack.writes(SCHEDULE)
        assert (write["scheduleID"], write["responseValue"]) == ("S-A", "confirmado")
        assert "confirmad" in saved.lower()

    async def test_ambiguous_answer_asks_again(self, stack: Stack) -> None:
        """2. "talvez mais tarde" writes nothing and asks for sim or não."""
        await stack.say(A, "bom dia")
        answer = await stack.say(A, "talvez mais tarde")
        assert stack.writes() == []
        assert "sim" in answer.lower() and "não" in answer.lower()

    async def test_cancel_twice_confirmed_then_substitute(self, stack: Stack) -> None:
        """3. Cancelling needs a second yes; then the substitutes are listed and "2" books João Lima."""
        await stack.say(A, "bom dia")
        double_check = await stack.say(A, "não vou conseguir ir hoje")
        assert stack.writes() == []
        assert "cancel" in double_check.lower()
        offer = await stack.say(A, "sim, tenho certeza")
        [cancel] = stack.writes(SCHEDULE)
        assert cancel["responseValue"] == "cancelado"
        assert "1. Maria Souza" in offer and "2. João Lima" in offer
        await stack.say(A, "2")
        [booked] = stack.writes(CREATE)
        assert booked == {"scheduleIdentifier": "S-A", "newCaregiverID": "C-9"}

    async def test_unknown_phone(self, stack: Stack) -> None:
        """4. An unknown phone gets the no-shift help answer and nothing is written."""
        answer = await stack.say(D, "quero mandar os sinais")
        assert stack.writes() == []
        assert "plantão" in answer.lower()


class TestClinical:
    async def test_first_measurement_saved_after_confirmation(self, stack: Stack) -> None:
        """5. A complete first measurement is summarized; "pode salvar" writes it exactly once."""
        summary = await stack.say(B, FULL_VITALS)
        assert stack.writes() == []
        for fact in ("120x80", "76", "18", "97", "36.4", "Ar ambiente"):
            assert fact in summary
        saved = await stack.say(B, "pode salvar")
        [write] = stack.writes(CLINICAL)
        assert write["bloodPressure"] == "120x80" and write["heartRate"] == 76 and write["respRate"] == 18
        assert write["saturationO2"] == 97 and write["temperature"] == 36.4
        assert write["supplementaryOxygen"] == "Ar ambiente" and "tranquilo" in write["clinicalNote"]
        assert (write["reportID"], write["scheduleID"], write["operationalNote"]) == ("R-B", "S-B", False)
        assert "salv" in saved.lower()

    async def test_values_merge_across_messages(self, stack: Stack) -> None:
        """6. Vitals over three messages merge; the summary shows Oxigênio suplementar; "sim" saves all."""
        first = await stack.say(B, "pa 130x85 fc 90")
        assert all(name in first for name in ("FR", "Sat", "Temp"))
        second = await stack.say(B, "fr 20 sat 95 temp 37,1")
        assert "respirat" in second.lower()
        summary = await stack.say(B, "O2 no cateter, paciente sonolento")
        assert "Oxigênio suplementar" in summary
        await stack.say(B, "sim")
        [write] = stack.writes(CLINICAL)
        assert (write["bloodPressure"], write["heartRate"], write["respRate"]) == ("130x85", 90, 20)
        assert (write["saturationO2"], write["temperature"]) == (95, 37.1)
        assert write["supplementaryOxygen"] == "Oxigênio suplementar"

    async def test_first_measurement_must_be_complete(self, stack: Stack) -> None:
        """7. A note alone cannot be the first measurement: the missing vitals are listed."""
        answer = await stack.say(B, "paciente com tosse seca")
        assert stack.writes() == []
        assert "PA" in answer and "FC" in answer

    async def test_correction_before_saving(self, stack: Stack) -> None:
        """8. "não" drops the staged save; a corrected PA is summarized again and saved once."""
        await stack.say(B, FULL_VITALS)
        await stack.say(B, "não, errei a pressão")
        assert stack.writes() == []
        summary = await stack.say(B, "PA 125x82")
        assert "125x82" in summary
        await stack.say(B, "sim")
        [write] = stack.writes(CLINICAL)
        assert write["bloodPressure"] == "125x82"

    async def test_out_of_range_values_are_refused(self, stack: Stack) -> None:
        """9. FC 300 and Sat 150 are refused by name; Temp 36 is kept."""
        answer = await stack.say(B, "FC 300 sat 150 temp 36")
        assert stack.writes() == []
        assert "300" in answer and "150" in answer
        record = await stack.sessions().load(B.lstrip("+"))
        assert "36" in record.state.model_dump_json()


class TestOperational:
    async def test_operational_note_saved_at_once(self, stack: Stack) -> None:
        """10. An operational remark is written at once with operationalNote true."""
        answer = await stack.say(B, "acabaram as luvas e a gaze")
        [write] = stack.writes(CLINICAL)
        assert write["operationalNote"] is True and "luvas" in write["clinicalNote"]
        assert "regist" in answer.lower() or "salv" in answer.lower()

    async def test_mixed_note_and_vitals_keep_both(self, stack: Stack) -> None:
        """11. The broken thermometer is noted at once; PA and FC wait for the rest of the measurement."""
        await stack.say(B, "PA 120x80 FC 80 e o termômetro quebrou")
        [note] = stack.writes(CLINICAL)
        assert note["operationalNote"] is True and "termômetro" in note["clinicalNote"]
        summary = await stack.say(B, "FR 18 sat 96 temp 36,5 ar ambiente sem queixas")
        assert "120x80" in summary and "80" in summary
        await stack.say(B, "sim")
        measurement = stack.writes(CLINICAL)[-1]
        assert measurement["operationalNote"] is False
        assert (measurement["bloodPressure"], measurement["heartRate"], measurement["temperature"]) == (
            "120x80",
            80,
            36.5,
        )


class TestFinalization:
    async def test_report_collected_and_saved(self, stack: Stack) -> None:
        """12. Topics over two messages, missing ones listed, then one updateReportSummary with shift facts."""
        missing = await stack.say(C, "comeu bem no almoço, bebeu bastante água, dormiu a tarde toda")
        assert stack.writes() == []
        assert "humor" in missing.lower() or "Humor" in missing
        await stack.say(
            C,
            "evacuou normal, urina clara; calmo; tomou losartana às 14h; fez fisioterapia; "
            "sem intercorrências; filha visitou",
        )
        await stack.say(C, "confirmo")
        [summary] = stack.writes(SUMMARY)
        assert (summary["caregiverFirstName"], summary["patientFirstName"]) == ("Ana", "José")
        assert (summary["shiftDay"], summary["shiftStart"], summary["shiftEnd"]) == ("26/11/2026", "08:00", "20:00")
        topics = [key for key in summary if key.endswith("Specification") or key == "administrativeInfo"]
        assert len(topics) == 8 and all(summary[key] for key in topics)
        assert "losartana" in summary["medicationsSpecification"]


class TestHelpAndRobustness:
    async def test_help(self, stack: Stack) -> None:
        """13. "como funciona?" lists what the caregiver can do; nothing is written."""
        answer = await stack.say(B, "como funciona?")
        assert stack.writes() == []
        assert "sinais vitais" in answer.lower() and "finalizar" in answer.lower()

    async def test_duplicate_delivery_writes_and_replies_once(self, stack: Stack) -> None:
        """14. "sim" delivered twice with the same message_id: one write, one reply. A copy that meets the
        first still being queued is told 409 `in_progress` (issue 16) and, retried as a sender does, replayed."""
        await stack.say(B, FULL_VITALS)
        replies_before = len(stack.replies(B))
        answers = await asyncio.gather(
            stack.send(B, "sim", message_id="dup-1"), stack.send(B, "sim", message_id="dup-1")
        )
        assert {answer.status_code for answer in answers} <= {200, 202, 409}
        assert any(answer.status_code == 202 for answer in answers)
        if any(answer.status_code == 409 for answer in answers):
            retried = await stack.send(B, "sim", message_id="dup-1")
            assert retried.status_code in (200, 202)
        await stack.drain()
        assert len(stack.writes(CLINICAL)) == 1
        assert len(stack.replies(B)) == replies_before + 1


async def settled(stack: Stack, phone: str) -> None:
    """Nothing left on the queues and no failure recorded on the session: every message was answered."""
    assert await stack.queue_depths() == {
        "inbound": {"visible": 0, "in_flight": 0},
        "dlq": {"visible": 0, "in_flight": 0},
    }
    assert await stack.sessions().failures(phone.lstrip("+")) == {}


class TestReportCorrections:
    """The crash loop of issue 10: "não" to the report summary, then the next message."""

    async def test_no_then_the_next_message_is_answered(self, stack: Stack) -> None:
        """ "não" to the summary, then "oi": each gets exactly one reply (the summary is offered again)."""
        assert "Posso enviar" in await stack.say(C, FULL_REPORT)
        assert "não enviei" in await stack.say(C, "não")
        again = await stack.say(C, "oi")
        assert "Posso enviar" in again and stack.writes(SUMMARY) == []
        await settled(stack, C)

    async def test_no_with_the_correction_in_the_same_message(self, stack: Stack) -> None:
        """ "não, sono: acordou duas vezes" applies the correction; "sim" sends it; the next message hears
        the shift is closed."""
        await stack.say(C, FULL_REPORT)
        corrected = await stack.say(C, "não, sono: acordou duas vezes")
        assert "acordou duas vezes" in corrected and "Posso enviar" in corrected
        await stack.say(C, "sim")
        [summary] = stack.writes(SUMMARY)
        assert summary["sleepSpecification"] == "acordou duas vezes" and summary["moodSpecification"] == "calmo"
        assert "encerrado" in await stack.say(C, "oi")
        await settled(stack, C)


class TestWholeShift:
    async def test_presence_vitals_note_report_with_a_correction(self, stack: Stack) -> None:
        """Presence, vitals over three messages, the note asked and given, the measurement saved; then the
        report, "não" with a correction, sent; then the shift is closed."""
        assert "confirma presença" in await stack.say(A, "boa noiteee")
        assert "confirmada" in (await stack.say(A, "sim")).lower()
        await stack.say(A, "pa treze por nove, fc 88")
        await stack.say(A, "fr 18 | sat 96%")
        asked = await stack.say(A, "t 36.8 ar ambiente")
        assert "nota clínica" in asked
        summary = await stack.say(A, "pcte dormindo, sem queixas")
        assert "PA 130x90" in summary and "Nota: pcte dormindo, sem queixas" in summary
        await stack.say(A, "sim")
        [measurement] = stack.writes(CLINICAL)
        assert (measurement["bloodPressure"], measurement["heartRate"], measurement["temperature"]) == (
            "130x90",
            88,
            36.8,
        )
        assert measurement["clinicalNote"] == "pcte dormindo, sem queixas"
        assert "finalizar" in (await stack.say(A, "quero finalizar")).lower()
        assert "Posso enviar" in await stack.say(A, FULL_REPORT)
        await stack.say(A, "não, humor: agitado à noite")
        await stack.say(A, "sim")
        [report] = stack.writes(SUMMARY)
        assert report["moodSpecification"] == "agitado à noite" and report["scheduleID"] == "S-A"
        assert "encerrado" in await stack.say(A, "oi")
        await settled(stack, A)


@pytest.fixture
async def scripted_schedule(
    moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str
) -> AsyncIterator[Stack]:
    """The whole system, with getScheduleStarted answered by the scripted server (`scripted.default`)
    instead of the demo backend; the writes still go to the demo backend."""
    overrides = {"lambda_get_schedule": f"{scripted.url}/getScheduleStarted"}
    async with running_stack(moto_server.endpoint, scripted, table_prefix, **overrides) as running:
        yield running


def schedule_with_nulls(stack: Stack, phone: str, **fields: Any) -> dict[str, Any]:
    """The demo backend's shift for `phone`, as getScheduleStarted answers it, with every boolean and
    list null (then `fields` applied)."""
    body = schedule_body(stack.demo.backend.shift(phone.lstrip("+")))
    nulls = {"shiftAllow": None, "scheduleStarted": None, "finishReminderSent": None, "substituteInfo": None}
    return {**body, **nulls, "caregiverNotFound": None, "company": None, **fields}


class TestBackendAnswersWithNulls:
    async def test_a_shift_with_null_fields_is_served(self, scripted_schedule: Stack, scripted: ScriptedServer) -> None:
        """ "scheduleStarted": null and every other null boolean or list: the caregiver is answered and a
        measurement is saved as usual."""
        stack = scripted_schedule
        scripted.default = Scripted.json(schedule_with_nulls(stack, B))
        assert "Falta" in await stack.say(B, "pa 12x8 fc 80")
        await stack.say(B, "fr 18 sat 97 temp 36,5 ar ambiente, paciente calmo")
        await stack.say(B, "sim")
        [write] = stack.writes(CLINICAL)
        assert write["scheduleID"] == "S-B" and write["clinicalNote"] == "paciente calmo"
        await settled(stack, B)

    async def test_an_unknown_caregiver_with_nulls_hears_no_shift_found(
        self, scripted_schedule: Stack, scripted: ScriptedServer
    ) -> None:
        """An unknown phone whose answer is all nulls but caregiverNotFound gets the no-shift answer."""
        stack = scripted_schedule
        body = {key: None for key in schedule_with_nulls(stack, B)}
        scripted.default = Scripted.json({**body, "caregiverNotFound": True})
        assert "Não encontrei nenhum plantão" in await stack.say(D, "quero mandar os sinais")
        assert stack.writes() == []
        await settled(stack, D)

    async def test_a_shift_that_cannot_be_read_gets_try_again_once(
        self, scripted_schedule: Stack, scripted: ScriptedServer
    ) -> None:
        """An answer that is no shift at all: one "try again in a moment" reply, the message is done (not
        retried, not in the DLQ); once the backend answers again the next message proceeds."""
        stack = scripted_schedule
        scripted.default = Scripted(body=b"<html>bad gateway</html>")
        assert "Tente de novo" in await stack.say(B, "pa 12x8 fc 80")
        assert len(stack.replies(B)) == 1
        await settled(stack, B)
        scripted.default = Scripted.json(schedule_with_nulls(stack, B))
        assert "Falta" in await stack.say(B, "pa 12x8 fc 80")
