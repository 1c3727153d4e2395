"""What goes into a note, and what never does (SPEC section 6). The one place that decides it.

A note is what remains of a message after its values were read: the caregiver's own words, cleaned
of separators (`|`, ` - `), the leftovers of values (units, labels, "de", "em uso de" without its
object), chat filler ("ops", "atualizando", "lá vai") and greetings. A question is never a note.
A remark about the service (supplies, equipment, arrivals, visits, transport, family) is an
operational note, kept whole with the clauses that continue it.

    message ─> clauses (split on separators) ─> pieces (cut around the values read)
            ─> trimmed of filler and dangling words ─> question? courtesy? ─> operational | clinical
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from orchestrator.machine import lexicon
from orchestrator.machine.text import FILLER_WORDS, fold, mask

NOTE_MAX_CHARS = 1000
# Where one remark ends inside a message: punctuation, line breaks, pipes, bullets, a spaced dash.
_BREAK = re.compile(r"[,;\n!?|•·…]|\.(?!\d)|\s[-–—]+\s|^\s*[-–—*]+\s")
_TOKEN = re.compile(r"[^\W_]+|%")
_EMOJI_CATEGORIES = frozenset({"So", "Sk", "Cs", "Co"})
_INVISIBLE = frozenset({"\ufe0f", "\u200d"})


@dataclass(frozen=True)
class _Phrases:
    """Phrases as token tuples, indexed by their first and by their last word, longest first (so
    "de novo" wins over "de"): a clause edge is matched against a handful of candidates only."""

    all: tuple[tuple[str, ...], ...]
    starting: dict[str, tuple[tuple[str, ...], ...]]
    ending: dict[str, tuple[tuple[str, ...], ...]]

    def without(self, dropped: frozenset[str]) -> _Phrases:
        return _phrases(*(" ".join(phrase) for phrase in self.all if " ".join(phrase) not in dropped))


def _phrases(*texts: str) -> _Phrases:
    ordered = tuple(sorted((tuple(text.split()) for text in texts), key=len, reverse=True))
    starting: dict[str, list[tuple[str, ...]]] = {}
    ending: dict[str, list[tuple[str, ...]]] = {}
    for phrase in ordered:
        starting.setdefault(phrase[0], []).append(phrase)
        ending.setdefault(phrase[-1], []).append(phrase)
    return _Phrases(
        all=ordered,
        starting={word: tuple(found) for word, found in starting.items()},
        ending={word: tuple(found) for word, found in ending.items()},
    )


# Chat filler that may open a clause before the real content ("ops, a FC é 92", "segue os sinais:").
# Only words whose removal cannot change what is meant: "só dormiu 2 horas" keeps its "só".
_OPENING_FILLER = _phrases(
    "ops", "opa", "opss", "ups", "oops", "eita", "atualizando", "atualizacao", "corrigindo", "retificando",
    "errei", "digitei errado", "escrevi errado", "mandei errado", "foi mal", "desculpa", "desculpe", "desculpas",
    "perdao", "na verdade", "quer dizer", "ou melhor", "alias", "so um detalhe", "um detalhe", "so pra constar",
    "so pra avisar", "so pra informar", "segue", "seguem", "la vai", "ai vai", "vamos la", "reenviando",
    "refazendo", "mandando", "enviando", "informo", "informando", "registrando", "os sinais", "sinais vitais",
    "sinais", "vitais", "ssvv", "sv", "afericao", "medicao", "dados", "entao", "ok", "okay", "olha", "ah", "ahn",
    "eh", "hum", "hmm", "e", "mas", "porem", "com", "ou", "abaixo", "a seguir",
)  # fmt: skip
# What may close a clause without adding anything ("…, obrigada", "…, de"). "ok" and "bom" stay:
# "paciente ok", "ele tá bom".
_CLOSING_FILLER = _phrases(
    "ne", "viu", "obrigada", "obrigado", "obg", "e", "ou", "mas", "de", "do", "da", "em", "no", "na", "com",
    "por", "para", "pra", "o", "a", "os", "as", "ao", "um", "uma",
)  # fmt: skip
# Words left dangling where a value was cut out ("paciente em [ar ambiente] e tranquilo").
_DANGLING = _phrases(
    "o", "a", "os", "as", "um", "uma", "de", "do", "da", "dos", "das", "em", "no", "na", "nos", "nas", "com", "por",
    "para", "pra", "pro", "ao", "aos", "sob", "ate", "e", "ou", "mas", "esta", "ta", "estava", "tava", "eh", "foi",
    "ficou", "fica", "deu", "marcou", "marcando", "mantendo", "mantem", "manteve", "mantida", "mantido",
    "apresentando", "apresenta", "segue", "seguindo", "sendo", "usando", "uso", "em uso de", "fazendo uso de",
    "fazendo", "faz", "cerca de", "em torno de", "mmhg", "mm", "hg", "bpm", "irpm", "rpm", "ipm", "mrm", "graus",
    "grau", "celsius", "c", "l", "litros", "litro", "lpm", "min", "por minuto", "por cento", "%", "pa", "fc", "fr",
    "sat", "spo2", "temp", "tax", "pressao", "pressao arterial", "arterial", "frequencia", "cardiaca",
    "respiratoria", "saturacao", "temperatura", "batimentos", "pulso", "axilar", "sinais", "vitais", "ssvv",
)  # fmt: skip
# After a cut an article opens the next remark ("FC 80 e o termômetro quebrou"): only before a cut
# is it left dangling ("errei a [pressão 14x9]").
_DANGLING_AFTER_CUT = _DANGLING.without(frozenset({"o", "a", "os", "as", "um", "uma"}))
# A clause made only of these says nothing for the record ("ok", "bom", "de novo", "pronto", or the
# bare subject left beside values: "paciente com [PA 12x8 …]"). A clause is noise when these phrases
# cover it whole: "de novo" is noise, "precisa de um novo" is not.
_NOISE = _phrases(
    *FILLER_WORDS, *(" ".join(phrase) for phrase in (*_OPENING_FILLER.all, *_CLOSING_FILLER.all, *_DANGLING.all)),
    "bom", "pronto", "tipo", "enfim", "so", "que", "ai", "de novo", "novamente", "repetindo", "corrigido",
    "correcao", "atualizado", "certo", "beleza", "blz", "ta bom", "paciente", "pcte", "pct", "pac", "o paciente",
    "a paciente",
)  # fmt: skip
_SUBJECTS = frozenset({"paciente", "pcte", "pct", "pac", "ele", "ela"})
_STATES = frozenset({"bom", "boa", "ok", "okay", "certo", "beleza", "blz"})


@dataclass(frozen=True)
class Clause:
    """One cleaned remark: the caregiver's words (`text`), the same folded, and whether it asks something."""

    text: str
    folded: str
    question: bool


@dataclass(frozen=True)
class Remarks:
    """What a message's free text adds to the record. `unplaced`: text left that fits no note here."""

    clinical: str | None = None
    operational: str | None = None
    question: bool = False
    unplaced: bool = False


class _Kind(Enum):
    OPERATIONAL = "operational"
    CLINICAL = "clinical"
    OTHER = "other"


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    word: str
    piece: int


def clauses(original: str, folded: str, consumed: Sequence[tuple[int, int]] = ()) -> list[Clause]:
    """The remarks of a message, each cleaned; `consumed` are the spans already read as values or answers."""
    masked = mask(folded, consumed)
    found = []
    for start, end, breaker in _segments(masked):
        clause = _clause(original, masked, (start, end), consumed, asked=breaker == "?")
        if clause is not None:
            found.append(clause)
    return found


def _segments(text: str) -> list[tuple[int, int, str]]:
    """(start, end, the separator that ends it) of each clause of `text`."""
    segments = []
    start = 0
    for match in _BREAK.finditer(text):
        segments.append((start, match.start(), match.group().strip()))
        start = match.end()
    segments.append((start, len(text), ""))
    return segments


def read_remarks(original: str, folded: str, consumed: Sequence[tuple[int, int]], *, note_welcome: bool) -> Remarks:
    """Split what is left of a message into a clinical note and an operational note.

    Remarks about the service are operational; clauses that continue one stay with it. Other
    clauses are the clinical note when they describe the patient, or when a note is welcome
    (the message carries values, or a note was asked for); otherwise they are `unplaced`.
    """
    found = clauses(original, folded, consumed)
    question = any(clause.question for clause in found)
    remarks = [clause for clause in found if not clause.question]
    kinds = [_kind(clause.folded) for clause in remarks]
    operational: list[list[str]] = []
    clinical: list[str] = []
    unplaced = False
    owner: _Kind | None = None
    for clause, kind in zip(remarks, kinds, strict=True):
        if kind is _Kind.OTHER and owner is None:
            # Before any remark of a known kind: part of the note if one is welcome.
            owner = _Kind.CLINICAL if note_welcome or _Kind.CLINICAL in kinds else None
            unplaced = unplaced or owner is None
        elif kind is not _Kind.OTHER:
            owner = kind
            if kind is _Kind.OPERATIONAL:
                operational.append([])
        if owner is _Kind.OPERATIONAL:
            operational[-1].append(clause.text)
        elif owner is _Kind.CLINICAL:
            clinical.append(clause.text)
    return Remarks(
        clinical=_joined(clinical, ", "),
        operational=_joined([", ".join(group) for group in operational], "; "),
        question=question,
        unplaced=unplaced,
    )


def clean(text: str) -> str | None:
    """One remark from elsewhere (the LLM's note): cleaned the same way; None when nothing is left."""
    folded = fold(text)
    kept = [clause.text for clause in clauses(text, folded) if not clause.question]
    return _joined(kept, ", ")


def is_operational(folded: str) -> bool:
    """A remark about the service: something ran out or broke, someone arrived or left, a visit, transport."""
    if lexicon.SERVICE.search(folded) or lexicon.NEED_OF_SUPPLY.search(folded):
        return True
    if lexicon.THINGS.search(folded) and lexicon.SHORTAGE.search(folded):
        return True
    if lexicon.EQUIPMENT.search(folded) and lexicon.PROBLEM.search(folded):
        return True
    return bool(lexicon.PEOPLE.search(folded) and lexicon.PRESENCE.search(folded))


def operational_things(folded: str) -> list[tuple[int, int]]:
    """Where the remarks of a message name the thing they are about ("o cilindro de oxigênio acabou"):
    a respiratory word there is that thing, not the patient's respiratory condition."""
    return [
        match.span()
        for start, end, _ in _segments(folded)
        if is_operational(folded[start:end])
        for match in lexicon.THINGS.finditer(folded, start, end)
    ]


# -- one clause ------------------------------------------------------------------------------------


def _clause(
    original: str, masked: str, bounds: tuple[int, int], consumed: Sequence[tuple[int, int]], *, asked: bool
) -> Clause | None:
    start, end = bounds
    cuts = sum(1 for s, _ in consumed if start <= s < end)
    tokens = _trimmed(_tokens(masked, start, end, consumed), cuts)
    if not tokens:
        return None
    text = _text(original, tokens)
    folded = fold(text)
    if not any(char.isalpha() for char in text) or lexicon.COURTESY.match(folded):
        return None
    if _is_noise(tokens):
        return None
    question = asked or bool(lexicon.QUESTION_OPENER.match(folded))
    return Clause(text=text[:NOTE_MAX_CHARS], folded=folded[:NOTE_MAX_CHARS], question=question)


def _tokens(masked: str, start: int, end: int, consumed: Sequence[tuple[int, int]]) -> list[_Token]:
    """Word tokens of a clause, each tagged with its piece: the number of values cut out before it."""
    cuts = sorted(s for s, _ in consumed if start <= s < end)
    return [
        _Token(match.start(), match.end(), match.group(), sum(1 for cut in cuts if cut < match.start()))
        for match in _TOKEN.finditer(masked, start, end)
    ]


def _trimmed(tokens: list[_Token], cuts: int) -> list[_Token]:
    """Strip filler from the clause's edges and dangling words from both sides of every cut."""
    while True:
        before = len(tokens)
        tokens = _strip_edges(tokens, _OPENING_FILLER, at_start=True)
        tokens = _strip_edges(tokens, _CLOSING_FILLER, at_start=False)
        tokens = _strip_cuts(tokens, cuts)
        if len(tokens) == before:
            return tokens


def _strip_edges(tokens: list[_Token], phrases: _Phrases, *, at_start: bool) -> list[_Token]:
    while tokens:
        length = _matching(tokens if at_start else tokens[::-1], phrases, reverse=not at_start)
        if not length:
            return tokens
        tokens = tokens[length:] if at_start else tokens[:-length]
    return tokens


def _is_noise(tokens: list[_Token]) -> bool:
    """Covered whole by noise phrases (or lone letters and digits)? "bom" and "ok" alone are noise,
    but not said of the patient: "ele tá bom", "paciente ok"."""
    said = {token.word for token in tokens}
    if said & _SUBJECTS and said & _STATES:
        return False
    while tokens:
        length = _matching(tokens, _NOISE, reverse=False) or int(len(tokens[0].word) < 2)
        if not length:
            return False
        tokens = tokens[length:]
    return True


def _strip_cuts(tokens: list[_Token], cuts: int) -> list[_Token]:
    """Each piece loses the dangling words on a side where a value was cut out."""
    kept: list[_Token] = []
    for number in sorted({token.piece for token in tokens}):
        piece = [token for token in tokens if token.piece == number]
        if number > 0:
            piece = _strip_edges(piece, _DANGLING_AFTER_CUT, at_start=True)
        if number < cuts:
            piece = _strip_edges(piece, _DANGLING, at_start=False)
        kept.extend(piece)
    return kept


def _matching(edge: list[_Token], phrases: _Phrases, *, reverse: bool) -> int:
    """How many tokens at this edge form one of `phrases` (0: none)."""
    for phrase in (phrases.ending if reverse else phrases.starting).get(edge[0].word, ()):
        words = phrase[::-1] if reverse else phrase
        head = edge[: len(words)]
        same_piece = len({token.piece for token in head}) == 1
        if len(head) == len(words) and same_piece and all(t.word == w for t, w in zip(head, words, strict=True)):
            return len(words)
    return 0


def _text(original: str, tokens: list[_Token]) -> str:
    """The caregiver's words: each piece as written (inner punctuation kept), pieces joined by a space."""
    parts = []
    first = tokens[0]
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None or following.piece != token.piece:
            parts.append(original[first.start : token.end])
            first = following or first
    return re.sub(r"\s+", " ", _without_emoji(" ".join(parts))).strip(" ,;:-–—")


def _without_emoji(text: str) -> str:
    return "".join(
        char for char in text if unicodedata.category(char) not in _EMOJI_CATEGORIES and char not in _INVISIBLE
    )


def _kind(folded: str) -> _Kind:
    if is_operational(folded):
        return _Kind.OPERATIONAL
    return _Kind.CLINICAL if lexicon.CLINICAL.search(folded) else _Kind.OTHER


def _joined(parts: list[str], separator: str) -> str | None:
    text = separator.join(part for part in parts if part)
    return text[:NOTE_MAX_CHARS] or None
