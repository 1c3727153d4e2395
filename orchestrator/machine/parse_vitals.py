"""Rule reader for vital signs and the respiratory condition in free Portuguese text.

Works on folded text (see `text.fold`) and returns the spans it consumed, so the caller can
cut what is left (a note) from the original message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from orchestrator.machine.respiratory import respiratory_mentions, support_setting
from orchestrator.machine.vitals import (
    RANGES,
    BloodPressure,
    DoubtfulValue,
    RejectedValue,
    RespiratoryCondition,
    VitalName,
    range_text,
)

_NUMBER = r"(\d{1,3}(?:[.,]\d{1,2})?)"
# A temperature's decimal typed twice or spaced ("36,,5", "36..5", "36, 5"): still 36.5, never 36 or 365.
_TEMPERATURE_NUMBER = (
    r"(\d{2}(?:[.,;]{1,2}\d(?!\d)|\s[.,]\s?\d(?!\d)|[.,]\s\d(?!\d)|[.,]\d{1,2})?|\d{1,3}(?:[.,]\d{1,2})?)"
)
_BP_VALUE = r"(\d{1,3}(?:[.,]\d)?)\s*(x|/|por|×|\*)\s*(\d{1,3}(?:[.,]\d)?)(?:\s*mm\s*hg)?"
# After its label a pressure may also be written "120-80" or "120\\80".
_LABELLED_BP_VALUE = r"(\d{1,3}(?:[.,]\d)?)\s*(x|/|por|×|\*|-|\\)\s*(\d{1,3}(?:[.,]\d)?)(?:\s*mm\s*hg)?"
# Between a label and its value: "PA: 120x80", "FC = 80", "temp de 36,4", "sat é 97", "a pressão tá
# 150x90", "a temperatura que é 37,5", "sat caiu pra 91", "temperatura subiu para 37,9", "pressão deu 13x9".
# A correction may stand between them too: "a fc ta errada, é 88", "só a FC tá errada: 86", "errei a sat, 94".
_SEP = (
    r"\s*(?:[:=\-,]\s*)?(?:(?:de|e|eh|em|esta|estava|ta|tava|foi|era|deu|ficou|fica|marcou|marcando|com|errad[oa]|que|"
    r"na\s+verdade|(?:[oa]\s+)?(?:cert[oa]|corret[oa])|"
    # Whose, when or where it was taken, between the label and its value: "a pressão agora tá 13 por 8", "a
    # pressão dele hoje de manhã tava 13 por 8", "a sat baixou um pouco, 92".
    r"agora|agr|atualmente|ainda|novamente|de\s+novo|hoje|aqui|dele|dela|d[oa]\s+paciente|manha|tarde|noite|"
    r"madrugada|(?:subiu|baixou|caiu|desceu|aumentou|diminuiu)(?:\s+(?:um\s+pouco|bastante))?|(?:(?:subiu|baixou|caiu|desceu|foi|voltou)\s+)?(?:para|pra|a)|"
    # Approximations: "a pressão deu uns 12 por 8", "FC mais ou menos 80", "sat em torno de 95".
    # The value denied before the right one: "FC não é 80, é 88".
    r"n(?:ao|a+o+)\s+(?:e|eh|era|foi)\s+\d{1,3}(?:[.,]\d{1,2})?\s*[,;]?\s*(?:(?:mas|sim)\s*,?)?|"
    r"uns|umas|cerca\s+de|mais\s+ou\s+menos|em\s+torno\s+de|por\s+volta\s+de|aproximadamente|aprox\.?|tipo)\s*[,:]?\s+)*"
    r"\s*"
)
_LABELS: dict[VitalName, str] = {
    # (Typed in a hurry: "pessão", "fequencia", "frequecia", "temperatyra", "tempertura".)
    VitalName.BLOOD_PRESSURE: r"(?:p\.?\s?a\.?|pr?es+ao(?:\s+arterial)?|press\.?)",
    # "frequência" alone is the heart rate, the rate nursing names first ("frequência respiratória" is not).
    VitalName.HEART_RATE: (
        r"(?:f\.?\s?c\.?|(?:freq\.?|fr?equ?e?n?[cs]ia)\s*cardiaca|fr?equ?e?n?[cs]ia(?!\s*resp)|pulso|batimentos?|bpm|coracao)"
    ),
    VitalName.RESP_RATE: (
        r"(?:f\.?\s?r\.?|(?:freq\.?|fr?equ?e?n?[cs]ia)\s*resp(?:iratoria)?\.?|respiracao|respiratoria|respirando|resp\.?)"
    ),
    # Every way the saturation is shortened or spelled: "sat", "satu", "satur", "saturando", "SpO2" (also
    # typed "sp02"), "oximetria", "o oxímetro marcou".
    VitalName.SATURATION: (
        r"(?:(?:sat(?:u(?:r(?:a(?:cao|ndo|do|da)?|ou|o)?)?)?|saturou)\.?(?:\s*(?:de\s+)?o2)?|sp\s?[o0][2₂]|sato2|"
        r"oximetr(?:ia|o)|oxigenacao)"
    ),
    # The site may follow the label: "temperatura axilar", "temp. ax.", "T (axilar)".
    VitalName.TEMPERATURE: (
        r"(?:(?:temp(?:e[a-z]{3,8})?\.?|t\.?\s?ax(?:ilar)?\.?|tax|febre(?=\s*(?:de\s+)?\d{2})|t\s?[º°]?(?=\s*[:=]?\s*\d)|"
        r"t(?=\s*\(?\s*ax))(?:\s*\(?\s*(?:axilar|ax\.?|oral|retal|timpanica)\s*\)?(?=[\s:=\d]))?)"
    ),
}
_UNITS: dict[VitalName, str] = {
    VitalName.HEART_RATE: r"(?:bpm|bat/min)",
    VitalName.RESP_RATE: r"(?:irpm|rpm|ipm|mrm|resp/min)",
    VitalName.SATURATION: r"(?:%|por\s*cento)",
    VitalName.TEMPERATURE: r"(?:°\s*c?|º\s*c?|graus(?:\s+(?:celsius|c)\b)?)",
}
# A short label glued to the value before it starts a measure too: "PA120/80FC80", "pa120x80fc80fr18".
_START = r"(?:\b|(?<=\d)(?=(?:pa|fc|fr|sat|sp[o0]2|tax|temp)\s*\d))"
_LABELLED_BP = re.compile(rf"{_START}{_LABELS[VitalName.BLOOD_PRESSURE]}{_SEP}{_LABELLED_BP_VALUE}")
# "PA 120 80", "pa 12 8": after its label, two numbers that are no other measure.
_SPACED_BP = re.compile(
    rf"\b{_LABELS[VitalName.BLOOD_PRESSURE]}{_SEP}(\d{{1,3}})\s+(\d{{1,3}})(?![\d.,/x%h])"
    r"(?!\s*(?:bpm|irpm|rpm|ipm|%|graus|°|º|por\s*cento|x|por|/|e\s+meio|horas?|vezes|min|anos|kg))(?:\s*mm\s*hg)?"
)
# "PA 1208": the digits run together, and 120x8, 12x08 or 120x80 cannot be told apart. Refused, never guessed.
_RUN_TOGETHER_BP = re.compile(rf"\b{_LABELS[VitalName.BLOOD_PRESSURE]}{_SEP}(\d{{4,6}})(?![\d.,/x\\-])")
_BARE_BP = re.compile(rf"(?<![\d/.,]){_BP_VALUE}(?![\d/])")
# A correction right after a value replaces it: "FC 80 digo 88", "temp 37 não, é 37,5", "sat 95 ou melhor 96".
_CORRECTION_LEAD = (
    r"\s*[,.;:]*\s*(?:\.\.\.\s*)?(?:\(?\s*(?:digo|quer\s+dizer|ou\s+melhor|o+p+s+|opa|n+a+o+|na\s+verdade|"
    r"corrigindo|errei|desculp\w*|perdao|pera(?:i|\s*ai)?|alias)\s*\)?\s*[,:.!\-]*\s*){1,3}"
    r"(?:(?:e|eh|era|foi|(?:o\s+)?(?:certo|correto)\s+(?:e|eh))\s*[,:]?\s+)?"
)
# A later reading of the same measure is the one that stands: "sat caiu pra 88 e voltou pra 95", "febre 38
# às 10h, depois 37,2", "temp 36,5 às 8h e 37 às 14h", "sat 88, repeti e deu 95".
_TIME = r"(?:\s*(?:as|a|das)?\s*\d{1,2}(?::\d{2}|h\d{0,2}|\s*horas?)(?![\d/x]))"
_LATER_LEAD = (
    rf"{_TIME}?\s*[,;.]?\s*(?:e\s+)?(?:depois|agora|mais\s+tarde|em\s+seguida|apos\s+(?:[a-z]+\s+){{0,2}}?|"
    r"(?:voltou|subiu|baixou|caiu|desceu|melhorou|normalizou)\s+(?:pra|para|a)|repeti\w*(?:\s+e)?|refiz(?:\s+e)?|"
    r"repetid[oa]|remedi\w*(?:\s+e)?|rechec\w*(?:\s+e)?|reaferi\w*(?:\s+e)?)\s*[,:]?\s*"
    r"(?:(?:pra|para|a|em|deu|ficou|foi|marcou|estava|tava|esta|ta|de|com)\s+)*"
)
_LATER_TIMED = rf"{_TIME}\s*,?\s*e\s+(?:(?:as|a)\s*\d{{1,2}}(?::\d{{2}}|h\d{{0,2}})?\s*,?\s*)?"


def _corrections(value: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A correction, and a later reading, right after a value (`value`: the pattern of one)."""
    later = rf"{_LATER_LEAD}{value}(?![\d/x]){_TIME}?|{_LATER_TIMED}{value}(?![\d/x]){_TIME}"
    return re.compile(rf"{_CORRECTION_LEAD}{value}(?![\d/x])"), re.compile(later)


_CORRECTED_NUMBER = _corrections(_NUMBER)
_CORRECTED = {
    VitalName.BLOOD_PRESSURE: _corrections(_LABELLED_BP_VALUE),
    VitalName.TEMPERATURE: _corrections(_TEMPERATURE_NUMBER),
}


def _last_value(
    folded: str, match: re.Match[str], size: int, patterns: tuple[re.Pattern[str], re.Pattern[str]]
) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """The value that stands after corrections and later readings, with the end of what was read: the
    first value written and the end of the last correction or later reading. Earlier readings are read
    away too: left in the text, their numbers would be read again as values."""
    correction, later = patterns
    first, groups, end = match.groups()[:size], match.groups()[:size], match.end()
    while found := correction.match(folded, end) or later.match(folded, end):
        groups, end = _value_groups(found, size), found.end()
    repeated = _REPEATED.match(folded, end)
    if size == 1 and repeated and repeated.group(1) == groups[0]:
        end = repeated.end()
    return first, groups, end


# The same value said again in a voice note: "saturação 95, é, 95", "frequência 80, 80".
_REPEATED = re.compile(r"\s*,\s*(?:(?:e|eh|isso)\s*,\s*)?(\d{1,3}(?:[.,]\d)?)(?![\d/x]|[.,]\d|\s*(?:de|%|por)\b)")


_FEVER = 37.5
# A flow is no measure: "oxigenação a 2 L/min" is the oxygen given, not a saturation of 2.
_NO_FLOW = r"(?!\s*(?:l|litros?|lpm|l/min)\b)"
_LABELLED = {
    name: re.compile(
        rf"{_START}{label}{_SEP}{_TEMPERATURE_NUMBER if name is VitalName.TEMPERATURE else _NUMBER}"
        rf"(?:[^\S\n]*(?:{_UNITS.get(name, '(?!)')}))?(?![\d/x]){_NO_FLOW}"
    )
    for name, label in _LABELS.items()
    if name is not VitalName.BLOOD_PRESSURE
}
# "78 não 76": a bare "não" between two values of one measure (no "é", "digo" or "era").
_BARE_DENIAL = re.compile(r"\s*[,;]?\s*n(?:ao|a+o+)\s*[,;]?\s*\d")
# A value not given exactly is asked again, never rounded into one: "37 e pouco", "sat entre 94 e 96".
_IMPRECISE = re.compile(r"\s+e\s+(?:pouco|pouquinho|poucos|algo|alguma\s+coisa|tanto)\b")
# "temp 36 5": the decimal mark forgotten; 36, 36.5 or 36.05 cannot be told apart.
_SPACED_DECIMAL = re.compile(r"[^\S\n]+\d(?![\d.,/x%])(?!\s*(?:x|por|/|h\b|horas?|vezes|min))")
_RANGES = {
    name: re.compile(
        rf"\b{label}{_SEP}entre\s+(\d{{1,3}}(?:[.,]\d{{1,2}})?\s*%?\s+e\s+\d{{1,3}}(?:[.,]\d{{1,2}})?)(?![\d/x])"
    )
    for name, label in _LABELS.items()
    if name is not VitalName.BLOOD_PRESSURE
}
_REMEASURED = re.compile(
    r"\b(?:repeti\w*|refiz|remedi\w*|rechec\w*|reaferi\w*|medi\s+(?:de\s+novo|novamente|outra\s+vez))"
    r"(?:\s*[,:]?\s*(?:e\s+)?(?:(?:deu|marcou|ficou|foi|estava|tava|esta|ta|em|pra|para|agora)\s+)*"
    # A few words may say when or how: "repeti depois de 10 min e deu 96".
    r"|(?:\s+[a-z0-9]+){1,5}?\s*,?\s+(?:e\s+)?(?:deu|marcou|ficou|estava|tava)\s+(?:em\s+|pra\s+)?)"
    rf"{_NUMBER}(?![\d/x])(?:\s*%)?"
)
# The value said before its name: "36,5 de temperatura", "96% de saturação", "88 de FC".
_NAMED_AFTER = {
    name: re.compile(
        rf"(?<![\d.,]){_TEMPERATURE_NUMBER if name is VitalName.TEMPERATURE else _NUMBER}"
        rf"\s*(?:{_UNITS.get(name, '(?!)')})?\s+(?:de|da|do|na|no)\s+{label}(?![a-z0-9])"
    )
    for name, label in _LABELS.items()
    if name is not VitalName.BLOOD_PRESSURE
}
_CLAUSE_BREAK = re.compile(r"[.;!?\n,]")
_SENTENCE_BREAK = re.compile(r"(?<!\d)[.;!?\n]|[.;!?\n](?!\d)")
_RISEN = r"(?:voltou|subiu|melhorou|normalizou|estabilizou)"
_RECOVERED = re.compile(
    rf"\b(?:{_RISEN}\s+(?:(?:pra|para|a|em)\s+)?|(?:foi|passou|aumentou|chegou)\s+(?:pra|para|a)\s+){_NUMBER}"
    r"(?![\d/x])(?:\s*%)?"
)
# Between a label and its value: "saturação subiu para 94%" after "sat 88" replaces it; so does "subiu
# pra 94%" (a value known by its unit).
_RISEN_LABELLED = re.compile(rf"\b{_RISEN}\b")
_RISEN_TO = re.compile(rf"\b{_RISEN}\s+(?:(?:pra|para|a|em)\s+)?\Z")
# Between a reading a change replaced and the room air it was taken in: "sat 88 [em] ar ambiente".
_TAKEN_IN = re.compile(r"\s*(?:(?:em|no)\s+)?")
_EPISODE = re.compile(
    r"\b(?:mais\s+cedo|hoje\s+cedo|antes|ontem|anteontem|madrugada|(?:de|pela|na|durante\s+a)\s+(?:manha|tarde|noite)|"
    r"quando|durante|(?:as|das)\s+\d{1,2}(?:[:h]\d{0,2})?|\d{1,2}h\d{0,2}|ao\s+(?:levantar|acordar|sentar|deambular|"
    r"caminhar)|(?:no|apos\s+o|depois\s+do|durante\s+o)\s+banho|deitad[oa]|sentad[oa]|(?:em|de)\s+pe)(?![a-z])"
)
_SHARE_OF = re.compile(r"\s*d[aeo]s?\s+(?!(?:sat|o2|oxigen|spo2|sp02))")
_EATEN = re.compile(
    r"\b(?:aceit\w*|com(?:eu|ia)|ingeri\w*|bebeu|tomou|recus\w*|dieta|refeic\w*|almoco|jantar|janta|lanche|cafe)"
    r"\s+(?:(?:so|apenas|uns|umas|cerca\s+de|quase|mais\s+ou\s+menos)\s+)?$"
)
# Unlabelled, only a whole number from 50 is a saturation: "0,9%" and "2%" are concentrations.
_SATURATION_LIKE = re.compile(r"[5-9]\d|100")
_TEMPERATURE_LIKE = re.compile(r"[34]\d(?![\d])")
# Values listed right after a pressure: "12/8 80 18 96% 36,5" is no date.
_LISTED_AFTER = re.compile(r"\s*[,;|\-–]?\s*\d{2,3}(?![\d/])\s*[,;|\-–]?\s*\d{2,3}(?![\d/])")
_WITH_UNIT = {name: re.compile(rf"(?<![\d.,]){_NUMBER}\s*{unit}") for name, unit in _UNITS.items()}


@dataclass
class VitalsFound:
    """Raw values (not range-checked yet) and the spans of the text they came from."""

    values: dict[VitalName, BloodPressure | float] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)
    named: dict[tuple[int, int], VitalName] = field(default_factory=dict)  # the span each value came from
    mentions: list[tuple[tuple[int, int], RespiratoryCondition]] = field(default_factory=list)
    refused: list[RejectedValue] = field(default_factory=list)  # written so that no value can be told
    unclear: list[tuple[int, int]] = field(default_factory=list)  # numbers no measure can be told from
    doubts: list[tuple[tuple[int, int], DoubtfulValue]] = field(default_factory=list)  # "FC 37 e pouco": asked
    settings: dict[tuple[int, int], str] = field(default_factory=dict)  # "O2 em cateter 2 L/min", by mention
    # A reading a change replaced, with the room air it was taken in ("sat 88 em ar ambiente, coloquei O2 e
    # subiu pra 94"): read, and given back to the note.
    noted: list[tuple[int, int]] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.spans)

    @property
    def respiratory(self) -> RespiratoryCondition | None:
        """The condition mentioned; when several differ, the last one written wins."""
        if not self.mentions:
            return None
        return max(self.mentions, key=lambda mention: mention[0])[1]

    @property
    def support(self) -> str | None:
        """How the condition that wins supports the breathing, when its words say more than the condition."""
        if not self.mentions:
            return None
        return self.settings.get(max(self.mentions, key=lambda mention: mention[0])[0])

    def release(self, things: list[tuple[int, int]]) -> None:
        """Respiratory words that name the thing a remark is about ("o cilindro de oxigênio acabou")
        are no respiratory condition: give them back to the text."""
        overlapping = [m for m in self.mentions if any(m[0][0] < e and s < m[0][1] for s, e in things)]
        for span, _ in overlapping:
            self.spans.remove(span)
            self.mentions.remove((span, _))


def to_number(raw: str) -> float:
    """ "36,4" -> 36.4; a decimal mark typed twice or spaced ("36,,5", "36 ,5") is one mark."""
    return float(re.sub(r"\s*[.,;][\s.,;]*", ".", raw.strip()))


def blood_pressure(systolic_raw: str, diastolic_raw: str) -> BloodPressure:
    """`12/8` and `9.5 por 6.5` are written in cmHg: scale them to mmHg (`120x80`, `95x65`)."""
    systolic, diastolic = to_number(systolic_raw), to_number(diastolic_raw)
    if systolic < 30:
        systolic *= 10
    if diastolic < 30:
        diastolic *= 10
    return BloodPressure(systolic=round(systolic), diastolic=round(diastolic))


def mixed_units(systolic_raw: str, diastolic_raw: str) -> bool:
    """ "120/8", "12/80": one number in mmHg and the other in cmHg. Whether 120x80 or 120x85 was meant
    cannot be told: refused, never scaled into a guess."""
    return (to_number(systolic_raw) < 30) != (to_number(diastolic_raw) < 30)


def _refuse(found: VitalsFound, name: VitalName, shown: str, span: tuple[int, int]) -> None:
    if found.free(*span):
        found.spans.append(span)
        found.refused.append(RejectedValue(name=name, shown=shown, accepted=range_text(name)))


def find_vitals(folded: str, *, by_unit: bool = True, shown: bool = False) -> VitalsFound:
    """Every vital sign written in `folded`, labelled (`FC 80`) or recognisable by its unit (`80 bpm`).

    `by_unit=False` ignores unlabelled values (in an end-of-shift report "comeu 50%" is no saturation).
    `shown`: a summary is on screen, so "FC 78 não 76" may deny either value; it is asked, never guessed.
    """
    found = VitalsFound()
    _find_labelled_pressure(folded, found, shown=shown)
    for match in _BARE_BP.finditer(folded) if by_unit else ():
        systolic, separator = match.group(1), match.group(2)
        # "26/11" is a date: a bare slash needs a systolic in mmHg, or values listed after it ("12/8 80 18
        # 96% 36,5"); "x" and "por" are never dates.
        if separator == "/" and to_number(systolic) < 60 and not _LISTED_AFTER.match(folded, match.end()):
            continue
        # Without a label only a plausible pressure is one: in "82 / 19 / 96%" the slashes separate values.
        pressure = blood_pressure(systolic, match.group(3))
        if pressure.systolic <= pressure.diastolic or mixed_units(systolic, match.group(3)):
            continue
        if VitalName.BLOOD_PRESSURE in found.values and _episode(folded, *match.span()):
            continue
        _take(found, VitalName.BLOOD_PRESSURE, pressure, match.span())
    _find_labelled_values(folded, found, shown=shown)
    _find_remeasured(folded, found)
    # Before values known by their unit: the "28%" of "venturi 28%" is the oxygen given, no saturation.
    for span, condition in respiratory_mentions(folded, found.free):
        found.mentions.append((span, condition))
        found.spans.append(span)
        if setting := support_setting(folded[slice(*span)], condition):
            found.settings[span] = setting
    if by_unit:
        _find_with_unit(folded, found)
    found.noted = [_with_room_air(folded, found, span) for span in found.noted]
    return found


def _find_with_unit(folded: str, found: VitalsFound) -> None:
    """Values known by their unit ("80 bpm", "94%"); "subiu pra 94%" replaces the reading before it."""
    for name, pattern in _WITH_UNIT.items():
        for match in pattern.finditer(folded):
            if name is VitalName.SATURATION and (
                _portion(folded, match) or not _SATURATION_LIKE.fullmatch(match.group(1))
            ):
                continue  # (a share or a concentration: "soro 0,9%", "clorexidina 2%", "comeu 50% do almoço")
            if name in found.values and _episode(folded, *match.span()):
                continue
            if name is VitalName.TEMPERATURE and not _TEMPERATURE_LIKE.match(match.group(1)):
                continue  # "2º dia de antibiótico", "1º andar": an ordinal, no temperature
            if name in found.values and found.free(*match.span()) and _RISEN_TO.search(folded, 0, match.start()):
                _supersede(found, name, match.start())
            _take(found, name, to_number(match.group(1)), match.span())


def _with_room_air(folded: str, found: VitalsFound, reading: tuple[int, int]) -> tuple[int, int]:
    """A reading a change replaced, with the room air it was taken in right after it ("sat 88 em ar
    ambiente"), unless the room air is how the patient breathes now."""
    for span, condition in found.mentions:
        if (
            condition is RespiratoryCondition.ROOM_AIR
            and found.respiratory is not RespiratoryCondition.ROOM_AIR
            and _TAKEN_IN.fullmatch(folded, reading[1], span[0])
        ):
            return reading[0], span[1]
    return reading


def _episode(folded: str, start: int, end: int) -> bool:
    """Whether the clause of a value read again says it happened before or apart from the measurement
    ("mais cedo a PA tava 15x9", "às 10h a sat caiu pra 88", "FC subiu pra 110 quando levantou")."""
    opening = max((match.end() for match in _CLAUSE_BREAK.finditer(folded, 0, start)), default=0)
    closing = _CLAUSE_BREAK.search(folded, end)
    clause = folded[opening:start] + " " + folded[end : closing.start() if closing else len(folded)]
    return bool(_EPISODE.search(clause))


def _portion(folded: str, match: re.Match[str]) -> bool:
    """ "aceitou 100% da dieta", "comeu 50% do almoço": a share of a meal, no saturation."""
    return bool(
        _SHARE_OF.match(folded, match.end()) or _EATEN.search(folded, max(0, match.start() - 30), match.start())
    )


def _find_labelled_values(folded: str, found: VitalsFound, *, shown: bool = False) -> None:
    """ "FC 80", "36,5 de temp", and a value corrected right after it ("FC 80 digo 88": 88); with a
    summary `shown`, "FC 78 não 76" is unclear (78, not the 76 shown, or 76 instead of 78?)."""
    # Values before their names first, so that "88 de FC e 18 de FR" is no "FC e 18".
    for name, pattern in _NAMED_AFTER.items():
        for match in pattern.finditer(folded):
            _take(found, name, to_number(match.group(1)), match.span())
    for ranged, pattern in _RANGES.items():
        for match in pattern.finditer(folded):
            _doubt(found, folded, ranged, (match.start(), match.start(1), match.end()))
    # "temp 36,5 … teve febre de 38 às 3h": beside a temperature measured, a fever is an episode for the note.
    measured = VitalName.TEMPERATURE in found.values or any(
        not folded.startswith("febre", match.start()) for match in _LABELLED[VitalName.TEMPERATURE].finditer(folded)
    )
    for labelled, pattern in _LABELLED.items():
        for match in pattern.finditer(folded):
            if labelled is VitalName.TEMPERATURE and measured and folded.startswith("febre", match.start()):
                continue
            _labelled_value(folded, found, labelled, match, shown=shown)


def _labelled_value(folded: str, found: VitalsFound, labelled: VitalName, match: re.Match[str], *, shown: bool) -> None:
    """One labelled value: taken, doubted ("37 e pouco", "78 não 76" at a summary) or left to the note (an
    earlier episode of a measure already given)."""
    imprecise = _IMPRECISE.match(folded, match.end())
    if labelled is VitalName.TEMPERATURE and re.fullmatch(r"\d{2}", match.group(1)):
        imprecise = imprecise or _SPACED_DECIMAL.match(folded, match.end())
    if imprecise:
        _doubt(found, folded, labelled, (match.start(), match.start(1), imprecise.end()))
        return
    (first,), (raw,), end = _last_value(folded, match, 1, _CORRECTED.get(labelled, _CORRECTED_NUMBER))
    if shown and raw != first and _BARE_DENIAL.match(folded, match.end()):
        _doubt(found, folded, labelled, (match.start(), match.start(1), end), (first, raw))
        return
    # "febre de 37,8 às 15h": a real fever is the caregiver's observation, kept for the note with
    # its time; only its value is read ("a febre 36 e meio" only names the temperature).
    start = match.start()
    if folded.startswith("febre", start) and to_number(first) >= _FEVER:
        start += len("febre")
    # "FC 80 … FC subiu pra 110 quando levantou": the measure stands, the episode is left to the note.
    if labelled not in found.values or not _episode(folded, start, end):
        if labelled in found.values and _RISEN_LABELLED.search(folded, start, match.start(1)):
            _supersede(found, labelled, start)
        _take(found, labelled, to_number(raw), (start, end))


def _doubt(
    found: VitalsFound, folded: str, name: VitalName, bounds: tuple[int, int, int], options: tuple[str, ...] = ()
) -> None:
    """The label (`bounds[0]:bounds[1]`) and the words of a value that cannot be told (up to `bounds[2]`)."""
    start, value, end = bounds
    if found.free(start, end):
        found.spans.extend([(start, value), (value, end)])
        found.doubts.append(((value, end), DoubtfulValue(name=name, shown=folded[value:end].strip(), options=options)))


def _find_remeasured(folded: str, found: VitalsFound) -> None:
    """ "sat 88 mas a mão tava fria, repeti e deu 95": measured again, the new value replaces the last
    measure named before it (when it fits that measure's range; otherwise it is asked)."""
    for match in _REMEASURED.finditer(folded):
        before = [(span, name) for span, name in found.named.items() if span[1] <= match.start()]
        if not before or not found.free(*match.span()):
            continue
        _, name = max(before)
        value = to_number(match.group(1))
        if name is VitalName.BLOOD_PRESSURE or not RANGES[name][0] <= value <= RANGES[name][1]:
            found.spans.append(match.span())
            found.unclear.append(match.span(1))
            continue
        found.values[name] = value
        found.spans.append(match.span())
        found.named[match.span()] = name
    _find_recovered(folded, found)


def _find_recovered(folded: str, found: VitalsFound) -> None:
    """ "sat caiu pra 89, coloquei o O2 e voltou pra 95": the value it came back to, in the same sentence
    as the measure, is the one that stands (unless the sentence tells of an earlier episode)."""
    for match in _RECOVERED.finditer(folded):
        sentence = max((m.end() for m in _SENTENCE_BREAK.finditer(folded, 0, match.start())), default=0)
        before = [
            (span, name) for span, name in found.named.items() if sentence <= span[0] and span[1] <= match.start()
        ]
        if not before or not found.free(*match.span()) or _EPISODE.search(folded, sentence, match.start()):
            continue
        _, name = max(before)
        value = to_number(match.group(1))
        if name is not VitalName.BLOOD_PRESSURE and RANGES[name][0] <= value <= RANGES[name][1]:
            _supersede(found, name, match.start())
            found.values[name] = value
            found.spans.append(match.span())
            found.named[match.span()] = name


def _supersede(found: VitalsFound, name: VitalName, before: int) -> None:
    """The last reading of `name` before `before` was replaced by what it changed to: noted."""
    earlier = [span for span, named in found.named.items() if named is name and span[1] <= before]
    if earlier:
        found.noted.append(max(earlier))


def _find_labelled_pressure(folded: str, found: VitalsFound, *, shown: bool = False) -> None:
    """ "PA 120x80" and its forms; "PA 120/8" (mixed units) and "PA 1208" (run together) are refused; with a
    summary `shown`, "PA 13x8 não 12x8" is asked (as "FC 78 não 76" is)."""
    name = VitalName.BLOOD_PRESSURE
    for match in _LABELLED_BP.finditer(folded):
        first, (systolic, separator, diastolic), end = _last_value(folded, match, 3, _CORRECTED[name])
        if shown and first != (systolic, separator, diastolic) and _BARE_DENIAL.match(folded, match.end()):
            said = (blood_pressure(first[0], first[2]), blood_pressure(systolic, diastolic))
            _doubt(found, folded, name, (match.start(), match.start(1), end), tuple(map(str, said)))
            continue
        if mixed_units(systolic, diastolic):
            _refuse(found, name, f"{systolic}{separator}{diastolic}", (match.start(), end))
        elif name not in found.values or not _episode(folded, match.start(), end):
            _take(found, name, blood_pressure(systolic, diastolic), (match.start(), end))
    for match in _SPACED_BP.finditer(folded):
        systolic, diastolic = match.group(1), match.group(2)
        pressure = blood_pressure(systolic, diastolic)
        if (
            found.free(*match.span())
            and not mixed_units(systolic, diastolic)
            and pressure.systolic > pressure.diastolic
        ):
            _take(found, name, pressure, match.span())
    for match in _RUN_TOGETHER_BP.finditer(folded):
        _refuse(found, name, match.group(1), match.span())


def _value_groups(match: re.Match[str], size: int) -> tuple[str, ...]:
    """The groups of the value a correction matched (its pattern holds the value in each alternative)."""
    groups = match.groups()
    chunks = [groups[index : index + size] for index in range(0, len(groups), size)]
    return next(chunk for chunk in chunks if chunk[0] is not None)


def _take(found: VitalsFound, name: VitalName, value: BloodPressure | float, span: tuple[int, int]) -> None:
    if not found.free(*span):
        return
    found.spans.append(span)
    found.named[span] = name
    found.values[name] = value  # the last mention of a measure wins
