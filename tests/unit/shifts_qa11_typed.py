"""QA round 11: whole 12-hour shifts by persona, as data (1 of 2, how they type; `shifts_qa11_events` has the
rest), checked by tests/unit/test_qa11_shifts.py.

Seven people: an older caregiver typing short lowercase messages ("ss", "nn", "bjs"), a nursing technician in
clinical shorthand, someone dictating voice notes (run-ons, numbers in words), a caregiver in an incident (a
fall, fever, SAMU, the family told), one who gets the backend's templates at odd moments and answers late, one
who corrects herself and says yes and no her own way, and one who writes in emoji. Each script lists every
backend write the shift must cause, in order, with the note text exactly the caregiver's observation.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from orchestrator.machine import Topic
from orchestrator.models import ActionKind, Template
from tests.shifts import SHIFT_A, SHIFT_B
from tests.unit.script_kit import Script

CLINICAL, SCHEDULE, SUMMARY = ActionKind.UPDATE_CLINICAL, ActionKind.UPDATE_SCHEDULE, ActionKind.UPDATE_SUMMARY
CONFIRMED = (SCHEDULE, {"responseValue": "confirmado"})
AIR, O2 = "Ar ambiente", "Oxigênio suplementar"


Write = tuple[ActionKind, dict[str, Any]]


def vitals(bp: str, fc: int, fr: int, sat: int, temp: float, resp: str = AIR, note: str | None = None) -> Write:
    return (
        CLINICAL,
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


def note(text: str) -> Write:
    return (CLINICAL, {"clinicalNote": text, "operationalNote": False})


def occurrence(text: str) -> Write:
    return (CLINICAL, {"clinicalNote": text, "operationalNote": True})


def report(*answers: str) -> Write:
    """The 8 topics' answers, in the order of `Topic`."""
    return (SUMMARY, dict(zip((topic.value for topic in Topic), answers, strict=True)))


H = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
TYPED: tuple[Script, ...] = (
    # (1) an older caregiver: lowercase, no punctuation, one item a message, "ss", "nn", "bjs"
    Script(
        "older caregiver, day shift: values one by one",
        SHIFT_A,
        (
            "bom dia",
            "ss",
            "cheguei",
            "pa 13 por 8",
            "fc 80",
            "fr 20",
            "sat 95",
            "temp 36 e 5",
            "ar ambiente",
            "ele ta bem tomou cafe",
            "ss",
            "bjs",
            2 * H,
            "acabo a fralda",
            "o alcool tb",
            2 * H,
            "pa 12 por 7",
            "fc 76 fr 18",
            "sat 96 temp 36",
            "aa",
            "ele almoso bem",
            "nn",
            "ele almoçou bem",
            "ss",
            3 * H,
            "ta com tosse",
            "ss",
            3 * H,
            Template.FINISH_SHIFT,
            "comeu bem",
            "fez coco 1 ves xixi normal",
            "dormiu a tarde",
            "ta calmo",
            "tomo os remedio",
            "nada",
            "tosse",
            "a filha veio",
            "ss",
            "bjs obrigada",
        ),
        calls=(
            CONFIRMED,
            vitals("130x80", 80, 20, 95, 36.5, note="ele ta bem tomou cafe"),
            occurrence("acabo a fralda"),
            occurrence("o alcool tb"),
            vitals("120x70", 76, 18, 96, 36.0, note="ele almoçou bem"),
            note("ta com tosse"),
            report(
                "comeu bem",
                "fez coco 1 ves xixi normal",
                "dormiu a tarde",
                "ta calmo",
                "tomo os remedio",
                "Sem informações",
                "tosse",
                "a filha veio",
            ),
        ),
        last_has=("encerrado",),
    ),
)

TYPED += (
    Script(
        "older caregiver, night shift: a no taken back, a correction, supplies",
        SHIFT_A,
        (
            "boa noite",
            "nn",
            "nn vo sim",
            "ss",
            "cheguei agora",
            "pa 11 por 7 fc 70 fr 16 sat 97 temp 36 aa ele ta dormino",
            "nn a pa e 12 por 7",
            "ss",
            "bjs",
            4 * H,
            "a luva acabo",
            "pa 12 por 8 fc 72 fr 16 sat 96 temp 36 e 2 aa",
            "ss",
            4 * H,
            "ele acordo com dor na barriga",
            "ss",
            "dei o remedio que ta na receita",
            "ss",
            2 * H,
            "finalizar",
            "comeu so a sopa",
            "xixi normal nao fez coco",
            "dormiu bem",
            "quieto",
            "tomo os remedio tudo",
            "nao",
            "dor na barriga de madrugada",
            "acabo a luva",
            "ss",
            "bjs",
        ),
        calls=(
            CONFIRMED,
            vitals("120x70", 70, 16, 97, 36.0, note="ele ta dormino"),
            occurrence("a luva acabo"),
            vitals("120x80", 72, 16, 96, 36.2),
            note("ele acordo com dor na barriga"),
            note("dei o remedio que ta na receita"),
            report(
                "comeu so a sopa",
                "xixi normal nao fez coco",
                "dormiu bem",
                "quieto",
                "tomo os remedio tudo",
                "Sem informações",
                "dor na barriga de madrugada",
                "acabo a luva",
            ),
        ),
        last_has=("encerrado",),
    ),
    # (2) a nursing technician in clinical shorthand
    Script(
        "technician, day shift: SSVV, evolutions, a request for supplies",
        SHIFT_A,
        (
            "Bom dia. Confirmo presença no plantão.",
            "SSVV: PA 120x80mmHg FC 78bpm FR 18irpm SpO2 96% T 36,2°C. Paciente eupneico em ar ambiente, afebril, "
            "corado, hidratado.",
            "Confirmo.",
            "Dieta VO aceita parcialmente no desjejum. Diurese presente em fralda. Evacuação ausente.",
            "Confirmo.",
            4 * H,
            "SSVV 12h: PA 130x80mmHg FC 82bpm FR 20irpm SpO2 95% T 36,8°C, em AA.",
            "Correto.",
            "Realizado banho no leito e troca de curativo em região sacral, sem sinais flogísticos.",
            "Confirmo.",
            "Solicito reposição de gaze estéril e soro fisiológico 0,9%.",
            4 * H,
            "SSVV 16h: PA 140x90mmHg FC 88bpm FR 20irpm SpO2 94% T 37,6°C AA. Paciente subfebril, administrado "
            "dipirona 500mg VO conforme prescrição.",
            "Sim.",
            3 * H,
            Template.FINISH_SHIFT,
            "Alimentação: dieta VO aceita parcialmente, boa ingesta hídrica.\nEliminações: diurese presente em "
            "fralda, evacuação ausente.\n"
            "Sono: períodos de sono diurno.\nHumor: calmo, colaborativo.\nMedicações: conforme prescrição, "
            "dipirona 500mg às 16h.\n"
            "Atividades: banho no leito, mudança de decúbito 2/2h.\nIntercorrências: subfebril às 16h.\n"
            "Administrativo: solicitada reposição de gaze e SF 0,9%.",
            "Confirmo o envio.",
        ),
        calls=(
            CONFIRMED,
            vitals("120x80", 78, 18, 96, 36.2, note="Paciente eupneico, afebril, corado, hidratado"),
            note("Dieta VO aceita parcialmente no desjejum, Diurese presente em fralda, Evacuação ausente"),
            vitals("130x80", 82, 20, 95, 36.8),
            note("Realizado banho no leito e troca de curativo em região sacral, sem sinais flogísticos"),
            occurrence("Solicito reposição de gaze estéril e soro fisiológico 0,9%"),
            vitals(
                "140x90",
                88,
                20,
                94,
                37.6,
                note="Paciente subfebril, administrado dipirona 500mg VO conforme prescrição",
            ),
            report(
                "dieta VO aceita parcialmente, boa ingesta hídrica",
                "diurese presente em fralda, evacuação ausente",
                "períodos de sono diurno",
                "calmo, colaborativo",
                "conforme prescrição, dipirona 500mg às 16h",
                "banho no leito, mudança de decúbito 2/2h",
                "subfebril às 16h",
                "solicitada reposição de gaze e SF 0,9%",
            ),
        ),
    ),
    Script(
        "technician, night shift: oxygen by nasal cannula, a correction after não",
        SHIFT_A,
        (
            "Boa noite. Ciente do plantão, confirmo presença.",
            "PA: 110x70 mmHg\nFC: 64 bpm\nFR: 16 irpm\nSpO2: 93%\nTax: 36,0 °C\nPaciente em uso de O2 por cateter "
            "nasal a 2L/min, sonolento, responsivo ao chamado.",
            "Ok, confirmo.",
            4 * H,
            "SSVV 02h: PA 100x60mmHg, FC 60bpm, FR 16irpm, SpO2 92%, Tax 35,8°C, mantém O2 CN 2L/min. Paciente "
            "dormindo, sem intercorrências.",
            "Não. PA 100x70mmHg.",
            "Confirmo",
            "Realizada mudança de decúbito e aspiração de vias aéreas, secreção clara em pequena quantidade.",
            "Confirmo",
            4 * H,
            "SSVV 06h: PA 120x70 FC 70 FR 18 SpO2 95% Tax 36,4 em O2 CN 2L/min. Aceitou dieta enteral, sem resíduo "
            "gástrico.",
            "Confirmo",
            Template.FINISH_SHIFT,
            "1. Alimentação: dieta enteral contínua, bem tolerada.\n2. Eliminações: diurese presente, evacuação "
            "presente 1x, pastosa.\n"
            "3. Sono: noite tranquila.\n4. Humor: sonolento.\n5. Medicações: conforme prescrição.\n"
            "6. Atividades: mudança de decúbito 2/2h.\n7. Informações clínicas: aspiração de VAS às 02h.\n8. "
            "Administrativo: nada.",
            "Confirmo",
            "Obrigada, bom dia",
        ),
        calls=(
            CONFIRMED,
            vitals(
                "110x70", 64, 16, 93, 36.0, O2, note="sonolento, responsivo ao chamado; O2 em cateter nasal 2 L/min"
            ),
            vitals(
                "100x70",
                60,
                16,
                92,
                35.8,
                O2,
                note="Paciente dormindo, sem intercorrências; O2 em cateter nasal 2 L/min",
            ),
            note("Realizada mudança de decúbito e aspiração de vias aéreas, secreção clara em pequena quantidade"),
            vitals(
                "120x70",
                70,
                18,
                95,
                36.4,
                O2,
                note="Aceitou dieta enteral, sem resíduo gástrico; O2 em cateter nasal 2 L/min",
            ),
            report(
                "dieta enteral contínua, bem tolerada",
                "diurese presente, evacuação presente 1x, pastosa",
                "noite tranquila",
                "sonolento",
                "conforme prescrição",
                "mudança de decúbito 2/2h",
                "aspiração de VAS às 02h",
                "Sem informações",
            ),
        ),
        last_has=("encerrado",),
    ),
)

TYPED += (
    # (3) voice notes: long run-on transcripts, numbers in words
    Script(
        "voice notes, day shift: values in words, news in passing",
        SHIFT_A,
        (
            "oi bom dia então tô confirmando sim que eu vou tá no plantão hoje tá bom",
            "então a pressão dela deu doze por oito o batimento setenta e oito a respiração dezoito a saturação "
            "noventa e sete "
            "e a temperatura trinta e seis e meio ela tá no ar ambiente e ela tá tranquila",
            "pode salvar sim",
            "então assim acabou o álcool em gel aqui e a fralda tá no fim também",
            4 * H,
            "então agora de tarde a pressão deu treze por nove o batimento oitenta e dois a respiração vinte "
            "saturação noventa e "
            "cinco temperatura trinta e sete ela tá em ar ambiente ela almoçou tudo",
            "isso pode salvar",
            "a fisioterapeuta veio agora de tarde e fez os exercícios com ela",
            5 * H,
            "então já tá acabando meu plantão quero finalizar",
            "então ela comeu bem o dia todo tomou bastante água fez xixi várias vezes e evacuou uma vez de manhã "
            "dormiu um pouco "
            "depois do almoço ficou calma o dia todo tomou os remédios tudo certinho fez fisioterapia sem "
            "intercorrências e nada administrativo",
            "pode enviar sim",
        ),
        calls=(
            CONFIRMED,
            vitals("120x80", 78, 18, 97, 36.5, note="ela tá tranquila"),
            occurrence("acabou o álcool em gel aqui e a fralda tá no fim também"),
            vitals("130x90", 82, 20, 95, 37.0, note="agora de tarde ela almoçou tudo"),
            occurrence("a fisioterapeuta veio agora de tarde e fez os exercícios com ela"),
            report(
                "ela comeu bem o dia todo tomou bastante água",
                "fez xixi várias vezes e evacuou uma vez de manhã",
                "dormiu um pouco depois do almoço",
                "ficou calma o dia todo",
                "tomou os remédios tudo certinho",
                "fez fisioterapia",
                "sem intercorrências",
                "Sem informações",
            ),
        ),
    ),
    Script(
        "voice notes, night shift: oxygen said in words, the report in one breath",
        SHIFT_B,
        (
            "boa noite tô aqui já no plantão viu",
            "a pressão tá onze por sete o batimento sessenta e oito a respiração dezesseis a saturação noventa e "
            "dois ela tá no "
            "oxigênio dois litros e a temperatura trinta e seis e dois ela tá dormindo",
            "pode sim",
            4 * H,
            "a pressão doze por sete batimento setenta respiração dezoito temperatura trinta e seis e quatro saturação "
            "noventa e três ela continua no oxigênio dois litros ela tossiu um pouco",
            "pode salvar",
            4 * H,
            "quero finalizar",
            "então ela não comeu nada porque tá com sonda né recebeu a dieta pela sonda urinou bem não evacuou "
            "dormiu a noite "
            "toda ficou calma tomou os remédios das dez sem atividades e nada administrativo",
            "tossiu um pouco de madrugada",
            "pode mandar",
        ),
        calls=(
            vitals("110x70", 68, 16, 92, 36.2, O2, note="ela tá dormindo; O2 2 L/min"),
            vitals("120x70", 70, 18, 93, 36.4, O2, note="ela tossiu um pouco; O2 2 L/min"),
            report(
                "ela não comeu nada porque tá com sonda recebeu a dieta pela sonda",
                "urinou bem não evacuou",
                "dormiu a noite toda",
                "ficou calma",
                "tomou os remédios das dez",
                "sem atividades",
                "tossiu um pouco de madrugada",
                "Sem informações",
            ),
        ),
    ),
    # (7) emoji for words, and for yes
    Script(
        "emoji caregiver: hearts and thumbs, the report with a picture each",
        SHIFT_A,
        (
            "oiii bom diaaa 😊 to chegando!!",
            "PA 12/8 💓 FC 80 FR 17 🌡 36,7 sat 96% ar ambiente, vovó tá ótima hoje 😍",
            "✅",
            3 * H,
            "acabou a pomada de assadura 😩",
            "vovó almoçou tudinho 🍲",
            "👍",
            3 * H,
            "PA 11/7 FC 78 FR 16 temp 36,5 sat 97 aa",
            "👍🏻",
            "ela cochilou depois do almoço 😴",
            "👌",
            4 * H,
            "posso finalizar?",
            "comeu bem 🍲, evacuou 💩, dormiu 😴, feliz 😊, remédios ok 💊, passeou no jardim 🌳, nada 👍, "
            "acabou a pomada",
            "✅",
            "tchau tchau 👋",
        ),
        calls=(
            CONFIRMED,
            vitals("120x80", 80, 17, 96, 36.7, note="vovó tá ótima hoje"),
            occurrence("acabou a pomada de assadura"),
            note("vovó almoçou tudinho"),
            vitals("110x70", 78, 16, 97, 36.5),
            note("ela cochilou depois do almoço"),
            report(
                "comeu bem",
                "evacuou",
                "dormiu",
                "feliz",
                "remédios ok",
                "passeou no jardim",
                "Sem informações",
                "acabou a pomada",
            ),
        ),
        last_has=("encerrado",),
    ),
)
