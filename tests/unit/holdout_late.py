"""A second held-out set, written after the QA findings and the hunting fixes were in, and measured
once: new night-shift phrasings nobody tuned the rules against. `bench/understanding.py` reports it
apart ("held_out_late"); no test requires it to pass.
"""

from __future__ import annotations

from datetime import timedelta

from orchestrator.machine import VitalName, Wish
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_E
from tests.unit.holdout_qa import FIRST, FIRST_WRITE, LATER, REPORT, REPORT_WRITE
from tests.unit.script_kit import Script
from tests.unit.utterance_kit import (
    AIR,
    CANCEL,
    CLINICAL,
    NO,
    NONE,
    O2,
    PRESENCE,
    SUBSTITUTE,
    SUMMARY,
    TOPICS,
    VITALS,
    YES,
    T,
    Utterance,
    asking,
    u,
)

HELD_OUT_LATE: tuple[Utterance, ...] = (
    # -- presence, cancellation, substitutes ---------------------------------------------------------
    u("pode confirmar sim", "yes", PRESENCE, answer=YES),
    u("chegando em 15 min", "yes", PRESENCE, answer=YES),
    u("sim sim to indo ja", "yes", PRESENCE, answer=YES),
    u("vou nao", "no", PRESENCE, answer=NO),
    u("nao vai dar pra mim hj nao", "no", PRESENCE, answer=NO),
    u("to passando mal, nao consigo", "no", PRESENCE, answer=NO),
    u("isso, pode cancelar", "yes", CANCEL, answer=YES),
    u("nao cancela nao", "no", CANCEL, answer=NO),
    u("manda o joao lima", "choice", SUBSTITUTE, choice=1),
    u("primeira opcao", "choice", SUBSTITUTE, choice=0),
    u("ninguem", "choice", SUBSTITUTE, no_choice=True, choice=None),
    # -- the staged measurement ----------------------------------------------------------------------
    u("ta ok", "yes", CLINICAL, answer=YES),
    u("beleza, salva", "yes", CLINICAL, answer=YES),
    u("perfeito", "yes", CLINICAL, answer=YES),
    u("nao ta certo", "no", CLINICAL, answer=NO),
    u("opa pera, a sat ta errada", "no", CLINICAL, answer=NO),
    u("sat 93 na verdade", "correction", CLINICAL, sat=93, note_is=None),
    u("fc 77, o resto ta certo", "correction", CLINICAL, fc=77, note_is=None),
    # -- vital signs ---------------------------------------------------------------------------------
    u(
        "Pa 140x90 Fc 98 Fr 22 Sat 94 Tax 37,9 aa. Pcte febril, avisei a enf",
        "vitals",
        VITALS,
        bp="140x90",
        temp=37.9,
        resp=AIR,
        note_is="Pcte febril, avisei a enf",
    ),
    u(
        "pressão 12 por 8, pulso 72, respiração 16, saturação 98, temperatura 36 graus, ar ambiente, "
        "dormindo tranquilo",
        "vitals",
        VITALS,
        bp="120x80",
        fc=72,
        fr=16,
        sat=98,
        temp=36.0,
        note_is="dormindo tranquilo",
    ),
    u("PA=130x85 FC=90 FR=20 SAT=96 T=36.8 AA", "vitals", VITALS, bp="130x85", fc=90, temp=36.8, note_is=None),
    u(
        "pa 10x6 fc 58 fr 14 sat 99 tax 35,9 aa pcte hipotenso, assintomatico",
        "vitals",
        VITALS,
        bp="100x60",
        temp=35.9,
        note_is="pcte hipotenso, assintomatico",
    ),
    u("sat 95 com 2l de o2", "vitals", VITALS, sat=95, resp=O2, note_is=None),
    u("fc 110 taquicardico", "vitals", VITALS, fc=110, note_is="taquicardico"),
    u("temp 38 e 2", "vitals", VITALS, temp=38.2),
    u("spo2 noventa e dois", "numbers_in_words", VITALS, sat=92),
    u("sinais 13x9 88 20 95% 37,2", "unlabelled", VITALS, bp="130x90", fc=88, fr=20, sat=95, temp=37.2),
    u("11x7 70 16 98 36", "unlabelled", LATER, bp="110x70", fc=70, fr=16, sat=98, temp=36.0),
    u("pa 12x8 fc 80 88", "unlabelled", VITALS, bp="120x80", fc=80, sat=None, unread_numbers=("88",)),
    u("fc 300 e sat 96", "vitals", VITALS, sat=96, rejected={VitalName.HEART_RATE}),
    # -- remarks -------------------------------------------------------------------------------------
    u(
        "paciente muito sonolento hoje, pouco responsivo",
        "clinical_note",
        NONE,
        note_is="paciente muito sonolento hoje, pouco responsivo",
        op_is=None,
    ),
    u("recusou o jantar", "clinical_note", NONE, note_is="recusou o jantar", op_is=None),
    u("teve um pico de febre as 3h", "clinical_note", NONE, note_is="teve um pico de febre as 3h"),
    u("acabaram os lencos umedecidos", "operational", NONE, op_is="acabaram os lencos umedecidos"),
    u("o aspirador ta com defeito", "operational", NONE, op_is="o aspirador ta com defeito", note_is=None),
    u(
        "a tecnica de enfermagem veio fazer o curativo",
        "operational",
        NONE,
        op_is="a tecnica de enfermagem veio fazer o curativo",
    ),
    u("preciso de mais seringa de 10ml", "operational", NONE, op_is="preciso de mais seringa de 10ml"),
    # -- questions, greetings, courtesy --------------------------------------------------------------
    u("qual o telefone da enfermeira?", "question", NONE, question=True, note_is=None, op_is=None),
    u("vcs sabem se vai ter plantao amanha", "question", NONE, question=True, op_is=None),
    u("onde fica a farmacia mais perto?", "question", NONE, question=True, op_is=None),
    u("quando vem a fisio?", "question", NONE, question=True, op_is=None),
    u("que horas posso ir embora?", "question", NONE, question=True, wishes_absent={Wish.FINISH}),
    u("boa noitee equipe", "greeting", VITALS, wishes={Wish.GREETING}, note_is=None),
    u("obrigadaa", "courtesy", VITALS, wishes={Wish.THANKS}, note_is=None),
    u("muito obrigada pela ajuda", "courtesy", NONE, wishes={Wish.THANKS}, wishes_absent={Wish.HELP}),
    # -- the report ----------------------------------------------------------------------------------
    u("dormiu a noite inteira", "topics", asking(T.SLEEP), topics={T.SLEEP}),
    u("tranquilo", "bare_topic", asking(T.MOOD), topic_values={T.MOOD: "tranquilo"}),
    u("nada nao", "bare_topic", asking(T.ACTIVITIES), topic_values={T.ACTIVITIES: "Sem informações"}),
    u("tudo dado certinho", "bare_topic", asking(T.MEDICATIONS), topics={T.MEDICATIONS}),
    u("nenhuma intercorrencia", "topics", asking(T.ADDITIONAL_INFO), topics={T.ADDITIONAL_INFO}),
    u("almoçou bem, jantou pouco", "topics", TOPICS, topics={T.FOOD_HYDRATION}),
    u("fez xixi e coco", "topics", TOPICS, topics={T.STOOL_URINE}),
    u("nao, humor: ansioso", "topics", SUMMARY, answer=NO, topic_values={T.MOOD: "ansioso"}),
    u("confirmo envio", "yes", SUMMARY, answer=YES),
    u("manda", "yes", SUMMARY, answer=YES),
    # -- finishing -----------------------------------------------------------------------------------
    u("posso finalizar?", "finish", NONE, wishes={Wish.FINISH}),
    u("encerrando o plantao", "finish", NONE, wishes={Wish.FINISH}),
)

HELD_OUT_LATE_SCRIPTS: tuple[Script, ...] = (
    Script(
        "presence confirmed on the way",
        SHIFT_A,
        ("boa noite", "chegando em 15 min"),
        calls=((ActionKind.UPDATE_SCHEDULE, {"responseValue": "confirmado"}),),
    ),
    Script(
        "cancelled, nobody chosen",
        SHIFT_A,
        ("oi", "to passando mal, nao consigo", SHIFT_E, "isso, pode cancelar", "ninguem"),
        calls=((ActionKind.UPDATE_SCHEDULE, {"responseValue": "cancelado"}),),
    ),
    Script(
        "an unlabelled first measurement",
        SHIFT_B,
        ("sinais 13x9 88 20 95% 37,2 aa pcte febril", "sim"),
        calls=(
            (
                ActionKind.UPDATE_CLINICAL,
                {
                    "bloodPressure": "130x90",
                    "heartRate": 88,
                    "respRate": 20,
                    "saturationO2": 95,
                    "temperature": 37.2,
                    "supplementaryOxygen": "Ar ambiente",
                    "clinicalNote": "pcte febril",
                    "operationalNote": False,
                },
            ),
        ),
    ),
    Script(
        "saved with an everyday yes",
        SHIFT_B,
        (FIRST, "beleza, salva"),
        calls=((ActionKind.UPDATE_CLINICAL, FIRST_WRITE),),
    ),
    Script(
        "the report topic by topic",
        SHIFT_C,
        (
            "comeu pouco",
            "evacuou",
            "nada nao",
            "ansiosa",
            "tomou tudo",
            "caminhou um pouco",
            "sem intercorrencias",
            "nada",
            "sim",
        ),
        calls=(
            (
                ActionKind.UPDATE_SUMMARY,
                {
                    "foodHydrationSpecification": "comeu pouco",
                    "stoolUrineSpecification": "evacuou",
                    "sleepSpecification": "Sem informações",
                    "moodSpecification": "ansiosa",
                    "medicationsSpecification": "tomou tudo",
                    "activitiesSpecification": "caminhou um pouco",
                    "additionalInformationSpecification": "sem intercorrencias",
                    "administrativeInfo": "Sem informações",
                },
            ),
        ),
    ),
    Script(
        "an expired confirmation, then saved once",
        SHIFT_B,
        (FIRST, timedelta(minutes=12), "ok", "pode salvar"),
        calls=((ActionKind.UPDATE_CLINICAL, FIRST_WRITE),),
    ),
    Script(
        "thanks after the report",
        SHIFT_C,
        (REPORT, "confirmo envio", "valeu"),
        calls=((ActionKind.UPDATE_SUMMARY, REPORT_WRITE),),
        last_has=("encerrado",),
    ),
)
