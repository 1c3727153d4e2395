"""The second to fourth blind batches of WhatsApp-typed conversations (see tests/unit/holdout_11b.py)."""

from __future__ import annotations

from datetime import timedelta

from orchestrator.models import Template
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_E
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

SECOND_TO_FOURTH_BATCHES: tuple[Script, ...] = (
    # --- second batch, written blind like the first once it scored 34/34 after review ---
    Script(
        "burst with labels glued to units",
        SHIFT_B,
        ("PA:12x8", "Fc:80bpm", "Fr:18irpm", "SatO2 97% em AA", "Tax:36,5°C", "pcte lucido e orientado", "s"),
        calls=((CLINICAL_WRITE, vitals("120x80", 80, 18, 97, 36.5, "pcte lucido e orientado")),),
        last_has=("salv",),
    ),
    Script(
        "voice note spoken loosely",
        SHIFT_B,
        (
            "a pressão tá doze por sete, frequência oitenta e quatro, respiração vinte, saturação noventa e oito, "
            "temperatura trinta e seis vírgula oito, em ar ambiente, ela tá bem",
            "sim",
        ),
        calls=((CLINICAL_WRITE, vitals("120x70", 84, 20, 98, 36.8, "ela tá bem")),),
        last_has=("salv",),
    ),
    Script(
        "wait, then a corrected value at the summary",
        SHIFT_B,
        (FULL, "pera", "fc 90 na vdd", "sim"),
        calls=((CLINICAL_WRITE, vitals("120x80", 90, 18, 97, 36.4, "pcte tranquilo")),),
        last_has=("salv",),
    ),
    Script(
        "ok and sim with nothing to confirm write nothing",
        SHIFT_B,
        (FULL, "sim", "ok", "sim", "obg"),
        calls=(FULL_WRITE,),
    ),
    Script(
        "thanks at the summary keeps it",
        SHIFT_B,
        (FULL, "obg 🙏", "sim"),
        calls=(FULL_WRITE,),
        last_has=("salv",),
    ),
    Script(
        "no, then it was right after all",
        SHIFT_B,
        (FULL, "nao", "na vdd ta certo, pode salvar", "sim"),
        calls=(FULL_WRITE,),
    ),
    Script(
        "note with an obs label in its own message",
        SHIFT_B,
        ("PA 12x8 FC 80 FR 18 SAT 97 TEMP 36,4", "em ar ambiente", "obs: pcte colaborativo", "sim"),
        calls=((CLINICAL_WRITE, vitals("120x80", 80, 18, 97, 36.4, "pcte colaborativo")),),
        last_has=("salv",),
    ),
    Script(
        "two visits in one remark with tb",
        SHIFT_B,
        ("a fisio veio hj e a fono tb",),
        calls=((CLINICAL_WRITE, remark("a fisio veio hj e a fono tb")),),
    ),
    Script(
        "yes at the summary with a family remark",
        SHIFT_B,
        (FULL, "sim, e a familia trouxe fralda"),
        calls=((CLINICAL_WRITE, remark("a familia trouxe fralda")), FULL_WRITE),
    ),
    Script(
        "units with spaces and degree sign",
        SHIFT_B,
        ("PA 13x8 FC 80 bpm FR 18 rpm Sat 95 % temp 36,5° ar ambiente, sem queixas", "pode salvar"),
        calls=((CLINICAL_WRITE, vitals("130x80", 80, 18, 95, 36.5, "sem queixas")),),
        last_has=("salv",),
    ),
    Script(
        "vitals one by one before presence",
        SHIFT_A,
        ("PA 12x8", "fc 80", "sim", "fr 18 sat 97 temp 36 ar ambiente pcte bem", "sim"),
        calls=(CONFIRMED, (CLINICAL_WRITE, vitals("120x80", 80, 18, 97, 36.0, "pcte bem"))),
        last_has=("salv",),
    ),
    Script(
        "yes after the confirmar_presenca template",
        SHIFT_A,
        (Template.CONFIRM_PRESENCE, "sim 👍"),
        calls=(CONFIRMED,),
    ),
    Script(
        "no, then no to cancelling, then yes",
        SHIFT_A,
        ("bom dia", "nao", "nao nao, quero manter", "sim"),
        calls=(CONFIRMED,),
    ),
    Script(
        "substitute chosen by a phrase",
        SHIFT_A,
        ("oi", "nao vou poder ir hj", SHIFT_E, "sim", "pode ser o joão"),
        calls=(CANCELLED, (CREATE, {"newCaregiverID": "C-9"})),
    ),
    Script(
        "greeting at the report writes nothing",
        SHIFT_C,
        ("oi boa noite",),
        calls=(),
        last_has=("alimentação",),
    ),
    Script(
        "report typed without accents after finishing",
        SHIFT_B,
        (
            FULL,
            "s",
            "finalizar",
            "alimentacao: comeu bem",
            "evacuacao: nao evacuou",
            "sono: sem informacoes",
            "humor: tranquila",
            "medicacao: losartana 50mg as 8h",
            "atividades: banho de leito",
            "inf clinicas: sem intercorrencias",
            "adm: sem info",
            "s",
        ),
        calls=(
            FULL_WRITE,
            (
                SUMMARY_WRITE,
                report(
                    foodHydrationSpecification="comeu bem",
                    stoolUrineSpecification="nao evacuou",
                    sleepSpecification="Sem informações",
                    moodSpecification="tranquila",
                    medicationsSpecification="losartana 50mg as 8h",
                    activitiesSpecification="banho de leito",
                    additionalInformationSpecification="sem intercorrencias",
                    administrativeInfo="Sem informações",
                ),
            ),
        ),
    ),
    Script(
        "no to the report, the correction in the next message",
        SHIFT_C,
        (ALL_TOPICS, "nao", "humor: agitado a tarde", "sim"),
        calls=((SUMMARY_WRITE, {**ALL_TOPICS_WRITE, "moodSpecification": "agitado a tarde"}),),
    ),
    Script(
        "a low saturation refused, then a good one",
        SHIFT_B,
        ("PA 12x8 FC 80 FR 18 SAT 65 TEMP 36,4 ar ambiente, pcte tranquilo", "sat 95", "sim"),
        calls=((CLINICAL_WRITE, vitals("120x80", 80, 18, 95, 36.4, "pcte tranquilo")),),
        last_has=("salv",),
    ),
    Script(
        "a prayer emoji is no answer",
        SHIFT_A,
        ("bom dia", "🙏", "👍"),
        calls=(CONFIRMED,),
    ),
    # --- third batch, written blind after the second scored 19/19 ---
    Script(
        "one value per line",
        SHIFT_B,
        ("PA: 12x8\nFC: 80\nFR: 18\nSAT: 97%\nTAX: 36,5\nAA\nPcte tranquilo", "Sim."),
        calls=((CLINICAL_WRITE, vitals("120x80", 80, 18, 97, 36.5, "Pcte tranquilo")),),
        last_has=("salv",),
    ),
    Script(
        "thumbs up with a skin tone",
        SHIFT_B,
        (FULL, "👍🏽"),
        calls=(FULL_WRITE,),
        last_has=("salv",),
    ),
    Script(
        "okk at the summary",
        SHIFT_B,
        (FULL, "okk"),
        calls=(FULL_WRITE,),
        last_has=("salv",),
    ),
    Script(
        "ok where the note is asked is no note",
        SHIFT_B,
        ("PA 12x8 FC 80 FR 18 SAT 97 TEMP 36,4 ar ambiente", "ok", "paciente estável", "sim"),
        calls=((CLINICAL_WRITE, vitals("120x80", 80, 18, 97, 36.4, "paciente estável")),),
        last_has=("salv",),
    ),
    Script(
        "spaces around the x and mmHg",
        SHIFT_B,
        ("PA 12 x 8 mmHg, FC 80 e FR 18, sat 97, temp 36,4, ar ambiente, sem alterações", "SS"),
        calls=((CLINICAL_WRITE, vitals("120x80", 80, 18, 97, 36.4, "sem alterações")),),
        last_has=("salv",),
    ),
    Script(
        "greeting and a value in one message",
        SHIFT_B,
        ("bom dia, PA 12x8", "FC 80 FR 18 SAT 97 TEMP 36,4 ar ambiente pcte tranquilo", "sim"),
        calls=(FULL_WRITE,),
        last_has=("salv",),
    ),
    Script(
        "on my way is a yes",
        SHIFT_A,
        ("bom dia", "sim to a caminho"),
        calls=(CONFIRMED,),
    ),
    Script(
        "cheguei with a thumb",
        SHIFT_A,
        ("oi", "cheguei 👍"),
        calls=(CONFIRMED,),
    ),
    Script(
        "yes but late",
        SHIFT_A,
        ("bom dia", "sim, mas vou atrasar 10 min"),
        calls=((CLINICAL_WRITE, remark("vou atrasar 10 min")), CONFIRMED),
    ),
    Script(
        "a second yes at the clinical summary writes once",
        SHIFT_B,
        (FULL, "sim", "sim"),
        calls=(FULL_WRITE,),
    ),
    Script(
        "an impossible pressure is refused and corrected",
        SHIFT_B,
        ("PA 30x20 FC 80 FR 18 SAT 97 TEMP 36,4 ar ambiente, pcte tranquilo", "PA 12x8", "sim"),
        calls=(FULL_WRITE,),
        last_has=("salv",),
    ),
    Script(
        "report as one message on lines without accents",
        SHIFT_C,
        (
            "Alimentacao: comeu bem\nEvacuacao: evacuou normal\nSono: dormiu bem\nHumor: calmo\n"
            "Medicacoes: tomou losartana\nAtividades: caminhou no quintal\nInfo clinica: sem intercorrências\n"
            "Administrativo: sem informações",
            "pode enviar",
        ),
        calls=((SUMMARY_WRITE, ALL_TOPICS_WRITE),),
    ),
    Script(
        "report answers of one word, asked in order",
        SHIFT_C,
        (
            "comeu bem",
            "normal",
            "bem",
            "calmo",
            "tomou losartana",
            "caminhou no quintal",
            "sem intercorrências",
            "sem informações",
            "sim",
        ),
        calls=(
            (
                SUMMARY_WRITE,
                {
                    **ALL_TOPICS_WRITE,
                    "stoolUrineSpecification": "normal",
                    "sleepSpecification": "bem",
                },
            ),
        ),
    ),
    Script(
        "an arrival in caps",
        SHIFT_B,
        ("CHEGOU A ENFERMEIRA",),
        calls=((CLINICAL_WRITE, remark("CHEGOU A ENFERMEIRA")),),
    ),
    Script(
        "finish asked in a burst after a saved measurement",
        SHIFT_B,
        (FULL, "ok", "vou encerrar o plantão", ALL_TOPICS, "ok"),
        calls=(FULL_WRITE, (SUMMARY_WRITE, ALL_TOPICS_WRITE)),
    ),
    # --- fourth batch, written blind after the third scored 15/15 ---
    Script(
        "a heart rate refused is named",
        SHIFT_B,
        ("fc 300",),
        calls=(),
        last_has=("FC", "300"),
    ),
    Script(
        "a pressure upside down is refused and named",
        SHIFT_B,
        ("PA 8x12 FC 80",),
        calls=(),
        last_has=("PA",),
    ),
    Script(
        "voice note pressure in hundreds",
        SHIFT_B,
        (
            "é a pressão tá cento e trinta por oitenta e cinco, fc setenta, fr dezesseis, sat noventa e sete, "
            "temperatura trinta e seis, ar ambiente, paciente tranquilo",
            "sim",
        ),
        calls=((CLINICAL_WRITE, vitals("130x85", 70, 16, 97, 36.0, "paciente tranquilo")),),
        last_has=("salv",),
    ),
    Script(
        "presence on the way with a car",
        SHIFT_A,
        ("Bom dia! Sim, estou a caminho 🚗",),
        calls=(CONFIRMED,),
    ),
    Script(
        "ss blz at presence",
        SHIFT_A,
        ("oi", "ss blz"),
        calls=(CONFIRMED,),
    ),
    Script(
        "sick, cancels, no substitute",
        SHIFT_A,
        ("bom dia", "nao vou poder, to doente", SHIFT_E, "sim", "ninguem"),
        calls=(CANCELLED,),
    ),
    Script(
        "substitute by keycap emoji",
        SHIFT_A,
        ("bom dia", "nao vou conseguir ir", SHIFT_E, "sim", "2️⃣"),
        calls=(CANCELLED, (CREATE, {"newCaregiverID": "C-9"})),
    ),
    Script(
        "substitute by first name with an article",
        SHIFT_A,
        ("bom dia", "nao vou conseguir ir", SHIFT_E, "sim", "a maria"),
        calls=(CANCELLED, (CREATE, {"newCaregiverID": "C-7"})),
    ),
    Script(
        "ok before a topic answer",
        SHIFT_C,
        ("ok, comeu bem", "sem informações 🙏"),
        calls=(),
        last_has=("sono",),
    ),
    Script(
        "labels in caps, then ok with a thumb sends",
        SHIFT_C,
        (
            "ALIMENTAÇÃO: COMEU BEM\nEVACUAÇÃO: EVACUOU NORMAL\nSONO: DORMIU BEM\nHUMOR: CALMO\n"
            "MEDICAÇÕES: TOMOU LOSARTANA\nATIVIDADES: CAMINHOU NO QUINTAL\nINFO CLÍNICA: SEM INTERCORRÊNCIAS\n"
            "ADMINISTRATIVO: SEM INFORMAÇÕES",
            "ok 👍",
        ),
        calls=(
            (
                SUMMARY_WRITE,
                report(
                    foodHydrationSpecification="COMEU BEM",
                    stoolUrineSpecification="EVACUOU NORMAL",
                    sleepSpecification="DORMIU BEM",
                    moodSpecification="CALMO",
                    medicationsSpecification="TOMOU LOSARTANA",
                    activitiesSpecification="CAMINHOU NO QUINTAL",
                    additionalInformationSpecification="SEM INTERCORRÊNCIAS",
                    administrativeInfo="Sem informações",
                ),
            ),
        ),
    ),
    Script(
        "cross with the mood corrected at the report",
        SHIFT_C,
        (ALL_TOPICS, "❌ humor: irritado", "sim"),
        calls=((SUMMARY_WRITE, {**ALL_TOPICS_WRITE, "moodSpecification": "irritado"}),),
    ),
    Script(
        "a supply remark with a question",
        SHIFT_B,
        ("acabou a fralda, vcs podem mandar mais?",),
        calls=((CLINICAL_WRITE, remark("acabou a fralda")),),
    ),
    Script(
        "a greeting before an arrival",
        SHIFT_B,
        ("bom dia! a enfermeira ja chegou",),
        calls=((CLINICAL_WRITE, remark("a enfermeira ja chegou")),),
    ),
    Script(
        "segue before the values",
        SHIFT_B,
        ("segue os sinais: PA 12x8 FC 80 FR 18 SAT 97 TEMP 36,4 AA pcte tranquilo", "sim"),
        calls=(FULL_WRITE,),
        last_has=("salv",),
    ),
    Script(
        "atualizando and ops around a later measurement",
        SHIFT_B,
        (FULL, "sim", timedelta(hours=2), "atualizando: fc 88", "ops, fr 20 sat 96 temp 36,6 pa 12x8 aa", "sim"),
        calls=(FULL_WRITE, (CLINICAL_WRITE, vitals("120x80", 88, 20, 96, 36.6, None))),
        last_has=("salv",),
    ),
    Script(
        "a late yes to presence is asked again",
        SHIFT_A,
        ("bom dia", timedelta(minutes=15), "sim", "sim"),
        calls=(CONFIRMED,),
        last_has=("confirmada",),
    ),
    Script(
        "values after the report is sent",
        SHIFT_C,
        (ALL_TOPICS, "sim", "PA 12x8 FC 80"),
        calls=((SUMMARY_WRITE, ALL_TOPICS_WRITE),),
        last_lacks=("Falta",),
    ),
)
