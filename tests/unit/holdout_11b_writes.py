"""The backend writes the blind held-out set of WhatsApp typing (tests/unit/holdout_11b.py) expects, and the
messages its conversations share."""

from __future__ import annotations

from typing import Any

from orchestrator.models import ActionKind

SCHEDULE, CLINICAL_WRITE, SUMMARY_WRITE, CREATE = (
    ActionKind.UPDATE_SCHEDULE,
    ActionKind.UPDATE_CLINICAL,
    ActionKind.UPDATE_SUMMARY,
    ActionKind.CREATE_SCHEDULE,
)
CONFIRMED = (SCHEDULE, {"responseValue": "confirmado"})
CANCELLED = (SCHEDULE, {"responseValue": "cancelado"})


def vitals(
    bp: str, hr: int, rr: int, sat: int, temp: float, note: str | None, oxygen: str = "Ar ambiente"
) -> dict[str, Any]:
    return {
        "bloodPressure": bp,
        "heartRate": hr,
        "respRate": rr,
        "saturationO2": sat,
        "temperature": temp,
        "supplementaryOxygen": oxygen,
        "clinicalNote": note,
        "operationalNote": False,
    }


def remark(text: str) -> dict[str, Any]:
    return {"clinicalNote": text, "operationalNote": True}


def report(**values: str) -> dict[str, Any]:
    return values


FULL = "PA 12x8 FC 80 FR 18 SAT 97 TEMP 36,4 ar ambiente, pcte tranquilo"
FULL_WRITE = (CLINICAL_WRITE, vitals("120x80", 80, 18, 97, 36.4, "pcte tranquilo"))
ALL_TOPICS = (
    "alimentação: comeu bem; evacuação: evacuou normal; sono: dormiu bem; humor: calmo; "
    "medicações: tomou losartana; atividades: caminhou no quintal; info clínica: sem intercorrências; "
    "administrativo: sem informações"
)
ALL_TOPICS_WRITE = report(
    foodHydrationSpecification="comeu bem",
    stoolUrineSpecification="evacuou normal",
    sleepSpecification="dormiu bem",
    moodSpecification="calmo",
    medicationsSpecification="tomou losartana",
    activitiesSpecification="caminhou no quintal",
    additionalInformationSpecification="sem intercorrências",
    administrativeInfo="Sem informações",
)
