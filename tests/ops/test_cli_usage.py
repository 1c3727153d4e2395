"""Usage errors of the `orchestrator` command: one line naming the option or setting and what it
accepts, with the documented exit code, never a traceback.

The argument cases run the real entry point (`orchestrator.cli.main`) with the argv an operator
would type: parsing refuses them before any setting is read or AWS is called. The environment
cases run the command as a process in a bare environment. No server is needed.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from botocore.exceptions import ClientError

from orchestrator import cli
from orchestrator.cli import main
from orchestrator.cli_parser import build_parser
from orchestrator.errors import StoreError
from orchestrator.exits import ExitCode


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run `orchestrator <argv>`; assert exit 2 and return its single stderr line."""
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == ExitCode.CONFIGURATION
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


class TestNumericOptions:
    @pytest.mark.parametrize(
        ("argv", "option", "allowed"),
        [
            (["dlq", "list", "--limit", "0"], "--limit", "from 1 to 100000"),
            (["dlq", "list", "--limit", "-5"], "--limit", "from 1 to 100000"),
            (["dlq", "list", "--limit", "abc"], "--limit", "from 1 to 100000"),
            (["dlq", "list", "--limit", "99999999999999999999"], "--limit", "from 1 to 100000"),
            (["worker", "--concurrency", "0"], "--concurrency", "from 1 to 1024"),
            (["worker", "--concurrency", "-1"], "--concurrency", "from 1 to 1024"),
            (["worker", "--metrics-port", "70000"], "--metrics-port", "from 1 to 65535"),
            (["ingress", "--port", "-1"], "--port", "from 1 to 65535"),
            (["ingress", "--port", "70000"], "--port", "from 1 to 65535"),
            (["ingress", "--workers", "0"], "--workers", "from 1 to 64"),
            (["dev", "--port", "65536"], "--port", "from 1 to 65535"),
            (["dev", "--concurrency", "2000"], "--concurrency", "from 1 to 1024"),
            (["demo-backend", "--port", "99999"], "--port", "from 1 to 65535"),
        ],
    )
    def test_out_of_range_names_the_option_and_its_range(
        self, argv: list[str], option: str, allowed: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Zero, negative, non-numeric or huge: exit 2, one line with the option and the allowed range
        (a port out of range used to be an OverflowError traceback from the port check)."""
        line = _refused(argv, capsys)
        assert f"argument {option}: expected a whole number {allowed}, got {argv[-1]!r}" in line
        assert line.startswith(f"orchestrator {' '.join(argv[:-2])}: ")

    def test_values_at_the_bounds_are_accepted(self) -> None:
        """The ends of each range parse."""
        parser = build_parser()
        assert parser.parse_args(["dlq", "list", "--limit", "100000"]).limit == 100_000
        assert parser.parse_args(["worker", "--concurrency", "1", "--metrics-port", "65535"]).concurrency == 1
        assert parser.parse_args(["ingress", "--port", "1", "--workers", "64"]).workers == 64


class TestSessionOption:
    @pytest.mark.parametrize("value", ["abc", "123", "ana@example.com", "+55 11"])
    def test_a_session_that_is_no_phone_is_refused(self, value: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`dlq redrive --session <not a phone>` used to move nothing and exit 0; now exit 2 with the format."""
        line = _refused(["dlq", "redrive", "--session", value], capsys)
        assert line.startswith("orchestrator dlq redrive: argument --session: ")
        assert f"{value!r} is not a session id" in line
        assert "e.g. +5511900000002 or 5511900000002" in line

    def test_a_phone_as_typed_is_the_session_id(self) -> None:
        """`+55 (11) 99999-0001` selects the session `5511999990001`."""
        args = build_parser().parse_args(["dlq", "redrive", "--session", "+55 (11) 99999-0001"])
        assert args.session == ["5511999990001"]


class TestChatUrl:
    @pytest.mark.parametrize("value", ["notaurl", "localhost:8000", "ftp://h", "http://h:99999"])
    def test_a_url_that_is_no_url_is_refused(self, value: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`chat --url localhost:8000` (no scheme): exit 2 with the expected form (it went on and
        blamed a missing admin token)."""
        line = _refused(["chat", "--phone", "+5511900000002", "--url", value], capsys)
        assert line.startswith(f"orchestrator chat: argument --url: {value!r} is not a URL; give the ingress as ")


class TestUnknownArguments:
    def test_an_unknown_option_is_reported_by_its_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`dlq redrive --max 0` (no such option) points at `dlq redrive --help`, where the options are."""
        line = _refused(["dlq", "redrive", "--max", "0"], capsys)
        assert line == (
            "orchestrator dlq redrive: unrecognized arguments: --max 0 (see `orchestrator dlq redrive --help`)"
        )

    def test_an_unknown_action_lists_the_choices(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A typo in the action names the valid ones."""
        line = _refused(["dlq", "lst"], capsys)
        assert "invalid choice: 'lst'" in line and "'list'" in line and "'redrive'" in line


class TestHelp:
    @pytest.mark.parametrize("argv", [["dlq", "redrive"], ["worker"], ["ingress"], ["dlq", "list"]])
    def test_each_command_help_states_the_exit_codes(self, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        """`orchestrator <command> --help` ends with the exit codes, usage errors being 2."""
        with pytest.raises(SystemExit) as exited:
            main([*argv, "--help"])
        assert exited.value.code == 0
        out = capsys.readouterr().out
        assert "exit codes: 0 done, 1 failed while running, 2 bad argument or setting" in out


def _run(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`orchestrator <argv>` as a process in a bare environment plus `env` (no ~/.aws, no .env)."""
    base = {key: value for key, value in os.environ.items() if key in ("PATH", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "orchestrator.cli", *argv],
        env=base | {"HOME": "/nonexistent"} | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd="/",  # no .env file
    )


KEYS = {"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x"}


class TestEnvironment:
    @pytest.mark.parametrize(
        ("env", "line"),
        [
            (
                {"AWS_ENDPOINT_URL": "http://127.0.0.1:notaport"},
                "orchestrator: invalid setting AWS_ENDPOINT_URL: 'http://127.0.0.1:notaport' is not an endpoint URL "
                "(the port must be a number from 1 to 65535)",
            ),
            (
                {"AWS_ENDPOINT_URL_SQS": "http://127.0.0.1:99999"},
                "orchestrator: invalid setting AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:99999' is not an endpoint URL "
                "(the port must be a number from 1 to 65535)",
            ),
            (
                {"AWS_REGION": "sa_east"},
                "orchestrator: invalid setting AWS_REGION: 'sa_east' is not an AWS region name "
                "(e.g. sa-east-1, us-east-1)",
            ),
            (
                {"LAMBDA_GET_SCHEDULE": "getScheduleStarted"},
                "orchestrator: invalid setting LAMBDA_GET_SCHEDULE: 'getScheduleStarted' is not a URL "
                "(expected http(s)://host[:port]/path)",
            ),
            (
                {"REPLY_WEBHOOK_URL": "n8n.local/webhook"},
                "orchestrator: invalid setting REPLY_WEBHOOK_URL: 'n8n.local/webhook' is not a URL "
                "(expected http(s)://host[:port]/path)",
            ),
            (
                {"TABLE_PREFIX": "prod/"},
                "orchestrator: invalid setting TABLE_PREFIX: 'prod/' cannot start a DynamoDB table name: "
                "use at most 235 letters, digits, '_', '-' or '.'",
            ),
        ],
    )
    def test_a_mistyped_setting_is_one_line_naming_it(self, env: dict[str, str], line: str) -> None:
        """A bad port in an endpoint URL was a ValueError traceback from botocore's signer; a bad
        region an `AWS refused` with exit 1; a bad prefix passed until the first table call; a
        backend or reply URL that is no URL let a worker start and fail every turn."""
        done = _run("dlq", "list", **KEYS, **env)
        assert (done.returncode, done.stderr.strip(), done.stdout) == (ExitCode.CONFIGURATION, line, "")

    @pytest.mark.parametrize("command", [["dlq", "list"], ["init"], ["ingress", "--host", "127.0.0.1"]])
    def test_an_unknown_aws_profile_says_what_to_check(self, command: list[str]) -> None:
        """AWS_PROFILE naming no profile: exit 3 (credentials), one line naming AWS_PROFILE (was exit 1,
        `AWS refused: The config profile (nope) could not be found`)."""
        done = _run(*command, AWS_PROFILE="nope", AWS_ENDPOINT_URL="http://127.0.0.1:9")
        assert done.returncode == ExitCode.UNREACHABLE
        assert done.stderr.strip() == (
            f"orchestrator {command[0]}: AWS_PROFILE=nope is not a profile of ~/.aws/config or ~/.aws/credentials; "
            "correct AWS_PROFILE or unset it (keys in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY also work)"
        )


class _NotAws(http.server.BaseHTTPRequestHandler):
    """Something that is not AWS listening where AWS_ENDPOINT_URL points (a web app on the port)."""

    def do_POST(self) -> None:
        self.send_response(501)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html>Unsupported method</html>")

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def not_aws() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotAws)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class TestAwsFailures:
    @pytest.mark.parametrize("command", ["dlq", "init"])
    def test_an_endpoint_that_is_not_aws_is_named(self, command: str, not_aws: str) -> None:
        """A web server at AWS_ENDPOINT_URL: exit 3 naming the endpoint and what to check (`init`
        ended in a StoreError traceback, `dlq list` printed the server's HTML page)."""
        argv = ["dlq", "list"] if command == "dlq" else ["init"]
        done = _run(*argv, AWS_ENDPOINT_URL=not_aws, **KEYS)
        assert done.returncode == ExitCode.UNREACHABLE
        assert done.stderr.strip() == (
            f"orchestrator {command}: {not_aws} (AWS_ENDPOINT_URL) answered HTTP 501, not as AWS does; "
            "is that the AWS endpoint's address and port?"
        )

    def test_an_unexpected_store_error_is_one_line(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A store error no command expects (here from `init`) ends in one line with AWS's code and
        message and exit 1, never a traceback."""
        refused = ClientError(
            {"Error": {"Code": "LimitExceededException", "Message": "too many tables"}}, "CreateTable"
        )

        def failing_init(*_: object) -> int:
            raise StoreError("dynamodb LimitExceededException") from refused

        monkeypatch.setitem(cli.COMMANDS, "init", failing_init)
        monkeypatch.setattr(cli, "configure_logging", lambda _: None)  # leave this process's logging alone
        assert cli.main(["init"]) == ExitCode.FAILED
        assert capsys.readouterr().err.strip() == (
            "orchestrator init: dynamodb LimitExceededException: LimitExceededException: too many tables"
        )
