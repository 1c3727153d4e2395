"""The rule layer on a table of realistic caregiver messages (tests/unit/utterances.py)."""

from __future__ import annotations

import pytest

from orchestrator.machine import read_rules
from tests.unit.utterance_kit import Utterance, check
from tests.unit.utterances import UTTERANCES


class TestUtteranceTable:
    def test_the_table_is_large_and_covers_every_intent(self) -> None:
        """At least 150 utterances, several per intent."""
        intents = {utterance.intent for utterance in UTTERANCES}
        assert len(UTTERANCES) >= 150
        assert all(sum(u.intent == intent for u in UTTERANCES) >= 2 for intent in intents)

    @pytest.mark.parametrize("utterance", UTTERANCES, ids=lambda u: f"{u.intent}:{u.text[:40]}")
    def test_rules_understand(self, utterance: Utterance) -> None:
        """The rule layer reads the facts the utterance carries."""
        reading = read_rules(utterance.text, utterance.expectation)
        assert check(reading, utterance.want) == []
