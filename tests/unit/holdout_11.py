"""A blind held-out set for issue 11, written from SPEC section 6 and conversations.md only (the machine
unread): day-shift and night-shift messages as caregivers type or dictate them, and whole conversations
through every flow, each with every backend write it must cause. `bench/understanding.py` reports it
apart ("held_out_11"); no test requires it to pass.

First score, untuned (before any fix): rule accuracy 69 / 71 (97.2%), conversations 24 / 34.
After the fixes of branch qa-11e (four machine defects, two expectations corrected, each in its own
commit): rule accuracy 71 / 71, conversations 34 / 34.
"""

from __future__ import annotations

from datetime import timedelta

from orchestrator.machine import VitalName, Wish
from orchestrator.models import ActionKind, Template
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_D, SHIFT_E
from tests.unit.holdout_qa import LATER
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
    VM,
    YES,
    T,
    Utterance,
    asking,
    u,
)

HELD_OUT_11: tuple[Utterance, ...] = (
    # -- presence -----------------------------------------------------------------------------------
    u("simm, ja to a caminho 🚗", "yes", PRESENCE, answer=YES),
    u("to confirmada sim", "yes", PRESENCE, answer=YES),
    u("blz, vou sim", "yes", PRESENCE, answer=YES),
    u("vou sim, pode contar cmg", "yes", PRESENCE, answer=YES),
    u("✅", "yes", PRESENCE, answer=YES),
    u("nao vou nao, desculpa", "no", PRESENCE, answer=NO),
    u("nao posso hj, to com dengue", "no", PRESENCE, answer=NO),
    u("n", "no", PRESENCE, answer=NO),
    u("hoje nao vai rolar", "no", PRESENCE, answer=NO),
    u("que horas comeca o plantao?", "question", PRESENCE, question=True, answer=None),
    # -- cancellation double-check ------------------------------------------------------------------
    u("sim, tenho ctz", "yes", CANCEL, answer=YES),
    u("pode cancelar sim", "yes", CANCEL, answer=YES),
    u("nao, pera, eu vou", "no", CANCEL, answer=NO),
    u("deixa, nao cancela", "no", CANCEL, answer=NO),
    # -- substitutes (Maria Souza, João Lima, Carla Dias) -------------------------------------------
    u("opcao 3", "choice", SUBSTITUTE, choice=2),
    u("a Carla Dias", "choice", SUBSTITUTE, choice=2),
    u("pode ser a segunda", "choice", SUBSTITUTE, choice=1),
    u("o joao", "choice", SUBSTITUTE, choice=1),
    u("nenhum, obrigada", "choice", SUBSTITUTE, no_choice=True, choice=None),
    # -- the staged measurement ---------------------------------------------------------------------
    u("isso mesmo, pode salvar", "yes", CLINICAL, answer=YES),
    u("certinho ✅", "yes", CLINICAL, answer=YES),
    u("ta certo sim", "yes", CLINICAL, answer=YES),
    u("nao, esta errado", "no", CLINICAL, answer=NO),
    u("errei a temperatura, é 37,4", "correction", CLINICAL, temp=37.4, note_is=None),
    u("na verdade a pa foi 13x8", "correction", CLINICAL, bp="130x80", note_is=None),
    u("corrige a fr pra 20", "correction", CLINICAL, fr=20, note_is=None),
    # -- vital signs --------------------------------------------------------------------------------
    u(
        "PA: 120/70 | FC: 68 | FR: 16 | SAT: 97% | TEMP: 36,2 | AA | Paciente lucido e orientado",
        "vitals",
        VITALS,
        bp="120x70",
        fc=68,
        fr=16,
        sat=97,
        temp=36.2,
        resp=AIR,
        note_is="Paciente lucido e orientado",
    ),
    u(
        "pressao 9 por 6 fc 60 fr 14 sat 95 temp 35,8 ar ambiente, pcte sonolento mas responde",
        "vitals",
        VITALS,
        bp="90x60",
        fc=60,
        temp=35.8,
        resp=AIR,
        note_is="pcte sonolento mas responde",
    ),
    u(
        "pa 14x9 fc 98 fr 22 sat 93 tax 38,1 aa febril, dei dipirona as 15h",
        "vitals",
        VITALS,
        bp="140x90",
        temp=38.1,
        note_is="febril, dei dipirona as 15h",
    ),
    u("pa 9.5 por 6.5", "vitals", VITALS, bp="95x65", note_is=None),
    u("saturando 91 no cateter de o2 2l", "vitals", VITALS, sat=91, resp=O2, note_is=None),
    u("ta em ventilacao mecanica, sat 96", "vitals", VITALS, sat=96, resp=VM),
    u("temp 36,9 🌡️", "vitals", VITALS, temp=36.9, note_is=None),
    u("Sat 98% FC 72bpm", "vitals", VITALS, sat=98, fc=72, note_is=None),
    u("temperatura trinta e sete e meio", "numbers_in_words", VITALS, temp=37.5),
    u("frequencia cardiaca cento e dez", "numbers_in_words", VITALS, fc=110),
    u("sinais: 12x8, 76, 18, 97, 36.5", "unlabelled", LATER, bp="120x80", fc=76, fr=18, sat=97, temp=36.5),
    u("fc 35 fr 18", "vitals", VITALS, fr=18, fc=None, rejected={VitalName.HEART_RATE}),
    u("temp 42", "vitals", VITALS, temp=None, rejected={VitalName.TEMPERATURE}),
    u("pa 80x120", "vitals", VITALS, bp=None, rejected={VitalName.BLOOD_PRESSURE}),
    # -- remarks ------------------------------------------------------------------------------------
    u("pcte recusou o cafe da manha", "clinical_note", NONE, note_is="pcte recusou o cafe da manha", op_is=None),
    u("apresentou tosse produtiva a tarde", "clinical_note", NONE, note_is="apresentou tosse produtiva a tarde"),
    u(
        "ta com uma lesao na regiao sacral, fiz curativo",
        "clinical_note",
        NONE,
        note_is="ta com uma lesao na regiao sacral, fiz curativo",
        op_is=None,
    ),
    u("acabou o soro fisiologico", "operational", NONE, op_is="acabou o soro fisiologico", note_is=None),
    u("a cadeira de banho quebrou a roda", "operational", NONE, op_is="a cadeira de banho quebrou a roda"),
    u("a filha dele chegou pra visitar", "operational", NONE, op_is="a filha dele chegou pra visitar"),
    u("o enfermeiro supervisor passou aqui", "operational", NONE, op_is="o enfermeiro supervisor passou aqui"),
    u("o motorista nao veio me buscar", "operational", NONE, op_is="o motorista nao veio me buscar"),
    # -- questions, greetings, courtesy -------------------------------------------------------------
    u("qual o whats da coordenacao?", "question", NONE, question=True, note_is=None, op_is=None),
    u("tem como trocar meu plantao de sabado?", "question", NONE, question=True, op_is=None),
    u("preciso levar o oximetro amanha?", "question", NONE, question=True, note_is=None),
    u("como funciona?", "help", NONE, wishes={Wish.HELP}, note_is=None),
    u("bom diaaa 🌞", "greeting", VITALS, wishes={Wish.GREETING}, note_is=None),
    u("valeu, obg", "courtesy", NONE, wishes={Wish.THANKS}, note_is=None),
    # -- the report ---------------------------------------------------------------------------------
    u("tomou o cafe todo e bebeu bem agua", "topics", TOPICS, topics={T.FOOD_HYDRATION}),
    u("urina normal, evacuou pastoso", "topics", TOPICS, topics={T.STOOL_URINE}),
    u(
        "humor: irritado; medicações: recusou a das 18h",
        "topics",
        TOPICS,
        topic_values={T.MOOD: "irritado", T.MEDICATIONS: "recusou a das 18h"},
    ),
    u(
        "sem informações",
        "bare_topic",
        TOPICS,
        topic_values={T.FOOD_HYDRATION: "Sem informações", T.SLEEP: None},
    ),
    u("sono: sem informações", "topics", TOPICS, topic_values={T.SLEEP: "Sem informações", T.FOOD_HYDRATION: None}),
    u("sem informações", "bare_topic", asking(T.SLEEP), topic_values={T.SLEEP: "Sem informações", T.MOOD: None}),
    u("calminha", "bare_topic", asking(T.MOOD), topic_values={T.MOOD: "calminha"}),
    u("sem medicação hoje", "bare_topic", asking(T.MEDICATIONS), topics={T.MEDICATIONS}),
    u("falta fralda tamanho G", "bare_topic", asking(T.ADMINISTRATIVE), topics={T.ADMINISTRATIVE}),
    u("pa 12x8 fc 80 fr 18 sat 97 temp 36,4", "vitals", TOPICS, bp="120x80", temp=36.4, topics=set()),
    u("pode enviar", "yes", SUMMARY, answer=YES),
    u("ta tudo certo, manda", "yes", SUMMARY, answer=YES),
    u("errado", "no", SUMMARY, answer=NO),
    u(
        "nao, medicacao: tomou so a das 8h",
        "topics",
        SUMMARY,
        answer=NO,
        topic_values={T.MEDICATIONS: "tomou so a das 8h"},
    ),
    # -- finishing ----------------------------------------------------------------------------------
    u("quero finalizar o plantao", "finish", NONE, wishes={Wish.FINISH}),
    u("acabou meu plantao, vou fechar", "finish", NONE, wishes={Wish.FINISH}),
    u("bora encerrar", "finish", NONE, wishes={Wish.FINISH}),
)

CLINICAL_WRITE, SCHEDULE, SUMMARY_WRITE, NEW_SCHEDULE = (
    ActionKind.UPDATE_CLINICAL,
    ActionKind.UPDATE_SCHEDULE,
    ActionKind.UPDATE_SUMMARY,
    ActionKind.CREATE_SCHEDULE,
)
CONFIRMED = (SCHEDULE, {"responseValue": "confirmado"})
CANCELLED = (SCHEDULE, {"responseValue": "cancelado"})

MEASURE = "pa 13x8 fc 82 fr 18 sat 96 temp 36,6 aa pcte tranquilo no leito"
MEASURE_WRITE = {
    "bloodPressure": "130x80",
    "heartRate": 82,
    "respRate": 18,
    "saturationO2": 96,
    "temperature": 36.6,
    "supplementaryOxygen": "Ar ambiente",
    "clinicalNote": "pcte tranquilo no leito",
    "operationalNote": False,
}
REPORT_LINES = (
    "Alimentação: almocou tudo e tomou 1l de agua\n"
    "Diurese/evacuação: urinou bem, evacuou 1x\n"
    "Sono: cochilou a tarde\n"
    "Humor: alegre\n"
    "Medicações: tomou as 3 do horario\n"
    "Atividades: passeio no quintal\n"
    "Info clínica: sem intercorrencias\n"
    "Administrativo: sem informações"
)
REPORT_LINES_WRITE = {
    "foodHydrationSpecification": "almocou tudo e tomou 1l de agua",
    "stoolUrineSpecification": "urinou bem, evacuou 1x",
    "sleepSpecification": "cochilou a tarde",
    "moodSpecification": "alegre",
    "medicationsSpecification": "tomou as 3 do horario",
    "activitiesSpecification": "passeio no quintal",
    "additionalInformationSpecification": "sem intercorrencias",
    "administrativeInfo": "Sem informações",
}
NEXT_SHIFT = {**SHIFT_B, "scheduleID": "S-F", "reportID": "R-F", "reportDate": "2026-11-27", "day": "27/11/2026"}


def _op(note: str) -> tuple[ActionKind, dict[str, object]]:
    return (CLINICAL_WRITE, {"clinicalNote": note, "operationalNote": True})


HELD_OUT_11_SCRIPTS: tuple[Script, ...] = (
    # -- presence -----------------------------------------------------------------------------------
    Script(
        "11: presence confirmed on the bus",
        SHIFT_A,
        ("bom diaa 🙏", "simm confirmo, ja to no onibus"),
        calls=(CONFIRMED,),
    ),
    Script(
        "11: a question before confirming presence",
        SHIFT_A,
        ("oi", "que horas comeca o plantao?", "s"),
        calls=(CONFIRMED,),
    ),
    Script(
        "11: a cancellation taken back, then confirmed",
        SHIFT_A,
        ("oi", "nao vou poder ir hj", "nao, mudei de ideia", "sim vou"),
        calls=(CONFIRMED,),
    ),
    Script(
        "11: cancelled, substitute by number",
        SHIFT_A,
        ("boa tarde", "infelizmente nao consigo ir hoje, meu filho ta doente", SHIFT_E, "sim pode cancelar", "1"),
        calls=(CANCELLED, (NEW_SCHEDULE, {"newCaregiverID": "C-7"})),
    ),
    Script(
        "11: cancelled, substitute by first name",
        SHIFT_A,
        ("oii", "nao vou conseguir ir, to com dengue", SHIFT_E, "tenho ctz", "pode ser o joao"),
        calls=(CANCELLED, (NEW_SCHEDULE, {"newCaregiverID": "C-9"})),
    ),
    Script(
        "11: cancelled, nobody indicated",
        SHIFT_A,
        ("oi", "hoje nao vai rolar", SHIFT_E, "sim", "nao quero indicar ninguem"),
        calls=(CANCELLED,),
    ),
    Script(
        "11: vitals before presence are kept and resumed",
        SHIFT_A,
        (MEASURE, "sim", "sim"),
        calls=(CONFIRMED, (CLINICAL_WRITE, MEASURE_WRITE)),
    ),
    Script(
        "11: the presence template, then a yes",
        SHIFT_A,
        (Template.CONFIRM_PRESENCE, "confirmo 👍"),
        calls=(CONFIRMED,),
    ),
    # -- no shift, cancelled shift ------------------------------------------------------------------
    Script(
        "11: unknown phone writes nothing",
        SHIFT_D,
        ("boa noite, quero enviar os sinais", "pa 120x80 fc 70 fr 16 sat 97 temp 36 aa ok", "sim"),
        last_lacks=("salv",),
    ),
    Script(
        "11: a cancelled shift writes nothing",
        SHIFT_E,
        ("oi", MEASURE, "sim"),
        last_lacks=("salv",),
    ),
    # -- clinical -----------------------------------------------------------------------------------
    Script(
        "11: a dictated measurement in words",
        SHIFT_B,
        (
            "entao a pressao dele ta treze por oito a frequencia cardiaca oitenta e dois respiracao dezoito "
            "saturacao noventa e seis temperatura trinta e seis e meio ta em ar ambiente e ta bem tranquilo "
            "assistindo tv",
            "isso",
        ),
        calls=(
            (
                CLINICAL_WRITE,
                {
                    "bloodPressure": "130x80",
                    "heartRate": 82,
                    "respRate": 18,
                    "saturationO2": 96,
                    "temperature": 36.5,
                    "supplementaryOxygen": "Ar ambiente",
                    "clinicalNote": "bem tranquilo assistindo tv",
                    "operationalNote": False,
                },
            ),
        ),
    ),
    Script(
        "11: a measurement over five messages",
        SHIFT_B,
        ("pa 11/7 fc 64", "fr 17 sat 97", "tax 36,1", "ar ambiente", "pcte acordado, conversando", "ok"),
        calls=(
            (
                CLINICAL_WRITE,
                {
                    "bloodPressure": "110x70",
                    "heartRate": 64,
                    "respRate": 17,
                    "saturationO2": 97,
                    "temperature": 36.1,
                    "supplementaryOxygen": "Ar ambiente",
                    "clinicalNote": "pcte acordado, conversando",
                    "operationalNote": False,
                },
            ),
        ),
    ),
    Script(
        "11: a correction at the summary",
        SHIFT_B,
        (MEASURE, "errado, temp 37,2", "sim"),
        calls=((CLINICAL_WRITE, {**MEASURE_WRITE, "temperature": 37.2}),),
    ),
    Script(
        "11: an out-of-range pulse corrected",
        SHIFT_B,
        ("pa 13x8 fc 250 fr 18 sat 96 temp 36,6 aa pcte tranquilo no leito", "fc 92", "sim"),
        calls=((CLINICAL_WRITE, {**MEASURE_WRITE, "heartRate": 92}),),
    ),
    Script(
        "11: a thumbs-down, a fix, a check mark",
        SHIFT_B,
        (MEASURE, "👎", "fc 84", "✅"),
        calls=((CLINICAL_WRITE, {**MEASURE_WRITE, "heartRate": 84}),),
    ),
    Script(
        "11: a late yes is not saved",
        SHIFT_B,
        (MEASURE, timedelta(minutes=15), "sim"),
        last_has=("expirou",),
    ),
    Script(
        "11: expired, shown again, saved once",
        SHIFT_B,
        (MEASURE, timedelta(minutes=11), "pode salvar", "s"),
        calls=((CLINICAL_WRITE, MEASURE_WRITE),),
    ),
    Script(
        "11: a yes inside the ten minutes",
        SHIFT_B,
        (MEASURE, timedelta(minutes=8), "s"),
        calls=((CLINICAL_WRITE, MEASURE_WRITE),),
    ),
    Script(
        "11: a note first, the vitals after",
        SHIFT_B,
        ("pcte com dor de cabeca", "pa 14x9 fc 80 fr 18 sat 96 temp 36,7 aa", "sim"),
        calls=(
            (
                CLINICAL_WRITE,
                {
                    "bloodPressure": "140x90",
                    "heartRate": 80,
                    "respRate": 18,
                    "saturationO2": 96,
                    "temperature": 36.7,
                    "supplementaryOxygen": "Ar ambiente",
                    "clinicalNote": "pcte com dor de cabeca",
                    "operationalNote": False,
                },
            ),
        ),
    ),
    Script(
        "11: a second measurement needs no note",
        SHIFT_B,
        (MEASURE, "sim", "pa 11x7 fc 72 fr 16 sat 98 temp 36,2 aa", "sim"),
        calls=(
            (CLINICAL_WRITE, MEASURE_WRITE),
            (
                CLINICAL_WRITE,
                {
                    "bloodPressure": "110x70",
                    "heartRate": 72,
                    "respRate": 16,
                    "saturationO2": 98,
                    "temperature": 36.2,
                    "supplementaryOxygen": "Ar ambiente",
                    "operationalNote": False,
                },
            ),
        ),
    ),
    Script(
        "11: a question amid the vitals is written nowhere",
        SHIFT_B,
        (
            "pa 12x8 fc 75",
            "a sat tem que ser com o oximetro do paciente?",
            "fr 16 sat 97 temp 36,3 aa sem queixas",
            "sim",
        ),
        calls=(
            (
                CLINICAL_WRITE,
                {
                    "bloodPressure": "120x80",
                    "heartRate": 75,
                    "respRate": 16,
                    "saturationO2": 97,
                    "temperature": 36.3,
                    "supplementaryOxygen": "Ar ambiente",
                    "clinicalNote": "sem queixas",
                    "operationalNote": False,
                },
            ),
        ),
    ),
    # -- operational --------------------------------------------------------------------------------
    Script(
        "11: supplies out amid the vitals",
        SHIFT_B,
        ("pa 13x8 fc 82 e acabou a fralda geriatrica", "fr 18 sat 96 temp 36,6 aa pcte tranquilo no leito", "sim"),
        calls=(_op("acabou a fralda geriatrica"), (CLINICAL_WRITE, MEASURE_WRITE)),
    ),
    Script(
        "11: an arrival while a measurement waits",
        SHIFT_B,
        (MEASURE, "a fisioterapeuta chegou agora", "sim"),
        calls=(_op("a fisioterapeuta chegou agora"), (CLINICAL_WRITE, MEASURE_WRITE)),
    ),
    Script(
        "11: questions only",
        SHIFT_B,
        ("vcs tem o numero da coordenadora?", "que horas termina meu plantao?"),
        last_lacks=("salv",),
    ),
    # -- templates ----------------------------------------------------------------------------------
    Script(
        "11: the vitals template answered",
        SHIFT_B,
        (Template.ASK_VITALS, MEASURE, "pode salvar"),
        calls=((CLINICAL_WRITE, MEASURE_WRITE),),
    ),
    Script(
        "11: the note template answered after a measurement",
        SHIFT_B,
        (MEASURE, "sim", Template.ASK_CLINICAL_NOTE, "pcte dormiu bem apos a medicacao das 22h", "sim"),
        calls=(
            (CLINICAL_WRITE, MEASURE_WRITE),
            (CLINICAL_WRITE, {"clinicalNote": "pcte dormiu bem apos a medicacao das 22h", "operationalNote": False}),
        ),
    ),
    Script(
        "11: the finish template, then the report",
        SHIFT_B,
        (MEASURE, "sim", Template.FINISH_SHIFT, REPORT_LINES, "sim"),
        calls=((CLINICAL_WRITE, MEASURE_WRITE), (SUMMARY_WRITE, REPORT_LINES_WRITE)),
    ),
    # -- finalization -------------------------------------------------------------------------------
    Script(
        "11: the report in one message",
        SHIFT_C,
        (REPORT_LINES, "pode enviar"),
        calls=((SUMMARY_WRITE, REPORT_LINES_WRITE),),
    ),
    Script(
        "11: the report over several messages",
        SHIFT_C,
        (
            "comeu pouco no jantar, aceitou so a sopa",
            "fez xixi varias vezes, nao evacuou",
            "sem informações",
            "agitada no inicio da noite",
            "deu os remedios das 20h",
            "sem informacoes",
            "sem informações",
            "sem informações",
            "confirmo",
        ),
        calls=(
            (
                SUMMARY_WRITE,
                {
                    "foodHydrationSpecification": "comeu pouco no jantar; aceitou so a sopa",
                    "stoolUrineSpecification": "fez xixi varias vezes; nao evacuou",
                    "sleepSpecification": "Sem informações",
                    "moodSpecification": "agitada no inicio da noite",
                    "medicationsSpecification": "deu os remedios das 20h",
                    "activitiesSpecification": "Sem informações",
                    "additionalInformationSpecification": "Sem informações",
                    "administrativeInfo": "Sem informações",
                },
            ),
        ),
    ),
    Script(
        "11: vitals during the report",
        SHIFT_C,
        (MEASURE, "sim", REPORT_LINES, "sim"),
        calls=((CLINICAL_WRITE, MEASURE_WRITE), (SUMMARY_WRITE, REPORT_LINES_WRITE)),
    ),
    Script(
        "11: a correction to the report summary",
        SHIFT_C,
        (REPORT_LINES, "nao, sono: acordou 3x de madrugada", "sim"),
        calls=((SUMMARY_WRITE, {**REPORT_LINES_WRITE, "sleepSpecification": "acordou 3x de madrugada"}),),
    ),
    Script(
        "11: finishing asked for after a measurement",
        SHIFT_B,
        (MEASURE, "sim", "quero finalizar o plantao", REPORT_LINES, "sim"),
        calls=((CLINICAL_WRITE, MEASURE_WRITE), (SUMMARY_WRITE, REPORT_LINES_WRITE)),
    ),
    Script(
        "11: the shift is closed after the report",
        SHIFT_C,
        (REPORT_LINES, "sim", "pa 12x8 fc 80 fr 16 sat 97 temp 36 aa ok", "sim"),
        calls=((SUMMARY_WRITE, REPORT_LINES_WRITE),),
        last_has=("encerrado",),
    ),
    Script(
        "11: a new shift after the closed one",
        SHIFT_C,
        (REPORT_LINES, "sim", NEXT_SHIFT, timedelta(minutes=30), "bom dia", MEASURE, "sim"),
        calls=((SUMMARY_WRITE, REPORT_LINES_WRITE), (CLINICAL_WRITE, MEASURE_WRITE)),
    ),
)
