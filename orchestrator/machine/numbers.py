"""Numbers written in words, as caregivers type or dictate them: "treze por nove", "setenta e dois",
"trinta e sete e meio", "trinta e seis vírgula cinco".

`digits_for_words` rewrites them as digits in folded text *without moving any index* (the digits are
left-aligned in the span the words took, padded with spaces), so the vital-sign readers see
"13 por 9" while the notes are still cut from the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_UNITS = {
    "zero": 0, "um": 1, "uma": 1, "dois": 2, "duas": 2, "tres": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7,
    "oito": 8, "nove": 9,
}  # fmt: skip
_TEENS = {
    "dez": 10, "onze": 11, "doze": 12, "treze": 13, "catorze": 14, "quatorze": 14, "quinze": 15, "dezesseis": 16,
    "dezasseis": 16, "dezessete": 17, "dezoito": 18, "dezenove": 19,
}  # fmt: skip
_TENS = {
    "vinte": 20, "trinta": 30, "quarenta": 40, "cinquenta": 50, "sessenta": 60, "setenta": 70, "oitenta": 80,
    "noventa": 90,
}  # fmt: skip
_HUNDREDS = {"cem": 100, "cento": 100, "duzentos": 200, "duzentas": 200, "trezentos": 300, "trezentas": 300}
# "um"/"uma" alone is an article ("um pouco"): only a part of a longer number.
_ALONE_NOT_A_NUMBER = frozenset({"um", "uma"})
_DECIMAL_POINT = frozenset({"virgula", "ponto"})
_HALF = frozenset({"meio", "meia"})
_DEGREES = frozenset({"graus", "grau"})
# A flow of oxygen said in words: "um litro e meio", "dois litros e meio", "meio litro".
_LITRES = frozenset({"litro", "litros"})
_PRESSURE_SEPARATORS = frozenset({"por", "x", "/"})
# Spoken temperatures say the decimal with a plain "e": "trinta e seis e quatro" is 36.4.
_SPOKEN_DECIMAL_RANGE = (34, 42)
_TOKEN = re.compile(r"[a-z]+|\d+|/")


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


def _value(word: str) -> int | None:
    for table in (_UNITS, _TEENS, _TENS, _HUNDREDS):
        if word in table:
            return table[word]
    return None


def _is_and(tokens: list[_Token], index: int) -> bool:
    return index < len(tokens) and tokens[index].text == "e"


def _following(tokens: list[_Token], index: int, table: dict[str, int]) -> int | None:
    """The value of "e <word>" at `index` when <word> is in `table`."""
    if _is_and(tokens, index) and index + 1 < len(tokens):
        return table.get(tokens[index + 1].text)
    return None


def _integer(tokens: list[_Token], index: int) -> tuple[int, int] | None:
    """The number starting at `index` as (value, index after it), or None: "cento e vinte e dois" = 122."""
    word = tokens[index].text
    value = _value(word)
    if value is None:
        return None
    position = index + 1
    if word in _HUNDREDS and word != "cem":
        part = _following(tokens, position, {**_TENS, **_TEENS, **_UNITS})
        if part is None:
            # "cento" never stands alone ("por cento" is a percent sign); "duzentos" may.
            return None if word == "cento" else (value, position)
        value, position, word = value + part, position + 2, tokens[position + 1].text
    if word in _TENS and (units := _following(tokens, position, _UNITS)) is not None:
        value, position = value + units, position + 2
    return value, position


def _decimal(tokens: list[_Token], index: int, whole: int) -> tuple[float, int]:
    """A decimal part after `whole`: "e meio", "vírgula cinco", or (for temperatures) "e quatro"; the
    unit may stand before it ("36 graus e meio")."""
    if index < len(tokens) and tokens[index].text in _DEGREES and _is_and(tokens, index + 1):
        value, after = _decimal(tokens, index + 1, whole)
        return (value, after) if after > index + 1 else (float(whole), index)
    if _is_and(tokens, index) and index + 1 < len(tokens):
        following = tokens[index + 1].text
        if following in _HALF:
            return whole + 0.5, index + 2
        tenth = _UNITS.get(following, int(following) if following.isdigit() and len(following) == 1 else None)
        low, high = _SPOKEN_DECIMAL_RANGE
        if tenth is not None and low <= whole <= high and whole % 10 != 0:
            return whole + tenth / 10, index + 2
    if index + 1 < len(tokens) and tokens[index].text in _DECIMAL_POINT:
        tenth = _UNITS.get(tokens[index + 1].text)
        if tenth is not None:
            return whole + tenth / 10, index + 2
    return float(whole), index


def _shown(value: float, said: list[_Token]) -> str:
    """The digits, with the unit said among the words kept after them ("36.5 graus")."""
    digits = str(int(value)) if value.is_integer() else f"{value:.1f}"
    return f"{digits} graus" if any(token.text in _DEGREES for token in said) else digits


def _digits_and_half(tokens: list[_Token], index: int) -> tuple[float, int]:
    """Digits followed by their decimal in words: "36 e meio", "36 graus e meio", and a pressure's
    "13 por 8 e meio" (8.5, the 85 of 130x85)."""
    whole = int(tokens[index].text)
    if len(tokens[index].text) == 2:
        return _decimal(tokens, index + 1, whole)
    half = _is_and(tokens, index + 1) and index + 2 < len(tokens) and tokens[index + 2].text in _HALF
    # Only a diastolic: "acordou às 2 e meia" is a time.
    diastolic = index > 0 and tokens[index - 1].text in _PRESSURE_SEPARATORS
    if len(tokens[index].text) == 1 and half and diastolic:
        return whole + 0.5, index + 3
    return 0.0, index + 1


def _litres(tokens: list[_Token], index: int) -> tuple[str, int] | None:
    """A number of litres at `index`, as digits and the index after what they replace: "um [litro]" is 1
    (the article counts), "dois litros e meio" 2.5 l, "meio [litro]" 0.5. None when no litre follows."""
    word = tokens[index].text
    if word in _HALF or word.isdigit():
        whole, unit = (0.5 if word in _HALF else float(word)), index + 1
    elif (integer := _integer(tokens, index)) is not None:
        whole, unit = float(integer[0]), integer[1]
    else:
        return None
    if unit >= len(tokens) or tokens[unit].text not in _LITRES:
        return None
    if _is_and(tokens, unit + 1) and unit + 2 < len(tokens) and tokens[unit + 2].text in _HALF:
        return f"{whole + 0.5:g} l", unit + 3
    return f"{whole:g}", unit


def digits_for_words(folded: str) -> str:
    """`folded` with every number written in words (and "36 e 5" temperatures) as digits, same length."""
    chars = list(folded)
    for start, end, digits in _numbers_in_words(folded):
        chars[start:end] = digits.ljust(end - start)
    return "".join(chars)


def spans_in_words(folded: str) -> list[tuple[int, int]]:
    """Where `digits_for_words` writes digits: the whole span of each number's words ("oitenta e cinco")."""
    return [(start, end) for start, end, _ in _numbers_in_words(folded)]


@lru_cache(maxsize=64)  # one message is read for values and for notes: the same text, twice
def _numbers_in_words(folded: str) -> tuple[tuple[int, int, str], ...]:
    tokens = [_Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]
    found = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (litres := _litres(tokens, index)) is not None:
            digits, after = litres
            found.append((token.start, tokens[after - 1].end, digits))
            index = after
            continue
        if token.text.isdigit():
            value, after = _digits_and_half(tokens, index)
            if after > index + 1:
                found.append((token.start, tokens[after - 1].end, _shown(value, tokens[index:after])))
            index = after
            continue
        read = _integer(tokens, index)
        if read is None or (read[1] == index + 1 and token.text in _ALONE_NOT_A_NUMBER):
            index += 1
            continue
        value, after = _decimal(tokens, read[1], read[0])
        found.append((token.start, tokens[after - 1].end, _shown(value, tokens[index:after])))
        index = after
    # The digits always fit: a number's words are never shorter than its digits.
    return tuple((start, end, digits) for start, end, digits in found if len(digits) <= end - start)
