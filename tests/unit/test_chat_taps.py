"""`orchestrator chat`: the buttons and rows a reply offered, shown numbered, and tapped by number or id."""

from __future__ import annotations

from orchestrator.devtools.chat import render_reply, tap_for

BUTTONS = ({"id": "yes", "title": "Sim"}, {"id": "no", "title": "Não"})
ROWS = ({"id": "choice-1", "title": "Maria Souza"}, {"id": "choice-none", "title": "Nenhum"})


def test_buttons_are_shown_numbered() -> None:
    turn = {"text": "Posso salvar?", "buttons": list(BUTTONS)}
    assert render_reply(turn) == "bot › Posso salvar?\n      [1] Sim  [2] Não"


def test_list_rows_are_shown_numbered() -> None:
    turn = {"text": "Quem pode cobrir?", "options": list(ROWS)}
    assert render_reply(turn) == "bot › Quem pode cobrir?\n      1. Maria Souza\n      2. Nenhum"


def test_a_number_or_an_id_taps() -> None:
    assert tap_for("2", BUTTONS) == BUTTONS[1]
    assert tap_for("choice-none", ROWS) == ROWS[1]


def test_anything_else_is_typed_text() -> None:
    assert tap_for("3", BUTTONS) is None
    assert tap_for("0", BUTTONS) is None
    assert tap_for("sim", BUTTONS) is None
    assert tap_for("1", ()) is None
