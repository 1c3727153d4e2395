"""The Portuguese words and phrases the rule reader recognises, as compiled patterns.

Patterns run on folded text (lower case, no accents). Kept apart from the reading logic so
the vocabulary can grow without touching how it is used.
"""

from __future__ import annotations

import re

# Words that may open a message before its answer: "eu confirmo", "acho que não", "ah sim".
_LEAD_IN = r"^[\s\W]*(?:(?:eu|ah+|ahn|entao|acho\s+que|olha|bom|oi|ola|opa|uai|ue|ei)[\s,]+)*"
_END = r"(?=[\s\W]|$)"

YES_PHRASES = (
    r"sim|s|ss|sim\s+sim|ok|okay|okk|oks|confirmo|confirma|confirmado|confirmada|pode(?:\s+(?:salvar|enviar|mandar|"
    r"registrar|confirmar|sim|ser))?|isso(?:\s+mesmo)?|correto|certo|certinho|beleza|blz|exato|perfeito|positivo|"
    r"claro(?:\s+que\s+sim)?|yes|ta\s+bom|ta\s+certo|ta|tudo\s+certo|com\s+certeza|afirmativo|fechado|"
    r"salva|salvar|envia|enviar|manda|de\s+acordo|aham|uhum|valeu|vlw|show|top"
)
NO_PHRASES = (
    r"nao(?:\s+confirmo)?|n|nn|negativo|cancela|cancelar|errado|errada|errei|incorreto|incorreta|"
    r"corrigir|nope|de\s+jeito\s+nenhum|ainda\s+nao|nunca|jamais|nem\s+pensar"
)
LEAD_YES = re.compile(rf"{_LEAD_IN}(?:{YES_PHRASES}){_END}")
LEAD_NO = re.compile(rf"{_LEAD_IN}(?:{NO_PHRASES}){_END}")
YES_EMOJI = re.compile("[👍👌✅✔☑🆗]")
NO_EMOJI = re.compile("[👎❌✖🚫⛔]")
# A negation anywhere in a short affirmative message turns it into a no ("ok, mas está errado").
NEGATION_WORD = re.compile(r"\b(?:nao|n|errad[oa]|errei|incorret[oa]|corrigir|negativo)\b")

# Presence: arriving or coming means yes; not coming means no.
PRESENCE_YES = re.compile(
    rf"{_LEAD_IN}(?:ja\s+)?(?:cheguei|to\s+chegando|estou\s+chegando|estou\s+aqui|to\s+aqui|ja\s+estou|"
    rf"vou\s+sim|vou|irei|estarei|estou\s+indo|to\s+indo|a\s+caminho|estou\s+a\s+caminho|presente|"
    rf"confirmo\s+presenca|estou\s+no\s+plantao){_END}"
)
PRESENCE_NO = re.compile(
    r"\b(?:nao\s+(?:vou|irei|posso|consigo|poderei|vai\s+dar|da)|vou\s+faltar|faltar|imprevisto|"
    r"cancel\w*|impossivel|nao\s+conseguirei)\b"
)
# Cancellation double-check: "cancela" is a yes here, "manter" a no.
CANCEL_YES = re.compile(
    rf"{_LEAD_IN}(?:sim|s|tenho\s+certeza|certeza|pode\s+cancelar|cancela|cancelar|confirmo|confirma|isso|ok|"
    rf"pode|quero\s+cancelar|com\s+certeza){_END}"
)
CANCEL_NO = re.compile(
    r"\b(?:nao|n|manter|mantem|mantenha|nao\s+cancel\w*|desisti|vou\s+sim|vou\s+comparecer|mudei\s+de\s+ideia)\b"
)

_GREETING_WORDS = (
    r"(?:oi+e?|ola|ole|bom\s+dia|boa\s+tarde|boa\s+noite|e\s+ai|eai|opa|hello|hey|salve|tudo\s+bem|td\s+bem|"
    r"tudo\s+bom|tudo\s+certo|boa)"
)
# Greetings open a message ("Oi, bom dia, tudo bem?"); later in a note "bom dia" is content.
GREETING = re.compile(rf"^[\s\W]*{_GREETING_WORDS}(?:[\s\W]+{_GREETING_WORDS})*\b")
HELP = re.compile(
    r"como\s+funciona|\bajuda\b|\bajudar\b|\bhelp\b|\bmenu\b|o\s+que\s+(?:voce|vc|posso|eu\s+posso|da\s+pra|"
    r"consigo)\s*(?:faz|fazer|mandar|enviar)?|\bopcoes\b|\bcomandos\b|como\s+(?:eu\s+)?(?:uso|usar|faco|envio|"
    r"mando|registro|funciona)|nao\s+sei\s+(?:usar|como|mexer)|\bduvidas?\b|instruc\w*|\btutorial\b"
)
FINISH = re.compile(
    r"\bfinaliz\w*|\bencerr\w*|\btermin\w*\s+(?:o\s+|meu\s+)?plantao|\bfim\s+do\s+plantao|"
    r"\bfechar\s+(?:o\s+)?plantao|\brelatorio\s+final|\bacabou\s+(?:o\s+)?(?:meu\s+)?plantao|\bterminei\b|"
    r"\bsaindo\s+do\s+plantao|\bpassagem\s+de\s+plantao|\bfim\s+de\s+plantao"
)
SEND_VITALS = re.compile(
    r"sinais\s+vitais|\bsinais\b|\bsinal\s+vital|\bafericao|\baferir|\bmedicao|\bmedidas\b|\bssvv\b|\bsv\b|"
    r"\bvitais\b"
)

OPERATIONAL = re.compile(
    r"\b(?:acab(?:ou|aram|ando)|falt(?:a|am|ando|ou|aram)|sem\s+(?:luvas?|gazes?|fraldas?|material|materiais|"
    r"insumos?|luz|energia|internet)|quebr\w*|estrag\w*|defeito|nao\s+funciona\w*|parou\s+de\s+funcionar|"
    r"pifou|vazando|vazamento|luvas?|gazes?|fraldas?|insumos?|seringas?|equipos?|materia(?:l|is)|estoque|"
    r"reposic\w*|equipamento|aparelho|termometro|oximetro|esfigmo\w*|visita\w*|visitou|entrega|entregue|"
    r"tecnico|manutencao|energia|internet|chave|portaria|farmacia|receita|troca\s+de\s+plantao|coordenac\w*)\b"
)
CLINICAL = re.compile(
    r"\b(?:paciente|pcte|pct|febr\w*|afebril|tosse|tossindo|dor(?:es)?|doendo|dormi\w*|sono\w*|tranquil\w*|"
    r"orientad\w*|desorientad\w*|consciente|lucid\w*|agitad\w*|calm[oa]|comeu|aliment\w*|aceitou|recusou|"
    r"evacu\w*|urin\w*|diurese|vomit\w*|nause\w*|queix\w*|estavel|bem|mal|confus\w*|sonolent\w*|cansad\w*|"
    r"fraco|fraca|fraqueza|tont\w*|edema|inchad\w*|ferida|lesao|curativo|sangr\w*|secrec\w*|catarro|"
    r"falta\s+de\s+ar|dispneia|cansaco|chiado|respirando|pele|corad\w*|hidratad\w*|glicemia|hgt|dextro|"
    r"insulina|medicad\w*|medicac\w*|banho|decubito|escara|diarreia|constipad\w*|chor\w*|irritad\w*|"
    r"gemen\w*|intercorrenc\w*|melhor\w*|piora\w*|piorou|acordad\w*|acordou|alert\w*|responsiv\w*|ativ[oa]|"
    r"deambul\w*|caminhou|sudore\w*|palid\w*|gemidos?|convuls\w*|queda|caiu|quadro|sintomas?)\b"
)

# Substitute choices.
NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)(?![\d])")
ORDINALS = {"primeir": 1, "segund": 2, "terceir": 3, "quart": 4, "quint": 5, "sext": 6, "setim": 7, "oitav": 8}
ORDINAL = re.compile(r"\b(primeir|segund|terceir|quart|quint|sext|setim|oitav)[oa]\b")
NO_CHOICE = re.compile(
    r"^[\s\W]*(?:nenhum\w*|ninguem|nao|n|nao\s+quero|nenhum\s+deles|nenhuma\s+delas|deixa|pode\s+deixar)\b"
)
