"""Held-out set 11c: written blind from SPEC §6-§8 and conversations.md only (before reading the machine
or the other held-out sets), on the edges of the §6 rules: validation ranges, every PA form, the first
measurement against later ones, the respiratory conditions, corrections, expiry, notes beside a staged
confirmation, questions, the 8 report topics, the gates and the substitutes. Never tuned against.

First score (untuned, rules only, before any fix): conversations 49 / 50 right, utterances 59 / 59 (rule
accuracy 100%). The one failure was the expectation's casing of a bare "sem informações" (stored "Sem
informações"). A second blind batch (the `_2` tables, written after that score and still before
reading the machine): conversations 22 / 22, utterances 22 / 22. A third batch (`_3`): conversations 21 / 23,
utterances 14 / 14: the order of a yes and an occurrence in one message (the expectation's guess; SPEC fixes
no order), and a topic label kept in an occurrence sent outside the report (a machine defect).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from orchestrator.machine import Topic, VitalName
from orchestrator.models import ActionKind, Template
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_D, SHIFT_E
from tests.unit.script_kit import Script
from tests.unit.utterance_kit import (
    AIR,
    CANCEL,
    CLINICAL,
    NO,
    O2,
    PRESENCE,
    SUBSTITUTE,
    SUMMARY,
    TOPICS,
    VITALS,
    VM,
    YES,
    Utterance,
    asking,
    u,
)

CLIN, SCHED, NEW, SUMM = (
    ActionKind.UPDATE_CLINICAL,
    ActionKind.UPDATE_SCHEDULE,
    ActionKind.CREATE_SCHEDULE,
    ActionKind.UPDATE_SUMMARY,
)
V = VitalName
T = Topic
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

_SCRIPTS_1: tuple[Script, ...] = (
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

_UTTERANCES_1: tuple[Utterance, ...] = (
    # -- PA forms ---------------------------------------------------------------------------------------
    u("PA 120x80", "vitals", VITALS, bp="120x80"),
    u("pa 120/80 fc 70", "vitals", VITALS, bp="120x80", fc=70),
    u("PA 12/8", "vitals", VITALS, bp="120x80"),
    u("PA 12 por 8", "vitals", VITALS, bp="120x80"),
    u("pressão 9.5 por 6.5", "vitals", VITALS, bp="95x65"),
    u("PA 9,5 por 6,5", "vitals", VITALS, bp="95x65"),
    u("PA 13x9", "vitals", VITALS, bp="130x90"),
    u("PA 220x130", "vitals", VITALS, bp="220x130", rejected=set()),
    u("PA 221x100", "vitals", VITALS, bp=None, rejected={V.BLOOD_PRESSURE}),
    u("PA 59x40", "vitals", VITALS, bp=None, rejected={V.BLOOD_PRESSURE}),
    u("PA 100x39", "vitals", VITALS, bp=None, rejected={V.BLOOD_PRESSURE}),
    u("PA 100x100", "vitals", VITALS, bp=None, rejected={V.BLOOD_PRESSURE}),
    u("PA 90x100", "vitals", VITALS, bp=None, rejected={V.BLOOD_PRESSURE}),
    # -- ranges -----------------------------------------------------------------------------------------
    u("FC 40", "vitals", VITALS, fc=40, rejected=set()),
    u("FC 39", "vitals", VITALS, fc=None, rejected={V.HEART_RATE}),
    u("FC 190", "vitals", VITALS, fc=190, rejected=set()),
    u("FC 191", "vitals", VITALS, fc=None, rejected={V.HEART_RATE}),
    u("FR 8", "vitals", VITALS, fr=8, rejected=set()),
    u("FR 7", "vitals", VITALS, fr=None, rejected={V.RESP_RATE}),
    u("FR 50", "vitals", VITALS, fr=50, rejected=set()),
    u("FR 51", "vitals", VITALS, fr=None, rejected={V.RESP_RATE}),
    u("sat 70", "vitals", VITALS, sat=70, rejected=set()),
    u("sat 69", "vitals", VITALS, sat=None, rejected={V.SATURATION}),
    u("sat 100%", "vitals", VITALS, sat=100, rejected=set()),
    u("sat 101", "vitals", VITALS, sat=None, rejected={V.SATURATION}),
    u("temp 34", "vitals", VITALS, temp=34.0, rejected=set()),
    u("temp 33,9", "vitals", VITALS, temp=None, rejected={V.TEMPERATURE}),
    u("temp 41", "vitals", VITALS, temp=41.0, rejected=set()),
    u("temp 41,1", "vitals", VITALS, temp=None, rejected={V.TEMPERATURE}),
    u("temp 36,4", "vitals", VITALS, temp=36.4),
    u("temperatura 37.8", "vitals", VITALS, temp=37.8),
    # -- respiratory condition ----------------------------------------------------------------------
    u("ar ambiente", "respiratory", VITALS, resp=AIR),
    u("em ar ambiente", "respiratory", VITALS, resp=AIR),
    u("oxigênio suplementar", "respiratory", VITALS, resp=O2),
    u("no cateter de O2", "respiratory", VITALS, resp=O2),
    u("paciente em ventilação mecânica", "respiratory", VITALS, resp=VM),
    # -- yes / no -----------------------------------------------------------------------------------------
    u("não confirmo", "no", CLINICAL, answer=NO),
    u("👍", "yes", CLINICAL, answer=YES),
    u("❌", "no", SUMMARY, answer=NO),
    u("negativo", "no", CLINICAL, answer=NO),
    u("cancela", "no", CLINICAL, answer=NO),
    u("beleza", "yes", PRESENCE, answer=YES),
    u("correto", "yes", SUMMARY, answer=YES),
    u("errado", "no", SUMMARY, answer=NO),
    u("sim, tenho certeza", "yes", CANCEL, answer=YES),
    # -- substitutes ------------------------------------------------------------------------------------
    u("2", "choice", SUBSTITUTE, choice=1),
    u("Maria Souza", "choice", SUBSTITUTE, choice=0),
    u("joão", "choice", SUBSTITUTE, choice=1),
    u("nenhum", "choice", SUBSTITUTE, no_choice=True, choice=None),
    # -- questions and operational notes ------------------------------------------------------------------
    u("que horas acaba meu plantão?", "question", VITALS, question=True, note_is=None, op_is=None),
    u("vocês têm o contato do médico?", "question", CLINICAL, question=True, note_is=None, op_is=None),
    u("chegou a enfermeira", "operational", VITALS, op="enfermeira", note_is=None),
    u("acabou o soro fisiológico", "operational", VITALS, op="soro", note_is=None),
    u("a cadeira de rodas quebrou", "operational", CLINICAL, op="cadeira de rodas", answer=None),
    # -- report topics ------------------------------------------------------------------------------------
    u("sem informações", "topics", TOPICS, topics={T.FOOD_HYDRATION}),
    u("sem informações", "topics", asking(T.SLEEP), topics={T.SLEEP}),
    u("medicação: sem informações", "topics", TOPICS, topics={T.MEDICATIONS}),
    u(
        "Info clínica: sem intercorrências",
        "topics",
        TOPICS,
        topic_values={T.ADDITIONAL_INFO: "sem intercorrências"},
    ),
    u("PA 120x80 FC 80", "topics_vitals", TOPICS, bp="120x80", fc=80, topics=set()),
)

# Second blind batch (written after the first score, still before reading the machine), harder edges.
_SCRIPTS_2: tuple[Script, ...] = (
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

_UTTERANCES_2: tuple[Utterance, ...] = (
    u("PA 12x8", "vitals", VITALS, bp="120x80"),
    u("PA 9,5x6,5", "vitals", VITALS, bp="95x65"),
    u("PA 120 x 80 mmHg", "vitals", VITALS, bp="120x80"),
    u("pressão 14 por 9", "vitals", VITALS, bp="140x90"),
    u("SpO2 97%", "vitals", VITALS, sat=97),
    u("saturação 94", "vitals", VITALS, sat=94),
    u("FC 76 bpm", "vitals", VITALS, fc=76),
    u("frequência cardíaca 88", "vitals", VITALS, fc=88),
    u("frequência respiratória 20", "vitals", VITALS, fr=20),
    u("temp 37,0", "vitals", VITALS, temp=37.0),
    u("temperatura 36.5°C", "vitals", VITALS, temp=36.5),
    u("FC 300 sat 150 temp 36", "vitals", VITALS, rejected={V.HEART_RATE, V.SATURATION}, temp=36.0),
    u("em uso de O2 por cateter nasal", "respiratory", VITALS, resp=O2),
    u("respirando em ar ambiente", "respiratory", VITALS, resp=AIR),
    u("na ventilação mecânica", "respiratory", VITALS, resp=VM),
    u("não, errei a pressão", "no", CLINICAL, answer=NO),
    u("ok, pode salvar", "yes", CLINICAL, answer=YES),
    u("✅", "yes", SUMMARY, answer=YES),
    u("Nenhum", "choice", SUBSTITUTE, no_choice=True, choice=None),
    u("1", "choice", SUBSTITUTE, choice=0),
    u("sono: sem informações", "topics", TOPICS, topics={T.SLEEP}),
    u(
        "Administrativo: família pediu relatório",
        "topics",
        TOPICS,
        topic_values={T.ADMINISTRATIVE: "família pediu relatório"},
    ),
)

# Third blind batch (written after the second score, still before reading the machine): mixed messages.
_SCRIPTS_3: tuple[Script, ...] = (
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

HELD_OUT_11C_SCRIPTS = _SCRIPTS_1 + _SCRIPTS_2 + _SCRIPTS_3
_UTTERANCES_3: tuple[Utterance, ...] = (
    u("PA 12,5 por 8", "vitals", VITALS, bp="125x80"),
    u("temp 364", "vitals", VITALS, temp=None, rejected={V.TEMPERATURE}),
    u("sat 97 com 2L de O2", "respiratory", VITALS, sat=97, resp=O2),
    u("oxigênio 2 L/min", "respiratory", VITALS, resp=O2),
    u("traqueostomizado em ventilação mecânica", "respiratory", VITALS, resp=VM),
    u("O2 suspenso, agora em ar ambiente", "respiratory", VITALS, resp=AIR),
    u("sem oxigênio, ar ambiente", "respiratory", VITALS, resp=AIR),
    u("qual a temperatura normal?", "question", VITALS, question=True, temp=None, note_is=None),
    u("sim, mas a temp é 37", "correction", CLINICAL, temp=37.0, answer=None),
    u("isso mesmo", "yes", CLINICAL, answer=YES),
    u("n", "no", CLINICAL, answer=NO),
    u("s", "yes", PRESENCE, answer=YES),
    u("nada a declarar", "topics", asking(T.ADMINISTRATIVE), topics={T.ADMINISTRATIVE}),
    u("FC 76 FR 18 e a PA não consegui medir", "vitals", VITALS, fc=76, fr=18, bp=None),
)

HELD_OUT_11C = _UTTERANCES_1 + _UTTERANCES_2 + _UTTERANCES_3
