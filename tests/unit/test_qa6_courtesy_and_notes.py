"""QA round 6 on the conversation, courtesy and notes: thanks at the substitute list, blessings, help
abbreviations, note filler and explanations, stepping out, small talk; each with several phrasings."""

from __future__ import annotations

import pytest

from orchestrator.machine import ReplyCode
from orchestrator.models import ActionKind
from tests.shifts import SHIFT_A, SHIFT_B, SHIFT_C, SHIFT_E
from tests.unit.driver import Driver, shift


def codes(driver: Driver) -> list[str]:
    return [part.code for part in driver.transitions[-1].parts]


def presence_calls(driver: Driver) -> list[str]:
    return [payload["responseValue"] for payload in driver.calls_of(ActionKind.UPDATE_SCHEDULE)]


def operational_notes(driver: Driver) -> list[str]:
    return [c["clinicalNote"] for c in driver.calls_of(ActionKind.UPDATE_CLINICAL) if c["operationalNote"]]


MEASUREMENT = "PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo"


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
    "como que faz", "e agora?", "socorro", "o que faço agora?", "oq é pra fazer", "ajudaaa",
)  # fmt: skip


class TestHelpAbbreviations:
    @pytest.mark.parametrize("text", HELP_ASKS)
    def test_help_on_a_confirmed_shift(self, text: str) -> None:
        driver = Driver(SHIFT_B)
        driver.send(text)
        assert codes(driver) == [ReplyCode.HELP] and driver.calls == [], text

    def test_not_managing_on_a_confirmed_shift_gets_help(self) -> None:
        """ "não tô conseguindo" once presence is settled is about the bot (at the presence question it is a no)."""
        driver = Driver(SHIFT_B)
        driver.send("nao to conseguindo")
        assert codes(driver) == [ReplyCode.HELP]

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
            ("Obs.: paciente agitado à noite 🙏", "paciente agitado à noite"),
            ("por favor registra que ela recusou a janta", "ela recusou a janta"),
            ("coloca ai que ela tomou banho", "ela tomou banho"),
        ),
    )
    def test_requests_to_write_and_sign_offs_are_cut(self, text: str, note: str) -> None:
        assert note_saved_for(text) == note

    @pytest.mark.parametrize(
        ("text", "note"),
        (
            ("obs: acabaram as luvas", "acabaram as luvas"),
            ("pode registrar que acabou a fralda, bjs", "acabou a fralda"),
            ("favor registrar que faltou luz", "faltou luz"),
            ("OBS - a filha visitou hoje 😊", "a filha visitou hoje"),
            ("registra ai que a fisio veio", "a fisio veio"),
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
