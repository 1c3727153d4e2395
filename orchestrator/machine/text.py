"""Text normalization for the rule readers: one character in, one character out.

Matching runs on the normalized text while notes are cut from the original, so the
normalization must keep every index in place (accents dropped, lower case, same length).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Words that carry no meaning of their own at the edges of a clause.
FILLER_WORDS = frozenset(
    {
        "e", "em", "com", "no", "na", "nos", "nas", "o", "a", "os", "as", "de", "do", "da", "dos", "das",
        "mais", "tb", "tambem", "ja", "agora", "agr", "ai", "so", "que", "pra", "para", "ta", "esta",
        "aqui", "hoje", "um", "uma", "ok", "segue", "seguem", "sinais", "vitais", "dados", "ele", "ela",
        "quero", "queria", "gostaria", "mandar", "enviar", "passar", "registrar", "vou", "preciso", "informar",
        "favor", "por", "vai", "la", "entao", "afericao", "medicao", "medidas", "sinal", "vital", "isso",
        "plantao", "meu", "minha",
    }
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=4096)  # the few characters caregivers type, folded once each
def fold_char(char: str) -> str:
    """`Á` -> `a`; any character that would not stay a single character is kept as is."""
    base = unicodedata.normalize("NFD", char)[0]
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


def fold(text: str) -> str:
    """Lower case without accents, index-preserving (`len(fold(t)) == len(t)`)."""
    return "".join(fold_char(char) for char in text)


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Blank out `spans` (replaced by spaces, so indices stay valid)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def words(folded: str) -> list[str]:
    return _WORD.findall(folded)


def meaningful_words(folded: str) -> list[str]:
    """Words that say something: not filler, not a lone letter or digit."""
    return [word for word in words(folded) if word not in FILLER_WORDS and len(word) > 1]
