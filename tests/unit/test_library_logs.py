"""Log lines of the libraries (stdlib `logging`: the HTTP servers, asyncio, botocore) come out as
our own do: one line in the configured format, with the level and the logger, redacted."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import structlog

from orchestrator.logs import configure_logging
from orchestrator.settings import LogFormat, Settings


@contextmanager
def _json_logs() -> Iterator[None]:
    """JSON logging on the current stderr (capsys's, once the test runs), undone afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    configure_logging(Settings(_env_file=None, log_format=LogFormat.JSON))
    try:
        yield
    finally:
        structlog.reset_defaults()
        root.handlers, root.level = handlers, level


def test_a_library_error_is_one_redacted_json_line(capsys: pytest.CaptureFixture[str]) -> None:
    """asyncio's "Task exception was never retrieved" and its traceback were several plain-text
    lines: unreadable by the WorkerErrors metric filter (`$.level = "error"`), and the phone in the
    exception's message was printed as is."""
    with _json_logs():
        try:
            raise ValueError("no schedule for 5511999990001")
        except ValueError:
            logging.getLogger("asyncio").error("Task exception was never retrieved", exc_info=True)
    (line,) = capsys.readouterr().err.strip().splitlines()
    entry = json.loads(line)
    assert (entry["level"], entry["logger"], entry["event"]) == (
        "error",
        "asyncio",
        "Task exception was never retrieved",
    )
    assert "ValueError" in entry["exception"]
    assert "5511999990001" not in line


def test_library_info_stays_below_the_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    """Libraries speak from WARNING up (their INFO is chatter), as before."""
    with _json_logs():
        logging.getLogger("botocore.credentials").info("Found credentials in environment variables.")
        logging.getLogger("uvicorn.error").warning("Invalid HTTP request received.")
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert json.loads(line)["event"] == "Invalid HTTP request received."
