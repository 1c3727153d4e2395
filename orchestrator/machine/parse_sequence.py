"""Unlabelled vital signs in the usual order: "sinais: 11x7, 68, 16, 98%, 36,1".

Caregivers often list bare values in the conventional order PA, FC, FR, Sat, Temp. A run of values
separated only by commas, slashes, pipes or spaces is read when exactly one placement fits: the run fills
consecutive places of that order (none skipped), each value found by its form or unit (a pressure, a
`%`, `°C`) sits in its own place, and each bare number lies in the accepted range of its place. Anything
else is never guessed: its bare numbers are returned as unread, to be asked by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from orchestrator.machine.parse_vitals import VitalsFound, find_vitals, to_number
from orchestrator.machine.vitals import RANGES, VitalName

_ORDER = tuple(VitalName)
# A decimal mark typed twice ("36,,5") is one: never 36 with a stray 5.
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]{1,2}\d{1,2})?(?![\d])")
# What may stand between two values of one run.
_SEPARATOR = re.compile(r"[\s,;/|\-–—]*")
# A run this long, or holding a value found by its form, is a list of vital signs.
_LIST_LENGTH = 3
# A number right after a word is that word's ("hgt 180", "dormiu 2 horas"), unless the word opens a list.
_WORD_BEFORE = re.compile(r"([a-z]+)[\s:=]*$")
_LIST_OPENERS = frozenset({"sinais", "vitais", "ssvv", "sv", "svs", "dados", "afericao", "medidas", "seguem", "segue"})
# A number that counts something is no value: "20 gotas de dipirona", "2 evacuações", "3 episódios".
_COUNTED = re.compile(
    r"(?<![\d.,])\d{1,4}(?:[.,]\d+)?\s*(?:gotas?|evacua\w*|episodios?|vezes|ml|mg|g|mcg|ui|unidades?|comprimidos?|"
    r"capsulas?|cps?|dias?|horas?|hrs?|minutos?|min|anos?|kg|fraldas?|copos?|colher\w*|trocas?|banhos?|refeic\w*|"
    r"mamadeiras?|seringas?|ampolas?|frascos?|sach\w*|doses?|jatos?|puffs?|inalac\w*|nebuliza\w*)\b"
)
# A time of day is no value: "18:30", "18h", "18h30", "10hs", "14 horas" ("FC 80, 18h" holds no FR of 18).
CLOCK = re.compile(r"(?<![\d.,:/])(?:[01]?\d|2[0-3])(?::[0-5]\d(?!\d)|h(?:[0-5]\d)?(?:s|rs?)?(?![a-z\d])|\s*horas?\b)")


@dataclass(frozen=True)
class _Item:
    span: tuple[int, int]
    name: VitalName | None  # None: a bare number
    value: float = 0.0


def read_sequence(folded: str, found: VitalsFound, read: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Place the bare numbers of every run of values in `found`; returns the spans of those that could
    not be placed safely (unread). `read`: spans already read as something else (an answer)."""
    unread: list[tuple[int, int]] = []
    for run in _runs(folded, found, read):
        bare = [item for item in run if item.name is None]
        if not bare or (len(run) < _LIST_LENGTH and len(bare) == len(run)):
            continue
        placed = _placement(run, found)
        if placed is None:
            unread.extend(item.span for item in bare)
            continue
        for item, name in zip(run, placed, strict=True):
            if item.name is None:
                found.values[name] = item.value
                found.spans.append(item.span)
                found.named[item.span] = name
    return unread


def _runs(folded: str, found: VitalsFound, read: list[tuple[int, int]]) -> list[list[_Item]]:
    values = [_Item(span, name) for span, name in found.named.items()]
    clocks = [match.span() for match in (*CLOCK.finditer(folded), *_COUNTED.finditer(folded))]
    numbers = [
        _Item(match.span(), None, to_number(match.group()))
        for match in _NUMBER.finditer(folded)
        if found.free(*match.span())
        and all(match.end() <= s or match.start() >= e for s, e in [*read, *clocks])
        and not named_by_a_word(folded, match.start())
    ]
    runs: list[list[_Item]] = []
    for item in sorted([*values, *numbers], key=lambda item: item.span):
        if runs and _SEPARATOR.fullmatch(folded, runs[-1][-1].span[1], item.span[0]):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def named_by_a_word(folded: str, start: int) -> bool:
    word = _WORD_BEFORE.search(folded, max(0, start - 24), start)
    return word is not None and word.group(1) not in _LIST_OPENERS


def _placement(run: list[_Item], found: VitalsFound) -> tuple[VitalName, ...] | None:
    """The one way the run fills consecutive places of the usual order, or None (none, or several)."""
    taken = {name for span, name in found.named.items() if all(span != item.span for item in run)}
    fitting = []
    for first in range(len(_ORDER) - len(run) + 1):
        places = _ORDER[first : first + len(run)]
        if all(_fits(item, place, taken) for item, place in zip(run, places, strict=True)):
            fitting.append(places)
    return fitting[0] if len(fitting) == 1 else None


def _fits(item: _Item, place: VitalName, taken: set[VitalName]) -> bool:
    if item.name is not None:
        return item.name is place
    if place is VitalName.BLOOD_PRESSURE or place in taken:
        return False
    if place is not VitalName.TEMPERATURE and not item.value.is_integer():
        return False  # rates and saturation are whole numbers: "36,5" after the FC is no FR
    low, high = RANGES[place]
    return low <= item.value <= high


def read_listed(folded: str, found: VitalsFound, read: list[tuple[int, int]]) -> None:
    """While the report is open only labelled values are read ("comeu 50%" is no saturation), but a list
    of vital signs ("Sinais vitais: 12x8, 80, 18, 96%, 36,5") is still one: every run of at least
    `_LIST_LENGTH` values that places whole is added to `found`."""
    listed = find_vitals(folded)
    read_sequence(folded, listed, [*read, *found.spans])
    for run in _runs(folded, listed, read):
        if len(run) < _LIST_LENGTH or any(item.span not in listed.named for item in run):
            continue
        for item in run:
            if found.free(*item.span):
                name = listed.named[item.span]
                found.values.setdefault(name, listed.values[name])
                found.spans.append(item.span)
                found.named[item.span] = name
