"""QA round 6 on the conversation: presence from the first message, lateness, cancel wishes, yes and
no, thanks at a list, help, courtesy and note filler, media, bursts; each with several phrasings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from orchestrator.machine import ReplyCode, expectation_of
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_E
from tests.unit.driver import Driver, shift


def codes(driver: Driver) -> list[str]:
    return [part.code for part in driver.transitions[-1].parts]


def presence_calls(driver: Driver) -> list[str]:
    return [payload["responseValue"] for payload in driver.calls_of(ActionKind.UPDATE_SCHEDULE)]


def operational_notes(driver: Driver) -> list[str]:
    return [c["clinicalNote"] for c in driver.calls_of(ActionKind.UPDATE_CLINICAL) if c["operationalNote"]]


ARRIVALS = (
    "cheguei",
    "Cheguei!",
    "ja to aqui na casa da paciente",
    "bom dia, acabei de chegar",
    "acabei de chegar na casa do seu José",
    "ja cheguei 🙏",
    "oi, ja estou no plantao",
    "cheguei no local",
    "Bom dia! Já estou aqui",
    "chegueii",
    "Bom dia! Cheguei na casa do Sr. José",
    "boa noite, ja cheguei e assumi o plantão",
    "oi, estou na casa do paciente",
    "iniciando o plantão",
    "to quase chegando",
)


class TestPresenceFromTheFirstMessage:
    @pytest.mark.parametrize("text", ARRIVALS)
    def test_an_arrival_as_the_first_message_confirms_presence(self, text: str) -> None:
        """Arriving says yes to the presence question, asked or not yet (as a first "sim" does)."""
        driver = Driver(SHIFT_A)
        driver.send(text)
        assert presence_calls(driver) == ["confirmado"], text
        assert codes(driver) == [ReplyCode.PRESENCE_CONFIRMED], text
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL) == [], text

    def test_a_remark_beside_the_arrival_is_held_for_the_measurement(self) -> None:
        """ "cheguei, paciente dormindo": presence confirmed, the observation kept and the rest asked."""
        driver = Driver(SHIFT_A)
        driver.send("cheguei, paciente dormindo")
        assert presence_calls(driver) == ["confirmado"]
        assert driver.state.clinical_note == "paciente dormindo"
        assert codes(driver) == [ReplyCode.PRESENCE_CONFIRMED, ReplyCode.FIRST_MEASUREMENT_INCOMPLETE]

    @pytest.mark.parametrize("text", ("oi", "bom dia", "boa noite, tudo bem?"))
    def test_a_greeting_first_still_asks_the_question(self, text: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send(text)
        assert codes(driver) == [ReplyCode.PRESENCE_QUESTION] and driver.calls == []

    def test_a_tapped_yes_with_nothing_asked_still_confirms_nothing(self) -> None:
        """The presence answer awaited before any question went out is not one a tap may answer."""
        driver = Driver(SHIFT_A)
        expectation = expectation_of(driver.state, driver.now, shift(SHIFT_A))
        assert expectation.yes_no and not expectation.asked


LATE = (
    "vou atrasar 15 min",
    "to chegando atrasada",
    "atrasei um pouco mas to indo",
    "vou me atrasar uns 20 minutos, o onibus nao passou",
    "vou chegar um pouco atrasada",
    "tô um pouquinho atrasada",
)


class TestBeingLateIsComing:
    @pytest.mark.parametrize("text", LATE)
    def test_late_as_the_first_message_confirms_presence(self, text: str) -> None:
        """Coming, and the delay kept whole for the coordination."""
        driver = Driver(SHIFT_A)
        driver.send(text)
        assert presence_calls(driver) == ["confirmado"], text
        assert operational_notes(driver) == [text], text
        assert codes(driver) == [ReplyCode.OPERATIONAL_SAVED, ReplyCode.PRESENCE_CONFIRMED], text

    @pytest.mark.parametrize(
        "text", ("cheguei atrasada pq o onibus quebrou", "vou atrasar um pouco pq o onibus quebrou")
    )
    def test_a_because_after_the_delay_is_no_question(self, text: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send(text)
        assert ReplyCode.QUESTION not in codes(driver) and operational_notes(driver) == [text], text

    @pytest.mark.parametrize("text", LATE)
    def test_late_at_the_presence_question_confirms_presence(self, text: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(text)
        assert presence_calls(driver) == ["confirmado"], text

    @pytest.mark.parametrize("text", LATE)
    def test_late_on_a_confirmed_shift_is_news_for_the_coordination(self, text: str) -> None:
        """On a confirmed shift the delay is an operational note, never "Não entendi" nor a cancellation."""
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert operational_notes(driver) == [text], text
        assert codes(driver) == [ReplyCode.OPERATIONAL_SAVED], text


CANCEL_WISHES = (
    "quero cancelar",
    "cancela meu plantão de hoje",
    "não vou poder ir hoje",
    "preciso cancelar o plantão",
    "tive uma emergência familiar, não consigo ir",
    "nao vou conseguir ir hj",
    "vou ter que faltar hoje",
    "infelizmente nao poderei ir",
)


class TestCancelWishes:
    @pytest.mark.parametrize("text", (*CANCEL_WISHES, "tive uma emergencia familiar"))
    def test_at_the_presence_question_the_cancellation_is_asked(self, text: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(text)
        assert codes(driver) == [ReplyCode.CANCEL_QUESTION] and driver.calls == [], text

    @pytest.mark.parametrize("text", CANCEL_WISHES)
    def test_as_the_first_message_the_cancellation_is_asked(self, text: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send(text)
        assert codes(driver) == [ReplyCode.CANCEL_QUESTION] and driver.calls == [], text

    @pytest.mark.parametrize("text", CANCEL_WISHES)
    def test_on_a_confirmed_shift_the_cancellation_is_asked_then_done(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert codes(driver) == [ReplyCode.CANCEL_QUESTION] and driver.calls == [], text
        driver.send("sim, tenho certeza")
        assert presence_calls(driver) == ["cancelado"], text

    def test_keeping_a_confirmed_shift_asks_no_presence_again(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("não vou poder ir hoje")
        driver.send("não, vou sim")
        assert codes(driver) == [ReplyCode.CANCEL_KEPT, ReplyCode.READY] and driver.calls == []

    @pytest.mark.parametrize(
        "text", ("não consigo medir a pressão, o aparelho quebrou", "paciente não consegue ir ao banheiro sozinho")
    )
    def test_not_managing_something_during_the_shift_is_no_cancellation(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert ReplyCode.CANCEL_QUESTION not in codes(driver), text


MEASUREMENT = "PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo"
ASKED_BACK = ("posso confirmar?", "é pra confirmar?", "sim?", "confirmo?", "ok?", "pode ser?", "preciso confirmar?")


class TestAQuestionIsNeverAYes:
    @pytest.mark.parametrize("text", ASKED_BACK)
    def test_at_the_presence_question_it_is_asked_again(self, text: str) -> None:
        """No call; the presence question again, without "Não entendi" and without the question reply."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(text)
        assert driver.calls == [] and codes(driver) == [ReplyCode.PRESENCE_QUESTION], text

    @pytest.mark.parametrize("text", ("posso salvar?", "sim?", "pode salvar?", "é pra salvar?", "salva?", "ta certo?"))
    def test_at_the_measurement_summary_nothing_is_saved(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(MEASUREMENT)
        driver.send(text)
        assert driver.calls == [] and codes(driver) == [ReplyCode.CLINICAL_CONFIRMATION], text
        driver.send("sim")
        assert len(driver.calls_of(ActionKind.UPDATE_CLINICAL)) == 1, text

    @pytest.mark.parametrize("text", ("cancela?", "tenho certeza?"))
    def test_at_the_cancellation_question_nothing_is_cancelled(self, text: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send("não vou poder ir")
        driver.send(text)
        assert driver.calls == [] and codes(driver) == [ReplyCode.CANCEL_QUESTION], text

    @pytest.mark.parametrize("text", ("sim, tudo bem?", "sim. posso mandar os sinais?", "confirmo! que horas acaba?"))
    def test_a_yes_beside_a_question_is_still_a_yes(self, text: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(text)
        assert presence_calls(driver) == ["confirmado"], text


YES_WORDS = (
    "isso", "isso mesmo", "pode ser", "claro", "confirmo", "positivo", "ok pode", "aham", "s", "ss", "👍",
    "bele", "fechou", "com ctz", "confirmadíssimo", "pode crer", "isso ai", "Isso!",
)  # fmt: skip
NO_WORDS = ("nao", "n", "negativo", "não é isso", "errado", "👎", "tá errado", "nada disso", "nn", "ops errei")


class TestYesAndNoWords:
    @pytest.mark.parametrize("text", YES_WORDS)
    def test_yes_confirms_presence(self, text: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(text)
        assert presence_calls(driver) == ["confirmado"], text

    @pytest.mark.parametrize("text", YES_WORDS)
    def test_yes_saves_the_measurement(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(MEASUREMENT)
        driver.send(text)
        assert codes(driver) == [ReplyCode.CLINICAL_SAVED], text

    @pytest.mark.parametrize("text", ("isso", "claro", "positivo", "aham", "s", "👍", "confirmo", "exato"))
    def test_yes_confirms_the_cancellation(self, text: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send("nao")
        driver.send(text)
        assert presence_calls(driver) == ["cancelado"], text

    @pytest.mark.parametrize("text", NO_WORDS)
    def test_no_drops_the_measurement(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(MEASUREMENT)
        driver.send(text)
        assert codes(driver) == [ReplyCode.CLINICAL_DROPPED] and driver.calls == [], text

    @pytest.mark.parametrize("text", NO_WORDS)
    def test_no_keeps_the_shift_at_the_cancellation(self, text: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send("nao")
        driver.send(text)
        assert driver.calls == [] and codes(driver) == [ReplyCode.CANCEL_KEPT, ReplyCode.PRESENCE_QUESTION], text


def substitutes_offered() -> Driver:
    driver = Driver(SHIFT_A)
    driver.send("oi")
    driver.send("não vou conseguir ir hoje")
    driver.backend = shift(SHIFT_E)
    driver.send("sim, tenho certeza")
    assert "1. Maria Souza" in driver.reply
    return driver


class TestThanksAtTheSubstituteList:
    @pytest.mark.parametrize(
        "text", ("obrigada", "valeu", "obrigada!! 🙏", "ok obrigada", "brigadaa", "vlw", "Deus abençoe")
    )
    def test_thanks_pick_nobody_and_are_answered(self, text: str) -> None:
        driver = substitutes_offered()
        driver.send(text)
        assert codes(driver) == [ReplyCode.THANKS, ReplyCode.SUBSTITUTES], text
        assert driver.calls_of(ActionKind.CREATE_SCHEDULE) == [] and "Não entendi" not in driver.reply, text

    def test_the_list_still_takes_a_pick_after_thanks(self) -> None:
        driver = substitutes_offered()
        driver.send("obrigada")
        driver.send("2")
        assert driver.calls_of(ActionKind.CREATE_SCHEDULE)[0]["newCaregiverID"] == "C-9"

    def test_a_bare_ok_shows_the_list_without_not_understood(self) -> None:
        driver = substitutes_offered()
        driver.send("ok")
        assert codes(driver) == [ReplyCode.SUBSTITUTES] and driver.calls_of(ActionKind.CREATE_SCHEDULE) == []


BLESSINGS = (
    "Deus abençoe",
    "amém",
    "Deus abençoe o plantão de todos",
    "fique com Deus",
    "graças a Deus",
    "bom dia a todos, Deus abençoe 🙏🙏",
    "Amem 🙏",
)


class TestBlessingsAreNeverNotes:
    @pytest.mark.parametrize("text", BLESSINGS)
    def test_a_blessing_alone_is_answered_courteously(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert ReplyCode.THANKS in codes(driver) and "Não entendi" not in driver.reply, text
        assert driver.calls == [] and driver.state.clinical_note is None, text

    @pytest.mark.parametrize("text", (*BLESSINGS, "bom dia 🙏", "boa noite, tudo bem?"))
    def test_a_blessing_when_the_note_is_asked_is_no_note(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 80 FR 18 sat 97 temp 36 aa")
        driver.send(text)
        assert driver.state.clinical_note is None and driver.calls == [], text
        assert codes(driver)[-1] == ReplyCode.VITALS_MISSING, text

    @pytest.mark.parametrize("text", ("amém", "Deus abençoe"))
    def test_a_blessing_at_the_summary_saves_nothing(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(MEASUREMENT)
        driver.send(text)
        assert driver.calls == [] and codes(driver) == [ReplyCode.THANKS, ReplyCode.CLINICAL_CONFIRMATION], text

    def test_a_blessing_beside_an_observation_is_cut_from_the_note(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send("PA 120x80 FC 80 FR 18 sat 97 temp 36 aa paciente bem graças a Deus")
        driver.send("sim")
        assert driver.calls_of(ActionKind.UPDATE_CLINICAL)[0]["clinicalNote"] == "paciente bem"

    def test_a_blessing_while_the_report_is_collected_fills_no_topic(self) -> None:
        driver = Driver(SHIFT_C)
        driver.send("comeu bem")
        driver.send("Deus abençoe")
        assert len(driver.state.topics.given) == 1 and ReplyCode.THANKS in codes(driver)


HELP_ASKS = (
    "ajuda", "help", "socorro, como faço?", "oq eu faço", "menu", "?", "??", "o q eu faço", "nao sei oq fazer",
    "como que faz", "e agora?", "socorro", "o que faço agora?",
)  # fmt: skip


class TestHelpAbbreviations:
    @pytest.mark.parametrize("text", HELP_ASKS)
    def test_help_on_a_confirmed_shift(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert codes(driver) == [ReplyCode.HELP] and driver.calls == [], text

    @pytest.mark.parametrize("text", HELP_ASKS)
    def test_help_at_the_presence_question_explains_then_asks_again(self, text: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(text)
        assert codes(driver) == [ReplyCode.HELP, ReplyCode.PRESENCE_QUESTION] and driver.calls == [], text
        assert "Por aqui você pode" in driver.reply and "Não entendi" not in driver.reply, text

    @pytest.mark.parametrize("text", ("ajuda", "?", "oq eu faço"))
    def test_help_at_a_summary_explains_and_saves_nothing(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(MEASUREMENT)
        driver.send(text)
        assert codes(driver) == [ReplyCode.HELP, ReplyCode.CLINICAL_CONFIRMATION] and driver.calls == [], text

    @pytest.mark.parametrize("text", ("tenho que fazer o curativo às 14h", "socorro, paciente caiu"))
    def test_an_observation_is_no_help_request(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert ReplyCode.HELP not in codes(driver) and driver.state.clinical_note, text


VITALS_ONLY = "PA 120x80 FC 80 FR 18 sat 97 temp 36 aa"


def note_saved_for(text: str) -> str | None:
    """The clinical note written when `text` answers the note asked for after the values."""
    driver = Driver(SHIFT_B)
    driver.send(VITALS_ONLY)
    driver.send(text)
    driver.send("sim")
    written = driver.calls_of(ActionKind.UPDATE_CLINICAL)
    return written[0]["clinicalNote"] if written else None


class TestExplanationsAreNotes:
    @pytest.mark.parametrize(
        "text",
        (
            "a paciente reclamou de dor porque caiu ontem",
            "paciente agitada pq nao dormiu",
            "ele ficou choroso porque a filha não veio",
            "recusou o jantar porque estava enjoada",
        ),
    )
    def test_a_because_clause_is_kept_whole(self, text: str) -> None:
        assert note_saved_for(text) == text

    def test_a_complaint_alone_is_a_note(self) -> None:
        """ "reclamou que a comida estava fria" after the first measurement: a note, not "Não entendi"."""
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS_ONLY} paciente bem")
        driver.send("sim")
        driver.send("reclamou que a comida estava fria")
        assert driver.state.clinical_note == "reclamou que a comida estava fria"
        assert ReplyCode.QUESTION not in codes(driver)


class TestNoteFiller:
    @pytest.mark.parametrize(
        ("text", "note"),
        (
            ("obs: paciente dormiu bem", "paciente dormiu bem"),
            ("Obs. paciente dormiu bem", "paciente dormiu bem"),
            ("nota: paciente tranquilo", "paciente tranquilo"),
            ("anota ai: paciente recusou o almoço", "paciente recusou o almoço"),
            ("anota aí que a paciente recusou o almoço", "a paciente recusou o almoço"),
            ("registra que a paciente tomou banho", "a paciente tomou banho"),
            ("pode anotar que ele evacuou", "ele evacuou"),
            ("paciente dormindo bjs", "paciente dormindo"),
            ("paciente tranquila, obrigada 😘", "paciente tranquila"),
            ("paciente bem 😊🙏", "paciente bem"),
        ),
    )
    def test_requests_to_write_and_sign_offs_are_cut(self, text: str, note: str) -> None:
        assert note_saved_for(text) == note

    @pytest.mark.parametrize(
        ("text", "note"),
        (
            ("obs: acabaram as luvas", "acabaram as luvas"),
            ("pode registrar que acabou a fralda, bjs", "acabou a fralda"),
        ),
    )
    def test_an_operational_note_is_cut_the_same_way(self, text: str, note: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert operational_notes(driver) == [note]

    @pytest.mark.parametrize("text", ("ok", "blz", "kkk", "kkkkk", "👍", "😊", "ok obrigada", "obs:"))
    def test_junk_is_never_written(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(f"{VITALS_ONLY} paciente bem")
        driver.send("sim")
        driver.send(text)
        assert len(driver.calls) == 1 and driver.state.clinical_note is None, text


class TestBurstsDoNotAskTwice:
    def test_arrival_greeting_and_observation_one_after_the_other(self) -> None:
        """ "cheguei", "bom dia", "paciente dormindo": presence confirmed once, never asked."""
        driver = Driver(SHIFT_A)
        for text in ("cheguei", "bom dia", "paciente dormindo"):
            driver.send(text)
        replies = [reply for _, reply in driver.answers]
        assert not any("confirma presença" in reply for reply in replies)
        assert presence_calls(driver) == ["confirmado"] and driver.state.clinical_note == "paciente dormindo"

    @pytest.mark.parametrize("courtesy", ("bom dia", "tudo bem?", "obrigada", "oi, boa noite", "Deus abençoe"))
    def test_courtesy_right_after_the_presence_question_points_at_it(self, courtesy: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.later(timedelta(seconds=20))  # the next turn: the question was sent
        driver.send(courtesy)
        assert codes(driver)[-1] == ReplyCode.ANSWER_AWAITED, courtesy
        assert "confirma presença" not in driver.reply and "Não entendi" not in driver.reply, courtesy
        driver.send("sim")
        assert presence_calls(driver) == ["confirmado"], courtesy

    def test_courtesy_at_the_cancellation_question_points_at_it(self) -> None:
        driver = Driver(SHIFT_A)
        driver.send("não vou poder ir")
        driver.later(timedelta(seconds=20))
        driver.send("bom dia")
        assert codes(driver) == [ReplyCode.GREETING, ReplyCode.ANSWER_AWAITED] and driver.calls == []

    def test_courtesy_in_the_same_turn_as_the_question_repeats_it(self) -> None:
        """Stepped at the question's own `now` (one burst), courtesy keeps the question whole: only the
        last prompt of a burst is sent, so a pointer would hide the question."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send("bom dia")
        assert codes(driver) == [ReplyCode.PRESENCE_QUESTION]


class TestSteppingOutIsNews:
    @pytest.mark.parametrize(
        "text", ("vou sair 10 min", "vou dar uma saidinha rapida", "saí por 10 minutos pra comprar pão", "já voltei")
    )
    def test_a_short_absence_is_an_operational_note(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert operational_notes(driver) == [text] and codes(driver) == [ReplyCode.OPERATIONAL_SAVED], text

    def test_a_short_absence_keeps_the_staged_measurement(self) -> None:
        driver = Driver(SHIFT_B)
        driver.send(MEASUREMENT)
        driver.send("vou sair 10 min")
        assert codes(driver) == [ReplyCode.OPERATIONAL_SAVED, ReplyCode.CLINICAL_CONFIRMATION]
        driver.send("sim")
        assert [c["operationalNote"] for c in driver.calls_of(ActionKind.UPDATE_CLINICAL)] == [True, False]


class TestCancelWishesNeedGoing:
    @pytest.mark.parametrize(
        "text",
        ("nao vou conseguir ir, meu filho ficou doente", "nao vou conseguir vir hoje", "não vou, tive um imprevisto"),
    )
    def test_not_coming_is_a_cancel_wish(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert codes(driver) == [ReplyCode.CANCEL_QUESTION], text

    def test_not_leaving_is_news_kept_whole(self) -> None:
        """ "não consigo ir embora, a rendição atrasou": no cancellation; one operational note, whole."""
        driver = Driver(SHIFT_B)
        driver.send("não consigo ir embora, a rendição atrasou")
        assert operational_notes(driver) == ["não consigo ir embora, a rendição atrasou"]


class TestSmallTalkIsAnswered:
    @pytest.mark.parametrize("text", ("🙏", "❤️", "🙏🙏🙏", "😊", "tchau", "até amanhã", "bom descanso"))
    def test_courtesy_emoji_and_farewells_are_thanked(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert codes(driver) == [ReplyCode.THANKS] and driver.calls == [], text

    @pytest.mark.parametrize("text", ("td certo", "tudo ok", "td joia?"))
    def test_small_talk_is_a_greeting(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert codes(driver)[0] == ReplyCode.GREETING and driver.state.clinical_note is None, text

    @pytest.mark.parametrize(
        "text", ("vou mandar daqui a pouco", "vou mandar os sinais daqui a pouco", "vou te passar depois")
    )
    def test_sending_later_is_waited_for(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert codes(driver) == [ReplyCode.WAITING], text

    @pytest.mark.parametrize("text", ("estou voltando", "voltei"))
    def test_coming_back_is_news(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert operational_notes(driver) == [text], text
