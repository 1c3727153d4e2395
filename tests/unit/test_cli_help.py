"""`orchestrator --help` and every command's help explain themselves (issue 14)."""

from __future__ import annotations

import argparse

import pytest

from orchestrator.cli import build_parser
from orchestrator.exits import ExitCode


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, argparse.ArgumentParser]:
    """Every command and dlq action, by its full name (`dlq list`)."""
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[f"{prefix}{name}"] = sub
                found |= _commands(sub, f"{prefix}{name} ")
    return found


COMMANDS = _commands(build_parser())


def test_the_commands_are_all_there() -> None:
    """The SPEC section 9 commands and the dlq actions."""
    assert set(COMMANDS) == {
        "dev", "chat", "demo-backend", "init", "ingress", "worker",
        "dlq", "dlq list", "dlq show", "dlq redrive", "dlq delete", "dlq purge",
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_has_a_description_and_an_example(name: str) -> None:
    """`orchestrator <command> --help` opens with what it does and ends with a runnable example of it."""
    help_text = COMMANDS[name].format_help()
    description = COMMANDS[name].description or ""
    assert len(description.split(".")[0]) > 10
    example = help_text.split("example:\n", 1)[1].strip()
    assert f"orchestrator {name}" in example


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_defaults_are_shown(name: str) -> None:
    """Every option with a default value says it in its help line."""
    for action in COMMANDS[name]._actions:
        if action.option_strings and action.default not in (None, False, [], argparse.SUPPRESS):
            assert "(default: " in (COMMANDS[name]._get_formatter()._get_help_string(action) or ""), action.dest


def test_top_level_help_lists_exit_codes_and_version() -> None:
    """`orchestrator --help` has examples, every exit code, and `--version`."""
    help_text = build_parser().format_help()
    assert "examples:" in help_text and "--version" in help_text
    for code in ExitCode:
        assert f"\n  {code.value}  " in help_text
