"""The exact backend request bodies of SPEC section 7, built from the shift and the state.

Every key of a contract is present; a value the conversation does not have is null.
"""

from __future__ import annotations

from typing import Any

from orchestrator.machine.topics import NO_INFORMATION, Topic, Topics
from orchestrator.machine.vitals import RespiratoryCondition, Vitals
from orchestrator.models import Shift, ShiftResponse


def schedule_response(shift: Shift, session_id: str, response: ShiftResponse) -> dict[str, Any]:
    """`updateWorkScheduleResponse`: `confirmado` or `cancelado`."""
    return {
        "scheduleID": shift.schedule_id,
        "responseValue": response.value,
        "caregiverID": shift.caregiver_id,
        "phoneNumber": session_id,
    }


def clinical_data(
    shift: Shift,
    session_id: str,
    vitals: Vitals,
    respiratory: RespiratoryCondition | None,
    note: str | None,
    *,
    operational: bool,
) -> dict[str, Any]:
    """`updateClinicalData`: a measurement, a note alone, or an operational note."""
    return {
        "reportID": shift.report_id,
        "reportDate": shift.report_date,
        "scheduleID": shift.schedule_id,
        "patientIdentifier": shift.patient_id,
        "caregiverIdentifier": shift.caregiver_id,
        "sessionID": session_id,
        "bloodPressure": str(vitals.blood_pressure) if vitals.blood_pressure else None,
        "heartRate": vitals.heart_rate,
        "respRate": vitals.resp_rate,
        "saturationO2": vitals.saturation,
        "temperature": vitals.temperature,
        "supplementaryOxygen": respiratory.value if respiratory else None,
        "clinicalNote": note,
        "operationalNote": operational,
    }


def report_summary(shift: Shift, topics: Topics) -> dict[str, Any]:
    """`updateReportSummary` with the shift's real names, day and times."""
    body: dict[str, Any] = {
        "reportID": shift.report_id,
        "reportDate": shift.report_date,
        "scheduleID": shift.schedule_id,
        "caregiverID": shift.caregiver_id,
        "patientFirstName": shift.patient_first_name,
        "caregiverFirstName": shift.caregiver_first_name,
        "shiftDay": shift.day,
        "shiftStart": shift.start,
        "shiftEnd": shift.finish,
    }
    for topic in Topic:
        body[topic.value] = topics.get(topic) or NO_INFORMATION
    return body


def new_schedule(shift: Shift, substitute_id: str) -> dict[str, Any]:
    """`createNewSchedule`: the chosen substitute takes the shift."""
    return {"scheduleIdentifier": shift.schedule_id, "newCaregiverID": substitute_id}
