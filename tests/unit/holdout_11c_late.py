"""Held-out set 11c, conversations of its third and fourth blind batches (see tests/unit/holdout_11c.py)."""

from __future__ import annotations

from datetime import timedelta

from orchestrator.models import Template
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_E
from tests.unit.holdout_11c_kit import (
    FIRST,
    FIRST_CALL,
    NEW,
    REPORT,
    REPORT_FIELDS,
    SCHED,
    SHIFT_A_SUBS,
    SHIFT_NEXT,
    SHIFT_NO_REMINDERS,
    SUMM,
    clinical,
    operational,
)
from tests.unit.script_kit import Script

# Third blind batch (written after the second score, still before reading the machine): mixed messages.
SCRIPTS_3: tuple[Script, ...] = (
    Script(
        "vitals_with_a_question",
        SHIFT_B,
        ("PA 120x80 FC 76 FR 18 Sat 97 Temp 36,4 ar ambiente paciente tranquilo. que horas acaba meu plantão?", "sim"),
        (FIRST_CALL,),
    ),
    Script(
        "greeting_and_filler_not_in_note",
        SHIFT_B,
        ("bom dia! segue: PA 120x80 FC 76 FR 18 Sat 97 Temp 36,4 ar ambiente, paciente tranquilo", "sim"),
        (FIRST_CALL,),
    ),
    Script(
        "one_vital_a_line",
        SHIFT_B,
        ("PA 120x80\nFC 76\nFR 18\nSat 97\nTemp 36,4\nar ambiente\npaciente tranquilo", "sim"),
        (FIRST_CALL,),
    ),
    Script("yes_after_no_saves_nothing", SHIFT_B, (FIRST, "não", "sim"), ()),
    Script(
        "note_replaced_at_summary",
        SHIFT_B,
        (FIRST, "não, paciente agitado", "sim"),
        (clinical("120x80", 76, 18, 97, 36.4, "Ar ambiente", "paciente agitado"),),
    ),
    Script(
        "new_full_measurement_replaces_staged",
        SHIFT_B,
        (FIRST, "PA 130x85 FC 80 FR 19 Sat 96 Temp 36,7 ar ambiente paciente tranquilo", "sim"),
        (clinical("130x85", 80, 19, 96, 36.7, "Ar ambiente", "paciente tranquilo"),),
    ),
    Script(
        "later_five_vitals_without_respiratory",
        SHIFT_B,
        (FIRST, "sim", timedelta(hours=2), "PA 130x85 FC 82 FR 19 Sat 96 Temp 36,8"),
        (FIRST_CALL,),
        last_has=("respirat",),
    ),
    Script(
        "vitals_inside_report_then_report",
        SHIFT_C,
        (
            "comeu bem; evacuou normal",
            FIRST,
            "sim",
            "dormiu bem; tranquilo; tomou dipirona; caminhou; sem intercorrências; filha visitou",
            "sim",
        ),
        (
            FIRST_CALL,
            (
                SUMM,
                {
                    "foodHydrationSpecification": "comeu bem",
                    "stoolUrineSpecification": "evacuou normal",
                    "sleepSpecification": "dormiu bem",
                    "moodSpecification": "tranquilo",
                    "medicationsSpecification": "tomou dipirona",
                    "activitiesSpecification": "caminhou",
                    "additionalInformationSpecification": "sem intercorrências",
                    "administrativeInfo": "filha visitou",
                },
            ),
        ),
    ),
    Script(
        "report_no_mood_correction",
        SHIFT_C,
        (REPORT, "não, humor: agitado à tarde", "sim"),
        ((SUMM, {**REPORT_FIELDS, "moodSpecification": "agitado à tarde"}),),
    ),
    Script(
        "shift_c_first_measurement_still_needs_note",
        SHIFT_C,
        ("PA 120x80 FC 76 FR 18 Sat 97 Temp 36,4 ar ambiente",),
        (),
        last_has=("nota",),
    ),
    Script(
        "substitute_name_without_accent",
        SHIFT_A_SUBS,
        ("não vou conseguir ir hoje", "sim", SHIFT_E, "joao lima"),
        ((SCHED, {"responseValue": "cancelado"}), (NEW, {"newCaregiverID": "C-9"})),
    ),
    Script(
        "substitute_with_backend_unchanged",
        SHIFT_A_SUBS,
        ("não vou conseguir ir hoje", "sim", "1"),
        ((SCHED, {"responseValue": "cancelado"}), (NEW, {"newCaregiverID": "C-7"})),
    ),
    Script("cancelled_shift_number_creates_nothing", SHIFT_E, ("oi", "2"), ()),
    Script("no_reminders_yes_writes_nothing", SHIFT_NO_REMINDERS, ("sim",), ()),
    Script(
        "pa_words_in_note",
        SHIFT_B,
        ("PA 150x95 FC 76 FR 18 Sat 97 Temp 36,4 ar ambiente, paciente com dor de cabeça", "sim"),
        (clinical("150x95", 76, 18, 97, 36.4, "Ar ambiente", "paciente com dor de cabeça"),),
    ),
    Script(
        "operational_then_first_note_is_not_enough",
        SHIFT_B,
        ("chegou a enfermeira", "paciente calmo"),
        (operational("chegou a enfermeira"),),
        last_has=("PA",),
    ),
    Script(
        "expired_then_correction",
        SHIFT_B,
        (FIRST, timedelta(minutes=20), "FC 90", "sim"),
        (clinical("120x80", 90, 18, 97, 36.4, "Ar ambiente", "paciente tranquilo"),),
    ),
    Script(
        "two_measurements_two_writes",
        SHIFT_B,
        (
            FIRST,
            "sim",
            timedelta(hours=3),
            "PA 110x70 FC 70 FR 16 Sat 98 Temp 36,2 ar ambiente, paciente dormindo",
            "sim",
        ),
        (FIRST_CALL, clinical("110x70", 70, 16, 98, 36.2, "Ar ambiente", "paciente dormindo")),
    ),
    Script(
        "yes_but_correction_at_summary",
        SHIFT_B,
        (FIRST, "sim, mas a temp é 37", "sim"),
        (clinical("120x80", 76, 18, 97, 37.0, "Ar ambiente", "paciente tranquilo"),),
    ),
    Script(
        "yes_and_operational_note",
        SHIFT_B,
        (FIRST, "pode salvar. chegou a enfermeira"),
        (operational("chegou a enfermeira"), FIRST_CALL),
    ),
    Script(
        "finish_asked_without_measurement_opens_nothing",
        SHIFT_B,
        ("quero finalizar o plantão", REPORT, "sim"),
        # The report is not open; the family's visit is news of the service: an occurrence, without its label.
        (operational("filha visitou"),),
    ),
    Script(
        "bare_sem_informacoes_at_report_start",
        SHIFT_C,
        ("sem informações",),
        (),
        last_lacks=("confirma",),
    ),
    Script(
        "report_sem_informacoes_first_then_rest",
        SHIFT_C,
        (
            "sem informações",
            "evacuou normal; dormiu bem; tranquilo; tomou dipirona às 10h; caminhou no corredor; "
            "sem intercorrências; filha visitou",
            "sim",
        ),
        ((SUMM, {**REPORT_FIELDS, "foodHydrationSpecification": "Sem informações"}),),
    ),
)

# Fourth blind batch (written after the third score and its fix, before reading more of the machine).
SCRIPTS_4: tuple[Script, ...] = (
    Script(
        "unconfirmed_data_then_cancelled_drops_it",
        SHIFT_A_SUBS,
        (FIRST, "não", "sim", SHIFT_E, "nenhum"),
        ((SCHED, {"responseValue": "cancelado"}),),
    ),
    Script(
        "resumed_summary_expires_too",
        SHIFT_A,
        (FIRST, "sim", timedelta(minutes=11), "sim"),
        ((SCHED, {"responseValue": "confirmado"}),),
        last_has=("expirou",),
    ),
    Script(
        "report_collection_survives_a_pause",
        SHIFT_C,
        (
            "comeu bem; evacuou normal; dormiu bem; tranquilo",
            timedelta(minutes=40),
            "tomou os remédios no horário; fez caminhada; sem intercorrências; filha visitou",
            "sim",
        ),
        (
            (
                SUMM,
                {
                    "foodHydrationSpecification": "comeu bem",
                    "stoolUrineSpecification": "evacuou normal",
                    "sleepSpecification": "dormiu bem",
                    "moodSpecification": "tranquilo",
                    "medicationsSpecification": "tomou os remédios no horário",
                    "activitiesSpecification": "fez caminhada",
                    "additionalInformationSpecification": "sem intercorrências",
                    "administrativeInfo": "filha visitou",
                },
            ),
        ),
    ),
    Script(
        "closed_then_a_new_shift",
        SHIFT_C,
        (REPORT, "sim", {**SHIFT_NEXT}, timedelta(hours=12), FIRST, "sim"),
        ((SUMM, REPORT_FIELDS), FIRST_CALL),
    ),
    Script(
        "substitute_by_surname",
        SHIFT_A_SUBS,
        ("não vou conseguir ir hoje", "sim", SHIFT_E, "Souza"),
        ((SCHED, {"responseValue": "cancelado"}), (NEW, {"newCaregiverID": "C-7"})),
    ),
    Script(
        "cancellation_kept_then_presence_yes",
        SHIFT_A,
        ("bom dia", "não vou conseguir ir hoje", "não, quero manter", "sim"),
        ((SCHED, {"responseValue": "confirmado"}),),
    ),
    Script(
        "question_while_items_missing",
        SHIFT_B,
        (
            "PA 120x80 FC 80",
            "quanto tempo falta pro fim do plantão?",
            "FR 18 sat 96 temp 36,5 ar ambiente paciente tranquilo",
            "sim",
        ),
        (clinical("120x80", 80, 18, 96, 36.5, "Ar ambiente", "paciente tranquilo"),),
    ),
    Script(
        "later_note_and_occurrence_together",
        SHIFT_B,
        (FIRST, "sim", "paciente dormindo, acabou a fralda", "sim"),
        (FIRST_CALL, operational("acabou a fralda"), clinical(note="paciente dormindo")),
    ),
    Script(
        "aa_abbreviation_and_tax",
        SHIFT_B,
        ("PA 120x80 FC 76 FR 18 SpO2 97% AA Tax 36,4 paciente tranquilo", "sim"),
        (FIRST_CALL,),
    ),
    Script(
        "out_of_range_does_not_stage",
        SHIFT_B,
        ("PA 120x80 FC 76 FR 18 Sat 97 Temp 43 ar ambiente paciente tranquilo", "sim"),
        (),
        last_has=("Temp",),
    ),
)

# Fifth blind batch (written after the fourth score): templates and the backend's null fields.
SCRIPTS_5: tuple[Script, ...] = (
    Script(
        "finish_template_keeps_staged_measurement",
        SHIFT_B,
        (FIRST, Template.FINISH_SHIFT, "sim", REPORT, "sim"),
        (FIRST_CALL, (SUMM, REPORT_FIELDS)),
    ),
    Script(
        "ask_vitals_template_then_vitals",
        SHIFT_B,
        (Template.ASK_VITALS, FIRST, "sim"),
        (FIRST_CALL,),
    ),
    Script(
        "ask_note_template_after_a_measurement",
        SHIFT_B,
        (FIRST, "sim", Template.ASK_CLINICAL_NOTE, "paciente assistindo TV", "sim"),
        (FIRST_CALL, clinical(note="paciente assistindo TV")),
    ),
    Script(
        "null_response_is_unconfirmed",
        {**SHIFT_A, "response": None},
        ("bom dia", "sim"),
        ((SCHED, {"responseValue": "confirmado"}),),
    ),
    Script(
        "null_finish_reminder",
        {**SHIFT_B, "finishReminderSent": None},
        (FIRST, "sim"),
        (FIRST_CALL,),
    ),
    Script(
        "null_substitutes_cancel",
        {**SHIFT_A, "substituteInfo": None},
        ("não vou conseguir ir hoje", "sim", "1"),
        ((SCHED, {"responseValue": "cancelado"}),),
    ),
    Script(
        "named_topics_in_one_message",
        SHIFT_C,
        (
            "alimentação: comeu bem; eliminações: evacuou normal; sono: sem informações; humor: calmo",
            "medicação: tomou dipirona às 10h; atividades: caminhou no corredor; info clínica: sem intercorrências; "
            "administrativo: filha visitou",
            "sim",
        ),
        ((SUMM, {**REPORT_FIELDS, "sleepSpecification": "Sem informações", "moodSpecification": "calmo"}),),
    ),
)

# Sixth blind batch (written after the fifth score): answers that carry data.
SCRIPTS_6: tuple[Script, ...] = (
    Script(
        "no_then_respiratory_correction",
        SHIFT_B,
        (FIRST, "não", "está em oxigênio suplementar", "sim"),
        (clinical("120x80", 76, 18, 97, 36.4, "Oxigênio suplementar", "paciente tranquilo"),),
    ),
    Script(
        "no_with_short_pa_form",
        SHIFT_B,
        (FIRST, "não, PA 12 por 8,5", "sim"),
        (clinical("120x85", 76, 18, 97, 36.4, "Ar ambiente", "paciente tranquilo"),),
    ),
    Script(
        "temperature_corrected_with_the_old_value",
        SHIFT_B,
        (FIRST, "a temperatura é 37,2 e não 36,4", "sim"),
        (clinical("120x80", 76, 18, 97, 37.2, "Ar ambiente", "paciente tranquilo"),),
    ),
    Script(
        "presence_yes_with_an_occurrence",
        SHIFT_A,
        ("bom dia", "sim, e acabou o sabonete"),
        (operational("acabou o sabonete"), (SCHED, {"responseValue": "confirmado"})),
    ),
    Script(
        "presence_yes_with_the_measurement",
        SHIFT_A,
        ("bom dia", "sim, " + FIRST, "sim"),
        ((SCHED, {"responseValue": "confirmado"}), FIRST_CALL),
    ),
    Script(
        "report_last_topic_then_corrected",
        SHIFT_C,
        (
            "comeu bem; evacuou normal; dormiu bem; tranquilo; tomou dipirona às 10h; caminhou no corredor; "
            "sem intercorrências",
            "sem informações",
            "não, administrativo: família trouxe fraldas",
            "sim",
        ),
        ((SUMM, {**REPORT_FIELDS, "administrativeInfo": "família trouxe fraldas"}),),
    ),
    Script(
        "substitute_in_a_sentence",
        SHIFT_A_SUBS,
        ("não vou conseguir ir hoje", "sim", SHIFT_E, "pode ser a 2"),
        ((SCHED, {"responseValue": "cancelado"}), (NEW, {"newCaregiverID": "C-9"})),
    ),
    Script(
        "substitute_name_in_a_sentence",
        SHIFT_A_SUBS,
        ("não vou conseguir ir hoje", "sim", SHIFT_E, "quero a Maria"),
        ((SCHED, {"responseValue": "cancelado"}), (NEW, {"newCaregiverID": "C-7"})),
    ),
    Script("second_yes_writes_once", SHIFT_B, (FIRST, "sim", "sim"), (FIRST_CALL,)),
    Script(
        "pa_reversed_then_right",
        SHIFT_B,
        ("PA 80x120 FC 76 FR 18 Sat 97 Temp 36,4 ar ambiente paciente tranquilo", "PA 120x80", "sim"),
        (FIRST_CALL,),
    ),
    Script(
        "pa_decimal_comma_x",
        SHIFT_B,
        ("PA 12,5x8 FC 76 FR 18 Sat 97 Temp 36,4 ar ambiente paciente tranquilo", "sim"),
        (clinical("125x80", 76, 18, 97, 36.4, "Ar ambiente", "paciente tranquilo"),),
    ),
)
