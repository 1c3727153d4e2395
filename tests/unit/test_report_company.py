"""Family named as company in a report answer is what the patient did, not administrative news."""

from __future__ import annotations

import pytest

from orchestrator.machine import Topic
from tests.shifts import SHIFT_C
from tests.unit.driver import Driver

ANSWERS_BEFORE_ACTIVITIES = ("comeu bem", "normal", "dormiu bem", "tranquilo", "tomou tudo")


def asked_for_activities() -> Driver:
    driver = Driver(SHIFT_C)
    driver.send("finalizar")
    for answer in ANSWERS_BEFORE_ACTIVITIES:
        driver.send(answer)
    assert "*atividades*" in driver.reply
    return driver


@pytest.mark.parametrize(
    "answer",
    (
        "assistiu tv e conversou com a filha",
        "brincou com os netos e tomou sol",
        "fez fisioterapia e jogou baralho com o marido",
        "conversou bastante com sua filha",
    ),
)
def test_an_activity_with_family_stays_in_activities(answer: str) -> None:
    """ "assistiu tv e conversou com a filha" had split: "conversou com a filha" became the
    administrative information, and that topic was never asked."""
    driver = asked_for_activities()
    driver.send(answer)
    topics = driver.state.topics
    assert topics.get(Topic.ACTIVITIES) == answer
    assert topics.get(Topic.ADMINISTRATIVE) is None


@pytest.mark.parametrize(
    "answer",
    ("a filha ligou pedindo pra trocar o horário", "a família pediu pra comprar fralda", "o marido reclamou da escala"),
)
def test_news_from_the_family_is_still_administrative(answer: str) -> None:
    driver = Driver(SHIFT_C)
    driver.send("finalizar")
    driver.send(f"comeu bem. {answer}")
    assert driver.state.topics.get(Topic.ADMINISTRATIVE) is not None
