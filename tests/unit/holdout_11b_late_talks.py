"""The fifth to eighth blind batches of WhatsApp-typed conversations (see tests/unit/holdout_11b.py): values
and topics mixed, the backend and the clock moving mid-talk, "ok" and emojis where no answer is due."""

from __future__ import annotations

from datetime import timedelta

from orchestrator.models import Template
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_D, SHIFT_E
from tests.unit.holdout_11b_writes import (
    ALL_TOPICS,
    ALL_TOPICS_WRITE,
    CANCELLED,
    CLINICAL_WRITE,
    CONFIRMED,
    CREATE,
    FULL,
    FULL_WRITE,
    SUMMARY_WRITE,
    vitals,
)
from tests.unit.script_kit import Script

FIFTH_TO_EIGHTH_BATCHES: tuple[Script, ...] = (
    # --- fifth batch, written blind after the fourth scored 17/17 ---
    Script(
        "a corrected heart rate said in a sentence",
        SHIFT_B,
        (FULL, "a fc é 88 e não 80", "sim"),
        calls=((CLINICAL_WRITE, vitals("120x80", 88, 18, 97, 36.4, "pcte tranquilo")),),
        last_has=("salv",),
    ),
    Script(
        "temperature spoken as thirty-six and five",
        SHIFT_B,
        ("PA 12x8 FC 80 FR 18 SAT 97 temperatura trinta e seis e cinco, ar ambiente, pcte tranquilo", "sim"),
        calls=((CLINICAL_WRITE, vitals("120x80", 80, 18, 97, 36.5, "pcte tranquilo")),),
        last_has=("salv",),
    ),
    Script(
        "values in random order",
        SHIFT_B,
        ("Sat 97 FC 80 PA 12x8 FR 18 Temp 36,4 ar ambiente, pcte tranquilo", "sim"),
        calls=(FULL_WRITE,),
        last_has=("salv",),
    ),
    Script(
        "the note first, the values after",
        SHIFT_B,
        ("pcte tranquilo", "PA 12x8 FC 80 FR 18 SAT 97 TEMP 36,4 ar ambiente", "sim"),
        calls=(FULL_WRITE,),
        last_has=("salv",),
    ),
    Script(
        "a food answer and a measurement in one message",
        SHIFT_C,
        (
            "comeu bem, PA 12x8 FC 80 FR 18 SAT 97 TEMP 36,4 ar ambiente, pcte tranquilo",
            "sim",
            "evacuação: evacuou normal; sono: dormiu bem; humor: calmo; medicações: tomou losartana; "
            "atividades: caminhou no quintal; info clínica: sem intercorrências; administrativo: sem informações",
            "sim",
        ),
        # Two patient topics beside the values ("comeu bem", "pcte tranquilo") are the report, so the
        # measurement lacks its note: asked, then the caregiver is warned it is not saved with the report.
        calls=((SUMMARY_WRITE, ALL_TOPICS_WRITE),),
    ),
    Script(
        "yes with a question at presence",
        SHIFT_A,
        ("bom dia", "sim, que horas acaba?"),
        calls=(CONFIRMED,),
    ),
    Script(
        "a new pressure while the summary waits",
        SHIFT_B,
        (FULL, "PA 13x8", "sim"),
        calls=((CLINICAL_WRITE, vitals("130x80", 80, 18, 97, 36.4, "pcte tranquilo")),),
        last_has=("salv",),
    ),
    Script(
        "no, then the fixed value, then a thumb",
        SHIFT_B,
        (FULL, "nao", "fc 88", "👍"),
        calls=((CLINICAL_WRITE, vitals("120x80", 88, 18, 97, 36.4, "pcte tranquilo")),),
        last_has=("salv",),
    ),
    Script(
        "cannot come to a confirmed shift",
        SHIFT_B,
        ("nao vou poder ir hj", {**SHIFT_E, "scheduleStarted": True}, "sim", "1"),
        calls=(CANCELLED, (CREATE, {"newCaregiverID": "C-7"})),
    ),
    Script(
        "every topic without information, one by one",
        SHIFT_B,
        (Template.FINISH_SHIFT, *(["sem informações"] * 8), "sim"),
        calls=((SUMMARY_WRITE, {topic: "Sem informações" for topic in ALL_TOPICS_WRITE}),),
    ),
    Script(
        "sem informações out of the report writes nothing",
        SHIFT_B,
        ("sem informações", "😊", "bom dia ☀️"),
        calls=(),
    ),
    Script(
        "unknown phone says yes",
        SHIFT_D,
        ("sim",),
        calls=(),
    ),
    Script(
        "a long voice note with sentences",
        SHIFT_B,
        (
            "Oi, boa tarde. Então, a pressão dele tá doze por oito, a frequência tá oitenta, a respiração "
            "dezoito, saturação noventa e sete, temperatura trinta e seis e quatro. Ele tá em ar ambiente. "
            "pcte tranquilo",
            "sim",
        ),
        calls=(FULL_WRITE,),
        last_has=("salv",),
    ),
    # --- sixth batch, written blind after the fifth was reviewed ---
    Script(
        "a bare number for the one value asked",
        SHIFT_B,
        ("PA 12x8 FC 80 SAT 97 TEMP 36,4 ar ambiente pcte tranquilo", "18", "sim"),
        calls=(FULL_WRITE,),
        last_has=("salv",),
    ),
    Script(
        "a bare temperature for the one value asked",
        SHIFT_B,
        ("PA 12x8 FC 80 FR 18 SAT 97 ar ambiente pcte tranquilo", "36,4", "sim"),
        calls=(FULL_WRITE,),
        last_has=("salv",),
    ),
    Script(
        "values glued to their labels",
        SHIFT_B,
        ("PA120x80mmhg FC80 FR18 SAT97 T36.4 ar ambiente pcte tranquilo", "Sim, pode salvar. Obrigada!"),
        calls=(FULL_WRITE,),
        last_has=("salv",),
    ),
    Script(
        "SpO2 and a half pressure",
        SHIFT_B,
        ("PA 12,5x8 FC 80 FR 18 SpO2 97 TEMP 36,4 ar ambiente pcte tranquilo", "sim obg"),
        calls=((CLINICAL_WRITE, vitals("125x80", 80, 18, 97, 36.4, "pcte tranquilo")),),
        last_has=("salv",),
    ),
    Script(
        "no with the temperature corrected",
        SHIFT_B,
        (FULL, "nao, a temp é 36,8", "sim"),
        calls=((CLINICAL_WRITE, vitals("120x80", 80, 18, 97, 36.8, "pcte tranquilo")),),
        last_has=("salv",),
    ),
    Script(
        "confirmo presença with a check",
        SHIFT_A,
        ("Confirmo presença ✅",),
        calls=(CONFIRMED,),
    ),
    Script(
        "cancela at the cancellation check cancels",
        SHIFT_A,
        ("bom dia", "Não posso, desculpa 😔", SHIFT_E, "pode cancelar", "nenhum"),
        calls=(CANCELLED,),
    ),
    Script(
        "substitute by opção",
        SHIFT_A,
        ("bom dia", "nao", SHIFT_E, "sim", "opção 2"),
        calls=(CANCELLED, (CREATE, {"newCaregiverID": "C-9"})),
    ),
    Script(
        "substitute by a number with a dot",
        SHIFT_A,
        ("bom dia", "nao", SHIFT_E, "sim", "1."),
        calls=(CANCELLED, (CREATE, {"newCaregiverID": "C-7"})),
    ),
    Script(
        "report as a bulleted list",
        SHIFT_C,
        (
            "- alimentação: comeu bem\n- evacuação: evacuou normal\n- sono: dormiu bem\n- humor: calmo\n"
            "- medicações: tomou losartana\n- atividades: caminhou no quintal\n- info clínica: sem intercorrências\n"
            "- administrativo: sem informações",
            "pode mandar",
        ),
        calls=((SUMMARY_WRITE, ALL_TOPICS_WRITE),),
    ),
    Script(
        "plantão encerrado opens the report",
        SHIFT_B,
        (FULL, "sim", "Boa noite, plantão encerrado"),
        calls=(FULL_WRITE,),
        last_has=("alimentação",),
    ),
    Script(
        "yes since seven",
        SHIFT_A,
        ("bom dia", "sim sim to aqui desde 7h", "obg"),
        calls=(CONFIRMED,),
    ),
    # --- seventh batch: the backend and the clock move during the talk, written blind ---
    Script(
        "the finish reminder arrives through a refresh",
        SHIFT_B,
        (FULL, "sim", SHIFT_C, timedelta(minutes=6), "oi"),
        calls=(FULL_WRITE,),
        last_has=("alimentação",),
    ),
    Script(
        "confirmed elsewhere, then values",
        SHIFT_A,
        (SHIFT_B, FULL, "sim"),
        calls=(FULL_WRITE,),
        last_has=("salv",),
    ),
    Script(
        "the next day's shift after the report",
        SHIFT_C,
        (
            ALL_TOPICS,
            "sim",
            {**SHIFT_A, "scheduleID": "S-N", "reportID": "R-N", "day": "27/11/2026"},
            timedelta(hours=12),
            "bom dia",
            "sim",
        ),
        calls=((SUMMARY_WRITE, ALL_TOPICS_WRITE), CONFIRMED),
    ),
    Script(
        "a yes for the old shift's measurement after a new shift",
        SHIFT_B,
        (FULL, {**SHIFT_B, "scheduleID": "S-N", "reportID": "R-N"}, timedelta(minutes=6), "sim"),
        calls=(),
    ),
    Script(
        "cancelled by the coordination meanwhile",
        SHIFT_B,
        ("PA 12x8 FC 80", {**SHIFT_B, "response": "cancelado"}, timedelta(minutes=6), "FR 18 sat 97"),
        calls=(),
    ),
    Script(
        "sem lembretes gets no write",
        {**SHIFT_B, "response": "sem lembretes"},
        (FULL, "sim"),
        calls=(),
    ),
    Script(
        "the vitals template, then the values",
        SHIFT_B,
        (Template.ASK_VITALS, "PA 12x8 FC 80 FR 18 SAT 97 TEMP 36,4 aa pcte tranquilo", "sim"),
        calls=((CLINICAL_WRITE, vitals("120x80", 80, 18, 97, 36.4, "pcte tranquilo")),),
        last_has=("salv",),
    ),
    Script(
        "the presence template twice, one yes",
        SHIFT_A,
        (Template.CONFIRM_PRESENCE, Template.CONFIRM_PRESENCE, "sim"),
        calls=(CONFIRMED,),
    ),
    Script(
        "the report summary expires",
        SHIFT_C,
        (ALL_TOPICS, timedelta(minutes=15), "sim", "sim"),
        calls=((SUMMARY_WRITE, ALL_TOPICS_WRITE),),
    ),
    Script(
        "an expired measurement, no, then a fix",
        SHIFT_B,
        (FULL, timedelta(minutes=12), "sim", "nao", "fc 84", "sim"),
        calls=((CLINICAL_WRITE, vitals("120x80", 84, 18, 97, 36.4, "pcte tranquilo")),),
        last_has=("salv",),
    ),
    # --- eighth batch: "ok", "certo" and emojis where no answer is due, answers that add, written blind ---
    Script(
        "certo where a topic is asked answers nothing",
        SHIFT_C,
        (
            "comeu bem",
            "evacuou normal",
            "certo",
            "dormiu bem",
            "humor: calmo; medicações: tomou losartana; atividades: caminhou no quintal; "
            "info clínica: sem intercorrências; administrativo: sem informações",
            "certo",
        ),
        calls=((SUMMARY_WRITE, ALL_TOPICS_WRITE),),
    ),
    Script(
        "a thumb while the report is collected fills nothing",
        SHIFT_C,
        ("comeu bem", "👍", ALL_TOPICS, "sim"),
        calls=((SUMMARY_WRITE, ALL_TOPICS_WRITE),),
    ),
    Script(
        "ok obg with a thumb after saving",
        SHIFT_B,
        (FULL, "sim", "ok obg 👍"),
        calls=(FULL_WRITE,),
        last_lacks=("Posso salvar",),
    ),
    Script(
        "ok at presence",
        SHIFT_A,
        ("bom dia", "ok"),
        calls=(CONFIRMED,),
    ),
    Script(
        "yes at presence with the first values",
        SHIFT_A,
        (
            "bom dia",
            "sim, ja estou com o paciente, PA 12x8 FC 80",
            "FR 18 SAT 97 TEMP 36,4 ar ambiente pcte tranquilo",
            "s",
        ),
        calls=(CONFIRMED, FULL_WRITE),
        last_has=("salv",),
    ),
    Script(
        "sim infelizmente at the cancellation check",
        SHIFT_A,
        ("bom dia", "nao vou", SHIFT_E, "sim, infelizmente", "pode ser a maria sim"),
        calls=(CANCELLED, (CREATE, {"newCaregiverID": "C-7"})),
    ),
    Script(
        "sem informações naming its topic",
        SHIFT_C,
        (
            "comeu bem; evacuou normal; dormiu bem; calmo",
            "sem informações de medicação",
            "caminhou no quintal",
            "sem intercorrências",
            "sem informações",
            "sim",
        ),
        calls=(
            (
                SUMMARY_WRITE,
                {**ALL_TOPICS_WRITE, "medicationsSpecification": "Sem informações"},
            ),
        ),
    ),
    Script(
        "values with ok after them",
        SHIFT_B,
        ("PA 12x8 ok, FC 80 ok, FR 18, SAT 97, TEMP 36,4, ar ambiente, pcte tranquilo", "sim"),
        calls=(FULL_WRITE,),
        last_has=("salv",),
    ),
)
