"""Held-out set 11c, conversations of its first two blind batches (see tests/unit/holdout_11c.py)."""

from __future__ import annotations

from datetime import timedelta

from orchestrator.models import Template
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_D, SHIFT_E
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

SCRIPTS_1: tuple[Script, ...] = (
    # -- PA forms and decimal comma ------------------------------------------------------------------
    Script(
        "pa_slash_first_measurement",
        SHIFT_B,
        ("PA 120/80, FC 72, FR 16, Sat 98%, Temp 36,5, ar ambiente, paciente tranquilo", "sim"),
        (clinical("120x80", 72, 16, 98, 36.5, "Ar ambiente", "paciente tranquilo"),),
        last_has=("salv",),
    ),
    Script(
        "pa_12_8_short_form",
        SHIFT_B,
        ("pa 12/8 fc 80 fr 18 sat 96 temp 36 ar ambiente paciente bem disposto", "ok"),
        (clinical("120x80", 80, 18, 96, 36.0, "Ar ambiente", "paciente bem disposto"),),
        last_has=("salv",),
    ),
    Script(
        "pa_decimal_por",
        SHIFT_B,
        ("PA 9.5 por 6.5, FC 64, FR 14, Sat 95%, Temp 35,8, ar ambiente, paciente sonolento", "pode salvar"),
        (clinical("95x65", 64, 14, 95, 35.8, "Ar ambiente", "paciente sonolento"),),
        last_has=("salv",),
    ),
    Script(
        "summary_shows_normalised_pa",
        SHIFT_B,
        ("PA 13 por 9, FC 88, FR 20, Sat 94, Temp 37,2, ar ambiente, paciente queixa de dor de cabeça",),
        (),
        last_has=("130x90", "37.2"),
    ),
    # -- validation ranges -----------------------------------------------------------------------------
    Script(
        "upper_limits_are_accepted",
        SHIFT_B,
        ("PA 220x130 FC 190 FR 50 Sat 100 Temp 41 ar ambiente paciente agitado", "sim"),
        (clinical("220x130", 190, 50, 100, 41.0, "Ar ambiente", "paciente agitado"),),
    ),
    Script(
        "lower_limits_are_accepted",
        SHIFT_B,
        ("PA 60x40 FC 40 FR 8 Sat 70 Temp 34 oxigênio suplementar paciente hipotérmico", "sim"),
        (clinical("60x40", 40, 8, 70, 34.0, "Oxigênio suplementar", "paciente hipotérmico"),),
    ),
    Script(
        "just_outside_the_ranges_told_and_not_kept",
        SHIFT_B,
        ("FR 7 sat 69 temp 41,1",),
        (),
        last_has=("FR", "Sat", "Temp"),
    ),
    Script(
        "fc_out_of_range_then_corrected",
        SHIFT_B,
        ("PA 120x80 FC 200 FR 18 Sat 97 Temp 36,6 ar ambiente paciente calmo", "FC 88", "sim"),
        (clinical("120x80", 88, 18, 97, 36.6, "Ar ambiente", "paciente calmo"),),
        last_has=("salv",),
    ),
    Script(
        "fc_out_of_range_told_with_value",
        SHIFT_B,
        ("PA 120x80 FC 200 FR 18 Sat 97 Temp 36,6 ar ambiente paciente calmo",),
        (),
        last_has=("FC", "200"),
    ),
    Script(
        "pa_systolic_not_above_diastolic",
        SHIFT_B,
        ("PA 80x80 FC 70 FR 16 Sat 97 Temp 36,5 ar ambiente paciente calmo", "PA 110x70", "sim"),
        (clinical("110x70", 70, 16, 97, 36.5, "Ar ambiente", "paciente calmo"),),
    ),
    Script(
        "pa_diastolic_above_limit",
        SHIFT_B,
        ("PA 150x135",),
        (),
        last_has=("PA",),
        last_lacks=("150x135 ✅",),
    ),
    # -- respiratory condition ----------------------------------------------------------------------
    Script(
        "supplementary_oxygen",
        SHIFT_B,
        ("PA 130x80 FC 95 FR 22 Sat 93 Temp 37,2 oxigênio suplementar, paciente cansado", "sim"),
        (clinical("130x80", 95, 22, 93, 37.2, "Oxigênio suplementar", "paciente cansado"),),
    ),
    Script(
        "mechanical_ventilation",
        SHIFT_B,
        ("PA 110x70 FC 100 FR 20 Sat 96 Temp 37 ventilação mecânica, paciente sedado", "sim"),
        (clinical("110x70", 100, 20, 96, 37.0, "Ventilação mecânica", "paciente sedado"),),
    ),
    # -- first measurement against later ones --------------------------------------------------------
    Script(
        "first_measurement_asks_the_note",
        SHIFT_B,
        ("PA 120x80 FC 76 FR 18 Sat 97 Temp 36,4 ar ambiente", "paciente lúcido e calmo", "sim"),
        (clinical("120x80", 76, 18, 97, 36.4, "Ar ambiente", "paciente lúcido e calmo"),),
    ),
    Script(
        "first_measurement_note_asked_no_write",
        SHIFT_B,
        ("PA 120x80 FC 76 FR 18 Sat 97 Temp 36,4 ar ambiente",),
        (),
        last_has=("nota",),
    ),
    Script(
        "later_measurement_without_note",
        SHIFT_B,
        (FIRST, "sim", timedelta(hours=2), "PA 130x85 FC 82 FR 19 Sat 96 Temp 36,8 ar ambiente", "sim"),
        (FIRST_CALL, clinical("130x85", 82, 19, 96, 36.8, "Ar ambiente")),
        last_has=("salv",),
    ),
    Script(
        "later_note_alone",
        SHIFT_B,
        (FIRST, "sim", timedelta(hours=1), "paciente dormiu depois do almoço", "sim"),
        (FIRST_CALL, clinical(note="paciente dormiu depois do almoço")),
    ),
    Script(
        "first_note_alone_is_not_enough",
        SHIFT_B,
        ("paciente com tosse seca",),
        (),
        last_has=("PA", "FC"),
    ),
    # -- corrections, no, expiry ------------------------------------------------------------------------
    Script(
        "correction_at_the_summary",
        SHIFT_B,
        (FIRST, "FC 84", "sim"),
        (clinical("120x80", 84, 18, 97, 36.4, "Ar ambiente", "paciente tranquilo"),),
    ),
    Script(
        "no_keeps_values_for_correction",
        SHIFT_B,
        (FIRST, "não", "Temp 37", "sim"),
        (clinical("120x80", 76, 18, 97, 37.0, "Ar ambiente", "paciente tranquilo"),),
    ),
    Script("no_confirmo_is_no", SHIFT_B, (FIRST, "não confirmo"), ()),
    Script("thumbs_up_saves", SHIFT_B, (FIRST, "👍"), (FIRST_CALL,)),
    Script(
        "expired_then_yes_shows_again",
        SHIFT_B,
        (FIRST, timedelta(minutes=11), "sim"),
        (),
        last_has=("expirou", "120x80"),
    ),
    Script("expired_then_yes_twice_saves", SHIFT_B, (FIRST, timedelta(minutes=11), "sim", "sim"), (FIRST_CALL,)),
    Script("not_yet_expired", SHIFT_B, (FIRST, timedelta(minutes=9), "sim"), (FIRST_CALL,)),
    # -- notes and questions beside a staged confirmation -----------------------------------------------
    Script(
        "operational_note_keeps_staged",
        SHIFT_B,
        (FIRST, "chegou a fisioterapeuta", "sim"),
        (operational("chegou a fisioterapeuta"), FIRST_CALL),
        last_has=("salv",),
    ),
    Script("question_keeps_staged", SHIFT_B, (FIRST, "que horas acaba meu plantão?", "sim"), (FIRST_CALL,)),
    Script("question_written_nowhere", SHIFT_B, ("vocês têm o contato do médico?",), ()),
    Script(
        "mixed_operational_and_vitals",
        SHIFT_B,
        ("PA 120x80 FC 80 e acabou a fralda", "FR 18 sat 96 temp 36,5 ar ambiente paciente tranquilo", "sim"),
        (operational("acabou a fralda"), clinical("120x80", 80, 18, 96, 36.5, "Ar ambiente", "paciente tranquilo")),
    ),
    Script(
        "numbers_in_words",
        SHIFT_B,
        (
            "pressão treze por nove, FC setenta e dois, FR dezoito, sat noventa e sete, temperatura trinta e sete "
            "e meio, ar ambiente, paciente tranquilo",
            "sim",
        ),
        (clinical("130x90", 72, 18, 97, 37.5, "Ar ambiente", "paciente tranquilo"),),
    ),
    # -- the report ----------------------------------------------------------------------------------
    Script(
        "report_labelled_in_one_message",
        SHIFT_C,
        (REPORT, "confirmo"),
        ((SUMM, REPORT_FIELDS),),
    ),
    Script(
        "sem_informacoes_answers_only_the_asked_topic",
        SHIFT_C,
        (
            "comeu bem; evacuou normal; dormiu bem; tranquilo; tomou os remédios no horário; fez caminhada",
            "sem informações",
        ),
        (),
        last_lacks=("confirma",),
    ),
    Script(
        "sem_informacoes_one_topic_at_a_time",
        SHIFT_C,
        (
            "comeu bem; evacuou normal; dormiu bem; tranquilo; tomou os remédios no horário; fez caminhada",
            "sem informações",
            "sem informações",
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
                    "additionalInformationSpecification": "Sem informações",
                    "administrativeInfo": "Sem informações",
                },
            ),
        ),
    ),
    Script(
        "report_no_carries_correction",
        SHIFT_C,
        (REPORT, "não, sono: acordou duas vezes", "sim"),
        ((SUMM, {**REPORT_FIELDS, "sleepSpecification": "acordou duas vezes"}),),
    ),
    Script(
        "closed_after_report",
        SHIFT_C,
        (REPORT, "sim", "PA 120x80 FC 80 FR 18 Sat 97 Temp 36,5 ar ambiente paciente bem", "sim"),
        ((SUMM, REPORT_FIELDS),),
    ),
    Script(
        "vitals_during_report",
        SHIFT_C,
        ("comeu bem; evacuou normal", FIRST, "sim"),
        (FIRST_CALL,),
    ),
    Script(
        "report_expired_then_yes_twice",
        SHIFT_C,
        (REPORT, timedelta(minutes=15), "sim", "sim"),
        ((SUMM, REPORT_FIELDS),),
    ),
    Script(
        "operational_note_at_report_summary",
        SHIFT_C,
        (REPORT, "acabou o álcool gel", "sim"),
        (operational("acabou o álcool gel"), (SUMM, REPORT_FIELDS)),
    ),
    Script(
        "finish_template_opens_report",
        SHIFT_B,
        (FIRST, "sim", Template.FINISH_SHIFT, REPORT, "sim"),
        (FIRST_CALL, (SUMM, REPORT_FIELDS)),
    ),
    # -- gates ------------------------------------------------------------------------------------------
    Script("cancelled_shift_writes_nothing", SHIFT_E, (FIRST, "sim"), ()),
    Script("no_reminders_writes_nothing", SHIFT_NO_REMINDERS, (FIRST, "sim", "chegou a enfermeira"), ()),
    Script("unknown_phone", SHIFT_D, ("PA 120x80 FC 80", "sim"), ()),
    Script(
        "unconfirmed_clinical_first_then_resumed",
        SHIFT_A,
        (FIRST, "sim", "sim"),
        ((SCHED, {"responseValue": "confirmado"}), FIRST_CALL),
    ),
    Script(
        "unconfirmed_resumed_shows_summary",
        SHIFT_A,
        (FIRST, "sim"),
        ((SCHED, {"responseValue": "confirmado"}),),
        last_has=("120x80",),
    ),
    Script(
        "new_shift_drops_old_staged",
        SHIFT_B,
        (FIRST, SHIFT_NEXT, timedelta(minutes=6), "sim"),
        (),
    ),
    # -- presence, cancellation, substitutes -----------------------------------------------------------
    Script(
        "substitute_by_name",
        SHIFT_A_SUBS,
        ("não vou conseguir ir hoje", "sim", SHIFT_E, "Maria"),
        ((SCHED, {"responseValue": "cancelado"}), (NEW, {"newCaregiverID": "C-7"})),
    ),
    Script(
        "substitute_by_number",
        SHIFT_A_SUBS,
        ("bom dia", "não", "sim, pode cancelar", SHIFT_E, "2"),
        ((SCHED, {"responseValue": "cancelado"}), (NEW, {"newCaregiverID": "C-9"})),
    ),
    Script(
        "substitute_none",
        SHIFT_A_SUBS,
        ("não vou conseguir ir hoje", "sim", SHIFT_E, "nenhum"),
        ((SCHED, {"responseValue": "cancelado"}),),
    ),
    Script("cancel_not_confirmed", SHIFT_A_SUBS, ("bom dia", "não", "não"), ()),
    Script("presence_ambiguous", SHIFT_A, ("bom dia", "talvez mais tarde"), (), last_has=("sim",)),
)

# Second blind batch (written after the first score, still before reading the machine), harder edges.
SCRIPTS_2: tuple[Script, ...] = (
    Script(
        "out_of_range_told_with_the_range",
        SHIFT_B,
        ("FC 300",),
        (),
        last_has=("FC", "300", "40", "190"),
    ),
    Script(
        "temp_out_of_range_then_fixed",
        SHIFT_B,
        ("PA 120x80 FC 76 FR 18 Sat 97 Temp 42 ar ambiente paciente febril", "temp 40,5", "sim"),
        (clinical("120x80", 76, 18, 97, 40.5, "Ar ambiente", "paciente febril"),),
    ),
    Script(
        "no_with_correction_at_clinical_summary",
        SHIFT_B,
        (FIRST, "não, a FC é 84", "sim"),
        (clinical("120x80", 84, 18, 97, 36.4, "Ar ambiente", "paciente tranquilo"),),
    ),
    Script(
        "respiratory_corrected_at_summary",
        SHIFT_B,
        (FIRST, "na verdade está em oxigênio suplementar", "sim"),
        (clinical("120x80", 76, 18, 97, 36.4, "Oxigênio suplementar", "paciente tranquilo"),),
    ),
    Script(
        "later_partial_merged_across_messages",
        SHIFT_B,
        (FIRST, "sim", timedelta(hours=2), "FC 90", "PA 110x70 FR 17 sat 95 temp 36,9 ar ambiente", "sim"),
        (FIRST_CALL, clinical("110x70", 90, 17, 95, 36.9, "Ar ambiente")),
    ),
    Script(
        "later_partial_writes_nothing",
        SHIFT_B,
        (FIRST, "sim", timedelta(hours=2), "FC 90"),
        (FIRST_CALL,),
        last_has=("PA",),
    ),
    Script("later_note_alone_no", SHIFT_B, (FIRST, "sim", "paciente tossiu um pouco", "não"), (FIRST_CALL,)),
    Script(
        "report_no_then_correction",
        SHIFT_C,
        (REPORT, "não", "sono: acordou duas vezes", "sim"),
        ((SUMM, {**REPORT_FIELDS, "sleepSpecification": "acordou duas vezes"}),),
    ),
    Script(
        "question_at_report_summary",
        SHIFT_C,
        (REPORT, "vocês têm o contato do médico?", "sim"),
        ((SUMM, REPORT_FIELDS),),
    ),
    Script(
        "named_topic_sem_informacoes",
        SHIFT_C,
        (
            "comeu bem; evacuou normal; dormiu bem; tranquilo; tomou os remédios no horário; fez caminhada",
            "administrativo: sem informações",
            "sem intercorrências",
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
                    "administrativeInfo": "Sem informações",
                },
            ),
        ),
    ),
    Script(
        "finish_asked_after_a_measurement",
        SHIFT_B,
        (FIRST, "sim", "quero finalizar o plantão", REPORT, "sim"),
        (FIRST_CALL, (SUMM, REPORT_FIELDS)),
    ),
    Script(
        "finish_template_without_measurement", SHIFT_B, (Template.FINISH_SHIFT, REPORT, "sim"), ((SUMM, REPORT_FIELDS),)
    ),
    Script(
        "presence_expired_then_yes",
        SHIFT_A,
        ("bom dia", timedelta(minutes=11), "sim", "sim"),
        ((SCHED, {"responseValue": "confirmado"}),),
    ),
    Script("cancel_check_expired", SHIFT_A_SUBS, ("não vou conseguir ir hoje", timedelta(minutes=11), "sim"), ()),
    Script(
        "substitute_unknown_name",
        SHIFT_A_SUBS,
        ("não vou conseguir ir hoje", "sim", SHIFT_E, "Carlos"),
        ((SCHED, {"responseValue": "cancelado"}),),
        last_has=("Maria Souza",),
    ),
    Script(
        "substitute_number_out_of_list",
        SHIFT_A_SUBS,
        ("não vou conseguir ir hoje", "sim", SHIFT_E, "5"),
        ((SCHED, {"responseValue": "cancelado"}),),
    ),
    Script(
        "substitute_no",
        SHIFT_A_SUBS,
        ("não vou conseguir ir hoje", "sim", SHIFT_E, "não"),
        ((SCHED, {"responseValue": "cancelado"}),),
    ),
    Script(
        "presence_template_then_yes",
        SHIFT_A,
        (Template.CONFIRM_PRESENCE, "confirmo"),
        ((SCHED, {"responseValue": "confirmado"}),),
    ),
    Script(
        "unconfirmed_operational_then_confirmed",
        SHIFT_A,
        ("PA 120x80 FC 76", "sim", "FR 18 Sat 97 Temp 36,4 ar ambiente paciente tranquilo", "sim"),
        (
            (SCHED, {"responseValue": "confirmado"}),
            clinical("120x80", 76, 18, 97, 36.4, "Ar ambiente", "paciente tranquilo"),
        ),
    ),
    Script(
        "spaced_pa_and_units",
        SHIFT_B,
        ("PA: 120 x 80 mmHg, FC 76 bpm, FR 18 irpm, SpO2 97 %, Temp 36,4 °C, ar ambiente, paciente tranquilo", "sim"),
        (FIRST_CALL,),
    ),
    Script(
        "closed_after_report_replies_closed",
        SHIFT_C,
        (REPORT, "sim", "FC 80"),
        ((SUMM, REPORT_FIELDS),),
        last_lacks=("FR", "salv"),
    ),
    Script(
        "operational_note_during_missing_items",
        SHIFT_B,
        (
            "PA 120x80 FC 80",
            "o médico passou para visita",
            "FR 18 sat 96 temp 36,5 ar ambiente paciente tranquilo",
            "sim",
        ),
        (
            operational("o médico passou para visita"),
            clinical("120x80", 80, 18, 96, 36.5, "Ar ambiente", "paciente tranquilo"),
        ),
    ),
)
