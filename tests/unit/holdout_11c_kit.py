"""The fixtures of the held-out set 11c (tests/unit/holdout_11c.py): shifts, the expected writes, a
first measurement and a whole labelled report."""

from __future__ import annotations

from typing import Any

from orchestrator.models import ActionKind
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_E

CLIN, SCHED, NEW, SUMM = (
    ActionKind.UPDATE_CLINICAL,
    ActionKind.UPDATE_SCHEDULE,
    ActionKind.CREATE_SCHEDULE,
    ActionKind.UPDATE_SUMMARY,
)
# Shift A with the substitutes of E: the list is known before the cancellation.
SHIFT_A_SUBS: dict[str, Any] = {**SHIFT_A, "substituteInfo": SHIFT_E["substituteInfo"]}
SHIFT_NO_REMINDERS: dict[str, Any] = {**SHIFT_B, "response": "sem lembretes"}
SHIFT_NEXT: dict[str, Any] = {**SHIFT_B, "scheduleID": "S-F", "reportID": "R-F", "day": "27/11/2026"}

FIRST = "PA 120x80 FC 76 FR 18 Sat 97 Temp 36,4 ar ambiente paciente tranquilo"


def clinical(
    bp: str | None = None,
    fc: int | None = None,
    fr: int | None = None,
    sat: int | None = None,
    temp: float | None = None,
    resp: str | None = None,
    note: str | None = None,
) -> tuple[ActionKind, dict[str, Any]]:
    return (
        CLIN,
        {
            "bloodPressure": bp,
            "heartRate": fc,
            "respRate": fr,
            "saturationO2": sat,
            "temperature": temp,
            "supplementaryOxygen": resp,
            "clinicalNote": note,
            "operationalNote": False,
        },
    )


def operational(note: str) -> tuple[ActionKind, dict[str, Any]]:
    return (CLIN, {"clinicalNote": note, "operationalNote": True})


FIRST_CALL = clinical("120x80", 76, 18, 97, 36.4, "Ar ambiente", "paciente tranquilo")

REPORT = (
    "alimentação: comeu bem; eliminações: evacuou normal; sono: dormiu bem; humor: tranquilo; "
    "medicação: tomou dipirona às 10h; atividades: caminhou no corredor; info clínica: sem intercorrências; "
    "administrativo: filha visitou"
)
REPORT_FIELDS = {
    "foodHydrationSpecification": "comeu bem",
    "stoolUrineSpecification": "evacuou normal",
    "sleepSpecification": "dormiu bem",
    "moodSpecification": "tranquilo",
    "medicationsSpecification": "tomou dipirona às 10h",
    "activitiesSpecification": "caminhou no corredor",
    "additionalInformationSpecification": "sem intercorrências",
    "administrativeInfo": "filha visitou",
}
