"""Yes and no, read in the light of the question asked: "não" beats "sim", a yes may open any clause of
a reply, a yes with a reservation ("pode salvar, mas ...") saves nothing, and in the cancellation
double-check "cancela" is a yes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from orchestrator.machine import lexicon, lexicon_timing, notes
from orchestrator.machine.reading import Answer, Expectation, ExpectationKind
from orchestrator.machine.text import fold, mask, meaningful_words, words

# Above this many words an affirmative message is not a bare answer any more.
SHORT_ANSWER_WORDS = 6

# Substitute choices: by ordinal, none of them, a name asked about or refused.
_ORDINALS = {"primeir": 1, "segund": 2, "terceir": 3, "quart": 4, "quint": 5, "sext": 6, "setim": 7, "oitav": 8}
_ORDINAL = re.compile(r"\b(primeir|segund|terceir|quart|quint|sext|setim|oitav)[oa]\b")
# "nenhum dos dois", "nenhuma das duas", "nem um nem outro": none of the substitutes, whatever number follows.
_NONE_OF_THEM = re.compile(r"\b(?:nenhum\w*|ninguem|nem\s+um\s+nem\s+outro|nem\s+uma\s+nem\s+outra)\b")
# A name asked about or refused ("quem é o João?", "a Maria não pode") chooses no one.
_UNSURE_OF_NAME = re.compile(r"\?|\b(?:nao|n|nem)\b")
_NO_CHOICE = re.compile(
    r"^[\s\W]*(?:nenhum\w*|ninguem|nao|n|nao\s+quero|nenhum\s+deles|nenhuma\s+delas|deixa|pode\s+deixar)\b"
)


def read_answer(folded: str, expectation: Expectation) -> tuple[Answer | None, list[tuple[int, int]]]:
    """A yes or a no, read in the light of the question asked ("não" beats "sim"), and the spans of
    text the answer took (to be consumed)."""
    if expectation.kind is ExpectationKind.FINALIZATION_TOPICS:
        # No yes/no question is open: a bare "sim" answers nothing (the topic is asked again), and any
        # other word, "não" or "ok" included, may be the answer to the topic asked.
        if lexicon.BARE_YES.match(folded) or (lexicon.YES_EMOJI.search(folded) and not words(folded)):
            return Answer.YES, [(0, len(folded))]
        return None, []
    keeping = expectation.kind is ExpectationKind.CANCEL_CONFIRMATION and _KEEP_SHIFT.search(folded)
    if lexicon.UNDECIDED.search(folded) and not lexicon.LEAD_YES.match(folded) and not keeping:
        return None, []  # "ainda não sei": its "não" answers nothing
    answer, spans = _answer_and_spans(folded, expectation)
    # Outside a yes/no question the answer word is consumed only when it is the whole message:
    # "não tem febre" stays a note. (A yes held back by a reservation is consumed all the same.)
    if expectation.yes_no or not meaningful_words(mask(folded, spans)):
        return answer, spans
    return answer, []


@dataclass(frozen=True)
class ChoiceRead:
    """The answer to the substitutes list: the index picked, `none` of them, or `deferred` (the
    caregiver checks with someone first: "vou perguntar pra Maria se ela pode"). `whole`: the message
    was all answer (consumed, so no note is cut from it)."""

    choice: int | None = None
    none: bool = False
    deferred: bool = False
    whole: bool = False


def read_choice(folded: str, choices: tuple[str, ...]) -> ChoiceRead:
    """A substitute by number ("2", "a segunda") or by name; or none of them ("nenhum"); or not yet.

    A name in a message that puts the choice off ("vou ver com a Maria e te falo") chooses no one:
    creating a schedule the caregiver did not decide on cannot be undone."""
    if _CHOICE_DEFERRED.search(folded) or lexicon.UNDECIDED.search(folded):
        return ChoiceRead(deferred=True, whole=True)
    # "os dois podem", "qualquer uma das duas": the pair, no number picked (asked again unless a pick follows).
    folded = mask(folded, [match.span() for match in _EITHER.finditer(folded)])
    none = _NONE_OF_THEM.search(folded)  # "nenhum dos dois": no number nor name in it is a choice
    numbers = [] if none else [m for m in lexicon.NUMBER.finditer(folded) if m.group(1).isdigit()]
    if len(numbers) == 1 and len(words(folded)) <= SHORT_ANSWER_WORDS and 1 <= int(numbers[0].group(1)) <= len(choices):
        return ChoiceRead(choice=int(numbers[0].group(1)) - 1, whole=True)
    if not none and (ordinal := _ORDINAL.search(folded)) and _ORDINALS[ordinal.group(1)] <= len(choices):
        return ChoiceRead(choice=_ORDINALS[ordinal.group(1)] - 1, whole=True)
    if not none and choices and _LAST.search(folded):
        return ChoiceRead(choice=len(choices) - 1, whole=True)  # "a última", "o último da lista"
    if not (none or _UNSURE_OF_NAME.search(folded)) and (named := _choice_by_name(folded, choices)) is not None:
        return ChoiceRead(choice=named, whole=True)
    declined = bool(none or _NO_CHOICE.match(folded))
    return ChoiceRead(none=declined, whole=declined)


_EITHER = re.compile(
    r"\b(?:(?:os|as|dos|das|qualquer|um|uma|entre\s+(?:os|as))\s+2\b|ambos|ambas|qualquer\s+(?:um|uma)\b|"
    r"tanto\s+faz)"
)
_ANOTHER_DAY = re.compile(r"\b(?:amanha|outro\s+dia|semana\s+que\s+vem|proxim[oa]\s+\w+)\b")
_LAST = re.compile(r"\bultim[oa]\b")
# Checking with someone, or answering later: "vou perguntar pra Maria", "deixa eu ver", "já te falo".
_CHOICE_DEFERRED = re.compile(
    r"\b(?:(?:vou|vo|deixa\s+eu|preciso|tenho\s+que|vou\s+tentar|posso)\s+(?:ver|perguntar|falar|conversar|ligar|"
    r"checar|confirmar|consultar|combinar|mandar\s+mensagem)|(?:ja\s+|depois\s+)?te\s+(?:falo|aviso|digo|retorno|respondo)|"
    r"um\s+moment\w*|pera\w*|espera\w*|aguard\w*|depois\s+(?:eu\s+)?(?:vejo|falo|respondo|aviso))\b"
)


def _choice_by_name(folded: str, choices: tuple[str, ...]) -> int | None:
    full = [index for index, name in enumerate(choices) if fold(name) in folded]
    if len(full) == 1:
        return full[0]
    said = set(words(folded))
    partial = [index for index, name in enumerate(choices) if any(len(w) > 2 and w in said for w in words(fold(name)))]
    return partial[0] if len(partial) == 1 else None


def asked_back(folded: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The clauses of a yes asked back as a question ("posso confirmar?", "sim?", "pode salvar?"): a
    question is never a yes. Empty when any yes word stands in a clause that does not ask."""
    asking = [(start, end) for start, end, breaker in notes.segments(folded) if breaker == "?"]
    clauses = []
    for start, _ in spans:
        clause = next(((low, high) for low, high in asking if low <= start < high), None)
        if clause is None:
            return []
        clauses.append((clause[0], clause[1] + 1))  # with its "?"
    return clauses


def _cancel_answer(folded: str) -> tuple[Answer | None, list[tuple[int, int]]]:
    """In the cancellation double-check "cancela" means yes and "manter" means no. Saying again that one
    cannot come ("sim, infelizmente não vou conseguir", "não vou mesmo") is a yes: its "não" keeps nothing.
    A "não" beside a request to cancel ("não, pode cancelar") is asked again."""
    if _KEEP_SHIFT.search(folded):
        match = lexicon.LEAD_NO.match(folded)
        return Answer.NO, [match.span()] if match else []
    restated = list(_NOT_COMING_AGAIN.finditer(folded))
    rest = mask(folded, [match.span() for match in restated])
    said_no = bool(lexicon.CANCEL_NO.search(rest) or lexicon.NO_EMOJI.search(rest))
    said_yes = bool(restated or lexicon.CANCEL_YES.match(rest) or _CANCEL_VERB.search(rest))
    if said_no and said_yes:
        return None, []
    if said_no:
        match = lexicon.LEAD_NO.match(folded)
        return Answer.NO, [match.span()] if match else []
    if restated:
        return Answer.YES, [(0, len(folded))]
    if match := lexicon.CANCEL_YES.match(folded):
        return Answer.YES, [match.span()]
    return _no_answer_word(folded)


def _no_answer_word(folded: str) -> tuple[Answer | None, list[tuple[int, int]]]:
    """The cancellation check answered without a yes or no word: coming after all ("pensando bem eu vou",
    "na verdade consigo sim") keeps the shift; a 👍 or "cancela" anywhere cancels."""
    if lexicon.COMING.search(folded) and not lexicon.NOT_COMING.search(folded):
        return Answer.NO, [(0, len(folded))]
    return (Answer.YES if lexicon.YES_EMOJI.search(folded) or _CANCEL_VERB.search(folded) else None), []


# "não vou conseguir", "não dá mesmo", "não tenho como ir": the reason for cancelling, said again.
_NOT_COMING_AGAIN = re.compile(
    r"\b(?:nao|n)\s+(?:vou|irei|posso|consigo|poderei|vou\s+(?:poder|conseguir)|da|vai\s+dar|tenho\s+como)\b"
    r"(?!\s+(?:faltar|cancelar|desmarcar))(?:\s+(?:ir|mesmo|comparecer|conseguir|poder\s+ir|trabalhar|ai|la))*"
)
# "não cancela", "não quero cancelar", "pode manter": the shift is kept, whatever else is said.
_KEEP_SHIFT = re.compile(
    r"\b(?:(?:nao|n)\s+(?:(?:vou|quero|precisa|pode|precisar)\s+)?(?:cancel\w*|desmarc\w*)|mant(?:er|em|enha)|"
    r"vou\s+sim|vou\s+comparecer|vou\s+tentar|mudei\s+de\s+ideia|desisti|me\s+enganei)\b"
)
_CANCEL_VERB = re.compile(r"\b(?:pode\s+cancelar|cancela|cancelar|cancele)\b")


def _answer_and_spans(folded: str, expectation: Expectation) -> tuple[Answer | None, list[tuple[int, int]]]:
    kind = expectation.kind
    if kind is ExpectationKind.CANCEL_CONFIRMATION:
        return _cancel_answer(folded)
    # "sim, não tem nada errado", "sim, não se preocupe": their "não" approves (read blanked, then consumed).
    good = [match.span() for match in _REASSURING.finditer(folded)]
    if kind in _DATA_CONFIRMATIONS:
        good += [match.span() for match in _ALL_GOOD.finditer(folded)]
    folded = mask(folded, good)
    if kind is ExpectationKind.PRESENCE_CONFIRMATION and (said_of_presence := _presence_answer(folded)):
        return said_of_presence, _yes_beside_lateness(folded) if said_of_presence is Answer.YES else []
    said = _clause_answers(folded, kind, later=expectation.yes_no)
    if any(answer is Answer.NO for answer, _ in said):
        return Answer.NO, [span for _, span in said]
    said += [(Answer.YES, span) for span in good] if said else []
    if said or lexicon.YES_EMOJI.search(folded):
        # Negation wins over affirmation: "ok, mas está errado", "👍 não".
        short = len(words(folded)) <= SHORT_ANSWER_WORDS
        negated = lexicon.NO_EMOJI.search(folded) or (short and lexicon.NEGATION_WORD.search(folded))
        if not negated and _reserved(folded, kind):
            return None, [span for _, span in said]
        return (Answer.NO if negated else Answer.YES), [span for _, span in said]
    return (Answer.NO if lexicon.NO_EMOJI.search(folded) else None), []


def _presence_answer(folded: str) -> Answer | None:
    """Late is coming ("vou atrasar 15 min", "não vou conseguir chegar no horário"), whatever "não" it holds,
    and nothing is consumed: the whole message is news for the coordination (an operational note). Not
    coming ("não vou conseguir ir") is a no wherever it is said."""
    if lexicon_timing.LATE_SAID.search(folded):
        return Answer.YES
    return Answer.NO if lexicon.PRESENCE_NO.search(folded) else None


def _yes_beside_lateness(folded: str) -> list[tuple[int, int]]:
    """The clauses that only say yes beside being late ("vou sim, chego 8h10", "com certeza, …"): the
    answer, no part of the news for the coordination. Where the caregiver is ("tô a caminho") stays news."""
    late = [match.span() for match in lexicon_timing.LATE_SAID.finditer(folded)]
    taken = []
    for low, high, _ in notes.segments(folded):
        joined = _JOINING.match(folded, low, high)
        clause = mask(folded, [joined.span()] if joined else [])[low:high]
        yes = lexicon.LEAD_YES.match(clause) or _COMING_YES.match(clause)
        if yes is None:
            continue
        stop = low + _answer_end(clause, yes.end(), lexicon.LEAD_YES)
        if all(stop <= start or low >= end for start, end in late):
            # The whole clause, or the yes opening the one that says the lateness ("sim vou atrasar 10 min").
            taken.append((low, high if not meaningful_words(folded[stop:high]) else stop))
    return taken


_COMING_YES = re.compile(r"^[\s\W]*(?:vou|irei|estarei|(?:eu\s+)?(?:to|tou|estou)\s+confirmad[oa])(?=[\s\W]|$)")
_JOINING = re.compile(r"[\s\W]*(?:mas|e|porem)\s+")


def _reserved(folded: str, kind: ExpectationKind) -> bool:
    """ "pode salvar, mas falta a nota": a yes with a reservation does not save data; asked again."""
    reservation = lexicon.RESERVATION.search(folded)
    if kind is ExpectationKind.PRESENCE_CONFIRMATION:
        # "sim, mas só amanhã": not this shift; asked again, never confirmed.
        return reservation is not None and bool(_ANOTHER_DAY.search(folded, reservation.end()))
    if kind not in (ExpectationKind.CLINICAL_CONFIRMATION, ExpectationKind.SUMMARY_CONFIRMATION):
        return False
    return reservation is not None and bool(meaningful_words(folded[reservation.end() :]))


def _clause_answers(folded: str, kind: ExpectationKind, *, later: bool) -> list[tuple[Answer, tuple[int, int]]]:
    """The yes and no phrases opening the message and, when a yes/no question is open (`later`), the
    later clauses that are nothing but one ("to a caminho, confirmo sim")."""
    said = []
    opening = 0  # greetings before the answer open the message with it: "Bom dia, confirmo minha presença"
    for index, (start, end, breaker) in enumerate(notes.segments(folded)):
        clause = folded[start:end]
        # "tá tudo certo" said to a summary approves it; asked ("tudo certo?") or elsewhere it greets.
        approving = kind in _DATA_CONFIRMATIONS and breaker != "?" and _APPROVING.match(clause)
        if index == opening and _greeting_only(clause) and not approving:
            opening += 1
            continue
        index -= opening  # noqa: PLW2901 - counted from the first clause after the greetings
        if index and not later:
            break
        no = lexicon.LEAD_NO.match(clause)
        yes = None if no else lexicon.LEAD_YES.match(clause)
        if yes is None and no is None and kind is ExpectationKind.PRESENCE_CONFIRMATION:
            yes = lexicon.PRESENCE_YES.match(clause)
        match = no or yes
        if match is None:
            continue
        # Answer words run on ("confirmo sim", "não não"), and so do arrivals ("cheguei e assumi o plantão").
        more = lexicon.LEAD_NO if no else lexicon.LEAD_YES
        if yes is not None and kind is ExpectationKind.PRESENCE_CONFIRMATION and not lexicon.LEAD_YES.match(clause):
            more = lexicon.PRESENCE_YES
        stop = _answer_end(clause, match.end(), more)
        if yes is not None and kind is ExpectationKind.PRESENCE_CONFIRMATION:
            stop = _answer_end(clause, stop, lexicon.PRESENCE_YES)  # "sim ja cheguei": the arrival is the answer too
        if index and meaningful_words(clause[stop:]):
            continue
        said.append((Answer.NO if no else Answer.YES, (start + match.start(), start + stop)))
    return said


_ALL_GOOD = re.compile(
    r"\b(?:(?:nao|n)\s+(?:tem|ha|teve|precisa(?:\s+de)?)\s+(?:nada\s+)?(?:errad[oa]|erros?|corrig\w*|mud\w*|alter\w*)|"
    r"nada\s+(?:a|pra|para|de)\s+(?:corrigir|mudar|alterar)|nada\s+errad[oa]|sem\s+erros?)\b"
)
_REASSURING = re.compile(
    r"\b(?:(?:nao|n)\s+(?:se\s+preocup\w*|precisa\s+se\s+preocupar|tem\s+problema|ha\s+problema|falto|faltarei|"
    r"vou\s+faltar)|sem\s+problemas?)\b"
)
_DATA_CONFIRMATIONS = (ExpectationKind.CLINICAL_CONFIRMATION, ExpectationKind.SUMMARY_CONFIRMATION)
_APPROVING = re.compile(r"^[\s\W]*(?:(?:es)?ta\s+)?(?:tudo|td)\s+(?:certo|ok|certinho|correto|perfeito)[\s\W]*$")


def _greeting_only(clause: str) -> bool:
    """A clause that only greets ("bom dia", "oi tudo bem"), with nothing after the greeting."""
    match = lexicon.GREETING.match(clause)
    return match is not None and not words(clause[match.end() :])


def _answer_end(clause: str, end: int, pattern: re.Pattern[str]) -> int:
    """Where a run of answer words ends: "confirmo sim", "nao nao" are one answer."""
    while match := pattern.match(clause[end:]):
        if not match.group().strip():
            break
        end += match.end()
    return end
