"""What goes into a note, and what never does (SPEC section 6): realistic mixed messages and the exact
clinical and operational notes the patient's record must receive from each.

A note is what remains after the values are read, cleaned of separators, units, filler and
greetings; a question is never a note; a remark about the service is an operational note, kept
whole. Shared by `test_note_table.py` and `bench/understanding.py` (the "notes exact" figure).
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestrator.machine import Expectation, Reading
from tests.unit.utterance_kit import CLINICAL, NONE, VITALS


@dataclass(frozen=True)
class NoteRow:
    text: str
    expectation: Expectation
    note: str | None
    operational: str | None
    kind: str


def row(kind: str, text: str, expectation: Expectation, note: str | None, operational: str | None = None) -> NoteRow:
    return NoteRow(text=text, expectation=expectation, note=note, operational=operational, kind=kind)


def written(reading: Reading) -> tuple[str | None, str | None]:
    return reading.clinical_note, reading.operational_note


NOTE_ROWS: tuple[NoteRow, ...] = (
    # -- vitals with a remark ----------------------------------------------------------------------
    row(
        "vitals+remark",
        "PA 120x80 FC 80 FR 18 Sat 97 Temp 36,5 ar ambiente, paciente tranquilo",
        VITALS,
        "paciente tranquilo",
    ),
    row("vitals+remark", "pa 13x9 | fc 88 | fr 20 | sat 96 | tax 36,8 | pcte dormindo", VITALS, "pcte dormindo"),
    row(
        "vitals+remark",
        "PA: 110x70 - FC: 64 - FR: 16 - SAT: 98% - TEMP: 36,0 - Paciente lúcido e orientado",
        VITALS,
        "Paciente lúcido e orientado",
    ),
    row(
        "vitals+remark",
        "Sinais vitais: PA 12x8, FC 72, FR 18, SAT 97%, TAX 36,4, em ar ambiente. Paciente aceitou a dieta.",
        VITALS,
        "Paciente aceitou a dieta",
    ),
    row("vitals+remark", "fc 76 sat 95 em uso de O2 por cateter nasal, pcte confortável", VITALS, "pcte confortável"),
    row(
        "vitals+remark",
        "pa 140x90 fc 96, paciente queixando de dor de cabeça",
        VITALS,
        "paciente queixando de dor de cabeça",
    ),
    row(
        "vitals+remark",
        "temp 37,8 paciente febril, dei dipirona conforme prescrição",
        VITALS,
        "paciente febril, dei dipirona conforme prescrição",
    ),
    row(
        "vitals+remark", "sat 92% em ar ambiente e paciente com tosse produtiva", VITALS, "paciente com tosse produtiva"
    ),
    row("vitals+remark", "PA 10x6 paciente hipotenso, sonolento", VITALS, "paciente hipotenso, sonolento"),
    row("vitals+remark", "fc 110 taquicárdico, agitado", VITALS, "taquicárdico, agitado"),
    row("vitals+remark", "pa 120x80 fc 80 fr 18 sat 97 tax 36 aa sem queixas", VITALS, "sem queixas"),
    row("vitals+remark", "pressão 12 por 8 e batimentos 80, ele está bem", VITALS, "ele está bem"),
    row(
        "vitals+remark",
        "PA 130x85mmHg, FC 82bpm, FR 19irpm, SpO2 96%, T.ax 36,6°C, AA, deambulando com auxílio",
        VITALS,
        "deambulando com auxílio",
    ),
    row(
        "vitals+remark",
        "sat 95 fc 88 fr 20 pa 12x8 temp 36,2 aa. Dormiu bem a noite toda.",
        VITALS,
        "Dormiu bem a noite toda",
    ),
    row(
        "vitals+remark", "pa 110x70 fc 68 fr 16 sat 99 temp 36 aa 😊 paciente sorridente", VITALS, "paciente sorridente"
    ),
    row("vitals+remark", "PA 120x80, FC 80, paciente em ar ambiente e tranquilo", VITALS, "paciente tranquilo"),
    row("vitals+remark", "mantendo saturação de 95% em ar ambiente, corado e hidratado", VITALS, "corado e hidratado"),
    row("vitals+remark", "fc 72 e fr 18, com diurese presente", VITALS, "diurese presente"),
    row("vitals+remark", "temp 36,9 ok", VITALS, None),
    row("vitals+remark", "PA 120x80 FC 80 FR 18 Sat 97 Temp 36,5 AA", VITALS, None),
    row("vitals+remark", "pa treze por nove fc setenta e dois, paciente calmo", VITALS, "paciente calmo"),
    row("vitals+remark", "temperatura trinta e sete e meio e paciente suando", VITALS, "paciente suando"),
    # -- vitals with a remark about the service ----------------------------------------------------
    row(
        "vitals+operational",
        "PA 120x80 FC 80 e o termômetro quebrou, precisa de outro",
        VITALS,
        None,
        "o termômetro quebrou, precisa de outro",
    ),
    row("vitals+operational", "sat 96 fc 90, acabaram as luvas", VITALS, None, "acabaram as luvas"),
    row(
        "vitals+operational",
        "pa 12x8 fc 70 fr 18 sat 97 tax 36 aa, paciente tranquilo, a fisio chegou agora",
        VITALS,
        "paciente tranquilo",
        "a fisio chegou agora",
    ),
    row(
        "vitals+operational",
        "fc 80 sat 95, o médico passou e ajustou a medicação",
        VITALS,
        None,
        "o médico passou e ajustou a medicação",
    ),
    row(
        "vitals+operational",
        "temp 36,5, a filha dele veio visitar, paciente animado",
        VITALS,
        "paciente animado",
        "a filha dele veio visitar",
    ),
    row(
        "vitals+operational",
        "pa 11x7 fc 60 fr 16 sat 98 tax 35,9 aa, o oxímetro está descalibrado",
        VITALS,
        None,
        "o oxímetro está descalibrado",
    ),
    row(
        "vitals+operational",
        "sat 94 em O2 2L, o cilindro de oxigênio está acabando",
        VITALS,
        None,
        "o cilindro de oxigênio está acabando",
    ),
    row(
        "vitals+operational",
        "fc 88 fr 22 sat 93, a ambulância chegou para a remoção",
        VITALS,
        None,
        "a ambulância chegou para a remoção",
    ),
    row("vitals+operational", "pa 13x8, chegou a entrega de fraldas", VITALS, None, "chegou a entrega de fraldas"),
    row(
        "vitals+operational",
        "fc 75, acabou a dieta enteral, precisa pedir mais",
        VITALS,
        None,
        "acabou a dieta enteral, precisa pedir mais",
    ),
    # -- a remark alone ----------------------------------------------------------------------------
    row("remark", "o fono acabou de chegar", NONE, None, "o fono acabou de chegar"),
    row("remark", "a enfermeira chegou", NONE, None, "a enfermeira chegou"),
    row("remark", "fisioterapeuta veio e já foi", NONE, None, "fisioterapeuta veio e já foi"),
    row("remark", "o motorista do transporte atrasou", NONE, None, "o motorista do transporte atrasou"),
    row("remark", "falta álcool 70", NONE, None, "falta álcool 70"),
    row("remark", "o aspirador de secreção parou", NONE, None, "o aspirador de secreção parou"),
    row("remark", "a neta do paciente ficou aqui a tarde", NONE, None, "a neta do paciente ficou aqui a tarde"),
    row("remark", "a técnica da noite vai atrasar", NONE, None, "a técnica da noite vai atrasar"),
    row("remark", "acabou o gás da casa", NONE, None, "acabou o gás da casa"),
    row("remark", "o paciente acabou de almoçar", NONE, "o paciente acabou de almoçar"),
    row("remark", "paciente com tosse seca", NONE, "paciente com tosse seca"),
    row("remark", "pcte tranquilo, sem queixas", NONE, "pcte tranquilo, sem queixas"),
    row("remark", "evacuou pela manhã, fezes normais", NONE, "evacuou pela manhã, fezes normais"),
    row("remark", "ele tá com a perna inchada", NONE, "ele tá com a perna inchada"),
    row("remark", "paciente recusou o almoço", NONE, "paciente recusou o almoço"),
    row("remark", "acabou a fralda, paciente evacuou", NONE, "paciente evacuou", "acabou a fralda"),
    row(
        "remark",
        "hoje de manhã a fisio veio, fez exercícios com ele",
        NONE,
        None,
        "hoje de manhã a fisio veio, fez exercícios com ele",
    ),
    # -- questions: written nowhere ----------------------------------------------------------------
    row("question", "vcs tem o numero do medico?", VITALS, None),
    row("question", "que horas acaba meu plantão?", VITALS, None),
    row("question", "a coordenação vai mandar as luvas?", NONE, None),
    row("question", "vocês têm o contato do médico?", VITALS, None),
    row("question", "quem vem me render?", VITALS, None),
    row("question", "pa 120x80 fc 80, posso dar dipirona pra ele?", VITALS, None),
    row("question", "sera que ele pode tomar banho hoje", VITALS, None),
    row("question", "alguém sabe se a fisio vem amanhã?", NONE, None),
    # -- greetings and courtesy: never a note ------------------------------------------------------
    row("greeting", "boa noiteee", VITALS, None),
    row("greeting", "olááá", VITALS, None),
    row("greeting", "oi, boa tarde, tudo bem?", VITALS, None),
    row("greeting", "bom dia pessoal", VITALS, None),
    row("greeting", "obrigada 🙏", VITALS, None),
    row("greeting", "oiii, segue os sinais: pa 12x8 fc 80", VITALS, None),
    row("greeting", "Boa tarde! PA 120x80 FC 78 FR 18 Sat 97% Tax 36,3 AA, paciente bem", VITALS, "paciente bem"),
    row("greeting", "bom dia, paciente acordou bem", VITALS, "paciente acordou bem"),
    # -- corrections and retyped measurements: no chat filler -------------------------------------
    row("correction", "ops, errei, a fc é 92", CLINICAL, None),
    row("correction", "atualizando: pa 13x8", CLINICAL, None),
    row("correction", "só um detalhe, a temp é 37,2", CLINICAL, None),
    row("correction", "lá vai de novo: PA 120x80 FC 80 FR 18 Sat 97 Temp 36,5 AA", CLINICAL, None),
    row("correction", "corrigindo a sat: 95%", CLINICAL, None),
    row("correction", "desculpa, a pressão é 14x9", CLINICAL, None),
    row("correction", "não, a fc é 84 e ele está agitado", CLINICAL, "ele está agitado"),
    row("correction", "na verdade a temperatura é 37,5, paciente febril", CLINICAL, "paciente febril"),
)
