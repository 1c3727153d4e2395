"""The phrasing classes of the issue-10 QA findings and of the hunt after them, as rows of the tuning
suite (`utterances.UTTERANCES` includes them). The held-out sets stay apart (holdout_qa.py,
holdout_late.py)."""

from __future__ import annotations

from orchestrator.machine import Wish
from tests.unit.utterance_kit import AIR, CLINICAL, NO, NONE, O2, PRESENCE, SUMMARY, TOPICS, VITALS, YES, T, asking, u

PHRASING_CLASSES = (
    # -- an answer may open any clause; a modal alone is no question ---------------------------------
    u("to a caminho, confirmo sim", "yes", PRESENCE, answer=YES, question=False),
    u("ja estou chegando, pode confirmar", "yes", PRESENCE, answer=YES),
    u("posso sim", "yes", PRESENCE, answer=YES, question=False),
    u("consigo sim, chego umas 20h", "yes", PRESENCE, answer=YES),
    u("não posso ir hoje", "no", PRESENCE, answer=NO, question=False),
    u("hj nao, desculpa", "no", PRESENCE, answer=NO),
    u("nao posso faltar, ja to indo", "yes", PRESENCE, answer=YES),
    u("nao sei ainda", "ambiguous", PRESENCE, answer=None),
    u("ta chovendo muito", "ambiguous", PRESENCE, answer=None),
    # -- a yes with a reservation saves nothing ------------------------------------------------------
    u("pode salvar mas falta a nota", "reservation", CLINICAL, answer=None),
    u("ok, so que a fr era 20", "reservation", CLINICAL, answer=None, fr=20),
    u("pode enviar, porem o sono foi ruim", "reservation", SUMMARY, answer=None, topics={T.SLEEP}),
    u("espera", "no", CLINICAL, answer=NO),
    # -- questions for information, courtesy -----------------------------------------------------------
    u("que horas termina meu plantão?", "question", NONE, question=True, wishes_absent={Wish.FINISH}),
    u("quando acaba o plantao", "question", NONE, question=True, wishes_absent={Wish.FINISH}),
    u("preciso falar com a coordenação", "question", NONE, question=True, op_is=None, note_is=None),
    u("obrigada", "courtesy", NONE, wishes={Wish.THANKS}, note_is=None, answer=None),
    u("valeu", "courtesy", CLINICAL, wishes={Wish.THANKS}, answer=None),
    u("obrigadaaa pela ajuda", "courtesy", NONE, wishes={Wish.THANKS}, wishes_absent={Wish.HELP}),
    # -- values and what they leave behind -------------------------------------------------------------
    u("respirando em ar ambiente, tranquilo", "respiratory", VITALS, resp=AIR, note_is="tranquilo"),
    u("ventilando em ar ambiente", "respiratory", VITALS, resp=AIR, note_is=None),
    u("sat 94 com 3 litros de o2", "respiratory", VITALS, sat=94, resp=O2, note_is=None),
    u("sinais: 11x7, 68, 16, 98%, 36,1, aa", "unlabelled", VITALS, bp="110x70", fc=68, fr=16, sat=98, temp=36.1),
    u("13x8 / 76 / 18 / 96% / 36,5", "unlabelled", VITALS, bp="130x80", fc=76, fr=18, sat=96, temp=36.5),
    u("12x8, 96, 80", "unlabelled", VITALS, bp="120x80", fc=None, sat=None, unread_numbers=("96", "80")),
    u("glicemia 140, pa 12x8", "unlabelled", VITALS, bp="120x80", note_is="glicemia 140", unread_numbers=()),
    u("corrige a sat pra 95", "correction", CLINICAL, sat=95, note_is=None),
    u("na vdd a fc era 88", "correction", CLINICAL, fc=88, note_is=None),
    u("a temp é 37,1 e nao 36", "correction", CLINICAL, temp=37.1, note_is=None),
    u("pa 12x8 fc 80 fr 18 sat 97 tax 36 aa, pode salvar", "vitals", VITALS, temp=36.0, note_is=None),
    u("Sinais das 22h: pa 12x8 fc 80", "vitals", VITALS, fc=80, note_is=None),
    u("T=36.8", "vitals", VITALS, temp=36.8),
    # -- remarks split where a new subject starts ------------------------------------------------------
    u(
        "pa 12x8 fc 80, a fisio chegou e o paciente está animado",
        "mixed_operational",
        VITALS,
        op_is="a fisio chegou",
        note_is="o paciente está animado",
    ),
    u(
        "paciente calmo e a fralda acabou",
        "mixed_operational",
        NONE,
        op_is="a fralda acabou",
        note_is="paciente calmo",
    ),
    u("troquei a fralda 3x", "clinical_note", NONE, note_is="troquei a fralda 3x", op_is=None),
    u("a luz caiu aqui", "operational", NONE, op_is="a luz caiu aqui", note_is=None),
    # -- the report: a bare answer answers the topic asked ---------------------------------------------
    u("normal", "bare_topic", asking(T.SLEEP), topic_values={T.SLEEP: "normal"}, topics={T.SLEEP}),
    u("nenhuma", "bare_topic", asking(T.ACTIVITIES), topic_values={T.ACTIVITIES: "nenhuma"}),
    u("ok", "bare_topic", asking(T.MOOD), topic_values={T.MOOD: "ok"}),
    u("tudo certo", "bare_topic", asking(T.ADMINISTRATIVE), topic_values={T.ADMINISTRATIVE: "tudo certo"}),
    u("não", "bare_topic", asking(T.MEDICATIONS), topic_values={T.MEDICATIONS: "Sem informações"}),
    u("sim", "bare_topic", asking(T.SLEEP), topics=set(), answer=YES),
    u("depois eu mando", "bare_topic", asking(T.SLEEP), topics=set()),
    u("nada administrativo", "bare_topic", asking(T.SLEEP), topics={T.ADMINISTRATIVE}),
    u("Medicação: ok", "topics", TOPICS, topic_values={T.MEDICATIONS: "ok"}),
    u("errado o sono, acordou 3x", "topics", SUMMARY, topic_values={T.SLEEP: "acordou 3x"}),
    u("tomou banho e assistiu tv", "topics", TOPICS, topics={T.ACTIVITIES}),
)
