"""README's command table matches the parser: every option a command has is documented, and no
documented option is one the command lacks (issue: the table had drifted from `--help`)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from orchestrator.cli_parser import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"
_OPTION = re.compile(r"--[a-z][a-z-]*")
_ROW = re.compile(r"^\| `orchestrator (?P<command>[a-z-]+)(?P<rest>.*?)` \|", re.MULTILINE)


def _options(parser: argparse.ArgumentParser) -> set[str]:
    """The long options of a command and of its actions (dlq's list, show, ...), without --help."""
    found: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _options(sub)
        found |= {option for option in action.option_strings if option.startswith("--") and option != "--help"}
    return found


def _commands() -> dict[str, argparse.ArgumentParser]:
    (subparsers,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(subparsers.choices)


def _documented() -> dict[str, set[str]]:
    section = README.read_text().split("## Commands", 1)[1].split("\n## ", 1)[0]
    return {match["command"]: set(_OPTION.findall(match["rest"])) for match in _ROW.finditer(section)}


def test_every_command_has_a_row() -> None:
    """Each command of `orchestrator --help` has its row in README's command table."""
    assert set(_documented()) == set(_commands())


@pytest.mark.parametrize("command", sorted(_commands()))
def test_the_row_lists_exactly_the_commands_options(command: str) -> None:
    """The options in README's row are those `orchestrator <command> --help` shows."""
    assert _documented().get(command, set()) == _options(_commands()[command])
