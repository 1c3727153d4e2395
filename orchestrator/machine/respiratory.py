"""The respiratory condition in free Portuguese text: room air, supplementary oxygen, ventilation.

Oxygen settings belong here, never to a measure: "venturi 28%", "FiO2 28%" and "a 2 L/min" are the
oxygen given, not a saturation.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from orchestrator.machine.vitals import RespiratoryCondition

# A flow of oxygen ("a 2 L/min", "3 litros", in a voice note "oxigênio, dois litros", "oxigênio tá em 2 litros")
# and an oxygen fraction ("28%").
_FLOW = (
    r"(?:(?:\s*,\s*(?=\d{1,2}(?:[.,]\d)?\s*(?:l|litros?)\b(?!\s+de\s+(?!o2|oxigenio)))"
    r"|\s*(?:(?:ta|esta)\s+)?(?:a|em|com|de|no|na|pra|para)?\s*)"
    r"\d{1,2}(?:[.,]\d)?\s*(?:l|litros?|lpm)\b(?:\s*(?:/|por)\s*min\w*)?)"
)
_FRACTION_NUMBER = r"(?:2[1-9]|[3-5]\d|60)"
_FRACTION = rf"{_FRACTION_NUMBER}\s*(?:%|por\s+cento)"
# When non-invasive ventilation is used: "BIPAP noturno", "CPAP para dormir".
_WHEN = r"(?:noturn[oa]|a\s+noite|durante\s+a\s+noite|(?:para|pra)\s+dormir|continu[oa]|intermitente)"
# What may stand between "macronebulização" and its flow: "umidificada 5L", "com O2 a 5 litros".
_MACRO_KIND = r"(?:\s+(?:umidificad[oa]|aquecid[oa]|continu[oa]|intermitente))?(?:\s+(?:de|com)\s+(?:o2|oxigenio))?"
# Respiratory condition: every phrase is consumed; the last one mentioned wins.
_RESPIRATORY: tuple[tuple[re.Pattern[str], RespiratoryCondition], ...] = (
    (
        re.compile(
            r"\bsem\s+(?:o2|oxigenio|suporte(?:\s+de\s+o2)?)\b|\bar\s+amb(?:iente)?\b|\b(?:em\s+)?aa\b"
            # Oxygen denied: "não usa oxigênio", "não precisou de O2", "não está no O2".
            r"|\b(?:nao|n)\s+(?:usa|usou|esta\s+usando|ta\s+usando|precisa|precisou|faz\s+uso|esta|ta|fica|ficou)\s+"
            r"(?:de\s+|no\s+|com\s+)?(?:o2|oxigenio)\b"
            r"|respira(?:ndo|cao)?\s+(?:(?:bem|normal|tranquil[oa])\s+)?(?:sozinh[oa]|espontane\w*)|\bespontane[oa]\b"
            # FiO2 21% is the air itself, and so is a macronebulization with compressed air.
            r"|\bfi\s?o2\s*(?:de|:|=|a|em)?\s*21\s*%"
            r"|\b(?:macro(?:\s*nebulizacao|neb\w*)?\s+(?:com|de|em|no|a)\s+)?ar\s+comprimido\b"
            # "ambiente" alone answers the bot's "ar ambiente ou oxigênio?"
            r"|^\W*(?:em\s+|no\s+)?(?:ambiente|ar(?:\s+normal)?)\W*$"
        ),
        RespiratoryCondition.ROOM_AIR,
    ),
    (
        re.compile(
            r"\bvm\b|ventilacao\s+mecanica|\bventilador\b|\btraqueo\w*|\btqt\b|\bintubad[oa]\b"
            # Non-invasive ventilation, and when it is used: "BIPAP noturno", "CPAP para dormir".
            rf"|(?:\b(?:bipap|cpap|vni)\b|ventilacao\s+nao\s+invasiva)(?:\s+{_WHEN})?"
        ),
        RespiratoryCondition.MECHANICAL_VENTILATION,
    ),
    (
        re.compile(
            # A flow right after the O2 words is part of them ("O2 a 2 litros", "cateter 3L/min").
            r"(?:\bo2(?:\s+suplementar)?\b|\boxigenio(?:\s+suplementar)?|\b(?:cilindro|bala)\s+de\s+(?:o2|oxigenio)\b|\bcateter(?:\s+nasal)?(?:\s+de\s+o2)?|\bmascara\b(?:\s+(?:de\s+)?(?:o2|oxigenio))?(?:\s+(?:com\s+reservatorio|nao\s+reinalante))?"
            r"|\boculos(?:\s+nasal)?|\bcn\b|\bventuri\b|\bconcentrador(?:\s+de\s+(?:o2|oxigenio))?)"
            rf"(?:\s+{_WHEN}(?={_FLOW}))?{_FLOW}?"
            # The oxygen fraction (21-60%) is no saturation: "venturi 28%", "FiO2 28%"; "O2 95%" is one.
            rf"(?:\s*(?:a|em|com|de)?\s*{_FRACTION})?"
            # When it is given: "O2 intermitente", "O2 2L só à noite".
            rf"(?:\s*,?\s+(?:so\s+)?{_WHEN})?"
            # Put back: "coloquei o oxigênio de novo".
            r"(?:\s+(?:de\s+novo|novamente)\b)?"
            rf"|\bfi\s?o2\s*(?:de|:|=|a|em)?\s*(?:{_FRACTION}|\d{{2,3}}\b)"
            # "oxigenação" alone may be the saturation's word; with a flow it is the oxygen given.
            rf"|\boxigenacao{_FLOW}"
            # Macronebulization is an oxygen therapy (with compressed air it is read above as room air):
            # "macronebulização 5L", "em macronebulização", "em macro" (slang, only after "em"/"na"/"no").
            rf"|\bmacro(?:\s*nebulizacao|neb\w*)?{_MACRO_KIND}{_FLOW}|\bmacro\s*nebulizacao{_MACRO_KIND}\b|\bmacroneb\w*"
            r"|(?<=\bem\s)macro\b|(?<=\bna\s)macro\b|(?<=\bno\s)macro\b"
            r"|(?<![\d.,])\d{1,2}(?:[.,]\d)?\s*(?:l/min|lpm|l\s+por\s+min\w*|(?:l|litros?)\s+(?:(?:de|d?[oa])\s+(?:o2|oxigenio)|por\s+min\w*))"
        ),
        RespiratoryCondition.SUPPLEMENTARY_OXYGEN,
    ),
)


_NON_INVASIVE = re.compile(r"\b(?:bipap|cpap|vni)\b|ventilacao\s+nao\s+invasiva")
_WHEN_USED = re.compile(_WHEN)
_WHEN_SHOWN = {"a noite": "à noite", "continuo": "contínuo", "continua": "contínua"}
# What `supplementaryOxygen` cannot hold, kept for the note: the flow, the fraction and the device given.
_SETTING_FLOW = re.compile(r"(\d{1,2}(?:[.,]\d)?)\s*(?:l|litros?|lpm)\b")
_SETTING_FRACTION = re.compile(rf"({_FRACTION_NUMBER})\s*(?:%|por\s+cento)")
_DEVICES = (
    (re.compile(r"\bmacro"), "macronebulização"),
    (re.compile(r"\bventuri\b"), "máscara de Venturi"),
    (re.compile(r"\bmascara\b.*\breservatorio\b|\bnao\s+reinalante\b"), "máscara com reservatório"),
    (re.compile(r"\bmascara\b"), "máscara"),
    (re.compile(r"\bcateter\s+nasal|\bcn\b"), "cateter nasal"),
    (re.compile(r"\bcateter\b"), "cateter"),
    (re.compile(r"\boculos"), "óculos nasal"),
    (re.compile(r"\bconcentrador\b"), "concentrador"),
    (re.compile(r"\b(?:cilindro|bala)\b"), "cilindro"),
)


def support_setting(mention: str, condition: RespiratoryCondition) -> str | None:
    """How the breathing is supported, for the note, from the folded words of a mention: "O2 em cateter
    2 L/min", "O2 em máscara de Venturi 28%", "BIPAP noturno". None when the words say no more than the
    condition does (oxygen without a flow, a fraction or a macronebulization; invasive ventilation)."""
    if condition is RespiratoryCondition.MECHANICAL_VENTILATION:
        ventilation = _NON_INVASIVE.search(mention)
        if ventilation is None:
            return None
        name = "ventilação não invasiva" if ventilation.group().startswith("v") else ventilation.group().upper()
        when = _WHEN_USED.search(mention, ventilation.end())
        return f"{name} {when.group()}" if when else name
    if condition is not RespiratoryCondition.SUPPLEMENTARY_OXYGEN:
        return None
    flow, fraction = _SETTING_FLOW.search(mention), _SETTING_FRACTION.search(mention)
    device = next((name for pattern, name in _DEVICES if pattern.search(mention)), None)
    when = _WHEN_USED.search(mention)
    if not (flow or fraction or when or device == "macronebulização"):
        return None
    parts = ["O2", f"em {device}" if device else "", f"{flow.group(1).replace('.', ',')} L/min" if flow else ""]
    if fraction:
        parts.append(f"{'' if device == 'máscara de Venturi' else 'FiO2 '}{fraction.group(1)}%")
    parts.append(_WHEN_SHOWN.get(when.group(), when.group()) if when else "")
    return " ".join(part for part in parts if part)


_TRACHEOSTOMY = re.compile(r"(?:traqueo\w*|tqt)")
_TAKEN_AWAY = re.compile(
    r"\b(?:nao|n|nem|sem|saiu|tirei|tirou|tiramos|tiraram|retirad[oa]|retirei|retirou|retiramos|desmam\w*|"
    r"suspens[oa]|suspendeu|suspendemos|desligad[oa]|desliguei|desligou|fora|parou|parei)"
    r"(?:\s+(?:de\s+usar|mais|esta|estava|ta|usa|usou|precisa|precisou|o|a|os|as|do|da|de|em|no|na|com))*\s+$"
)
_CARED_FOR = re.compile(r"\b(?:pela|pelo|da|do|na|no|a|de|sua|nessa|dessa)\s+$")
# The verb that introduces a respiratory condition belongs to it: "respirando em [ar ambiente]",
# "ventilando em", "respira com [O2]", "mantendo [ar ambiente]" leave no fragment for the note; so does
# the oxygen a value changed after: "[depois do oxigênio] foi pra 94"; so does the caregiver changing its
# flow in a voice note: "[aí eu subi o oxigênio pra 3 litros]" (the flow is kept in the note).
_RESPIRATORY_LEAD = re.compile(
    r"\b(?:respira(?:ndo)?|ventila(?:ndo)?|recebendo|mantendo|mantem|usando|em\s+uso\s+de|fazendo\s+uso\s+de|"
    r"depois|apos|(?:eu\s+)?(?:aumentei|subi|baixei|diminui|reduzi|passei|coloquei|botei|voltei|liguei))"
    r"\s+(?:(?:em|no|na|com|de|do|da|sob|por|o|a)\s+)?$"
)


def respiratory_mentions(
    folded: str, free: Callable[[int, int], bool]
) -> list[tuple[tuple[int, int], RespiratoryCondition]]:
    """Every phrase of `folded` that says how the patient breathes, where `free` (nothing read there yet),
    with the verb that introduces it ("respirando em [ar ambiente]"); the last one written wins."""
    mentions: list[tuple[tuple[int, int], RespiratoryCondition]] = []

    def unread(start: int, end: int) -> bool:
        return free(start, end) and all(end <= s or start >= e for (s, e), _ in mentions)

    for pattern, condition in _RESPIRATORY:
        for match in pattern.finditer(folded):
            if unread(*match.span()):
                lead = _RESPIRATORY_LEAD.search(folded, max(0, match.start() - 30), match.start())
                start = lead.start() if lead and unread(lead.start(), match.start()) else match.start()
                mentions.append(((start, match.end()), condition))
    # Oxygen or ventilation taken away or denied ("saiu do O2", "tirei o O2", "não está em VM", "sem
    # cateter") says nothing certain of how the patient breathes now: not read (asked), left to the note.
    mentions = [
        mention
        for mention in mentions
        if mention[1] is RespiratoryCondition.ROOM_AIR or not _TAKEN_AWAY.search(folded, 0, mention[0][0])
    ]
    # A tracheostomy says how the patient breathes only when nothing else does: "em ar ambiente,
    # traqueostomizado" breathes room air, and the tracheostomy is left to the note.
    weak = [mention for mention in mentions if _TRACHEOSTOMY.fullmatch(folded, *mention[0])]
    # The object of a care act says nothing of how the patient breathes: "sai secreção pela traqueo",
    # "aspirei a traqueo", "curativo da tqt" stay whole in the note.
    cared = [mention for mention in weak if _CARED_FOR.search(folded, 0, mention[0][0])]
    mentions = [mention for mention in mentions if mention not in cared]
    weak = [mention for mention in weak if mention not in cared]
    if len(weak) < len(mentions):
        mentions = [mention for mention in mentions if mention not in weak]
    return _joined(folded, mentions)


# Only words that tie two parts of one oxygen setting: "3 litros de O2 [no] cateter", "O2 2L [pelo] cateter".
_TIE = re.compile(r"\s*,?\s*(?:(?:no|na|em|via|por|pelo|pela|de|do|da|com|a)\s+)*")


def _joined(
    folded: str, mentions: list[tuple[tuple[int, int], RespiratoryCondition]]
) -> list[tuple[tuple[int, int], RespiratoryCondition]]:
    """Oxygen said in parts is one mention, its flow and its device together ("O2 3 l/min via cateter
    nasal"): otherwise the part named last, alone, would say how the oxygen is given."""
    joined: list[tuple[tuple[int, int], RespiratoryCondition]] = []
    for span, condition in sorted(mentions):
        if (
            joined
            and condition is RespiratoryCondition.SUPPLEMENTARY_OXYGEN
            and joined[-1][1] is condition
            and _TIE.fullmatch(folded, joined[-1][0][1], span[0])
        ):
            joined[-1] = ((joined[-1][0][0], span[1]), condition)
        else:
            joined.append((span, condition))
    return joined
