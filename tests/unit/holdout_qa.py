"""A held-out set written after the issue-10 QA findings, *before* any of them was fixed: night-shift
messages as caregivers type them on a phone (no accents, typos, abbreviations, emoji, numbers in words,
run-ons without punctuation, corrections, greetings, courtesy, yes/no variants), and whole conversations
through every flow and state.

Never tuned against: `bench/understanding.py` reports it apart ("held_out_qa"), and no test requires it to
pass. For each message the truth is what the patient's record should receive and what the caregiver meant.
"""

from __future__ import annotations

from datetime import timedelta

from orchestrator.machine import Expectation, VitalName, Wish
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_E
from tests.unit.script_kit import Script
from tests.unit.utterance_kit import (
    AIR,
    CANCEL,
    CLINICAL,
    NO,
    NONE,
    NOTE,
    O2,
    PRESENCE,
    SUBSTITUTE,
    SUMMARY,
    TOPICS,
    VITALS,
    YES,
    K,
    T,
    Utterance,
    asking,
    u,
)

LATER = Expectation(kind=K.VITALS, missing=("PA", "FC", "FR", "Sat", "Temp", "condição respiratória"))

HELD_OUT_QA: tuple[Utterance, ...] = (
    # -- presence -----------------------------------------------------------------------------------
    u("simmm to indo", "yes", PRESENCE, answer=YES, question=False),
    u("ss", "yes", PRESENCE, answer=YES),
    u("pode sim, ja to chegando", "yes", PRESENCE, answer=YES, question=False),
    u("claro, to saindo de casa agora", "yes", PRESENCE, answer=YES),
    u("confirmado, chego as 19h", "yes", PRESENCE, answer=YES),
    u("boa noiteee, confirmo sim", "yes", PRESENCE, answer=YES),
    u("vou sim, so vou atrasar uns 10 min", "yes", PRESENCE, answer=YES),
    u("oi, vou", "yes", PRESENCE, answer=YES),
    u("ta confirmado 👍", "yes", PRESENCE, answer=YES),
    u("pode deixar que eu vou", "yes", PRESENCE, answer=YES, question=False),
    u("nao nao, nao vou conseguir", "no", PRESENCE, answer=NO),
    u("negativo, to doente", "no", PRESENCE, answer=NO),
    u("infelizmente nao vou poder ir hj", "no", PRESENCE, answer=NO, question=False),
    u("hj nao da pra mim", "no", PRESENCE, answer=NO),
    # -- cancellation double-check ------------------------------------------------------------------
    u("sim pode cancelar", "yes", CANCEL, answer=YES),
    u("ss cancela", "yes", CANCEL, answer=YES),
    u("tenho certeza sim", "yes", CANCEL, answer=YES),
    u("nao, vou sim", "no", CANCEL, answer=NO),
    u("pensando bem vou manter", "no", CANCEL, answer=NO),
    # -- substitutes (Maria Souza, João Lima, Carla Dias) -------------------------------------------
    u("2", "choice", SUBSTITUTE, choice=1),
    u("pode ser a carla", "choice", SUBSTITUTE, choice=2),
    u("o numero 1", "choice", SUBSTITUTE, choice=0),
    u("joao lima", "choice", SUBSTITUTE, choice=1),
    u("a terceira opcao", "choice", SUBSTITUTE, choice=2),
    u("manda a maria", "choice", SUBSTITUTE, choice=0),
    u("nenhum deles", "choice", SUBSTITUTE, no_choice=True, choice=None),
    # -- the staged measurement awaits its answer ---------------------------------------------------
    u("simmm pode salvar", "yes", CLINICAL, answer=YES),
    u("pode sim", "yes", CLINICAL, answer=YES, question=False),
    u("claro", "yes", CLINICAL, answer=YES),
    u("ta ok pode mandar", "yes", CLINICAL, answer=YES),
    u("👍🏻", "yes", CLINICAL, answer=YES),
    u("nao nao espera", "no", CLINICAL, answer=NO),
    u("negativo", "no", CLINICAL, answer=NO),
    u("nao, a fc ta errada, é 88", "correction", CLINICAL, answer=NO, fc=88, note_is=None),
    u("ops errei a sat, 94", "correction", CLINICAL, sat=94, note_is=None),
    u("na verdade a temp foi 37.2", "correction", CLINICAL, temp=37.2, note_is=None),
    # -- vital signs --------------------------------------------------------------------------------
    u(
        "pa 12x8 fc 76 fr 18 spo2 97% tax 36,4 aa pcte dormindo",
        "vitals",
        VITALS,
        bp="120x80",
        fc=76,
        fr=18,
        sat=97,
        temp=36.4,
        resp=AIR,
        note_is="pcte dormindo",
    ),
    u(
        "PA 130x90 FC 92bpm FR 20irpm SpO2 95% Tax 37,0°C em ar ambiente, paciente queixando de dor nas costas",
        "vitals",
        VITALS,
        bp="130x90",
        fc=92,
        fr=20,
        sat=95,
        temp=37.0,
        resp=AIR,
        note_is="paciente queixando de dor nas costas",
    ),
    u(
        "pressao 11 por 7 fc 64 fr 16 sat 98 temp 36 e 2 aa paciente tranquilo",
        "vitals",
        VITALS,
        bp="110x70",
        fc=64,
        temp=36.2,
        note_is="paciente tranquilo",
    ),
    u(
        "PA 14/9, FC 100, FR 22, Sat 92% com O2 2L no cateter, Tax 37,8. Paciente febril e sonolento",
        "vitals",
        VITALS,
        bp="140x90",
        sat=92,
        temp=37.8,
        resp=O2,
        note_is="Paciente febril e sonolento",
    ),
    u(
        "pa 120x80 fc 80 fr 18 sat 96 tax 36.5 respirando em ar ambiente",
        "vitals",
        VITALS,
        resp=AIR,
        note_is=None,
    ),
    u("fc 80 e sat 96", "vitals", VITALS, fc=80, sat=96, note_is=None),
    u("tax 38,2 😰 dei dipirona", "vitals", VITALS, temp=38.2, note_is="dei dipirona"),
    u("a pressao ta 9 por 6", "vitals", VITALS, bp="90x60", note_is=None),
    u("temp 35,8 axilar", "vitals", VITALS, temp=35.8, note_is=None),
    u("glicemia 140, pa 12x8", "vitals", VITALS, bp="120x80", note_is="glicemia 140"),
    u("FC 300", "vitals", VITALS, rejected={VitalName.HEART_RATE}),
    u("pa 12x8 fc 80 fr 18 sat 97 temp 36.5 aa. Obg", "vitals", LATER, bp="120x80", note_is=None),
    u(
        "boa noite! segue ssvv pa 110x70 fc 68 fr 16 sat 98 tax 36,1 aa, paciente dormiu bem",
        "vitals",
        VITALS,
        bp="110x70",
        temp=36.1,
        note_is="paciente dormiu bem",
    ),
    u("pcte em ar ambiente, eupneico", "respiratory", VITALS, resp=AIR, note_is="eupneico"),
    u("fr 18 irpm sat 97% em aa", "vitals", VITALS, fr=18, sat=97, resp=AIR, note_is=None),
    # -- unlabelled values in the usual order (PA, FC, FR, Sat, Temp) --------------------------------
    u("sinais 12x8 76 18 97% 36,4 aa", "unlabelled", VITALS, bp="120x80", fc=76, fr=18, sat=97, temp=36.4),
    u(
        "ssvv: 13x8 / 82 / 19 / 96% / 36,7 / aa / pcte estavel",
        "unlabelled",
        VITALS,
        bp="130x80",
        fc=82,
        fr=19,
        sat=96,
        temp=36.7,
        resp=AIR,
        note_is="pcte estavel",
    ),
    u(
        "12x8, 80, 18, 96%, 36.5",
        "unlabelled",
        LATER,
        bp="120x80",
        fc=80,
        fr=18,
        sat=96,
        temp=36.5,
    ),
    # -- numbers in words, voice-note run-ons -------------------------------------------------------
    u(
        "pa doze por oito fc setenta e dois fr dezoito sat noventa e sete temp trinta e seis e meio ar ambiente",
        "numbers_in_words",
        VITALS,
        bp="120x80",
        fc=72,
        fr=18,
        sat=97,
        temp=36.5,
        resp=AIR,
    ),
    u(
        "entao a pressao ficou treze por oito o batimento oitenta e cinco e a saturacao noventa e seis "
        "ele ta bem calmo assistindo tv",
        "run_on",
        VITALS,
        bp="130x80",
        fc=85,
        sat=96,
        note_is="ele ta bem calmo assistindo tv",
    ),
    # -- remarks ------------------------------------------------------------------------------------
    u("acabou a fralda e o lenco umedecido", "operational", NONE, op_is="acabou a fralda e o lenco umedecido"),
    u("o oximetro ta sem pilha", "operational", NONE, op_is="o oximetro ta sem pilha", note_is=None),
    u(
        "a enfermeira passou aqui e trocou o curativo",
        "operational",
        NONE,
        op_is="a enfermeira passou aqui e trocou o curativo",
        note_is=None,
    ),
    u(
        "a filha do paciente ligou perguntando do plantao",
        "operational",
        NONE,
        op_is="a filha do paciente ligou perguntando do plantao",
    ),
    u(
        "o motorista atrasou, cheguei 20 min atrasada",
        "operational",
        NONE,
        op_is="o motorista atrasou, cheguei 20 min atrasada",
    ),
    u("acabou o gas da casa", "operational", NONE, op_is="acabou o gas da casa"),
    u(
        "a cama hospitalar ta com defeito no controle",
        "operational",
        NONE,
        op_is="a cama hospitalar ta com defeito no controle",
    ),
    u(
        "pa 12x8 fc 80 fr 18 sat 97 tax 36,5 aa, o enfermeiro chegou e a paciente esta tranquila",
        "mixed_operational",
        VITALS,
        op_is="o enfermeiro chegou",
        note_is="a paciente esta tranquila",
    ),
    u("pcte com tosse seca a noite toda", "clinical_note", NONE, note_is="pcte com tosse seca a noite toda"),
    u(
        "paciente agitado, tentou arrancar a sonda",
        "clinical_note",
        NONE,
        note_is="paciente agitado, tentou arrancar a sonda",
        op_is=None,
    ),
    u("evacuou 2x fezes amolecidas", "clinical_note", NONE, note_is="evacuou 2x fezes amolecidas"),
    u("pcte tranquilo, aceitou a dieta toda", "clinical_note", NOTE, note_is="pcte tranquilo, aceitou a dieta toda"),
    u("sem queixas", "clinical_note", NOTE, note_is="sem queixas"),
    # -- questions: answered, written nowhere -------------------------------------------------------
    u("que horas o enfermeiro vem amanha?", "question", NONE, question=True, op_is=None, note_is=None),
    u("vcs vao mandar as fraldas quando?", "question", NONE, question=True, op_is=None, note_is=None),
    u("alguem sabe se ele pode tomar banho hj?", "question", NONE, question=True, note_is=None),
    u("posso dar o remedio dele agora?", "question", NONE, question=True, note_is=None, op_is=None),
    u("qual o numero da coordenacao", "question", NONE, question=True, note_is=None, op_is=None),
    u("tem como trocar meu plantao de sabado?", "question", NONE, question=True, op_is=None),
    u(
        "que horas termina meu plantao hj?",
        "question",
        NONE,
        question=True,
        wishes_absent={Wish.FINISH},
    ),
    # -- greetings and courtesy: never a note -------------------------------------------------------
    u("boa noiteee 🌙", "greeting", VITALS, wishes={Wish.GREETING}, note_is=None),
    u("oii boa noite tudo bem?", "greeting", VITALS, wishes={Wish.GREETING}, note_is=None, question=False),
    u("obg", "courtesy", VITALS, note_is=None, op_is=None),
    u("valeu, boa noite", "courtesy", VITALS, note_is=None, op_is=None),
    # -- the end-of-shift report --------------------------------------------------------------------
    u("comeu pouco no jantar, tomou bastante agua", "topics", TOPICS, topics={T.FOOD_HYDRATION}),
    u("dormiu a noite toda sem acordar", "topics", TOPICS, topics={T.SLEEP}),
    u("evacuou 1x, urina amarelo claro", "topics", TOPICS, topics={T.STOOL_URINE}),
    u("humor: bem tranquilo hj", "topics", TOPICS, topic_values={T.MOOD: "bem tranquilo hj"}),
    u("remedios: tomou tudo no horario", "topics", TOPICS, topic_values={T.MEDICATIONS: "tomou tudo no horario"}),
    u("normal", "bare_topic", asking(T.MOOD), topic_values={T.MOOD: "normal"}, topics={T.MOOD}),
    u("nada", "bare_topic", asking(T.SLEEP), topics={T.SLEEP}),
    u("nao teve", "bare_topic", asking(T.ACTIVITIES), topics={T.ACTIVITIES}),
    u("nenhuma", "bare_topic", asking(T.ACTIVITIES), topics={T.ACTIVITIES}),
    u("tudo certo", "bare_topic", asking(T.ADMINISTRATIVE), topics={T.ADMINISTRATIVE}),
    u("sem novidades", "bare_topic", asking(T.MEDICATIONS), topics={T.MEDICATIONS}),
    u(
        "alimentacao boa, evacuou, dormiu bem, humor estavel, medicacoes ok, fisio de manha, "
        "sem intercorrencias, nada administrativo",
        "topics",
        TOPICS,
        topics=set(T),
    ),
    u("nao, o sono foi ruim acordou 3x", "topics", SUMMARY, answer=NO, topics={T.SLEEP}),
    u("ss pode enviar", "yes", SUMMARY, answer=YES),
    u(
        "errado, medicacao: nao tomou o omeprazol",
        "topics",
        SUMMARY,
        answer=NO,
        topic_values={T.MEDICATIONS: "nao tomou o omeprazol"},
    ),
    u("pa 12x8 fc 80 fr 18 sat 96 tax 36 aa", "topics_vitals", TOPICS, bp="120x80", temp=36.0, topics=set()),
    u("que horas acaba meu plantao?", "question", TOPICS, question=True, topics=set()),
    # -- finishing ----------------------------------------------------------------------------------
    u("bora encerrar o plantao", "finish", NONE, wishes={Wish.FINISH}),
    u("quero finalizar", "finish", NONE, wishes={Wish.FINISH}),
)

FIRST = "pa 12x8 fc 70 fr 16 sat 98 tax 36 aa pcte dormindo"
FIRST_WRITE = {
    "bloodPressure": "120x80",
    "heartRate": 70,
    "respRate": 16,
    "saturationO2": 98,
    "temperature": 36.0,
    "supplementaryOxygen": "Ar ambiente",
    "clinicalNote": "pcte dormindo",
    "operationalNote": False,
}
CLINICAL_WRITE, SCHEDULE, SUMMARY_WRITE, NEW_SCHEDULE = (
    ActionKind.UPDATE_CLINICAL,
    ActionKind.UPDATE_SCHEDULE,
    ActionKind.UPDATE_SUMMARY,
    ActionKind.CREATE_SCHEDULE,
)
REPORT = (
    "alimentacao: comeu bem a sopa; evacuacao: evacuou 1x; sono: dormiu bem; humor: calmo; "
    "medicacao: tomou tudo; atividades: assistiu tv; intercorrencias: nenhuma; administrativo: nada"
)
REPORT_WRITE = {
    "foodHydrationSpecification": "comeu bem a sopa",
    "stoolUrineSpecification": "evacuou 1x",
    "sleepSpecification": "dormiu bem",
    "moodSpecification": "calmo",
    "medicationsSpecification": "tomou tudo",
    "activitiesSpecification": "assistiu tv",
    "additionalInformationSpecification": "nenhuma",
    "administrativeInfo": "Sem informações",
}

HELD_OUT_QA_SCRIPTS: tuple[Script, ...] = (
    Script(
        "presence confirmed after a greeting",
        SHIFT_A,
        ("boa noiteee", "simmm to indo"),
        calls=((SCHEDULE, {"responseValue": "confirmado"}),),
    ),
    Script(
        "cancel, then a substitute by number",
        SHIFT_A,
        ("oii", "nao vou poder ir, to com febre", SHIFT_E, "ss tenho certeza", "2"),
        calls=((SCHEDULE, {"responseValue": "cancelado"}), (NEW_SCHEDULE, {"newCaregiverID": "C-9"})),
    ),
    Script(
        "cancel, then a substitute by name",
        SHIFT_A,
        ("oi", "nao da pra ir hj", SHIFT_E, "sim", "pode ser a maria"),
        calls=((SCHEDULE, {"responseValue": "cancelado"}), (NEW_SCHEDULE, {"newCaregiverID": "C-7"})),
    ),
    Script(
        "a cancellation taken back",
        SHIFT_A,
        ("oi", "nao posso ir hj", "nao nao, vou sim", "sim"),
        calls=((SCHEDULE, {"responseValue": "confirmado"}),),
    ),
    Script(
        "first measurement over four messages",
        SHIFT_B,
        ("boa noite", "pa 12x8 fc 70", "fr 16 spo2 98% tax 36", "aa, pcte dormindo", "ss"),
        calls=((CLINICAL_WRITE, FIRST_WRITE),),
    ),
    Script(
        "first measurement corrected before saving",
        SHIFT_B,
        ("PA 13x8 FC 70 FR 16 Sat 98 Tax 36 aa pcte dormindo", "ops errei a pa é 12x8", "pode salvar"),
        calls=((CLINICAL_WRITE, FIRST_WRITE),),
    ),
    Script(
        "a greeting is no note: the note is asked for",
        SHIFT_B,
        ("oii boa noite", "pa 12x8 fc 70 fr 16 sat 98 tax 36 aa", "pcte dormindo", "sim"),
        calls=((CLINICAL_WRITE, FIRST_WRITE),),
    ),
    Script(
        "a later measurement without a note",
        SHIFT_B,
        (FIRST, "sim", "pa 11x7 fc 66 fr 16 sat 97 tax 36,2 aa", "s"),
        calls=(
            (CLINICAL_WRITE, FIRST_WRITE),
            (
                CLINICAL_WRITE,
                {
                    "bloodPressure": "110x70",
                    "heartRate": 66,
                    "respRate": 16,
                    "saturationO2": 97,
                    "temperature": 36.2,
                    "supplementaryOxygen": "Ar ambiente",
                    "operationalNote": False,
                },
            ),
        ),
    ),
    Script(
        "an operational note while the measurement awaits its answer",
        SHIFT_B,
        (FIRST, "acabou a luva", "sim"),
        calls=(
            (CLINICAL_WRITE, {"clinicalNote": "acabou a luva", "operationalNote": True}),
            (CLINICAL_WRITE, FIRST_WRITE),
        ),
    ),
    Script(
        "a late yes after the window",
        SHIFT_B,
        (FIRST, timedelta(minutes=11), "simmm", "sim"),
        calls=((CLINICAL_WRITE, FIRST_WRITE),),
    ),
    Script(
        "vitals, an arrival and a clinical remark in one message",
        SHIFT_B,
        ("pa 12x8 fc 70 fr 16 sat 98 tax 36 aa, o enfermeiro chegou e o pcte ta dormindo", "sim"),
        calls=(
            (CLINICAL_WRITE, {"clinicalNote": "o enfermeiro chegou", "operationalNote": True}),
            (CLINICAL_WRITE, {**FIRST_WRITE, "clinicalNote": "o pcte ta dormindo"}),
        ),
    ),
    Script(
        "unlabelled values in the usual order",
        SHIFT_B,
        ("ssvv 12x8, 70, 16, 98%, 36 aa pcte dormindo", "sim"),
        calls=((CLINICAL_WRITE, FIRST_WRITE),),
    ),
    Script(
        "the report topic by topic with bare answers",
        SHIFT_C,
        (
            "comeu bem, bebeu agua",
            "evacuou normal",
            "nada",
            "tranquilo",
            "tomou as medicacoes certinho",
            "nenhuma",
            "sem intercorrencias",
            "tudo certo",
            "sim",
        ),
        calls=(
            (
                SUMMARY_WRITE,
                {
                    "foodHydrationSpecification": "comeu bem; bebeu agua",
                    "stoolUrineSpecification": "evacuou normal",
                    "sleepSpecification": "Sem informações",
                    "moodSpecification": "tranquilo",
                    "medicationsSpecification": "tomou as medicacoes certinho",
                    "activitiesSpecification": "nenhuma",
                    "additionalInformationSpecification": "sem intercorrencias",
                    "administrativeInfo": "tudo certo",
                },
            ),
        ),
    ),
    Script(
        "the report all at once, corrected after não",
        SHIFT_C,
        (REPORT, "nao, sono: acordou 2x pra ir ao banheiro", "ss"),
        calls=((SUMMARY_WRITE, {**REPORT_WRITE, "sleepSpecification": "acordou 2x pra ir ao banheiro"}),),
    ),
    Script(
        "vitals while the report is open",
        SHIFT_C,
        (FIRST, "sim"),
        calls=((CLINICAL_WRITE, FIRST_WRITE),),
    ),
    Script(
        "courtesy after the report: the shift is closed",
        SHIFT_C,
        (REPORT, "sim", "obg boa noite"),
        calls=((SUMMARY_WRITE, REPORT_WRITE),),
        last_has=("encerrado",),
    ),
    Script(
        "thanks get a friendly answer",
        SHIFT_B,
        (FIRST, "sim", "valeu"),
        calls=((CLINICAL_WRITE, FIRST_WRITE),),
        last_lacks=("Não entendi", "Não há nada aguardando"),
    ),
    Script(
        "a question about the shift's end is answered, not a finish request",
        SHIFT_B,
        ("que horas termina meu plantao?",),
        last_has=("20:00",),
        last_lacks=("Para finalizar",),
    ),
    Script(
        "data sent before presence is kept",
        SHIFT_A,
        ("pa 12x8 fc 70", "sim"),
        calls=((SCHEDULE, {"responseValue": "confirmado"}),),
        last_has=("FR",),
    ),
    Script(
        "a bare yes while a topic is asked is not noted",
        SHIFT_C,
        ("comeu bem, bebeu agua", "sim"),
        last_lacks=("Anotado",),
    ),
)
