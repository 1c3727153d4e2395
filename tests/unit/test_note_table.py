"""The exact notes written from realistic mixed messages (tests/unit/note_table.py)."""

from __future__ import annotations

import pytest

from orchestrator.machine import read_rules
from tests.unit.note_table import NOTE_ROWS, NoteRow, written


class TestNoteTable:
    def test_the_table_is_large_and_covers_every_kind(self) -> None:
        """At least 60 messages, several of each kind (vitals with a remark, remark alone, question,
        greeting, correction, vitals with an operational remark)."""
        kinds = {row.kind for row in NOTE_ROWS}
        assert len(NOTE_ROWS) >= 60
        assert kinds >= {"vitals+remark", "vitals+operational", "remark", "question", "greeting", "correction"}
        assert all(sum(row.kind == kind for row in NOTE_ROWS) >= 5 for kind in kinds)

    @pytest.mark.parametrize("row", NOTE_ROWS, ids=lambda row: f"{row.kind}:{row.text[:40]}")
    def test_exact_notes(self, row: NoteRow) -> None:
        """The clinical note and the operational note are exactly the caregiver's own remark, or None."""
        assert written(read_rules(row.text, row.expectation)) == (row.note, row.operational)
