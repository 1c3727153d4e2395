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

from orchestrator.machine import lexicon, note_words, remark_kinds
from orchestrator.machine.numbers import spans_in_words
from orchestrator.machine.text import fold, mask

NOTE_MAX_CHARS = 4000  # a 2-3 minute voice note transcribed: the note is the caregiver's, kept whole
# Where one remark ends inside a message: punctuation, line breaks, pipes, bullets, a spaced dash.
# A comma between digits is a decimal comma ("1,5 L"), not a break.
_BREAK = re.compile(r"[;\n!?|•·…]|(?<!\d),|,(?!\d)|\.(?!\d)|\s[-–—]+\s|^\s*[-–—*]+\s")
# A sign that grades what precedes it stays with it: "diurese +", "edema ++/4+".
_TOKEN = re.compile(r"[^\W_]+\+*|%|\++")
_EMOJI_CATEGORIES = frozenset({"So", "Sk", "Cs", "Co"})
_INVISIBLE = frozenset({"\ufe0f", "\u200d"})


# Where a new subject starts inside a clause: "a fisio chegou | e o paciente está animado".
_NEW_SUBJECT = re.compile(r"\s(?:e|mas|porem)\s+(?=(?:o|a|os|as|paciente|pcte|pct|pac|ele|ela|seu|sua|dona|sr|sra)\b)")


# A clause that only details the remark before it: a time of day ("18h", "às 14h30", "das 22hs", "18:30"),
# a pain score ("6/10") or the number a reading gave ("fiz o dextro, [deu 250]").
_DETAIL_ALONE = re.compile(
    r"(?:(?:as|a|das|ate)\s+)?\d{1,2}(?:h\d{0,2}|hs|hrs?|:\d{2})|(?:nota\s+)?(?:10|\d)\s*/\s*10"
    r"|(?:e\s+)?(?:deu|marcou|ficou|foi|estava|tava|esta|ta)\s+(?:de\s+|em\s+)?\d{2,3}(?:[.,]\d{1,2})?"
    r"(?:\s*(?:mg\s*/\s*dl|mg|kg|ml))?"
)


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


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    word: str
    piece: int


def clauses(original: str, folded: str, consumed: Sequence[tuple[int, int]] = ()) -> list[Clause]:
    """The remarks of a message, each cleaned; `consumed` are the spans already read as values or answers."""
    return [clause for _, clause in _placed_clauses(original, folded, consumed)]


def _placed_clauses(original: str, folded: str, consumed: Sequence[tuple[int, int]]) -> list[tuple[int, Clause]]:
    """The remarks of a message, each with where it starts."""
    masked = mask(folded, consumed)
    # A number the caregiver spelled out is one token over all its words ("oitenta e cinco" -> 85).
    spelled = dict(spans_in_words(fold(original)))
    found: list[tuple[int, Clause]] = []
    for start, end, breaker in segments(masked):
        parts = _by_subject(masked, start, end)
        for index, bounds in enumerate(parts):
            asked = breaker == "?" and index == len(parts) - 1
            clause = _clause(original, masked, bounds, (consumed, spelled), asked=asked)
            # A time alone says when of the remark before it ("preciso sair mais cedo, 18h"), a score how
            # much ("dor na perna, 6/10"); with no remark before, it is a value's leftover ("temp 38,2, às
            # 22h"), never a note by itself.
            if clause is not None and (found or not _DETAIL_ALONE.fullmatch(clause.folded)):
                found.append((bounds[0], clause))
    return found


def _by_subject(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """One clause, cut where a new subject starts a remark of another kind: "a fisioterapeuta chegou
    agora e o paciente está animado" is an arrival and an observation. A part of no clear kind
    continues the one before ("a enfermeira passou e trocou o curativo" stays whole), but not the
    caregiver's own arrival ("cheguei agora e o paciente está dormindo")."""
    points = list(_NEW_SUBJECT.finditer(masked, start, end))
    if not points:
        return [(start, end)]
    edges = [start, *(edge for point in points for edge in point.span()), end]
    pieces = list(zip(edges[::2], edges[1::2], strict=True))
    merged = [pieces[0]]
    current = remark_kinds.part_kind(masked[slice(*pieces[0])])
    for piece in pieces[1:]:
        kind = remark_kinds.part_kind(masked[slice(*piece)])
        if kind is not None and (
            (current is not None and kind is not current) or arrival_only(masked[slice(*merged[-1])].strip())
        ):
            merged.append(piece)
            current = kind
        else:
            merged[-1] = (merged[-1][0], piece[1])
            current = current or kind
    return merged


def segments(text: str) -> list[tuple[int, int, str]]:
    """(start, end, the separator that ends it) of each clause of `text`."""
    segments = []
    start = 0
    for match in _BREAK.finditer(text):
        segments.append((start, match.start(), match.group().strip()))
        start = match.end()
    segments.append((start, len(text), ""))
    return segments


def read_remarks(
    original: str,
    folded: str,
    consumed: Sequence[tuple[int, int]],
    *,
    note_welcome: bool,
    noted: Sequence[tuple[int, int]] = (),
) -> Remarks:
    """Split what is left of a message into a clinical note and an operational note.

    Remarks about the service are operational; clauses that continue one stay with it. Other
    clauses are the clinical note when they describe the patient, or when a note is welcome
    (the message carries values, or a note was asked for); otherwise they are `unplaced`.
    `noted`: spans read as values that the note keeps as written, in their place ("sat 88 em ar
    ambiente" before the oxygen raised it).
    """
    # A signature at the end ("Att, Ana") is the caregiver's, never the patient's note.
    signed = note_words.SIGNATURE.search(mask(folded, consumed))
    placed = _placed_clauses(original, folded, [*consumed, *([signed.span()] if signed else [])])
    for start, end in noted:
        text = re.sub(r"\s+", " ", original[start:end]).strip()
        placed.append((start, Clause(text=text, folded=fold(text), question=False)))
    found = [clause for _, clause in sorted(placed, key=lambda item: item[0])]
    question = any(clause.question for clause in found)
    remarks = [clause for clause in found if not clause.question]
    kinds = [remark_kinds.kind_of(clause.folded) for clause in remarks]
    operational: list[list[str]] = []
    clinical: list[str] = []
    unplaced = False
    owner: remark_kinds.Kind | None = None
    leading = False  # the open operational group was started by the clauses that lead into it
    for clause, kind in zip(remarks, kinds, strict=True):
        if kind is remark_kinds.Kind.OTHER and owner is None:
            # Before any remark of a known kind: part of the note if one is welcome, else the opening of
            # the message's one remark about the service ("não consigo ir embora, a rendição atrasou").
            owner = remark_kinds.Kind.CLINICAL if note_welcome or remark_kinds.Kind.CLINICAL in kinds else None
            if owner is None and remark_kinds.Kind.OPERATIONAL in kinds:
                owner, leading = remark_kinds.Kind.OPERATIONAL, True
                operational.append([])
            unplaced = unplaced or owner is None
        elif kind is not remark_kinds.Kind.OTHER:
            if kind is remark_kinds.Kind.OPERATIONAL and not leading:
                operational.append([])
            owner, leading = kind, False
        if owner is remark_kinds.Kind.OPERATIONAL:
            operational[-1].append(clause.text)
        elif owner is remark_kinds.Kind.CLINICAL and not arrival_only(clause.folded):
            clinical.append(clause.text)
    # A message pasted twice says its remark once ("…, calmo. PA …, calmo").
    said: dict[str, str] = {}
    for part in clinical:
        said.setdefault(fold(part), part)
    note = _joined(list(said.values()), ", ")
    return Remarks(
        clinical=None if note and note_words.NOTE_REFUSED.fullmatch(fold(note)) else note,
        operational=_joined([", ".join(group) for group in operational], "; "),
        question=question,
        unplaced=unplaced,
    )


def arrival_only(folded: str) -> bool:
    """The caregiver's own arrival and nothing more ("cheguei agora", "assumi o plantão"): chat, never
    the patient's note. Being late is news for the coordination (`lexicon.SERVICE`) and stays."""
    arrival = lexicon.PRESENCE_YES.match(folded)
    return bool(
        arrival and not lexicon.SERVICE.search(folded) and note_words.ARRIVAL_REST.fullmatch(folded, arrival.end())
    )


def clean(text: str) -> str | None:
    """One remark from elsewhere (the LLM's note): cleaned the same way; None when nothing is left."""
    folded = fold(text)
    kept = [clause.text for clause in clauses(text, folded) if not clause.question]
    return _joined(kept, ", ")


def bare(original: str, consumed: Sequence[tuple[int, int]]) -> str | None:
    """What is left of a message when none of it makes a clause worth a note (a bare "ok", "tudo
    certo"): as written, without emoji and edge punctuation; None when no word is left."""
    left = _without_emoji(mask(original, consumed)).strip(" \t\n,;:.!?-–—*")
    left = re.sub(r"\s+", " ", left)
    if "?" in left or "|" in left:
        return None  # a question ("A?A", "tudo ok?") or a separator left between values: no answer
    if all(note_words.CHATTER.match(word) for word in _TOKEN.findall(fold(left))):
        return None  # laughter or a test ("kkkk", "teste"): no answer
    return left[:NOTE_MAX_CHARS] if sum(char.isalpha() for char in left) >= 2 else None


def operational_things(folded: str) -> list[tuple[int, int]]:
    """Where the remarks of a message name the thing they are about ("o cilindro de oxigênio acabou"):
    a respiratory word there is that thing, not the patient's respiratory condition."""
    return [
        match.span()
        for start, end, _ in segments(folded)
        if remark_kinds.is_operational(folded[start:end])
        for match in lexicon.THINGS.finditer(folded, start, end)
    ]


# -- one clause ------------------------------------------------------------------------------------


def _clause(
    original: str,
    masked: str,
    bounds: tuple[int, int],
    spans: tuple[Sequence[tuple[int, int]], dict[int, int]],
    *,
    asked: bool,
) -> Clause | None:
    """`spans`: what was consumed, and where each number spelled out in words ends (by its start)."""
    start, end = bounds
    consumed, spelled = spans
    cuts = sum(1 for s, _ in consumed if start <= s < end)
    said = _tokens(masked, bounds, consumed, spelled)
    tokens = _trimmed(said, cuts)
    # "Sinais estáveis": the vital signs judged keep their name (no label of values there).
    judged = next((token for token in said if lexicon.VITALS_JUDGED.match(masked, token.start)), None)
    if tokens and judged is not None and judged.start < tokens[0].start:
        tokens = [token for token in said if judged.start <= token.start and token.end <= tokens[-1].end]
    if not tokens:
        return None
    text = _text(original, tokens)
    folded = fold(text)
    timed = cuts == 0 and bool(_DETAIL_ALONE.fullmatch(folded))  # (judged by `clauses`, against the remark before)
    if not (timed or any(char.isalpha() for char in text)):
        return None
    if lexicon.COURTESY.match(folded) or lexicon.ANSWER_ONLY.match(folded):
        return None
    if _is_noise(tokens) and not timed:
        return None
    question = asked or bool(lexicon.QUESTION_OPENER.match(folded))
    return Clause(text=text[:NOTE_MAX_CHARS], folded=folded[:NOTE_MAX_CHARS], question=question)


def _tokens(
    masked: str, bounds: tuple[int, int], consumed: Sequence[tuple[int, int]], spelled: dict[int, int]
) -> list[_Token]:
    """Word tokens of a clause, each tagged with its piece: the number of values cut out before it."""
    start, end = bounds
    cuts = sorted(s for s, _ in consumed if start <= s < end)
    return [
        _Token(
            match.start(),
            spelled.get(match.start(), match.end()),
            match.group(),
            sum(1 for cut in cuts if cut < match.start()),
        )
        for match in _TOKEN.finditer(masked, start, end)
    ]


def _trimmed(tokens: list[_Token], cuts: int) -> list[_Token]:
    """Strip filler from the clause's edges and dangling words from both sides of every cut."""
    while True:
        before = len(tokens)
        tokens = _strip_edges(tokens, note_words.OPENING_FILLER, at_start=True)
        tokens = _strip_edges(tokens, note_words.CLOSING_FILLER, at_start=False)
        tokens = _strip_cuts(tokens, cuts)
        if len(tokens) == before:
            return tokens


def _strip_edges(tokens: list[_Token], phrases: note_words.Phrases, *, at_start: bool) -> list[_Token]:
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
    if said & note_words.SUBJECTS and said & note_words.STATES:
        return False
    tokens = _without_patient_name(tokens)
    if note_words.INTRODUCTION.match(" ".join(token.word for token in tokens)):
        return True
    while tokens:
        # A bare number or time beside noise is the leftover of a value ("… e não 36", "das 22h").
        word = tokens[0].word
        length = _matching(tokens, note_words.NOISE, reverse=False) or int(
            len(word) < 2 or bool(note_words.NUMBER_OR_TIME.match(word) or note_words.CHATTER.match(word))
        )
        if not length:
            return False
        tokens = tokens[length:]
    return True


def _without_patient_name(tokens: list[_Token]) -> list[_Token]:
    """The tokens without "do seu José" (an honorific, the name after it, the word naming it)."""
    dropped: set[int] = set()
    for index, token in enumerate(tokens[:-1]):
        if token.word in note_words.HONORIFICS:
            dropped |= {index, index + 1}
            if index and tokens[index - 1].word in note_words.NAMING:
                dropped.add(index - 1)
    return [token for index, token in enumerate(tokens) if index not in dropped]


def _strip_cuts(tokens: list[_Token], cuts: int) -> list[_Token]:
    """Each piece loses the dangling words on a side where a value was cut out; a piece between two values
    that is only filler ("… doze por oito [né] a frequência …") is dropped, and so is one before the first
    value that names no one ("[vou mandar:] PA …"; "paciente em [ar ambiente] e tranquilo" keeps its subject)."""
    kept: list[_Token] = []
    for number in sorted({token.piece for token in tokens}):
        piece = [token for token in tokens if token.piece == number]
        if number > 0:
            piece = _strip_edges(piece, note_words.DANGLING_AFTER_CUT, at_start=True)
        if number < cuts:
            piece = _strip_edges(piece, note_words.DANGLING, at_start=False)
        droppable = number > 0 or not {token.word for token in piece} & note_words.SUBJECTS
        if not (droppable and number < cuts and _is_noise(piece)):
            kept.extend(piece)
    return kept


def _matching(edge: list[_Token], phrases: note_words.Phrases, *, reverse: bool) -> int:
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
    text = note_words.SPOKEN_TAG.sub("", " ".join(parts))
    return re.sub(r"\s+", " ", _without_emoji(text)).strip(" ,;:-–—")


def _without_emoji(text: str) -> str:
    return "".join(
        char for char in text if unicodedata.category(char) not in _EMOJI_CATEGORIES and char not in _INVISIBLE
    )


def _joined(parts: list[str], separator: str) -> str | None:
    text = separator.join(part for part in parts if part)
    return text[:NOTE_MAX_CHARS] or None
