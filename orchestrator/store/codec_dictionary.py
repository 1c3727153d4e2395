"""The preset dictionary of the session item's compressed JSON (`session_codec`).

zlib starts a small text cold: most of a 1.4 KB state's compressed bytes go to spelling its field
names once. Compressed against this text (the shapes of a state, an action and a reply), a state
takes about a third of the bytes. Its Adler-32 goes into every stream it compressed, and a reader
needs these exact bytes: NEVER edit this text. A better one is a new constant, added to
`session_codec.DICTIONARIES`, with this one kept for the items already written.
"""

from __future__ import annotations

DICTIONARY_2026_12 = (
    '{"reply_id":"","session_id":"55","to":null,"in_reply_to":"wamid.HBgN","parts":[{"code":"","text":"",'
    '"kind":"prompt","after_action":null,"question":{"kind":"yes_no","options":[]}},{"code":"presence_confirmed",'
    '"text":"Presença confirmada ✅ Bom plantão!","kind":"notice","after_action":"","question":null}],"template":null}'
    '{"action_id":"","session_id":"55","kind":"updateWorkScheduleResponse","purpose":"presence","status":"confirmed",'
    '"payload":{"scheduleID":"S-55","responseValue":"confirmado","caregiverID":"C-55","phoneNumber":"55"},'
    '"created_at":"2026-01-01T00:00:00.000000Z","expires_at":"2026-01-01T00:00:00.000000Z","message_id":"wamid.HBgN",'
    '"summary":"","confirmed_by":"wamid.HBgN"}'
    '{"schedule_id":"S-55","shift":{"caregiver_not_found":false,"caregiver_id":"C-55","caregiver_first_name":null,'
    '"schedule_id":"S-55","patient_id":"P-","patient_first_name":null,"report_id":"R-55","report_date":"2026-01-01",'
    '"day":"01/01/2026","start":"08:00","finish":"20:00","response":"aguardando resposta","shift_allow":true,'
    '"schedule_started":false,"finish_reminder_sent":false,"substitute_info":null,"company":null},'
    '"shift_fetched_at":"2026-01-01T00:00:00.000000Z","presence":"confirmado","staged":{"action_id":"",'
    '"session_id":"55","kind":"updateClinicalData","purpose":"clinical","status":"staged","payload":{"reportID":"R-55",'
    '"reportDate":"2026-01-01","scheduleID":"S-55","patientIdentifier":"P-","caregiverIdentifier":"C-55",'
    '"sessionID":"55","bloodPressure":"","heartRate":null,"respRate":null,"saturationO2":null,"temperature":null,'
    '"supplementaryOxygen":"Ar ambiente","clinicalNote":"","operationalNote":false},'
    '"created_at":"2026-01-01T00:00:00.000000Z","expires_at":"2026-01-01T00:00:00.000000Z","message_id":"wamid.HBgN",'
    '"summary":"PA , FC , FR , Sat %, Temp °C\\nCondição respiratória: \\nNota: ","confirmed_by":null},'
    '"substitutes":[],"vitals":{"blood_pressure":{"systolic":null,"diastolic":null},"heart_rate":null,'
    '"resp_rate":null,"saturation":null,"temperature":null},"respiratory":null,"clinical_note":null,'
    '"measurements_saved":0,"complete_measurements_saved":0,"vitals_requested":false,"note_requested":false,'
    '"finalizing":false,"topics":{"foodHydrationSpecification":null,"stoolUrineSpecification":null,'
    '"sleepSpecification":null,"moodSpecification":null,"medicationsSpecification":null,'
    '"activitiesSpecification":null,"additionalInformationSpecification":null,"administrativeInfo":null},'
    '"report_sent":false}'
).encode()
