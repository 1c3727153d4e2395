"""QA round 6 on the conversation, presence and answers: presence from the first message, lateness, cancel
wishes, a question is never a yes, yes and no words, bursts; each with several phrasings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from orchestrator.machine import ReplyCode, expectation_of
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C
from tests.unit.driver import Driver, shift


def codes(driver: Driver) -> list[str]:
    return [part.code for part in driver.transitions[-1].parts]


def presence_calls(driver: Driver) -> list[str]:
    return [payload["responseValue"] for payload in driver.calls_of(ActionKind.UPDATE_SCHEDULE)]


def operational_notes(driver: Driver) -> list[str]:
    """The operational notes written, as said (two remarks of one message are written "a; b")."""
    written = driver.calls_of(ActionKind.UPDATE_CLINICAL)
    return [c["clinicalNote"].replace("; ", ", ") for c in written if c["operationalNote"]]


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
    "to no onibus",
    "peguei transito",
    "preso no transito, chego em 20 min",
    "bom dia cheguei",
    "boa noite sim",
    "chegamos",
    "to na porta",
    "to subindo",
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
    "vou chegar 20 min atrasada",
    "não vou conseguir chegar no horário, vou atrasar",
    "nao consigo chegar as 8",
    "ainda não cheguei mas to indo",
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
    @pytest.mark.parametrize(
        "text",
        (
            *CANCEL_WISHES,
            "tive uma emergencia familiar",
            "estou com covid",
            "tô internada",
            "minha filha está doente, não tenho com quem deixar",
            "infelizmente não",
        ),
    )
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


MEASUREMENT = "PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo"
ASKED_BACK = (
    "posso confirmar?", "é pra confirmar?", "sim?", "confirmo?", "ok?", "pode ser?", "preciso confirmar?",
    "é isso mesmo?", "certo?",
)  # fmt: skip


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

    @pytest.mark.parametrize("text", ("posso ir de uniforme?", "posso levar meu filho?"))
    def test_a_real_question_with_a_yes_word_is_answered_as_a_question(self, text: str) -> None:
        """ "posso ..." about something else: no yes, the question reply, and the presence question again."""
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(text)
        assert driver.calls == [] and codes(driver) == [ReplyCode.QUESTION, ReplyCode.PRESENCE_QUESTION], text

    @pytest.mark.parametrize("text", ("posso enviar?", "sim?", "pode mandar?", "confirmo?"))
    def test_at_the_report_summary_nothing_is_sent(self, text: str) -> None:
        driver = Driver(SHIFT_C)
        driver.send("comeu bem no almoço, bebeu bastante água, dormiu a tarde toda")
        driver.send(
            "evacuou normal, urina clara; calmo; tomou losartana às 14h; fez fisioterapia; sem intercorrências; "
            "filha visitou"
        )
        assert codes(driver) == [ReplyCode.REPORT_CONFIRMATION]
        driver.send(text)
        assert driver.calls_of(ActionKind.UPDATE_SUMMARY) == [] and codes(driver) == [ReplyCode.REPORT_CONFIRMATION], (
            text
        )
        driver.send("sim")
        assert len(driver.calls_of(ActionKind.UPDATE_SUMMARY)) == 1, text

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
    "Confirmar", "confirmar presença",
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


class TestAYesWhileTheReportIsCollected:
    @pytest.mark.parametrize("text", ("confirmar", "sim", "pode ser"))
    def test_answers_no_topic(self, text: str) -> None:
        """A yes while a report topic is asked is no answer to it: the topic is asked again."""
        driver = Driver(SHIFT_C)
        driver.send("comeu bem")
        driver.send(text)
        assert len(driver.state.topics.given) == 1 and codes(driver) == [ReplyCode.TOPIC_REASK], text


class TestPuttingOffIsNoPresence:
    @pytest.mark.parametrize("text", ("mais tarde eu vejo", "talvez mais tarde", "depois te respondo"))
    def test_at_the_presence_question_nothing_is_confirmed(self, text: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(text)
        assert driver.calls == [] and codes(driver)[-1] in (ReplyCode.PRESENCE_QUESTION, ReplyCode.PRESENCE_REASK), text

    @pytest.mark.parametrize("text", ("chego mais tarde", "vou mais tarde", "um pouco atrasada"))
    def test_coming_later_is_coming(self, text: str) -> None:
        driver = Driver(SHIFT_A)
        driver.send("oi")
        driver.send(text)
        assert presence_calls(driver) == ["confirmado"], text
