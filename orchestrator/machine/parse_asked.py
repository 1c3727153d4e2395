"""Values read by their place rather than their label: a bare number answering the measure asked for
("18" after "Falta: FR"), a pressure or a flow asked for ("12/8" after "Falta: PA"), the one decimal number
in the temperature's range ("febre não tem, 36,5"); and the numbers left that no value took.

Each reader adds to `found` what it reads; `folded` has the spans already read elsewhere masked out.
"""

from __future__ import annotations

import re

from orchestrator.machine import lexicon, notes
from orchestrator.machine.parse_sequence import CLOCK, named_by_a_word
from orchestrator.machine.parse_vitals import VitalsFound, blood_pressure, mixed_units, to_number
from orchestrator.machine.reading import Expectation, ExpectationKind
from orchestrator.machine.respiratory import support_setting
from orchestrator.machine.text import mask, meaningful_words
from orchestrator.machine.vitals import RANGES, ClinicalItem, RespiratoryCondition, VitalName

_CMHG_SLASH = re.compile(r"(?<![\d/.,])(\d{1,2}(?:[.,]\d)?)\s*/\s*(\d{1,2}(?:[.,]\d)?)(?![\d/])")
# A flow alone: "2 litros", "3L", "no 2 l/min".
_FLOW_ALONE = re.compile(
    r"\W*(?:(?:no|com|em|a|de)\s+)?\d{1,2}(?:[.,]\d)?\s*(?:l|litros?|lpm)(?:\s*(?:/|por)\s*min\w*)?\W*"
)
_PAIN_SCORE = re.compile(r"(?<![\d/.,])(?:10|\d)\s*/\s*10(?![\d/])")
# What a reading gave, with no word saying which ("…, deu 80"); after a remark it is the remark's ("fiz o
# dextro, deu 250").
_READING_ALONE = re.compile(r"\s*(?:e\s+)?(?:deu|marcou|ficou|foi|estava|tava|esta|ta)\s+\d{2,3}(?:[.,]\d{1,2})?\s*")
_STANDS_ALONE = re.compile(r"\s*(?:$|[,.;:!?)\n]|e\b)")


def read_lone_number(folded: str, expectation: Expectation, found: VitalsFound) -> None:
    """A bare "18" right after "qual a FR?": the number answers the one measure still missing; "18 e
    36,5" after "Falta: FR e Temp" answers them in the order asked, when each fits its place."""
    # While the report is open, a measurement sent meanwhile may be what was asked.
    if expectation.kind not in (ExpectationKind.VITALS, ExpectationKind.FINALIZATION_TOPICS) or found.values:
        return
    missing = [name for name in VitalName if name.value in expectation.missing]
    if not missing or VitalName.BLOOD_PRESSURE in missing:
        return
    numbers = [m for m in lexicon.NUMBER.finditer(folded) if found.free(*m.span())]
    # Only numbers on their own: in "dormiu umas duas horas" the number is no measure.
    if len(numbers) != len(missing) or meaningful_words(mask(folded, [m.span() for m in numbers])):
        return
    values = [to_number(number.group(1)) for number in numbers]
    if len(missing) > 1 and not all(_fits(name, value) for name, value in zip(missing, values, strict=True)):
        return  # several numbers that do not fit the places asked are never shuffled into them
    for name, number, value in zip(missing, numbers, values, strict=True):
        found.values[name] = value
        found.spans.append(number.span())


def read_pressure_asked(folded: str, expectation: Expectation, found: VitalsFound) -> None:
    """ "12/8" right after "Falta: PA" is the pressure. Unasked, a bare "12/8" may be a date and is
    not read; asked, it is read only when the message says nothing else ("consulta dia 12/08")."""
    asked = VitalName.BLOOD_PRESSURE.value in expectation.missing
    if not asked or VitalName.BLOOD_PRESSURE in found.values:
        return
    masked = mask(folded, found.spans)
    slashes = list(_CMHG_SLASH.finditer(masked))
    if len(slashes) != 1 or meaningful_words(mask(masked, [slashes[0].span()])):
        return
    systolic, diastolic = slashes[0].group(1), slashes[0].group(2)
    pressure = blood_pressure(systolic, diastolic)
    if not mixed_units(systolic, diastolic) and pressure.systolic > pressure.diastolic:
        found.values[VitalName.BLOOD_PRESSURE] = pressure
        found.spans.append(slashes[0].span())


def _fits(name: VitalName, value: float) -> bool:
    low, high = RANGES[name]
    whole = name is VitalName.TEMPERATURE or value.is_integer()
    return whole and low <= value <= high


def decimal_temperature(folded: str, found: VitalsFound, unread: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "febre não tem, 36,5": the one number left with a decimal in the temperature's range, standing
    on its own, is the temperature (rates and saturation are whole numbers). A number a word names or a
    unit follows is not ("peso 38,5", "tramadol 37,5 mg"). Returns the unread spans without it."""
    if VitalName.TEMPERATURE in found.values:
        return unread
    low, high = RANGES[VitalName.TEMPERATURE]
    masked = mask(folded, found.spans)
    decimals = [
        match
        for match in lexicon.NUMBER.finditer(masked)
        if re.search(r"[.,]\d", match.group(1)) and low <= to_number(match.group(1)) <= high
    ]
    alone = len(decimals) == 1 and _STANDS_ALONE.match(masked, decimals[0].end())
    if not alone or named_by_a_word(masked, decimals[0].start()):
        return unread
    found.values[VitalName.TEMPERATURE] = to_number(decimals[0].group(1))
    found.spans.append(decimals[0].span())
    return [span for span in unread if span != decimals[0].span()]


def read_flow_asked(folded: str, expectation: Expectation, found: VitalsFound) -> None:
    """ "2 litros" right after "ar ambiente ou oxigênio?" is the oxygen given, at that flow."""
    if ClinicalItem.RESPIRATORY not in expectation.missing or found.mentions or found.values:
        return
    if (flow := _FLOW_ALONE.fullmatch(folded)) is None:
        return
    span, condition = flow.span(), RespiratoryCondition.SUPPLEMENTARY_OXYGEN
    found.mentions.append((span, condition))
    found.spans.append(span)
    if setting := support_setting(folded, condition):
        found.settings[span] = setting


def unread_spans(masked: str, unread: list[tuple[int, int]], *, lone: bool) -> list[tuple[int, int]]:
    """Numbers no value took: those of a list that could not be placed, values not given exactly, and
    (`lone`: the message may be about vital signs) any standing in a clause of their own ("…, 96, 36").
    Consumed, so no note holds them; named back to the caregiver. `masked`: what was read is blanked."""
    spans = list(unread)
    # "…, 18:30", "dor na perna, 6/10": a time of day or a pain score is no value to ask about.
    apart = [match.span() for match in (*CLOCK.finditer(masked), *_PAIN_SCORE.finditer(masked))]
    read_before = True  # (the clause before was all values: "FC 80, temp 36,5, [ta 97]" names none)
    for start, end, _ in notes.segments(masked) if lone else ():
        bare = not any(char.isalpha() for char in masked[start:end])
        if bare or (read_before and _READING_ALONE.fullmatch(masked, start, end)):
            numbers = lexicon.NUMBER.finditer(masked, start, end)
            spans.extend(m.span() for m in numbers if not any(s <= m.start() < e for s, e in apart))
        read_before = bare
    return spans
