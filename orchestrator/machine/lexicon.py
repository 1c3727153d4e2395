"""The Portuguese words and phrases the rule reader recognises, as compiled patterns.

Patterns run on folded text (lower case, no accents). Kept apart from the reading logic so
the vocabulary can grow without touching how it is used.
"""

from __future__ import annotations

import re

from orchestrator.machine import lexicon_timing

# Words that may open a message before its answer: "eu confirmo", "acho que não", "ah sim".
_LEAD_IN = (
    r"^[\s\W]*(?:(?:eu|ah+|ahn|entao|acho\s+que|olha|bo+m+\s+dia+|bo+a+\s+tarde+|bo+a+\s+noite+|bom|oi+e?|ola|opa|ops+|"
    r"eita|putz|vixe|xi+|uai|ue|ei)[^\w?]+)*"
)
_END = r"(?=[\s\W]|$)"

# Letters typed over and over are the same word: "siiim", "okkk", "nãooo".
YES_PHRASES = (
    # "confirmo minha presença no plantão de hoje": the whole phrase is the answer, no note.
    r"(?:confirmo|confirmando)\s+(?:a\s+|minha\s+)?presenca(?:\s+(?:no|pro|para\s+o)\s+plantao)?"
    r"(?:\s+(?:de\s+)?(?:hoje|hj|amanha))?|(?:a\s+|minha\s+)?presenca\s+confirmada|confirmando|"
    r"s+i+m+|s|ss|sim\s+sim|o+k+|okay|oks|confirmo+|confirma|confirmar(?:\s+presenca)?|confirmad[oa]+|"
    r"(?:pode|pd)(?:\s+(?:salvar|enviar|mandar|"
    r"registrar|confirmar|sim|ser))?|isso(?:\s+mesmo)?|correto|certo|certinho|beleza|blz|exato|perfeito|positivo|"
    r"claro(?:\s+que\s+s+i+m+)?|yes|ta\s+(?:bom|certo|certinho|ok|otimo|perfeito|correto|tudo\s+certo|beleza|blz)|ta(?=[\s\W]*$)|(?:(?:es)?ta\s+)?(?:tudo|td)\s+(?:certo|ok|certinho|correto|perfeito)|com\s+certeza|afirmativo|fechado|"
    r"salva|salvar|envia|enviar|manda|de\s+acordo|aham|uhum|show|top|bele|fechou|com\s+ctz|pode\s+crer|isso\s+ai|"
    r"exatamente|certissimo|combinado|confirmadissim[oa]|sem\s+duvida|confere|conferid[oa]s?|ta\s+valendo"
)
_SUPPLIES = (
    r"luvas?|gazes?|fraldas?|materia(?:l|is)|insumos?|seringas?|agulhas?|equipos?|soro\w*|alcool|algodao|"
    r"esparadrapo|micropore|sondas?|curativos?|cateteres|scalps?|dieta\s+enteral|frascos?|lencos?|pomadas?|"
    r"sabonete|shampoo|clorexidina|mascaras?|aventa(?:l|is)|toucas?|medicamentos?|medicac(?:ao|oes)|remedios?|comprimidos?|"
    r"insulina|fitas?|lancetas?|gas|papel\s+higienico|toalhas?|lencol|lencois|produtos?\s+de\s+limpeza|creme|"
    r"hidratante|talco|bolsas?|coletor\w*|comadre|papagaio"
)
# "não tem mais luva" is news about supplies, no "não".
_NO_SUPPLY = rf"(?!\s+(?:tem|ha|temos)\s+(?:mais\s+)?(?:(?:o|a|os|as)\s+)?(?:{_SUPPLIES})\b)"
# "não sei" is no answer at all.
NO_PHRASES = (
    rf"n+a+o+{_NO_SUPPLY}(?:\s+(?:confirmo|(?:envia|manda|salva)(?:\s+ainda)?))?(?!\s+sei\b)(?!\s+(?:posso|vou|irei)\s+faltar\b)|naum|nops?|n{_NO_SUPPLY}|nn|negativo|cancela|cancelar|errado|errada|errei|incorreto|incorreta|"
    r"corrigir|nope|de\s+jeito\s+nenhum|ainda\s+nao(?!\s+cheguei)|nunca|jamais|nem\s+pensar|espera|pera|perai|nada\s+disso|nada\s+a\s+ver|"
    # Discarding what was shown: "pode descartar", "esquece", "deixa pra lá".
    r"(?:pode\s+)?(?:descart\w*|apag\w*|exclui\w*)|esquece|deixa\s+(?:pra|para)\s+la|deixa\s+quieto|joga\s+fora|melhor\s+nao|"
    r"(?:ta|esta|tah)\s+(?:tudo\s+)?errad[oa]"
)
LEAD_YES = re.compile(rf"{_LEAD_IN}(?:{YES_PHRASES}){_END}")
LEAD_NO = re.compile(rf"{_LEAD_IN}(?:{NO_PHRASES}){_END}")
YES_EMOJI = re.compile("[👍👌✅✔☑🆗]")
NO_EMOJI = re.compile("[👎❌✖🚫⛔]")
# "sim, mas ..." keeps a reservation: before a write it is no plain yes.
RESERVATION = re.compile(r"\b(?:mas|porem|so\s+que|entretanto|contudo|exceto|menos)\b")
# A negation anywhere in a short affirmative message turns it into a no ("ok, mas está errado").
NEGATION_WORD = re.compile(
    r"\b(?:n+a+o+(?!\s+(?:posso|vou|irei)\s+faltar\b)|naum|n|errad[oa]|errei|incorret[oa]|corrigir|negativo)\b"
)

# Presence: arriving or coming means yes; not coming means no. "to", "tou", "estou" may open any of the
# ways of being on the way or there: "to a caminho", "ja to chegando", "estou saindo de casa".
# Being late is coming too: "vou atrasar 15 min", "to chegando atrasada", "atrasei um pouco mas to indo"
# (the words of being late or away are in `lexicon_timing`).
# Where the caregiver is: "na casa do seu José", "no plantão", "aqui no local" (consumed with the arrival).
_OWNER = r"(?:\s+d[aoe]s?(?:\s+(?:sr|sra|seu|dona|senhor|senhora|paciente))?(?:\s+[a-z]+)?)?"
_PLACE = (
    r"(?:\s+(?:aqui\s+|ja\s+)?(?:n[ao]s?|a|ao|em|pro|pra)\s+(?:casa|residencia|endereco|local|plantao|trabalho|servico|"
    rf"paciente|apartamento|apto|ap))?{_OWNER}"
)
# On the way somewhere else ("indo pro hospital", "indo embora"): no coming to the shift.
_ELSEWHERE = (
    r"(?!\s+(?:embora\b|(?:pr[oa]|para\s+[oa]|ao|a|no|na|do|da)\s+(?:hospital|upa|pronto|posto|medic[oa]|"
    r"emergencia|ps|clinica|consulta)\b))"
)
# Since when the caregiver is there: "já estou no plantão desde as 8h", "tô aqui desde cedo".
_SINCE = (
    r"(?:\s+desde\s+(?:as\s+|a\s+|o\s+)?"
    r"(?:\d{1,2}(?:h\d{0,2}|:\d{2})?(?:\s*(?:h|hs|hrs|horas))?|cedo|(?:de\s+)?manha|o\s+inicio))?"
)
PRESENCE_YES = re.compile(
    # "Aqui é a Ana", "aqui quem fala é ...": the caregiver introducing herself, no arrival.
    rf"{_LEAD_IN}(?!aqui\s+(?:e|eh|quem|fala)\b)(?:e\s+)?(?:ja\s+)?(?:{lexicon_timing.LATE_WORDS}|(?:acabei\s+de\s+|acabo\s+de\s+)chegar|chegu+e+i+|ja\s+estou|vou\s+sim|vo\s+sim|vou|"
    rf"irei|estarei|presente|confirmo\s+(?:a\s+|minha\s+)?presenca|posso|consigo|vou\s+poder|da\s+sim|"
    # "confirmando presença", "tô confirmando o plantão", "tô confirmada", "tô aí", "presença confirmada".
    rf"(?:(?:to|tou|estou|eu\s+to|eu\s+estou)\s+)?confirmando(?:\s+(?:a\s+|minha\s+)?presenca|\s+(?:o\s+|meu\s+)?plantao)?|"
    rf"(?:to|tou|estou|eu\s+to|eu\s+estou)\s+(?:confirmad[oa]|ai)|"
    rf"(?:(?:a|minha)\s+)?presenca\s+(?:ta\s+|esta\s+)?confirmada|"
    rf"(?:assumi|assumindo|iniciando|iniciei|comecei|comecando|dando\s+inicio\s+a[o]?)\s+(?:o\s+|ao\s+|meu\s+)?plantao|"
    # On the way: "to no ônibus", "peguei trânsito", "preso no trânsito", "chego em 20 min", "ainda não cheguei".
    rf"(?:(?:to|tou|estou|ja\s+to|ja\s+estou)\s+)?(?:no|dentro\s+do)\s+(?:onibus|metro|uber|taxi|carro|trem|transito|"
    rf"caminho)|peguei\s+(?:um\s+)?(?:transito|onibus|uber|taxi|metro)|(?:to\s+|estou\s+)?pres[oa]\s+no\s+transito|"
    rf"chego\s+(?:em|daqui|as|la|umas|logo|ja)|ainda\s+nao\s+cheguei|chegamos|"
    rf"(?:to|tou|estou|ja\s+to|ja\s+estou)\s+(?:na\s+porta|no\s+portao|na\s+portaria|subindo|entrando|estacionando)|"
    rf"(?:(?:to|tou|estou|eu\s+to|eu\s+estou)\s+)?(?:(?:a\s+caminho|(?:quase\s+)?chegando|indo){_ELSEWHERE}|aqui|"
    rf"saindo(?:\s+de\s+casa)?|no\s+plantao|no\s+local|na\s+casa)){_PLACE}{_SINCE}{_END}"
)
# Asking whether to answer yes, the whole message ("é pra confirmar?", "posso salvar?", "devo responder sim?"):
# a question is never a yes; the question asked is explained again.
CONFIRMING_ASKED = re.compile(
    r"^[\s\W]*(?:(?:e|eh|entao)\s+)?(?:(?:pra|para|so|posso|pode|devo|preciso|tenho\s+que|e\s+so|e\s+pra|e\s+para)\s+"
    r"(?:eu\s+)?)?(?:confirmar|salvar|responder|cancelar|enviar|mandar|registrar|aceitar|clicar)\b[^?]{0,40}\?[\s\W]*$"
    r"|^[\s\W]*(?:e|eh|ta|esta)\s+(?:isso|assim|certo|correto)(?:\s+mesmo)?\s*\?[\s\W]*$"
)
# The words of a yes asked back about the answer itself ("posso confirmar?", "é isso mesmo?"): beside any other
# word the question is about something else ("posso ir de uniforme?") and gets the question reply.
ASKING_TO_ANSWER = frozenset(
    {
        "confirmar", "confirmo", "confirma", "salvar", "salvo", "salva", "enviar", "envio", "responder", "respondo",
        "cancelar", "cancela", "registrar", "pode", "posso", "sim", "ser", "certo", "mesmo", "assim", "presenca",
        "eu", "entao", "agora", "isso", "tudo", "ok", "ta", "esta", "e", "eh", "pra", "para", "so", "devo", "preciso",
    }
)  # fmt: skip
# A pure affirmation, the whole message: while a report topic is asked it answers nothing.
BARE_YES = re.compile(
    r"^[\s\W]*(?:(?:s+i+m+|s|ss|isso|pode(?:\s+ser)?|claro|confirmo|confirma|confirmar|yes|aham|uhum|positivo|afirmativo|ta|"
    r"entendi|certo|blz|beleza|confirmad[oa]|pode\s+(?:salvar|enviar|mandar|registrar|confirmar|finalizar|encerrar)|"
    # "pode enviar" while a topic is asked: the caregiver means the report, which answers no topic.
    r"envia|enviar|manda|mandar|salva|salvar|registra|"
    # Agreeing to start ("vamos lá", "bora", "ok vamos lá" to the finalizar_plantao template): no topic's answer.
    r"(?:vamos|vamo|bora)(?:\s+la)?|simbora|partiu|pode\s+comecar|vamos\s+comecar|(?:ok|okay)(?=[\s\W]+(?:vamo|bora|partiu)))\b[\s\W]*)+$"
)
# "não posso faltar" is coming.
PRESENCE_NO = re.compile(
    r"\b(?:nao\s+(?:vou|irei|posso|consigo|poderei|vai\s+dar|da|vai\s+rolar|estarei|comparecerei|tenho\s+como|"
    r"tem\s+como(?:\s+eu)?\s+ir)(?!\s+faltar)|sem\s+condic\w+\s+de\s+ir|desmarcar|"
    r"(?:tive|tenho|surgiu|aconteceu|deu)\s+(?:uma?\s+)?(?:emergencia|urgencia|problema\s+(?:familiar|pessoal|de\s+saude))|(?<!nao\s)(?<!nao\sposso\s)"
    r"(?<!nao\svou\s)faltar|imprevisto|cancel\w*|impossivel|nao\s+conseguirei|(?:hoje|hj)\s+(?:nao|n)\b|"
    # Unwell: the cancellation is asked to be confirmed, never assumed.
    r"(?:estou|to|tou|fiquei|acordei|amanheci|eu\s+to|eu\s+estou)\s+(?:doente|passando\s+mal|com\s+febre|gripad[oa]|"
    r"com\s+(?:covid|dengue|gripe|virose|diarreia|infeccao|conjuntivite|atestado|zika|chikungunya)|internad[oa]|"
    r"no\s+hospital|de\s+atestado)|nao\s+tenho\s+com\s+quem\s+deixar|infelizmente\s+(?:nao|n)\b)\b"
)
# Not coming to the shift, said once it is confirmed: the cancellation is asked to be confirmed. Narrower
# than PRESENCE_NO: during a shift "não consigo medir" is no cancellation.
_GOING = (
    r"(?:v?ir(?=\s*(?:[,.;!]|$)|\s+(?:hoje|hj|amanha|ao\s+plantao|no\s+plantao|trabalhar|mais|nao|infelizmente|pois|"
    r"porque|pq|e\b))|"
    r"comparecer|trabalhar|fazer\s+(?:o\s+)?(?:meu\s+)?plantao|ao\s+plantao|no\s+plantao|hoje|hj|amanha)"
)
CANCEL_WISH = re.compile(
    rf"\b(?:(?:quero|queria|preciso|vou|vou\s+ter\s+que|tenho\s+que|gostaria\s+de|pode|podem)\s+)?"
    rf"(?:cancelar|cancela|cancele|desmarcar|desmarca)\s+(?:o\s+|meu\s+|esse\s+|este\s+)?plantao\b"
    rf"|^[\s\W]*(?:eu\s+)?(?:quero|queria|preciso|gostaria\s+de)\s+(?:cancelar|desmarcar)[\s\W]*$"
    rf"|\b(?:nao|n)\s+(?:vou|irei|posso|consigo|poderei|vou\s+(?:poder|conseguir)|tenho\s+como|tem\s+como(?:\s+eu)?|"
    rf"da\s+(?:pra|para)(?:\s+eu)?|vai\s+dar\s+(?:pra|para)(?:\s+eu)?)\s+{_GOING}"
    rf"|\b(?:nao|n)\s+(?:vou|irei)(?=\s*(?:[,.;!]|$))"
    rf"|\b(?:vou|preciso|vou\s+ter\s+que|tenho\s+que)\s+faltar\b"
)
# Undecided ("ainda não sei", "talvez"): no answer, whatever "não" it holds; the question is asked again.
UNDECIDED = re.compile(
    r"\b(?:(?:ainda\s+)?nao\s+sei(?!\s+(?:usar|como|mexer|o\s+que))|sei\s+la|nao\s+tenho\s+certeza|talvez|depende|"
    r"vou\s+ver(?:\s+se)?|acho\s+que\s+nao\s+sei|vou\s+tentar|se\s+(?:der|eu\s+conseguir|conseguir|consigo|puder))\b"
)
# Cancellation double-check: "cancela" is a yes here, "manter" a no.
CANCEL_YES = re.compile(
    rf"{_LEAD_IN}(?:s+i+m+|s|ss|tenho\s+(?:certeza|ctz)|tenho\s+sim|certeza|ctz|pode\s+cancelar|cancela|cancelar|confirmo|confirma|isso|ok|"
    rf"pode|quero\s+cancelar|com\s+certeza|com\s+ctz|claro|positivo|afirmativo|aham|uhum|exato|exatamente|correto|"
    # "Tem certeza?" answered "tenho" (alone: "tenho que ver" is no yes).
    rf"certo|infelizmente\s+sim|infelizmente|tenho(?=[\s\W]*$)){_END}"
)
CANCEL_NO = re.compile(
    r"\b(?:nao|n|nn|manter|mantem|mantenha|nao\s+cancel\w*|desisti|vou\s+sim|vou\s+comparecer|mudei\s+de\s+ideia|"
    r"negativo|errad[oa]|errei|nunca|jamais|nem\s+pensar|nada\s+disso|espera|pera|perai|vou\s+ir|consigo\s+ir)\b"
)

# Elongations are greetings too: "oiii", "olááá", "boa noiteee", "bom diaaa".
_GREETING_WORDS = r"(?:o+i+e*|o+l+a+|ole|bo+m+\s+dia+|bo+a+\s+tarde+|bo+a+\s+noite+|e\s*a[ie]+|opa+|hello|he+y+|salve)"
# Small talk greets only when nothing follows it: "tudo bem com o paciente" is a remark.
_SMALL_TALK = (
    r"(?:tudo\s+be+m+|td\s+be+m+|tudo\s+bom|td\s+bom|tudo\s+certo|td\s+certo|tudo\s+joia|td\s+joia|tudo\s+ok|td\s+ok)"
    r"(?=\s*(?:[?!,.]|$))"
)
# Small talk alone and not asked ("tudo certo"): while a report topic is asked, it is the answer.
SMALL_TALK_ANSWER = re.compile(rf"^[\s.!]*{_SMALL_TALK}[\s.!]*$")
# Who a greeting may address: "bom dia pessoal", "oi gente".
# (Who is greeted, not who is spoken of: "boa tarde enfermagem," but "bom dia, enfermeira chegou" stays whole.)
_ADDRESSED = (
    r"(?:pessoal|gente|meninas?|equipe|a\s+todos|todos|galera|amigos?|amigas?|"
    r"(?:equipe\s+de\s+)?enfermagem(?=\s*(?:[,:;!.\n]|$))|coordenacao(?=\s*(?:[,:;!.\n]|$)))"
)
# Greetings open a message ("Oi, bom dia, tudo bem?"); later in a note "bom dia" is content.
GREETING = re.compile(
    rf"^[\s\W]*(?:{_GREETING_WORDS}|{_SMALL_TALK})(?:[\s\W]+(?:{_GREETING_WORDS}|{_SMALL_TALK}|{_ADDRESSED}))*\b"
)
# A clause that only answers or commands ("pode salvar", "sim", "errei"): never a note.
ANSWER_ONLY = re.compile(
    r"^[\s\W]*(?:(?:s+i+m+|s|ss|ok|okay|confirm[ao]|confirmad[oa]|pode(?:\s+(?:salvar|enviar|mandar|registrar|"
    r"confirmar))?|salv[ae]|salvar|envi[ae]|enviar|mand[ae]|mandar|registr[ae]|registrar|isso(?:\s+mesmo)?|correto|"
    r"exato|beleza|blz|n+a+o+|n|nn|negativo|errado|errada|errei)(?:[\s\W]+|$))+$"
)
# Thanks, with what they are for: "obrigada pela ajuda" is no request for help.
# Blessings are courtesy too, answered as thanks and never written: "Deus abençoe", "amém", "fique com Deus".
_APOLOGY = (
    r"(?:(?:me\s+)?desculp\w*|perdao|perdoa|foi\s+mal|sorry)(?:\s+(?:pelo|pela|o|a|por|a\s+minha|o\s+meu|minha|meu)\s+"
    r"(?:atraso|demora)(?:\s+(?:pra|para|em|de|na|no)\s+(?:responder|resposta|retornar|retorno|mandar|enviar))?)?"
)
_BLESSING = (
    r"(?:que\s+)?deus\s+(?:te\s+|nos\s+|vos\s+|lhe\s+|os\s+|as\s+)?(?:abencoe|proteja|ilumine|guarde|pague|"
    r"e\s+(?:bom|fiel|mais)|seja\s+louvado)(?:\s+(?:a\s+)?(?:todos|todas|voces|vcs|nos|voce|vc|sempre|"
    r"(?:o|nosso|este|esse)\s+(?:plantao|dia|trabalho)(?:\s+de\s+todos)?))*|(?:fique|fica|va|vai|vao|fiquem)\s+com\s+deus|"
    r"ame+m+|amen|gra(?:c|ss)as?\s+a\s+deus|gloria\s+a\s+deus|se\s+deus\s+quiser|abencoad[oa]s?|"
    r"na\s+paz\s+(?:do\s+senhor|de\s+deus)|"
    # Farewells too: "tchau", "até amanhã", "bom descanso", "bjs", "abs" ("beijos da neta" is news).
    r"tchau+|xau+|tchauzinho|bjs+|bjos?|abs|ate\s+(?:mais|logo|amanha|breve|a\s+proxima|segunda)|bom\s+descanso|"
    # Apologies for answering late: "desculpa o atraso", "perdão pela demora" (courtesy, never a note).
    rf"{_APOLOGY}"
)
# A sign-off: "qualquer coisa me chama", "alguma dúvida estou à disposição", "qualquer alteração eu aviso",
# "qualquer coisa estou por aqui".
_SIGN_OFF = (
    r"(?:(?:qualquer|qlq|qq|qqr)\s+(?:coisa|duvida|novidade|alteracao|intercorrencia)|alguma\s+duvida|se\s+precisar"
    r"(?:\s+de\s+algo)?)\s*,?\s*(?:(?:e\s+so\s+)?(?:me\s+)?(?:chama|liga|avisa|fala|manda)r?|(?:eu\s+|te\s+)?(?:aviso|"
    r"informo|comunico|chamo|ligo)|(?:estou|to|tou|fico|sigo)\s+(?:a\s+disposicao|(?:por\s+)?aqui))"
    r"|(?:estou|to|fico|sigo)\s+a\s+disposicao"
)
THANKS = re.compile(
    r"\b(?:(?:muito\s+)?(?:obrigad[oa]+s?|obg|obgd[oa]?|brigad[oa]+|vale+u+|vlw|agradec\w*|grat[oa])\b"
    rf"(?:\s+(?:pela|pelo|por)\s+(?:ajuda|atencao|tudo|informacao|retorno))?|(?:{_BLESSING}|{_SIGN_OFF})\b)"
)
# A message of these emoji alone is courtesy, answered like thanks: 🙏, ❤️, 🥰.
COURTESY_EMOJI = re.compile("[🙏❤💙💚💜💛🧡🤍💕💖💗😘🥰😍🤗👏🌹💐🌸😊☺🙂]")
# A clause that is nothing but courtesy ("obrigada", "boa noite", "bom plantão"): never a note.
COURTESY = re.compile(
    rf"^(?:[\s\W]*(?:{_GREETING_WORDS}|{_ADDRESSED}|obrigad[oa]+s?|obg|obgd[oa]?|brigad[oa]+|grat[oa]|vale+u+|vlw|abracos?|abs|"
    rf"bjs|beijos?|bom\s+plantao|ate\s+(?:mais|logo|amanha|breve|depois|a\s+proxima)|tchau+|xau+|tchauzinho|bom\s+descanso|fico\s+no\s+aguardo|aguardo|att|atenciosamente|"
    rf"deus\s+abencoe|amem|por\s+favor|pf|pfv|fique\s+com\s+deus|{_APOLOGY}))+[\s\W]*$"
)
# A question is answered with a help reply and written nowhere (SPEC section 6). Without a "?" only an
# interrogative form opens one: a modal verb alone ("posso sim", "não posso ir", "ele pode") is none, and
# neither is "pq"/"por que", which without a "?" explains ("..., pq o ônibus quebrou").
QUESTION_OPENER = re.compile(
    r"^\s*(?:sera\s+que|(?:voces?|vcs?|alguem|a\s+coordenacao|o\s+senhor|a\s+senhora)\s+(?:tem|teem|tem\s+como|"
    r"sabem?|podem?|poderiam?|poderia|consegue\w*|vai|vao|vem)|tem\s+como|teria\s+como|(?:pode|podem|poderia|"
    r"poderiam|consegue|conseguem)\s+me|que\s+horas|qual|quais|quem|onde|quando\s+(?:vem|vai|chega|acaba|termina)|"
    # ("quanto ao sono, nada" names a topic: no question.)
    r"preciso\s+saber|gostaria\s+de\s+saber|queria\s+saber|quanto(?!\s+a[os]?\s)|quantos|quantas|"
    r"(?:preciso|quero|queria|gostaria\s+de)\s+falar\s+com)\b"
)
# Asking for information ("que horas termina meu plantão?"): never a wish to do what it names.
INFORMATION_QUESTION = re.compile(r"\b(?:que\s+horas?|quando|qual|quais|quanto\w*|onde|quem|por\s*que|pq)\b")
HELP = re.compile(
    r"como\s+funciona|\bajuda\b|\bajudar\b|\bhelp\b|\bmenu\b|o\s+que\s+(?:voce|vc|posso|eu\s+posso|da\s+pra|"
    r"consigo|eu\s+faco|eu\s+devo|devo|(?:eu\s+)?(?:preciso|tenho\s+que))\s*(?:faz|fazer|mandar|enviar)?|\bopcoes\b|\bcomandos\b|como\s+(?:eu\s+)?(?:uso|usar|faco|envio|"
    r"mando|registro|funciona)|nao\s+sei\s+(?:usar|como|mexer)|\bduvidas?\b|instruc\w*|\btutorial\b|"
    # Lost in the conversation: "não entendi", "como assim?", "hã?".
    r"nao\s+entendi|como\s+assim|^\W*h[aã]+\W*$|nao\s+sei\s+o\s+que\s+(?:responder|falar|mandar|escrever)|"
    # Abbreviated and bare: "oq eu faço", "o q faço agora", "como que faz", "e agora?", "?", "socorro".
    r"\b(?:oq|o\s+q|o\s+que)\s+(?:(?:e|eh)\s+(?:pra|para)\s+)?(?:(?:eu|a\s+gente)\s+)?(?:faco|fazer|faz|devo\s+fazer|"
    r"preciso\s+fazer|tenho\s+que\s+fazer)\b|\baju+da+\b|nao\s+(?:to|tou|estou)\s+conseguindo(?:\s+(?:usar|mandar|enviar))?\W*$|"
    r"\bnao\s+sei\s+(?:oq|o\s+q|o\s+que)\s+(?:fazer|faco|responder|mandar)\b|"
    r"\bcomo\s+(?:e\s+que\s+|que\s+|eu\s+)?(?:faz|faco|funciona|usa|uso|usar)\b|\b(?:oq|o\s+q)\s+(?:eu\s+)?(?:posso|consigo|da\s+pra)\s+(?:fazer|mandar|enviar)\b|"
    r"^\W*e\s+agora\W*$|^\s*\?+\s*$|^\W*socorr?o+\W*$"
)
# The wish with its lead-in and object ("[quero finalizar o plantão]"): consumed whole, no word of it is
# left to be read as a report topic or a note.
FINISH = re.compile(
    r"(?:\b(?:eu\s+)?(?:quero|queria|vou|vamos|posso|podemos|preciso|gostaria\s+de|bora|hora\s+de)\s+)?"
    r"(?:\b(?:fazer|mandar|enviar|passar|escrever)\s+(?:o\s+|meu\s+)?)?"
    r"(?:\bfinaliz\w*|\bencerr\w*|\btermin\w*\s+(?:o\s+|meu\s+)?plantao|\bfim\s+do\s+plantao|"
    r"\bfechar\s+(?:o\s+)?plantao|\brelatorio\s+final|\bfechar\s+(?:o\s+)?relatorio|"
    # "acabou meu horário", "deu meu horário", "terminou o turno".
    r"\b(?:acabou|terminou|deu|encerrou)\s+(?:o\s+)?(?:meu\s+)?(?:horario|expediente|turno)\b|\bacabou\s+(?:o\s+)?(?:meu\s+)?plantao|\bterminei\b|"
    # Nearly over: "já tá acabando meu plantão", "terminando o turno" (and "meu plantão já tá acabando" below).
    r"\b(?:(?:ja\s+)?(?:ta|esta|to)\s+)?(?:acabando|terminando)\s+(?:o\s+)?(?:meu\s+)?(?:plantao|horario|expediente|turno)\b|"
    # Leaving ("vou embora, acabou meu horário", "já to indo embora").
    r"\b(?:(?:ja\s+)?(?:vou|(?:to|tou|estou)\s+indo)\s+embora)\b|"
    r"\bsaindo\s+do\s+plantao|\bpassagem\s+de\s+plantao|\bfim\s+de\s+plantao|"
    # "meu plantão acabou", "o turno já terminou"; "vou mandar o relatório" ("segue o relatório" is a heading).
    r"\b(?:plantao|turno|expediente)\s+(?:ja\s+)?(?:(?:ta|esta)\s+)?(?:acabou|terminou|encerrou|acabando|terminando)\b|"
    r"\b(?:mandar|enviar|passar|fazer|escrever)\s+(?:o\s+|meu\s+)?relatorio\b(?!\s+(?:de\s+)?(?:ontem|amanha)))"
    r"(?:\s+(?:o\s+|meu\s+|nosso\s+|este\s+|esse\s+)?plantao(?:\s+de\s+hoje)?)?"
)
# Putting off what the bot asked: "já mando", "estou medindo", "um momento". Read only when it is the
# whole message (besides courtesy and a yes): "vou medir a glicemia de novo" is a note.
LATER = re.compile(
    # Measuring again: "vou refazer", "vou medir de novo", "pode esperar", "eu mando de novo".
    r"\b(?:(?:vou|vamos)\s+(?:refazer|repetir|(?:medir|aferir|verificar)\s+(?:de\s+novo|novamente|outra\s+vez))"
    r"|pode\s+esperar|(?:pode\s+deixar\s+que\s+)?(?:eu\s+)?(?:mando|envio|passo)\s+(?:de\s+novo|novamente)"
    # Answering later ("te confirmo mais tarde", "confirmo depois"), or after asking someone.
    r"|(?:te\s+|lhe\s+)?(?:confirmo|respondo|falo|aviso|digo)\s+(?:depois|mais\s+tarde|daqui\s+a\s+pouco|ja\s+ja|logo|em\s+breve)"
    r"|vou\s+(?:confirmar|ver|checar|falar|conversar)\s+com\b|(?:vou|deixa\s+eu|preciso|tenho\s+que)\s+pensar"
    # Reading the summary first, or sending it some other time: "vou revisar", "deixa eu ler", "manda amanhã".
    r"|(?:(?:vou|preciso|quero)\s+|deixa\s+(?:eu\s+)?)(?:revisar|reler|ler|conferir|olhar|checar)"
    r"(?:\s+(?:com\s+calma|direito|melhor|antes|de\s+novo|tudo|(?:o|a)\s+(?:resumo|relatorio|lista)))?"
    r"|(?:(?:pode\s+)?(?:enviar|mandar|salvar)|manda|envia|salva)\s+(?:so\s+)?(?:depois|amanha|mais\s+tarde|outra\s+hora)"
    r"|(?:ja(?:\s*ja)?|logo|daqui\s+a\s+pouco|em\s+breve|mais\s+tarde|depois)\s+(?:eu\s+)?(?:te\s+|lhe\s+)?"
    r"(?:mando|envio|passo|falo|respondo|aviso|digo|vejo|mandarei|enviarei|confirmo|"
    r"vou\s+(?:mandar|enviar|passar|medir|aferir|verificar|ver|responder|confirmar|avisar))"
    r"|(?:vou|indo)\s+(?:medir|aferir|verificar|checar|ver|conferir|olhar)(?:\s+e\s+(?:ja\s+)?(?:te\s+)?(?:falo|passo|digo|mando|envio))?"
    # "deixa eu ver se consigo e te falo": checking first, the answer comes later.
    r"|deixa\s+(?:eu\s+)?(?:ver|conferir|checar|olhar|verificar)\s+se\s+(?:consigo|da|posso|vou)"
    r"|(?:e\s+)?(?:ja\s+|depois\s+)?te\s+(?:falo|aviso|digo|retorno|respondo)"
    r"|vou\s+(?:te\s+)?(?:mandar|enviar|passar)(?:\s+(?:os|as|a|o)?\s*(?:sinais|dados|nota|vitais|resto))?\s+"
    r"(?:daqui\s+a\s+pouco|ja\s+ja|ja|logo|em\s+breve|mais\s+tarde|depois)"
    # Closing the message: "certo, vou mandar", "ok, vou enviar".
    r"|vou\s+(?:te\s+)?(?:mandar|enviar|passar)(?=\W*$)"
    r"|(?:estou|to|tou|ta|tamos|estamos)\s+(?:medindo|aferindo|verificando|vendo)(?:\s+agora)?"
    r"|(?:so\s+)?(?:um|1)\s+(?:momento|minuto|minutinho|instante|segundo)|aguard[ae]|aguenta\s+ai|pera(?:i|ai|\s+ai)?"
    r"|espera\s+(?:ai|um\s+pouco))\b"
    # What will come: "já mando [a nota]", "já te passo [o resto]".
    r"(?:\s+(?:(?:a|o|as|os)\s+)?(?:nota|resto|restante|dados|demais|outros|outras|informac\w*|relatorio|"
    r"evolucao|afericao|medicao|medidas|pressao|temperatura|saturacao|sinais(?:\s+vitais)?|vitais|ssvv|sv)\b)?"
)
# A message that adds to the report's answers ("espera, falta colocar que ele tomou banho"), or says
# one instead of another ("não, ...", "na verdade ...", "corrigindo: ..."). "não evacuou" is an answer.
TOPIC_ADDING = re.compile(
    r"^[\s\W]*(?:(?:espera|ah+|ops|opa)\W+)?(?:so\s+)?(?:(?:falt(?:a|ou)|esqueci\s+de)\s+(?:colocar|dizer|falar|por|incluir|acrescentar|"
    r"mencionar|informar)|esqueci(?=\s*[:,-]|\s+que\b)|acrescent\w*|inclu(?:i|ir|a)|adicion\w*|coloca(?:r)?\s+tambem|tambem|"
    # "mais uma coisa:", "lembrei que", "além disso", "tb", "ah e ...": one more thing, said of a topic
    # (a bare "e o sono foi péssimo" says it instead).
    r"(?:mais|outra)\s+(?:uma\s+)?coisa|uma\s+coisa|lembrei|alem\s+disso|tbm?|(?<=ah\W)e|(?<=ah\W\W)e|"
    # "coloca nas medicações: ...", "anota no sono ...": the topic named next.
    r"(?:coloca(?:r)?|poe|por|bota(?:r)?|anota(?:r)?)(?=\s+(?:n[oa]s?|em)\s))\b(?:\s+que\b)?[\s:,]*"
)
TOPIC_CORRECTING = re.compile(
    r"^[\s\W]*(?:so\s+)?(?:n(?:ao|a+o+)\s*[,.!:;]|errei|errado|na\s+verdade|corrig\w*|corrija|ops|quer\s+dizer|ou\s+melhor|"
    r"o\s+certo\s+(?:e|eh)\b)"
)
SEND_VITALS = re.compile(
    r"sinais\s+vitais|\bsinais\b|\bsinal\s+vital|\bafericao|\baferir|\bmedicao|\bmedidas\b|\bssvv\b|\bsv\b|"
    r"\bvitais\b"
)

# -- remarks about the service (operational notes; combined in `remark_kinds.is_operational`) -----------
_UTILITIES = r"oxigenio|o2|agua|luz|energia|internet"
_EQUIPMENT = (
    r"termometro|oximetro|esfigmo\w*|aparelho\w*(?:\s+de\s+(?:pressao|glicemia|dextro))?|equipamentos?|"
    r"cadeira(?:\s+de\s+(?:rodas|banho))?|cama(?:\s+hospitalar)?|colchao|concentrador|cilindro|bomba(?:\s+de\s+"
    r"infusao)?|aspirador|nebulizador|inalador|glicosimetro|balanca|andador|muletas?|guincho|elevador|chuveiro|"
    r"geladeira|fogao|ar\s+condicionado|ventilador|cpap|bipap|monitor|carregador|bateria|celular|tablet|"
    r"campainha|interfone|portao|chave|controle|televisao|tv|maquina|lampada|tomada|torneira"
)
# Things that run out, are needed or break: the subject of a supply or equipment remark.
THINGS = re.compile(rf"\b(?:{_SUPPLIES}|{_UTILITIES}|{_EQUIPMENT})\b")
EQUIPMENT = re.compile(rf"\b(?:{_EQUIPMENT}|{_UTILITIES})\b")
# Running out ("acabou o soro", "faltou luz", "a fralda acabo" as typed); "acabou de almoçar" and "falta de ar" are not.
SHORTAGE = re.compile(
    r"\b(?:acab(?:ou|aram|ando|a|am|ar|o)\b(?!\s+de\s)|falt(?:a|am|ando|ou|aram|ar)\b(?!\s+(?:de\s+)?(?:ar|apetite|"
    r"fome|tomar|dar|fazer|medir|aferir|trocar)\b)|terminou\b|no\s+fim\b|acabando\b|esgot(?:ou|aram|ad[oa]s?|ando)\b)"
)
# Asking for supplies or being without them ("precisamos de luvas", "sem gaze na casa").
NEED_OF_SUPPLY = re.compile(
    rf"\b(?:precis\w*|pedir|mandar|trazer|comprar|repor|sem|(?:nao|n)\s+(?:tem|ha|tenho|temos))\s+(?:de\s+)?(?:mais\s+)?(?:(?:um|uma|uns|umas|o|a|os|as)\s+)?"
    rf"(?:(?:nov|outr)[oa]s?\s+)?(?:{_SUPPLIES})\b"
)
# A short follow-up to a supply remark ("acabou a luva" ... "e gaze tb", "fralda tambem"): more of the same news.
_SUPPLY_LIST = rf"(?:(?:o|a|os|as)\s+)?(?:{_SUPPLIES})(?:\s*(?:,|e)\s*(?:(?:o|a|os|as)\s+)?(?:{_SUPPLIES}))*"
_TOO = r"(?:tb|tbm|tambem)"
SUPPLY_TOO = re.compile(
    rf"^\W*(?:(?:e\s+)?{_TOO}\s+{_SUPPLY_LIST}|(?:e\s+)?{_SUPPLY_LIST}\s+{_TOO}|e\s+{_SUPPLY_LIST})\W*$"
)
PROBLEM = re.compile(
    r"\b(?:quebr\w*|estrag\w*|defeit\w*|(?:nao|n)\s+(?:funciona\w*|liga\w*|esta\s+funcionando|ta\s+funcionando|"
    r"carrega\w*|mede)|parou|parad[oa]|pifou|falh\w*|descalibr\w*|descarreg\w*|vaz\w*|furad\w*|rasg\w*|solt\w*|"
    r"problema|outr[oa]|(?<!de\s)nov[oa]|conserto|consert\w*|troc\w*|reparo|manutencao|acab\w*|travad\w*|travou|"
    r"emperr\w*|desligou|apagou|caiu\s+(?:a\s+)?(?:luz|energia|internet)|(?:luz|energia|internet)\s+caiu|"
    r"sem\s+(?:luz|energia|internet|agua|bateria|pilha|carga)|ruim|estranh\w*|errad[oa]|"
    # An alarm going off: "o concentrador tá apitando", "a bomba disparou o alarme".
    r"apit\w*|alarm\w*|bipando|disparou|fazendo\s+barulho|"
    # Gone missing: "o termômetro sumiu", "não acho o oxímetro".
    r"sumiu|sumid[oa]|desaparec\w*|perdid[oa]|(?:nao|n)\s+(?:acho|encontro|achei|encontrei))\b"
)
# Someone who comes to the house ("o fono acabou de chegar", "a filha veio visitar").
# Coming after all, said at the cancellation check ("não, me enganei, eu vou sim", "nao cancela, to indo"): the
# shift is kept and presence confirmed. Never beside a not-coming ("não vou").
COMING = re.compile(
    r"\b(?:(?:eu\s+)?(?:vou|(?<![ao]\s)vo)\s+(?:sim|normal|normalmente|ir|trabalhar|comparecer|estar\s+ai|estar\s+la)|eu\s+vou(?=\s*(?:[,.;!]|$))|"
    r"(?:eu\s+)?(?:consigo|posso|vou\s+poder|vou\s+conseguir)\s+(?:ir|sim|trabalhar|comparecer)|irei(?:\s+sim)?|"
    r"estarei(?:\s+(?:ai|la|presente))?|(?:(?:to|tou|estou|ja\s+to|ja\s+estou|eu\s+to)\s+)?(?:indo|a\s+caminho|chegando)"
    rf"{_ELSEWHERE}|"
    r"(?:ja\s+)?cheguei|(?:ja\s+)?(?:to|estou)\s+(?:aqui|no\s+plantao|na\s+casa)|confirmo\s+(?:a\s+|minha\s+)?presenca)\b"
)
PEOPLE = re.compile(
    r"\b(?:fono\w*|fisio\w*|enfermeir[oa]s?|enfermagem|medic[oa]s?|doutor[a]?|dra?|nutricionista\w*|terapeuta\w*|"
    r"psicolog[oa]s?|tecnic[oa]s?|cuidador\w*|plantonista|rendicao|colega|equipe|assistente\s+social|dentista|"
    r"podolog[oa]|acompanhante|familia\w*|filh[oa]s?|net[oa]s?|espos[oa]|marido|irm[ao]s?|irmaos|sobrinh[oa]s?|"
    r"genro|nora|cunhad[oa]s?|parentes?|vizinh[oa]s?|motorista|entregador\w*|coordenador\w*|supervisor\w*|"
    r"home\s*care)\b"
)
PRESENCE = re.compile(
    r"\b(?:cheg\w*|veio|vieram|vem|vira|vir|vindo|esteve|estiveram|passou|passaram|embora|sai(?:u|ram|r|ndo)|ficou|ficaram|"
    r"visit\w*|ligou|ligaram|trouxe\w*|levou|levaram|pediu|pediram|atend\w*|examinou|avaliou|ajustou|"
    r"prescreveu|orientou|atras\w*|faltou|apareceu|aqui(?!\s+(?:e|eh|quem|fala)\b)|fez|fizeram|trocou|buscar|buscou)\b"
)
SERVICE = re.compile(
    rf"\b(?:visit\w*|coordenac\w*|troca\s+de\s+plantao|{lexicon_timing.LATE_SAID_WORDS}|(?!cheguei){lexicon_timing.LATE_WHO}{lexicon_timing.LATE_BY}|{lexicon_timing.AWAY_SAID_WORDS}|(?<!conforme\s)(?<!conforme\sa\s)escala\b(?!\s+de\s+(?:dor|glasgow|braden|morse|insulina|correcao))|portaria|"
    # ("dei o remédio que tá na receita", "conforme receita", "confere com a receita": the care given, no news
    # of the prescription.)
    r"farmacia|(?<!\bna\s)(?<!\bda\s)(?<!\bpela\s)(?<!\bcom\sa\s)(?<!conforme\s)(?<!conforme\sa\s)receita|manutencao|entreg\w*|estoque|reposic\w*|uber|taxi|ambulancia|transporte|remocao|samu|"
    # The family told ("avisei a filha", "família avisada"; telling the nurse is the clinical event's own).
    r"(?:avis\w*|comuniquei|informei)\s+(?:a\s+|o\s+|os\s+|as\s+)?(?:familia\w*|filh[oa]s?|espos[oa]|marido|net[oa]s?|responsave\w*)|"
    r"(?:familia\w*|filh[oa]s?|responsave\w*)\s+(?:ja\s+)?(?:avisad[oa]s?|informad[oa]s?|ciente)|"
    # Oxygen running low: "cilindro de O2 com pressão baixa", "a bala de oxigênio está quase vazia".
    r"(?:cilindro|bala|torpedo)\s+(?:de\s+(?:o2|oxigenio)\s+)?(?:\w+\s+){0,3}?(?:(?:com\s+)?(?:pressao\s+baixa|"
    r"baixa\s+pressao|pouc[oa]\s+(?:o2|oxigenio|pressao))|(?:quase\s+)?vazi[oa])|"
    # Taken to hospital: "levaram ele pro hospital", "foi removido para a UPA".
    r"(?:lev\w*|removid[oa]|encaminhad[oa]|transferid[oa])\s+(?:\w+\s+)?(?:para|pro|pra|ao|a)\s+(?:o\s+|a\s+)?"
    r"(?:hospital|pronto[\s-]socorro|ps|upa)|"
    # The way there ("o ônibus quebrou", "muito trânsito"); "depende do horário do ônibus" says nothing yet.
    r"(?:onibus|metro|trem|carro|van|lotacao)\s+(?:quebrou|atrasou|nao\s+(?:passou|veio)|demorou|parou|enguicou)|"
    r"(?:muito|peguei|pegamos|preso\s+no|presa\s+no)\s+transito|transito\s+(?:parado|intenso|pesado|horrivel|ruim))\b"
)

CLINICAL = re.compile(
    r"\b(?:paciente|pcte|pct|pac|febr\w*|afebril|hipertermi\w*|tosse|tossi\w*|dor(?:es)?|doendo|dolorid\w*|"
    r"dormi\w*|sono\w*|tranquil\w*|orientad\w*|desorientad\w*|consciente|inconsciente|lucid\w*|agitad\w*|"
    r"calm[oa]|reclam\w*|comeu|aliment\w*|aceit\w*|dieta|recusou|almoc\w*|jant\w*|lanch\w*|bebeu|apetite|engasg\w*|evacu\w*|"
    r"fezes|urin\w*|diurese|xixi|coco|vomit\w*|nause\w*|enjo\w*|queix\w*|refere|estavel|bem|mal|confus\w*|"
    r"sonolent\w*|cansad\w*|fraco|fraca|fraqueza|tont\w*|edema\w*|inchad\w*|ferida|lesao|lesoes|curativo|"
    r"sangr\w*|secrec\w*|catarro|escarr\w*|expector\w*|aspirad\w*|falta\s+de\s+ar|dispn\w*|cansaco|chiado|"
    r"respirando|pele|corad\w*|descorad\w*|hidratad\w*|desidratad\w*|cianot\w*|icteric\w*|glicemia|hgt|dextro|"
    r"insulina|medicad\w*|medicac\w*|dipirona|paracetamol|banho|higiene|decubito|escara|lpp|hematoma|mancha\w*|"
    r"coceira|prurido|diarreia|constipad\w*|intestin\w*|chor\w*|irritad\w*|ansios\w*|trist\w*|gemen\w*|"
    r"gemidos?|intercorrenc\w*|melhor\w*|piora\w*|piorou|acordad\w*|acordou|alert\w*|responsiv\w*|ativ[oa]|"
    r"deambul\w*|caminhou|sentad\w*|deitad\w*|acamad\w*|sudore\w*|suad\w*|suando|palid\w*|palido|convuls\w*|"
    r"crise|tremor\w*|queda|caiu|quadro|sintomas?|taquicard\w*|bradicard\w*|taquipn\w*|hipotens\w*|"
    r"hipertens\w*|hipoglic\w*|hiperglic\w*|animad\w*|sorridente|disposto|disposta|cefaleia|colaborativ\w*|feliz|alegre|"
    r"content[ea]|fome|sede|comer|comendo|bebendo|sonda|remedios?|medicamentos?|comprimidos?|dose|aspira\w*|"
    # Care given: "troquei a fralda", "dei banho", "mudei de decúbito".
    r"tro(?:ca|cou|quei|cada|cado)\s+(?:de\s+)?(?:a\s+|o\s+)?(?:fralda|curativo|sonda|roupa|lencol|posicao|decubito)|"
    r"dei\s+(?:o\s+|a\s+)?(?:banho|remedio|medica\w*|comida|agua|dieta|almoco|janta|lanche)|mud(?:ei|ou|anca)\s+de\s+decubito|"
    r"contactuante|comunicativ\w*|quiet[oa]|abatid\w*|prostrad\w*|febril|"
    # How the patient passes the time, and nothing changed: "vendo tv", "sem alterações", "nada de novo".
    r"alterac\w*|nada\s+de\s+novo|novidades?|assistindo|vendo\s+(?:tv|televisao|novela)|televisao|convers\w*|"
    r"passeando|rezando|lendo)\b"
)

# What a relay writes for media it did not pass on ("<Mídia oculta>", "[imagem]", "áudio omitido", "image
# omitted"): the whole message, answered like a photo without a caption.
_MEDIA_KINDS = (
    r"midias?|media|imagem|imagens|image|fotos?|photo|audios?|video|documento|document|arquivo|figurinha|sticker|gif|"
    r"localizacao|location|contato|contact|mensagem\s+de\s+voz|voice\s+message|anexad[oa]|anexo|attached"
)
_MEDIA_STATE = r"ocult[oa]|ocultad[oa]|omitid[oa]|omitted|anexad[oa]|attached|enviad[oa]|nao\s+suportad[oa]"
MEDIA_PLACEHOLDER = re.compile(
    rf"^[\s\W]*(?:[<\[(]\s*(?:{_MEDIA_KINDS})(?:\s+(?:{_MEDIA_STATE}))?(?:\s*:[^>\])]*)?\s*[>\])]|"
    rf"(?:{_MEDIA_KINDS})\s+(?:{_MEDIA_STATE}))[\s\W]*$"
)

# A number (a substitute chosen, a value asked for). A decimal mark typed twice ("36,,5") is one mark:
# never 36 and a stray 5.
NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]{1,2}\d{1,2})?)(?![\d])")

# "Sinais vitais: estáveis", "SSVV dentro da normalidade": said of the vital signs without any value. In the
# report it is additional clinical information, kept whole (its label is what it is about).
VITALS_JUDGED = re.compile(
    r"\b(?:sinais(?:\s+vitais)?|ssvv|sv)\s*[:\-–]?\s*(?:(?:se\s+)?mantiveram(?:-se)?\s+|(?:permaneceram|ficaram|foram)\s+)?"
    r"(?:estave(?:l|is)|normais|bons|ok|normal|sem\s+alterac(?:ao|oes)|dentro\s+d[oa]s?\s+(?:normalidade|padroes?|normal)"
    r"|(?:todos\s+)?(?:normais|estaveis))\b"
)
# "não vou", "não consigo ir" (never "não quero cancelar", "não vou faltar"): not coming after all.
NOT_COMING = re.compile(
    r"\b(?:nao|n)\s+(?:vou|irei|posso|consigo|poderei|vou\s+poder|vou\s+conseguir|da)\b(?!\s+(?:faltar|cancelar))"
)

# The words that open each report topic (in `Topic` order) in a report spoken in one run, and who they are
# said of: "ele comeu bem evacuou de manhã dormiu a tarde ficou calmo tomou os remédios ...".
SPOKEN_WHO = r"(?:(?:ele|ela|o\s+paciente|a\s+paciente|paciente)\s+)?"
SPOKEN_OPENERS = (
    r"comeu|bebeu|aceitou|almocou|jantou|se\s+alimentou|alimentacao",
    r"evacuou|urinou|fez\s+(?:xixi|coco)|diurese|eliminac\w*",
    r"dormiu|cochilou|acordou|sono",
    r"(?:ficou|esteve|estava|se\s+manteve)\s+(?=(?:muito\s+|bem\s+)?(?:calm|agitad|tranquil|alegre|trist|"
    r"irritad|ansios|confus|animad|sorridente|quiet))|humor",
    r"tomou\s+(?:os\s+|as\s+|todos\s+os\s+|todas\s+as\s+)?(?:remedios|medicac\w*|medicamentos)|medicac(?:ao|oes)|remedios",
    r"fez\s+(?:fisio\w*|caminhada|exercic\w*|atividade\w*)|caminhou|passeou|assistiu|"
    r"(?:sem|nenhuma|nao\s+(?:teve|fez|houve))\s+atividades?",
    r"(?:sem|nenhuma|nao\s+teve|nao\s+houve)\s+intercorrenc\w*|teve\s+febre",
    r"(?:nada|sem\s+nada|nenhuma?\s+\w+)\s+administrativ\w*|(?:na\s+)?parte\s+administrativ\w*",
)
# A heading over the report, alone on its line or before a colon, perhaps after a greeting: "RELATÓRIO DO
# PLANTÃO", "Resumo do dia 26/11:", "Oi! Relatório:", "boa noite, segue relatorio:".
REPORT_HEADING = re.compile(
    r"(?m)(?:^|(?<=[.!?,;]))[^\w\n]*(?:segue[m]?\s+)?(?:[oa]\s+)?(?:relatorio|resumo|evolucao)(?:\s+(?:final|diario))?"
    r"(?:\s+d[oa]s?\s+(?:plantao|dia|noite|turno|paciente))?(?:\s+(?:de\s+)?(?:hoje|hj|\d{1,2}/\d{1,2}(?:/\d{2,4})?))*"
    r"[^\w\n]*(?:$|[:\-–][^\S\n]*|,(?:\s*ne\s*,)?)"
)

# A note's own label, at the start of a line or sentence: "Obs:", "OBS -", "obs", "Observação:", "Nota:",
# "Info:", "Informações:".
NOTE_LABEL = re.compile(
    r"(?:(?:^|(?<=[\n;.|•,]))[^\w\n]*(?:observac(?:ao|oes)|nota(?:\s+clinica)?|evolucao|relatorio(?:\s+do\s+plantao)?|"
    r"resumo|ssvv|sinais\s+vitais|sv|infos?|informac(?:ao|oes))"
    r"[*_]*\s*[:\-–]"
    # "a nota é: paciente agitado", "a observação fica: ...".
    r"|(?:^|(?<=[\n;.|•,]))\W*(?:a\s+)?(?:nota|observacao|obs)\s+(?:e|eh|seria|fica|vai\s+ser)\s*[:\-–]?"
    # "obs" is the label wherever it stands ("... ar ambiente obs paciente sonolento").
    r"|\bobs\b\.?\s*[:\-–]?"
    # "segue o relatório do plantão": a heading, no observation.
    r"|\bsegue[m]?\s+(?:o\s+|a\s+)?(?:relatorio|resumo)(?:\s+d[oa]\s+(?:plantao|dia|noite|turno))?\b\s*[:\-–]?)"
    r"\s*(?=\w|\n|$)"
)
# The note said to be wrong: what follows it replaces the note ("a nota tá errada, ele tava agitado").
NOTE_CORRECTED = re.compile(
    r"\b(?:(?:a\s+)?(?:nota|observacao|obs)\s+(?:(?:ta|esta|tá|ficou)\s+)?(?:errad[ao]|incorret[ao])|errei\s+a\s+(?:nota|observacao|obs)|"
    r"corrig\w*\s+a\s+(?:nota|observacao|obs)|troca\s+a\s+(?:nota|observacao|obs)(?:\s+(?:para|pra|por))?)\s*[:,.\-–]?"
)
