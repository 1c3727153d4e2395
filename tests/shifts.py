"""The shift fixtures of conversations.md, as `getScheduleStarted` answers them (SPEC section 7)."""

from __future__ import annotations

from typing import Any

SHIFT_A: dict[str, Any] = {
    "caregiverID": "C-1",
    "caregiverFirstName": "Ana",
    "scheduleID": "S-A",
    "patientID": "P-1",
    "patientFirstName": "José",
    "reportID": "R-A",
    "reportDate": "2026-11-26",
    "day": "26/11/2026",
    "start": "08:00",
    "finish": "20:00",
    "response": "aguardando resposta",
    "shiftAllow": True,
    "scheduleStarted": False,
    "finishReminderSent": False,
    "substituteInfo": "Nenhum substituto disponível",
    "company": "Demo",
}
SHIFT_B = {**SHIFT_A, "response": "confirmado", "scheduleStarted": True}
SHIFT_C = {**SHIFT_B, "finishReminderSent": True}
SHIFT_D: dict[str, Any] = {
    "caregiverNotFound": True,
    "response": None,
    "shiftAllow": False,
    "caregiverID": None,
    "scheduleID": None,
    "patientID": None,
    "reportID": None,
}
SHIFT_E = {
    **SHIFT_A,
    "response": "cancelado",
    "substituteInfo": [
        {"caregiverIdentifier": "C-7", "caregiverName": "Maria Souza"},
        {"caregiverIdentifier": "C-9", "caregiverName": "João Lima"},
    ],
}
