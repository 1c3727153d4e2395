"""The first blind batch of WhatsApp-typed conversations (see tests/unit/holdout_11b.py): bursts, emojis,
presence as typed, the clinical flow, the report, no shift."""

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
    remark,
    report,
    vitals,
)
from tests.unit.script_kit import Script

FIRST_BATCH: tuple[Script, ...] = (
    # --- bursts: one value per message ---
    Script(
        "burst one value per message",
        SHIFT_B,
        ("PA 12x8", "fc 80", "fr18", "sat 97", "tax 36,5", "ar ambiente", "pcte tranquilo, sem queixas", "ss"),
        calls=((CLINICAL_WRITE, vitals("120x80", 80, 18, 97, 36.5, "pcte tranquilo, sem queixas")),),
        last_has=("salv",),
    ),
    Script(
        "burst with ok in the middle",
        SHIFT_B,
        ("PA 11x7 FC 70", "ok", "fr 16 sat 98", "temp 36.2", "ar ambiente", "paciente bem", "certo"),
        calls=((CLINICAL_WRITE, vitals("110x70", 70, 16, 98, 36.2, "paciente bem")),),
        last_has=("salv",),
    ),
    Script(
        "all caps measurement",
        SHIFT_B,
        ("PA 130X80 FC 88 FR 20 SAT 95% TEMP 36,8 AR AMBIENTE PACIENTE DORMINDO", "SIM"),
        calls=((CLINICAL_WRITE, vitals("130x80", 88, 20, 95, 36.8, "PACIENTE DORMINDO")),),
        last_has=("salv",),
    ),
    Script(
        "voice note with numbers in words",
        SHIFT_B,
        (
            "pressão treze por oito, frequência cardíaca setenta e dois, respiração dezoito, saturação noventa "
            "e seis, temperatura trinta e seis e meio, ar ambiente, paciente calmo",
            "pode salvar",
        ),
        calls=((CLINICAL_WRITE, vitals("130x80", 72, 18, 96, 36.5, "paciente calmo")),),
        last_has=("salv",),
    ),
    Script(
        "oxygen by catheter abbreviated",
        SHIFT_B,
        ("PA 14x9 FC 95 FR 22 SAT 92 TEMP 37,2", "O2 em cateter, pcte sonolento", "s"),
        calls=((CLINICAL_WRITE, vitals("140x90", 95, 22, 92, 37.2, "pcte sonolento", "Oxigênio suplementar")),),
        last_has=("salv",),
    ),
    # --- emojis ---
    Script(
        "thumbs up saves the measurement",
        SHIFT_B,
        (FULL, "👍"),
        calls=(FULL_WRITE,),
        last_has=("salv",),
    ),
    Script(
        "cross with the correction, then check",
        SHIFT_B,
        ("PA 120x80 FC 78 FR 18 sat 98 temp 36 ar ambiente, pcte bem", "❌ fc é 87", "✅"),
        calls=((CLINICAL_WRITE, vitals("120x80", 87, 18, 98, 36.0, "pcte bem")),),
        last_has=("salv",),
    ),
    Script(
        "presence with emojis",
        SHIFT_A,
        ("bom dia 🙏", "✅"),
        calls=(CONFIRMED,),
    ),
    # --- presence typed as people type ---
    Script(
        "elongated yes at presence",
        SHIFT_A,
        ("oi", "siim cheguei"),
        calls=(CONFIRMED,),
    ),
    Script(
        "td certo at presence",
        SHIFT_A,
        ("bom dia", "td certo, to aqui ja"),
        calls=(CONFIRMED,),
    ),
    Script(
        "yes that adds a supply remark",
        SHIFT_A,
        ("bom dia", "sim, e acabou a luva"),
        calls=((CLINICAL_WRITE, remark("acabou a luva")), CONFIRMED),
    ),
    Script(
        "a second yes at presence writes once",
        SHIFT_A,
        ("bom dia", "sim", "sim"),
        calls=(CONFIRMED,),
    ),
    Script(
        "vitals before presence are kept and resumed",
        SHIFT_A,
        (FULL, "sim", "sim"),
        calls=(CONFIRMED, FULL_WRITE),
        last_has=("salv",),
    ),
    Script(
        "nn hj cancels after the check, first substitute",
        SHIFT_A,
        ("bom dia", "nn vou conseguir hj", SHIFT_E, "ss", "1"),
        calls=(CANCELLED, (CREATE, {"newCaregiverID": "C-7"})),
    ),
    Script(
        "substitute named without accent",
        SHIFT_A,
        ("oi", "nao posso ir hj", SHIFT_E, "sim", "joao"),
        calls=(CANCELLED, (CREATE, {"newCaregiverID": "C-9"})),
    ),
    Script(
        "no substitute wanted",
        SHIFT_A,
        ("oi", "não", SHIFT_E, "sim", "nenhum"),
        calls=(CANCELLED,),
    ),
    Script(
        "changes her mind at the cancellation check",
        SHIFT_A,
        ("bom dia", "nao", "pera, na verdade eu vou sim"),
        calls=(CONFIRMED,),
    ),
    # --- clinical flow ---
    Script(
        "the staged measurement expires, a late yes shows it again",
        SHIFT_B,
        (FULL, timedelta(minutes=15), "sim", "sim"),
        calls=(FULL_WRITE,),
        last_has=("salv",),
    ),
    Script(
        "an arrival while the summary waits keeps it",
        SHIFT_B,
        (FULL, "a enfermeira chegou agora", "sim"),
        calls=((CLINICAL_WRITE, remark("a enfermeira chegou agora")), FULL_WRITE),
        last_has=("salv",),
    ),
    Script(
        "out of range then corrected, one per message",
        SHIFT_B,
        ("fc 350", "fc 85", "PA 12x8", "fr 18", "sat 96", "temp 36", "ar ambiente", "paciente bem", "sim"),
        calls=((CLINICAL_WRITE, vitals("120x80", 85, 18, 96, 36.0, "paciente bem")),),
        last_has=("salv",),
    ),
    Script(
        "vitals with a family remark, completed later",
        SHIFT_B,
        (
            "PA 120x80 FC 80 e a familia pediu pra trocar o horario da visita",
            "FR 18 sat 96 temp 36,5 ar ambiente sem queixas",
            "sim",
        ),
        calls=(
            (CLINICAL_WRITE, remark("a familia pediu pra trocar o horario da visita")),
            (CLINICAL_WRITE, vitals("120x80", 80, 18, 96, 36.5, "sem queixas")),
        ),
        last_has=("salv",),
    ),
    Script(
        "second measurement without a note",
        SHIFT_B,
        (FULL, "sim", timedelta(hours=2), "PA 13x8 FC 82 FR 19 SAT 96 TEMP 36,9 ar ambiente", "sim"),
        calls=(FULL_WRITE, (CLINICAL_WRITE, vitals("130x80", 82, 19, 96, 36.9, None))),
        last_has=("salv",),
    ),
    Script(
        "a later note alone",
        SHIFT_B,
        (FULL, "sim", timedelta(hours=1), "paciente dormindo agr, sem queixas", "sim"),
        calls=(
            FULL_WRITE,
            (CLINICAL_WRITE, {"clinicalNote": "paciente dormindo agr, sem queixas", "operationalNote": False}),
        ),
        last_has=("salv",),
    ),
    Script(
        "questions and thanks write nothing",
        SHIFT_B,
        ("vcs tem o contato do medico?", "blz obg 🙏"),
        calls=(),
        last_lacks=("salv",),
    ),
    Script(
        "asks to finish before any measurement",
        SHIFT_B,
        ("quero finalizar o plantao",),
        calls=(),
        last_lacks=("Posso enviar",),
    ),
    # --- finalization ---
    Script(
        "report in random order with labels and sem informações",
        SHIFT_C,
        (
            "humor: tranquilo. sono: dormiu bem a noite toda",
            "medicação: sem informações",
            "alimentação: comeu pouco no jantar; evacuação: evacuou normal",
            "atividades: sem informações; info clínica: nada a relatar; administrativo: acabou a fralda",
            "sim",
        ),
        calls=(
            (
                SUMMARY_WRITE,
                report(
                    foodHydrationSpecification="comeu pouco no jantar",
                    stoolUrineSpecification="evacuou normal",
                    sleepSpecification="dormiu bem a noite toda",
                    moodSpecification="tranquilo",
                    medicationsSpecification="Sem informações",
                    activitiesSpecification="Sem informações",
                    additionalInformationSpecification="Sem informações",
                    administrativeInfo="acabou a fralda",
                ),
            ),
        ),
    ),
    Script(
        "report one answer per message, ok sends",
        SHIFT_C,
        (
            "comeu bem e tomou bastante agua",
            "evacuou 1x e urinou bem",
            "dormiu bem",
            "tranquilo",
            "sem informações",
            "sem informacoes",
            "sem info",
            "sem informações",
            "ok",
        ),
        calls=(
            (
                SUMMARY_WRITE,
                report(
                    foodHydrationSpecification="comeu bem e tomou bastante agua",
                    stoolUrineSpecification="evacuou 1x e urinou bem",
                    sleepSpecification="dormiu bem",
                    moodSpecification="tranquilo",
                    medicationsSpecification="Sem informações",
                    activitiesSpecification="Sem informações",
                    additionalInformationSpecification="Sem informações",
                    administrativeInfo="Sem informações",
                ),
            ),
        ),
    ),
    Script(
        "finish template, all topics at once, yes",
        SHIFT_B,
        (Template.FINISH_SHIFT, ALL_TOPICS, "sim"),
        calls=((SUMMARY_WRITE, ALL_TOPICS_WRITE),),
    ),
    Script(
        "no to the report with the correction",
        SHIFT_C,
        (ALL_TOPICS, "não, sono: acordou 2x de madrugada", "sim"),
        calls=((SUMMARY_WRITE, {**ALL_TOPICS_WRITE, "sleepSpecification": "acordou 2x de madrugada"}),),
    ),
    Script(
        "vitals in the middle of the report",
        SHIFT_C,
        ("comeu bem", "PA 12x8 FC 80 FR 18 sat 97 temp 36 ar ambiente pcte bem", "sim", ALL_TOPICS, "sim"),
        calls=((CLINICAL_WRITE, vitals("120x80", 80, 18, 97, 36.0, "pcte bem")), (SUMMARY_WRITE, ALL_TOPICS_WRITE)),
    ),
    Script(
        "asks to finish after a saved measurement",
        SHIFT_B,
        (FULL, "ss", "agr quero finalizar o plantão", ALL_TOPICS, "pode enviar"),
        calls=(FULL_WRITE, (SUMMARY_WRITE, ALL_TOPICS_WRITE)),
    ),
    Script(
        "thanks after the report is sent",
        SHIFT_C,
        (ALL_TOPICS, "sim", "obg, ate amanha"),
        calls=((SUMMARY_WRITE, ALL_TOPICS_WRITE),),
        last_lacks=("Posso enviar",),
    ),
    # --- no shift ---
    Script(
        "unknown phone in a burst",
        SHIFT_D,
        ("oi", "quero mandar os sinais", "PA 12x8"),
        calls=(),
    ),
    Script(
        "cancelled shift gets no write",
        SHIFT_E,
        ("PA 12x8 FC 80", "acabou a luva"),
        calls=(),
    ),
)
