"""The words a note is cleaned of: chat filler at a clause's edges, words left dangling where a value was
cut out, and clauses that are only noise. Vocabulary only; `notes.py` decides how it is used."""

from __future__ import annotations

import re
from dataclasses import dataclass

from orchestrator.machine.text import FILLER_WORDS


@dataclass(frozen=True)
class Phrases:
    """Phrases as token tuples, indexed by their first and by their last word, longest first (so
    "de novo" wins over "de"): a clause edge is matched against a handful of candidates only."""

    all: tuple[tuple[str, ...], ...]
    starting: dict[str, tuple[tuple[str, ...], ...]]
    ending: dict[str, tuple[tuple[str, ...], ...]]

    def without(self, dropped: frozenset[str]) -> Phrases:
        return phrases(*(" ".join(phrase) for phrase in self.all if " ".join(phrase) not in dropped))


def phrases(*texts: str) -> Phrases:
    ordered = tuple(sorted((tuple(text.split()) for text in texts), key=len, reverse=True))
    starting: dict[str, list[tuple[str, ...]]] = {}
    ending: dict[str, list[tuple[str, ...]]] = {}
    for phrase in ordered:
        starting.setdefault(phrase[0], []).append(phrase)
        ending.setdefault(phrase[-1], []).append(phrase)
    return Phrases(
        all=ordered,
        starting={word: tuple(found) for word, found in starting.items()},
        ending={word: tuple(found) for word, found in ending.items()},
    )


# Chat filler that may open a clause before the real content ("ops, a FC é 92", "segue os sinais:").
# Only words whose removal cannot change what is meant: "só dormiu 2 horas" keeps its "só".
OPENING_FILLER = phrases(
    # "pera" ("espera", wait) before a correction: "pera, a fc era 88".
    "pera", "perai", "pera ai", "espera ai",
    "ops", "opa", "opss", "ups", "oops", "eita", "atualizando", "atualizacao", "corrigindo", "retificando",
    "errei", "digitei errado", "escrevi errado", "mandei errado", "foi mal", "desculpa", "desculpe", "desculpas",
    "perdao", "na verdade", "quer dizer", "ou melhor", "alias", "so um detalhe", "um detalhe", "so pra constar",
    "so pra avisar", "so pra informar", "so pra avisar que", "so pra informar que",
    "so para avisar que", "so para informar que", "avisando que", "informando que", "so pra constar que",
    # … typed short ("só p avisar q"):
    "so p avisar", "so p informar", "so pra avisar q", "so pra informar q", "so p avisar que", "so p avisar q",
    "so p informar que", "so p informar q", "avisando q", "informando q", "so pra constar q",
    "segue", "seguem", "la vai", "ai vai", "vamos la", "reenviando",
    "refazendo", "mandando", "enviando", "informo", "informando", "registrando", "os sinais", "sinais vitais",
    "sinais", "vitais", "ssvv", "sv", "afericao", "medicao", "dados", "entao", "ok", "okay", "olha", "ah", "ahn",
    "eh", "hum", "hmm", "e", "mas", "porem", "com", "ou", "abaixo", "a seguir", "bora", "vamos", "vamo",
    "gente", "pessoal", "entao gente", "olha gente", "ai", "dai", "e ai", "e dai",
    # A voice note's lead-in: "então assim, acabou o álcool", "então tipo ela tá tranquila".
    "entao assim", "entao tipo", "tipo assim", "entao tipo assim",
    # Alarm before the news: "socorro, ele caiu no banheiro", "meu deus ele vomitou".
    "socorro", "meu deus", "ai meu deus", "pelo amor de deus",
    "faltou dizer que", "esqueci de dizer que", "esqueci de falar que", "faltou dizer", "esqueci de dizer",
    "esqueci de falar", "esqueci de avisar", "esqueci de mencionar", "esqueci de avisar que",
    "esqueci de mencionar que", "so pra completar", "complementando",
    # Sending late what was left out: "esqueci de mandar a [FC, é 72]" ("esqueci de dar o remédio" stays).
    "esqueci de mandar", "esqueci de enviar", "esqueci de colocar", "esqueci de passar", "esqueci de informar",
    "faltou mandar", "faltou enviar", "faltou colocar", "faltou passar", "faltou informar",
    "corrige", "corrigir", "corrija", "na vdd", "vdd", "por favor", "favor", "pfv", "pf",
    # Asking the bot to write it down: "obs:", "nota:", "anota aí:", "registra que", "pode anotar que".
    "obs", "observacao", "observacoes", "nota", "anotacao", "anota", "anota ai", "anota ai que", "anota que",
    "anote", "anote que", "anotar", "anotar que", "registra", "registra que", "registra ai que", "registre que",
    "registrar que", "pode anotar", "pode anotar que", "pode registrar", "pode registrar que", "pode colocar que",
    "coloca que", "coloca ai que", "favor anotar", "favor registrar", "favor anotar que", "favor registrar que",
    "por favor anota", "por favor anote", "por favor registra", "por favor registre", "por favor anota que",
    "por favor registra que", "so anotando", "anotando",
    "so registrando",
)  # fmt: skip
# What may close a clause without adding anything ("…, obrigada", "…, de"). "ok" and "bom" stay:
# "paciente ok", "ele tá bom".
CLOSING_FILLER = phrases(
    "ne", "viu", "obrigada", "obrigado", "obg", "por favor", "favor", "pfv", "pf", "e", "ou", "mas", "de", "do",
    "bjs", "bj", "bjo", "bjos", "beijos", "beijo", "abs", "abraco", "abracos", "att", "grata", "grato", "vlw",
    "valeu", "brigada", "obgd", "obgda", "flw", "pfvr", "por gentileza",
    # WhatsApp laughter after the remark ("pcte tranquilo kkk"), as `CHATTER` reads it alone.
    *("k" * length for length in range(2, 13)), "rs", "rsrs", "rsrsrs", "haha", "hahaha", "hehe", "hehehe", "hihi",
    "da", "em", "no", "na", "com",
    "por", "para", "pra", "o", "a", "os", "as", "ao", "um", "uma",
)  # fmt: skip
# Words left dangling where a value was cut out ("paciente em [ar ambiente] e tranquilo").
DANGLING = phrases(
    "dele", "dela", "do paciente", "da paciente",
    "o", "a", "os", "as", "um", "uma", "de", "do", "da", "dos", "das", "em", "no", "na", "nos", "nas", "com", "por",
    "para", "pra", "pro", "ao", "aos", "sob", "ate", "e", "ou", "mas", "esta", "ta", "estava", "tava", "eh", "foi",
    "porque", "ficou", "fica", "deu", "marcou", "marcando", "mantendo", "mantem", "manteve", "mantida", "mantido",
    "apresentando", "apresenta", "segue", "seguindo", "sendo", "usando", "uso", "em uso de", "fazendo uso de",
    "fazendo", "faz", "cerca de", "em torno de", "via", "mmhg", "mm", "hg", "bpm", "irpm", "rpm", "ipm", "mrm", "graus",
    "grau", "celsius", "c", "l", "litros", "litro", "lpm", "min", "por minuto", "por cento", "%", "pa", "fc", "fr",
    # Said in a voice note: "respirando dezoito [vezes por minuto]".
    "vezes por minuto", "vezes por min", "incursoes por minuto", "incursoes", "respiracoes por minuto",
    "sat", "spo2", "temp", "tax", "pressao", "pressao arterial", "arterial", "frequencia", "cardiaca",
    "respiratoria", "saturacao", "temperatura", "batimentos", "pulso", "axilar", "sinais", "vitais", "ssvv",
    # Asking for a value to change, right before it: "troca a [FC para 82]" ("troca de fralda" stays).
    "troca", "trocar", "troque", "muda", "mudar", "mude", "altera", "alterar", "altere", "atualiza", "atualizar",
    # Putting on or changing what was read: "coloquei [O2 3L] e subiu pra [94%]".
    "coloquei", "colocado", "colocada", "instalei", "instalado", "instalada", "subiu", "baixou", "desceu",
    "aumentou", "aumentei", "diminuiu", "reduzi", "reduziu", "baixei", "diminui",
    # How long what was read lasts: "paciente [em ar ambiente] desde cedo", "continua [no O2 2L]".
    "continua", "continuou", "permanece", "permaneceu", "por enquanto", "ainda", "desde cedo", "desde ontem",
    "desde manha", "desde a manha", "desde de manha", "o dia todo", "o dia inteiro", "o tempo todo", "a noite toda",
)  # fmt: skip
# After a cut an article opens the next remark ("FC 80 e o termômetro quebrou"): only before a cut
# is it left dangling ("errei a [pressão 14x9]").
DANGLING_AFTER_CUT = DANGLING.without(frozenset({"o", "a", "os", "as", "um", "uma"}))
# A clause made only of these says nothing for the record ("ok", "bom", "de novo", "pronto", or the
# bare subject left beside values: "paciente com [PA 12x8 …]"). A clause is noise when these phrases
# cover it whole: "de novo" is noise, "precisa de um novo" is not.
NOISE = phrases(
    *FILLER_WORDS, *(" ".join(phrase) for phrase in (*OPENING_FILLER.all, *CLOSING_FILLER.all, *DANGLING.all)),
    "bom", "pronto", "tipo", "enfim", "so", "que", "ai", "de novo", "novamente", "repetindo", "corrigido",
    "correcao", "atualizado", "certo", "beleza", "blz", "ta bom", "paciente", "pcte", "pct", "pac", "o paciente",
    "a paciente", "nao", "horas", "hrs", "hs", "resto", "o resto", "restante", "o restante", "os outros", "demais",
    "os demais",
    # The act of measuring, beside the values it gave: "[aferi agora:] PA …", "[medi a pressão agora] deu 12 por 8".
    "aferi", "medi", "verifiquei", "acabei de aferir", "acabei de medir", "acabei de verificar", "agora", "agorinha",
    # … and in a voice note: "[aí eu medi] a pressão deu 12 por 8".
    "eu medi", "ai eu medi", "eu aferi", "ai eu aferi", "eu verifiquei", "ai eu verifiquei",
    # … and measuring again before the value that stands: "[aí depois eu medi de novo e deu] 13 por 8".
    "depois", "ai depois",
    # … and under a heading: "Sinais vitais [aferidos às 20h]:".
    "aferidos", "aferidas", "medidos", "medidas", "verificados", "verificadas",
    # Spoken filler, alone between commas in a transcribed voice note: "…, tipo assim, …", "…, sabe, …".
    "tipo assim", "assim", "sabe", "sabe como e", "entendeu",
    # … and the speaker thinking aloud or looking at the device: "…, hã, …", "deixa eu ver, …", "pera, …".
    "ha", "han", "deixa eu ver", "deixa eu ver aqui", "pera", "perai", "pera ai",
    # … and the end of the dictation: "…, era isso", "…, era só isso mesmo", "…, acho que é isso".
    "era isso", "era so isso", "era so isso mesmo", "isso mesmo", "so isso mesmo", "acho que e isso",
    "acho que era isso",
    # … and the whole round measured at once: "[aí eu medi tudo agora né], pressão doze por oito".
    "tudo", "medi tudo", "eu medi tudo", "ai eu medi tudo", "aferi tudo", "eu aferi tudo",
)  # fmt: skip
# The spoken tag inside a clause of a voice note ("ela tá bem né tranquila", "tomou o café né e dormiu"); between
# commas it is a clause of its own, closing filler.
SPOKEN_TAG = re.compile(r"(?<=\w)\s+n(?:é|e|eh)(?=\s+\w)", re.IGNORECASE)
NUMBER_OR_TIME = re.compile(r"\d+(?:h\d{0,2}|hs|hrs?|min)?$")
SUBJECTS = frozenset({"paciente", "pcte", "pct", "pac", "ele", "ela"})
# How the patient is named ("do seu José", "da dona Maria"): beside noise it says nothing ("a pressão
# do seu José [deu 12 por 8]"); beside a remark it stays ("seu José caiu").
HONORIFICS = frozenset({"seu", "sr", "senhor", "dona", "sra", "senhora"})
NAMING = frozenset({"do", "da", "no", "na", "pro", "pra", "o", "a"})
# The caregiver introducing herself: "aqui é a Ana", "quem fala é a técnica Ana", "sou a Ana".
INTRODUCTION = re.compile(
    r"(?:aqui\s+(?:e|eh)|quem\s+fala\s+(?:e|eh)|(?:eu\s+)?sou)\s+(?:[ao]\s+)?"
    r"(?:(?:cuidador[a]?|tecnica|tecnico|enfermeir[ao])\s+)?[a-z]+$"
)
# What may follow the caregiver's own arrival without adding to it: "cheguei [agora/agr]", "já cheguei [aqui]",
# "assumi o plantão [agora]", "já estou [com o paciente]" (where the arrival is read by `lexicon.PRESENCE_YES`).
ARRIVAL_REST = re.compile(
    r"(?:\s+(?:agora(?:inha)?|agr|ja|aqui|(?:agora\s+)?(?:ha|a)\s+pouco|agora\s+pouco|neste\s+momento|nesse\s+momento|"
    r"(?:n[oa]|ao|pr[oa])\s+(?:plantao|casa|local|servico|trabalho)|e\s+assumi(?:\s+o)?\s+plantao|"
    r"com\s+(?:[oa]\s+)?(?:paciente|ele|ela)))*\W*"
)
# The caregiver signing the message off at its end: "Att, Ana", "abs, Ana (cuidadora)", "Ana - técnica de
# enfermagem", "Téc. enf. Ana". A name alone needs the sign-off word or the role beside it.
_ROLE = (
    r"(?:(?:tecnic[ao]|tec\.?|auxiliar|aux\.?)\s*(?:de\s+)?(?:enfermagem|enf\.?)|cuidador[a]?|enfermeir[ao]|"
    r"tecnic[ao]|tec\.|aux\.|enf\.)"
)
_SIGNED_NAME = rf"(?:{_ROLE}\s*)?[a-z]+(?:\s+[a-z]+)?(?:\s*[-–,/|(]\s*{_ROLE}\s*\)?)?"
SIGNATURE = re.compile(
    rf"(?:^|(?<=[.,;!\n]))\s*(?:(?:att|atenciosamente|abs|abracos?)\W+{_SIGNED_NAME}"
    rf"|{_ROLE}\s*[a-z]+(?:\s+[a-z]+)?|[a-z]+(?:\s+[a-z]+)?\s*[-–,/|(]\s*{_ROLE}\s*\)?)\W*$"
)
STATES = frozenset({"bom", "boa", "ok", "okay", "certo", "beleza", "blz"})
# Chat that says nothing for the record, never a note nor a report answer: laughter, testing the bot.
CHATTER = re.compile(r"(?:k{2,}|(?:rs){2,}|(?:ha){2,}h?|(?:he){2,}|(?:hi){2,}|kkk\w*|teste|testando|test)$")
# The note refused rather than given: "sem nota", "não tenho", "nada", "nenhuma" ("nada a relatar" is one).
NOTE_REFUSED = re.compile(
    r"\W*(?:sem\s+(?:nota|obs\w*|observac\w*|nada)|(?:nao|n)\s+(?:tenho|tem|ha|sei|vou\s+(?:mandar|colocar|escrever))"
    r"(?:\s+(?:nota|nada|obs\w*|observac\w*|nenhuma|o\s+que\s+(?:escrever|colocar|falar)))?|nada|nenhuma?"
    r"(?:\s+(?:nota|obs\w*|observac\w*))?)\W*"
)
