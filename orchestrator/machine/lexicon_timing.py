"""The caregiver's own timing, said in Portuguese: being late, stepping out, staying only until an hour.
News for the coordination (an operational note), and at the presence question a yes. Part of `lexicon`
(patterns run on folded text); `lexicon` builds its presence and service patterns from these words.
"""

from __future__ import annotations

import re

LATE_WHO = (
    r"(?:vou\s+(?:me\s+)?|vou\s+chegar\s+|(?:to|tou|estou|eu\s+to)\s+(?:chegando\s+|indo\s+)?|chegando\s+|cheguei\s+|"
    r"chego\s+)"
)
LATE_HOW = r"(?:(?:um\s+)?(?:pouco|pouquinho|tiquinho)\s+)?(?:atras(?:ar|ad[oa]|adinh[oa]|ei|o|ando)|mais\s+tarde)"
# With its length ("vou chegar 20 min atrasada"); a past one ("cheguei 20 min atrasada") continues the remark
# before it ("o motorista atrasou, cheguei 20 min atrasada" stays one note).
LATE_BY = r"(?:uns?\s+|umas\s+)?\d+\s*(?:min\w*|h|hs|hrs?|horas?)\s+atras(?:ad[oa]|ar)"
# Without who is late, only "atrasada" says it: "mais tarde eu vejo" is putting off.
LATE_WORDS = rf"{LATE_WHO}{LATE_HOW}|(?:(?:um\s+)?(?:pouco|pouquinho|tiquinho)\s+)?atras(?:ad[oa]|adinh[oa])"
# The caregiver's own delay, said in the first person: news for the coordination (an operational note).
LATE_SAID_WORDS = (
    rf"{LATE_WHO}{LATE_HOW}|atrasei|atraso|"
    # "não vou conseguir chegar no horário", "não consigo chegar às 8": late, still coming.
    r"(?:nao|n)\s+(?:vou\s+)?(?:conseguir|consigo|vou|vai\s+dar\s+(?:pra|para)|da\s+(?:pra|para))\s+chegar\s+"
    r"(?:no\s+horario|na\s+hora|a\s+tempo|cedo|as\s+\d|ate\s+as\s+\d)|ainda\s+nao\s+cheguei|"
    # The hour of arrival: "vou chegar 9h", "consigo só a partir das 10h".
    r"(?:vou\s+chegar|chego|consigo(?:\s+chegar)?|so\s+consigo(?:\s+chegar)?)\s+(?:so\s+)?"
    r"(?:(?:as\s+|a\s+partir\s+das\s+|depois\s+das\s+|la\s+pelas\s+|umas\s+)?\d{1,2}(?:[:h]\d{0,2}|\s*horas?)|"
    # Without its "h" after "às": "chego às 9", "lá pelas 9 e meia".
    r"(?:as|a\s+partir\s+das|depois\s+das|la\s+pelas|umas)\s+\d{1,2}(?:\s+e\s+(?:meia|pouco|quinze))?(?![\d,.]))"
)
# A delay said in the first person confirms presence and is kept whole as an operational note.
LATE_SAID = re.compile(rf"\b(?:{LATE_SAID_WORDS}|{LATE_WHO}{LATE_BY})\b")
# The caregiver stepping out for a while ("vou sair 10 min", "dei uma saidinha", "já voltei"): news for the
# coordination too. "sai secreção" is no absence: only "saí por"/"saí rapidinho"; "voltei o oxigênio" is care.
AWAY_SAID_WORDS = (
    r"vou\s+(?:ter\s+que\s+|precisar\s+)?sair|(?:vou\s+)?(?:dar|dei)\s+uma\s+(?:saida|saidinha|fugida|escapada)|"
    r"sai\s+(?:por|rapid\w*|um\s+pouco|uns)|(?:ja\s+)?voltei(?!\s+(?:o|a|com\s+o)\s)|ja\s+volto|volto\s+(?:ja|logo|em\s+\w+)|"
    r"(?:precis(?:o|ei)|tenho\s+que|vou\s+ter\s+que)\s+(?:sair|ir\s+embora)|(?:nao|n)\s+vou\s+(?:poder|conseguir)\s+ficar|"
    r"estou\s+saindo\s+(?:rapid\w*|um\s+pouco)|(?:to|tou|estou|ja\s+to|ja\s+estou)\s+voltando|"
    # Staying only until an hour: "só consigo ficar até as 18h", "fico só até as 17".
    r"(?:consigo|posso|vou\s+(?:poder|conseguir)|da\s+(?:pra|para))\s+ficar\s+(?:so\s+|somente\s+|apenas\s+)?ate|"
    r"fico\s+(?:so\s+|somente\s+|apenas\s+)?ate\s+(?:as\s+|a\s+|o\s+)?(?:\d{1,2}|meio)"
)
AWAY = re.compile(rf"\b(?:{AWAY_SAID_WORDS})\b")
