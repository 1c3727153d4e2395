"""Every caregiver-facing text: one function per `ReplyCode` (`outbound.compose` makes a burst one message;
the notices told while a confirmed action waits are in `saving_notices`).

Short WhatsApp messages in Portuguese, one question at a time. A NOTICE is kept across a
burst ("salvo", "fora da faixa"); a PROMPT asks what the state needs next (only the last is sent).
"""

from __future__ import annotations

from collections.abc import Sequence

from orchestrator.machine.reply_codes import ReplyCode
from orchestrator.machine.topic_words import TOPIC_TITLES
from orchestrator.machine.topics import Topic, Topics
from orchestrator.machine.transition import PartKind, Question, QuestionKind, ReplyPart
from orchestrator.machine.vitals import (
    ClinicalItem,
    DoubtfulValue,
    RejectedValue,
    RespiratoryCondition,
    VitalName,
    Vitals,
    format_vitals,
)
from orchestrator.models import Shift, ShiftResponse, Substitute

YES_NO = "Responda *sim* ou *não*."
# What a channel shows as answers to tap (SPEC section 12: reply buttons, list rows and the list's
# button; Meta allows 20 characters for a button, 24 for a row).
YES_TITLE = "Sim"
NO_TITLE = "Não"
NO_CHOICE_TITLE = "Nenhum"
CHOICE_LIST_BUTTON = "Escolher"


_YES_OR_NO = Question(kind=QuestionKind.YES_NO)


def _prompt(code: ReplyCode, text: str, question: Question | None = None) -> ReplyPart:
    return ReplyPart(code=code.value, text=text, kind=PartKind.PROMPT, question=question)


def _choice(options: Sequence[Substitute]) -> Question:
    return Question(kind=QuestionKind.CHOICE, options=tuple(option.caregiver_name for option in options))


def _notice(code: ReplyCode, text: str, after_action: str | None = None) -> ReplyPart:
    return ReplyPart(code=code.value, text=text, kind=PartKind.NOTICE, after_action=after_action)


def _shift_line(shift: Shift) -> str:
    return f"com {shift.patient_first_name or 'o paciente'} em {shift.day}, das {shift.start} às {shift.finish}"


def _listing(items: Sequence[str]) -> str:
    """`a`, `a e b`, `a, b e c`; an empty list reads as nothing (a caller's bug never crashes a reply)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} e {items[-1]}"


# -- shift context -------------------------------------------------------------------------------


def no_shift() -> ReplyPart:
    return _prompt(
        ReplyCode.NO_SHIFT,
        "Não encontrei nenhum plantão para este número. Se você acha que é um erro, fale com a coordenação "
        "da sua empresa para atualizar o seu cadastro.",
    )


def shift_unavailable() -> ReplyPart:
    """The backend's answer about the shift could not be read: nothing was done with the message."""
    return _prompt(
        ReplyCode.SHIFT_UNAVAILABLE,
        "Não consegui consultar o seu plantão agora. Tente de novo em alguns instantes, por favor.",
    )


def shift_closed(shift: Shift) -> ReplyPart:
    """After the report was sent: the shift takes nothing more, until a new shift starts."""
    return _prompt(
        ReplyCode.SHIFT_CLOSED,
        f"Seu plantão {_shift_line(shift)} já foi encerrado e o relatório foi enviado ✅ "
        "Não há mais registros a fazer por aqui. Se precisar de algo, fale com a coordenação.",
    )


def out_of_schedule(shift: Shift, response: ShiftResponse | None) -> ReplyPart:
    why = "foi cancelado" if response is ShiftResponse.CANCELLED else "está sem lembretes ativos"
    return _prompt(
        ReplyCode.OUT_OF_SCHEDULE,
        f"Seu plantão {_shift_line(shift)} {why}, então não há registros a fazer por aqui agora. "
        "Em caso de dúvida, fale com a coordenação.",
    )


# -- presence ------------------------------------------------------------------------------------


def presence_question(shift: Shift) -> ReplyPart:
    name = f", {shift.caregiver_first_name}" if shift.caregiver_first_name else ""
    return _prompt(
        ReplyCode.PRESENCE_QUESTION,
        f"Olá{name}! Você confirma presença no plantão {_shift_line(shift)}? {YES_NO}",
        _YES_OR_NO,
    )


def presence_reask(shift: Shift) -> ReplyPart:
    return _prompt(
        ReplyCode.PRESENCE_REASK, f"Não entendi. Você vai ao plantão {_shift_line(shift)}? {YES_NO}", _YES_OR_NO
    )


def answer_awaited() -> ReplyPart:
    """Courtesy while the presence question is open ("bom dia" right after it): the question stands,
    pointed at rather than asked whole again."""
    return _prompt(
        ReplyCode.ANSWER_AWAITED, "Fico no aguardo da sua resposta à pergunta acima: *sim* ou *não*.", _YES_OR_NO
    )


def presence_confirmed(action_id: str) -> ReplyPart:
    return _notice(ReplyCode.PRESENCE_CONFIRMED, "Presença confirmada ✅ Bom plantão!", action_id)


def clinical_held() -> ReplyPart:
    return _notice(
        ReplyCode.CLINICAL_HELD, "Guardei os dados clínicos que você mandou; continuo com eles depois da confirmação."
    )


def cancel_question(shift: Shift) -> ReplyPart:
    return _prompt(
        ReplyCode.CANCEL_QUESTION,
        f"Tem certeza que quer *cancelar* o plantão {_shift_line(shift)}? A coordenação será avisada e isso "
        "não pode ser desfeito. Responda *sim* para cancelar ou *não* para manter.",
        _YES_OR_NO,
    )


def cancel_reask(shift: Shift) -> ReplyPart:
    return _prompt(
        ReplyCode.CANCEL_REASK,
        f"Não entendi. Cancelo o plantão {_shift_line(shift)}? Responda *sim* para cancelar ou *não* para manter.",
        _YES_OR_NO,
    )


def cancel_kept() -> ReplyPart:
    return _notice(ReplyCode.CANCEL_KEPT, "Ok, não cancelei o plantão.")


def cancelled(action_id: str) -> ReplyPart:
    return _notice(ReplyCode.CANCELLED, "Plantão cancelado. A coordenação foi avisada.", action_id)


def cancellation_stands() -> ReplyPart:
    """Coming after all, once the cancellation was done: only the coordination can undo it."""
    return _notice(
        ReplyCode.CANCELLATION_STANDS,
        "O plantão já foi cancelado e a coordenação foi avisada: isso não pode ser desfeito por aqui. "
        "Se você pode ir, fale com a coordenação.",
    )


def substitutes(options: Sequence[Substitute]) -> ReplyPart:
    lines = "\n".join(f"{index}. {option.caregiver_name}" for index, option in enumerate(options, start=1))
    return _prompt(
        ReplyCode.SUBSTITUTES,
        f"Quem pode cobrir o plantão?\n{lines}\nResponda com o número ou o nome, ou *nenhum*.",
        _choice(options),
    )


def substitutes_reask(options: Sequence[Substitute]) -> ReplyPart:
    lines = "\n".join(f"{index}. {option.caregiver_name}" for index, option in enumerate(options, start=1))
    return _prompt(
        ReplyCode.SUBSTITUTES_REASK,
        f"Não entendi. Escolha pelo número ou nome:\n{lines}\nOu responda *nenhum*.",
        _choice(options),
    )


def no_substitutes() -> ReplyPart:
    return _notice(ReplyCode.NO_SUBSTITUTES, "Não há substitutos disponíveis agora; a coordenação vai cuidar disso.")


def substitute_chosen(name: str, action_id: str) -> ReplyPart:
    return _notice(ReplyCode.SUBSTITUTE_CHOSEN, f"Pronto: {name} foi indicado(a) para o plantão ✅", action_id)


def substitute_declined() -> ReplyPart:
    return _notice(ReplyCode.SUBSTITUTE_DECLINED, "Ok, nenhum substituto indicado. A coordenação vai cuidar disso.")


# -- clinical ------------------------------------------------------------------------------------


def out_of_range(rejected: Sequence[RejectedValue]) -> ReplyPart:
    lines = "\n".join(
        f"⚠️ {value.name} {value.shown} está fora da faixa aceita ({value.accepted}) e não foi registrado."
        for value in rejected
    )
    return _notice(ReplyCode.OUT_OF_RANGE, f"{lines}\nConfira e envie de novo.")


def vitals_missing(
    vitals: Vitals, missing: Sequence[str], respiratory: RespiratoryCondition | None = None, *, noted: bool = False
) -> ReplyPart:
    """Where the measurement stands. `noted`: this message brought an observation, kept for the summary
    (said, or the caregiver cannot tell it was not lost)."""
    received = [format_vitals(vitals)] if not vitals.empty else []
    if respiratory is not None:
        received.append(respiratory.value)
    said = "Anotei a observação. " if noted else ""
    said += _note_hint(missing)
    said += f"Recebi: {', '.join(received)}. " if received else ""
    return _prompt(ReplyCode.VITALS_MISSING, f"{said}Falta: {_listing(missing)}.{_respiratory_hint(missing)}")


def _note_hint(missing: Sequence[str]) -> str:
    """What the note asks for, once it alone is left (the first measurement needs one): "Falta: nota
    clínica" again after "sem nota" left a caregiver going round in circles."""
    if tuple(missing) != (ClinicalItem.NOTE,):
        return ""
    return "Na primeira aferição do plantão a nota clínica é obrigatória (ex.: *paciente tranquilo, sem queixas*). "


def _respiratory_hint(missing: Sequence[str]) -> str:
    """What "condição respiratória" asks for, once it is what is left (beside the note, perhaps):
    alone it leaves a caregiver guessing what to write."""
    if ClinicalItem.RESPIRATORY not in missing or not set(missing) <= set(ClinicalItem):
        return ""
    return "\nO paciente está em *ar ambiente* ou com *oxigênio*?"


def first_measurement_incomplete(missing: Sequence[str]) -> ReplyPart:
    return _prompt(
        ReplyCode.FIRST_MEASUREMENT_INCOMPLETE,
        "Anotei a observação. A primeira aferição do plantão precisa estar completa. "
        f"Falta: {_listing(missing)}.{_respiratory_hint(missing)}",
    )


def clinical_summary(vitals: Vitals, respiratory: RespiratoryCondition | None, note: str | None) -> str:
    """The measurement as shown before saving (also kept on the action, to show again)."""
    lines = [format_vitals(vitals)] if not vitals.empty else []
    if respiratory is not None:
        lines.append(f"Condição respiratória: {respiratory.value}")
    if note:
        lines.append(f"Nota: {note}")
    return "\n".join(lines)


def clinical_confirmation(summary: str) -> ReplyPart:
    return _prompt(ReplyCode.CLINICAL_CONFIRMATION, f"Confira os dados:\n{summary}\nPosso salvar? {YES_NO}", _YES_OR_NO)


def confirmation_reask(summary: str, *, verb: str = "salvar") -> ReplyPart:
    """The summary asked again; `verb`: what "sim" does (a report is sent, not saved)."""
    return _prompt(
        ReplyCode.CONFIRMATION_REASK,
        f"Não entendi. Confira:\n{summary}\nResponda *sim* para {verb} ou *não* para corrigir.",
        _YES_OR_NO,
    )


def clinical_saved(action_id: str) -> ReplyPart:
    return _notice(ReplyCode.CLINICAL_SAVED, "Dados clínicos salvos ✅", action_id)


def clinical_dropped() -> ReplyPart:
    return _prompt(
        ReplyCode.CLINICAL_DROPPED,
        "Ok, não salvei. Mande só o que precisa corrigir (ex.: PA 125x82) que eu mostro o resumo de novo.",
    )


def measurement_discarded() -> ReplyPart:
    return _notice(
        ReplyCode.MEASUREMENT_DISCARDED,
        "Ok, descartei esses dados. Quando quiser, mande a aferição de novo.",
    )


def confirmation_expired() -> ReplyPart:
    return _notice(
        ReplyCode.CONFIRMATION_EXPIRED, "A confirmação expirou e nada foi salvo. Confira de novo, por favor:"
    )


def operational_saved(note: str, action_id: str) -> ReplyPart:
    return _notice(ReplyCode.OPERATIONAL_SAVED, f"Ocorrência registrada ✅ ({note})", action_id)


# -- finalization --------------------------------------------------------------------------------


def _titles(topics: Sequence[Topic]) -> str:
    return _listing([TOPIC_TITLES[topic] for topic in topics])


def finalization_start() -> ReplyPart:
    first = TOPIC_TITLES[next(iter(Topic))]
    return _prompt(
        ReplyCode.FINALIZATION_START,
        f"Vamos finalizar o plantão. Conte como foi: {_titles(list(Topic))}. Pode mandar tudo junto ou aos "
        f"poucos. Comece por *{first}* (se não houve nada, responda *sem informações*).",
    )


def finalization_missing(missing: Sequence[Topic], *, noted: bool) -> ReplyPart:
    """The topics still missing, and the one asked now: a bare answer answers that one. "Anotado" only
    when this message recorded something (`noted`)."""
    asked = TOPIC_TITLES[missing[0]] if missing else ""
    return _prompt(
        ReplyCode.FINALIZATION_MISSING,
        f"{'Anotado. ' if noted else ''}Falta: {_titles(missing)}.\nE sobre *{asked}*? "
        "(Se não houve nada, responda *sem informações*.)",
    )


def topics_noted(topics: Sequence[Topic]) -> ReplyPart:
    """Report topics kept while a measurement is what is asked next: said, so they are not kept silently."""
    return _notice(ReplyCode.TOPICS_NOTED, f"Anotei no relatório: {_titles(topics)}.")


def topic_reask(missing: Sequence[Topic]) -> ReplyPart:
    """A message that answered no topic ("sim" while a topic is asked): the same topic, asked again."""
    asked = TOPIC_TITLES[missing[0]] if missing else ""
    return _prompt(
        ReplyCode.TOPIC_REASK,
        f"Não anotei nada. Me conte como foi *{asked}* (se não houve nada, responda *sem informações*).",
    )


def report_summary(topics: Topics) -> str:
    return "\n".join(f"• {TOPIC_TITLES[topic].capitalize()}: {topics.get(topic)}" for topic in Topic)


def measurement_not_saved(held: str, missing: Sequence[str]) -> ReplyPart:
    """Before the report is sent: what is held of an incomplete measurement will not be saved."""
    return _notice(
        ReplyCode.MEASUREMENT_NOT_SAVED,
        f"⚠️ Estes dados ainda não foram salvos e não serão salvos com o relatório:\n{held}\n"
        f"Falta: {_listing(missing)}. Se quiser salvá-los, mande o que falta antes de confirmar.",
    )


def report_confirmation(summary: str) -> ReplyPart:
    return _prompt(ReplyCode.REPORT_CONFIRMATION, f"Resumo do plantão:\n{summary}\nPosso enviar? {YES_NO}", _YES_OR_NO)


def report_sent(action_id: str) -> ReplyPart:
    return _notice(ReplyCode.REPORT_SENT, "Relatório do plantão enviado ✅ Obrigado e bom descanso!", action_id)


def report_dropped() -> ReplyPart:
    return _prompt(ReplyCode.REPORT_DROPPED, "Ok, não enviei. Diga o que corrigir (ex.: Sono: dormiu pouco à noite).")


def finish_not_yet() -> ReplyPart:
    return _prompt(
        ReplyCode.FINISH_NOT_YET,
        "Para finalizar o plantão, envie antes pelo menos uma aferição completa dos sinais vitais.",
    )


# -- general -------------------------------------------------------------------------------------


_HELP = (
    "Por aqui você pode:\n"
    "1. Confirmar ou cancelar presença no plantão\n"
    "2. Enviar sinais vitais (ex.: PA 120x80, FC 80, FR 18, Sat 97%, Temp 36,5, ar ambiente) e uma nota clínica\n"
    "3. Registrar ocorrências (ex.: acabaram as luvas)\n"
    "4. Finalizar o plantão (escreva *finalizar*)"
)


def help_menu(*, before_question: bool = False) -> ReplyPart:
    """What the caregiver can do; `before_question`: a notice, the open question follows it."""
    if before_question:
        return _notice(ReplyCode.HELP, _HELP)
    return _prompt(ReplyCode.HELP, _HELP)


def greeting(shift: Shift) -> ReplyPart:
    name = f", {shift.caregiver_first_name}" if shift.caregiver_first_name else ""
    return _notice(ReplyCode.GREETING, f"Olá{name}!")


def ready() -> ReplyPart:
    return _prompt(
        ReplyCode.READY,
        f"Pode mandar os sinais vitais ({_listing([*VitalName, ClinicalItem.RESPIRATORY])}), uma nota ou *finalizar*.",
    )


def not_understood() -> ReplyPart:
    return _prompt(
        ReplyCode.NOT_UNDERSTOOD,
        "Não entendi. Você pode mandar sinais vitais (ex.: PA 120x80, FC 80), uma ocorrência, *finalizar* ou *ajuda*.",
    )


def answer_closed() -> ReplyPart:
    """A button tapped on a question that is no longer open: nothing changes."""
    return _notice(
        ReplyCode.ANSWER_CLOSED, "Essa pergunta já foi encerrada, então nada foi alterado. Se precisar, me escreva."
    )


def nothing_pending() -> ReplyPart:
    return _notice(ReplyCode.NOTHING_PENDING, "Não há nada aguardando confirmação agora.")


def waiting() -> ReplyPart:
    return _notice(ReplyCode.WAITING, "Ok, fico no aguardo.")


def not_ready_to_save() -> ReplyPart:
    """A "sim"/"pode salvar" while the measurement still lacks items: say why nothing was saved."""
    return _notice(ReplyCode.NOT_READY_TO_SAVE, "Ainda não dá para salvar: faltam dados.")


def question(shift: Shift) -> ReplyPart:
    """A question is answered here and written nowhere (the shift's hours answer the usual one)."""
    return _notice(
        ReplyCode.QUESTION,
        "Por aqui eu só registro os dados do plantão e não consigo responder perguntas: para dúvidas, fale "
        f"com a coordenação. Seu plantão é {_shift_line(shift)}.",
    )


def thanks() -> ReplyPart:
    # Fits thanks and blessings alike ("obrigada", "Deus abençoe", "amém").
    return _notice(ReplyCode.THANKS, "Eu que agradeço! 🙏")


def unread_numbers(numbers: Sequence[str]) -> ReplyPart:
    """Bare numbers that could not be told apart: nothing was guessed, the caregiver names them."""
    return _notice(
        ReplyCode.UNREAD_NUMBERS,
        f"⚠️ Não identifiquei a que se refere{'m' if len(numbers) > 1 else ''} {_listing(list(numbers))}, então "
        "não registrei. Mande com o nome, por exemplo: FC 80, FR 18, Sat 97, Temp 36,5.",
    )


def doubtful_values(doubts: Sequence[DoubtfulValue]) -> ReplyPart:
    """Labelled values that cannot be told, asked back by name: "FC 78 ou 76?", "Temp 37 e pouco"."""
    lines = (
        f"⚠️ {d.name} {' ou '.join(d.options) or d.shown}{'? Fiquei na dúvida' if d.options else ': valor não exato'}"
        f", então não registrei. Mande só o valor certo, por exemplo: {d.name} {d.example}."
        for d in doubts
    )
    return _notice(ReplyCode.DOUBTFUL_VALUES, "\n".join(lines))


def unexpected_error() -> ReplyPart:
    """Told once when a turn failed for a reason of ours (a bug): the message is kept for the team."""
    return _notice(
        ReplyCode.UNEXPECTED_ERROR,
        "Desculpe, tive um problema ao processar esta mensagem e a equipe técnica já foi avisada. "
        "Pode continuar mandando as próximas mensagens normalmente.",
    )
