"""Every operator-facing failure is one line naming cause and fix, with its documented exit code.

The fault table (issue 14) runs each command as a real process in a bare environment (no AWS
keys, no ~/.aws, no instance metadata) with one fault each; the processes run concurrently, once
per module, and each row is asserted on its own. Before it: the refusals on bad settings.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from orchestrator.devtools.localaws import LOCAL_CREDENTIALS, MotoServer, free_port
from orchestrator.exits import ExitCode


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "orchestrator.cli", *args],
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class TestRefusals:
    @pytest.mark.parametrize("command", [["ingress", "--port", "1"], ["worker"], ["init"]])
    def test_production_without_secrets(self, command: list[str]) -> None:
        """ORCH_ENV=production without INGEST_TOKEN and ADMIN_TOKEN: no process starts."""
        done = _run(*command, ORCH_ENV="production")
        assert done.returncode == 2
        assert done.stderr.strip() == "orchestrator: ORCH_ENV=production requires INGEST_TOKEN, ADMIN_TOKEN to be set"

    def test_invalid_value_names_the_variable(self) -> None:
        """A value of the wrong type names its variable."""
        done = _run("init", MAX_RECEIVE_COUNT="many")
        assert done.returncode == 2
        assert done.stderr.startswith("orchestrator: invalid setting MAX_RECEIVE_COUNT:")

    def test_worker_without_backend_urls(self) -> None:
        """A production worker needs the backend contracts; it says which variables are missing."""
        done = _run("worker")
        assert done.returncode == 2
        assert "LAMBDA_GET_SCHEDULE" in done.stderr

    def test_dlq_without_endpoint_names_the_running_dev_stack(self, tmp_path: Path) -> None:
        """`orchestrator dlq list` typed without the banner's environment line while `make run` runs
        (its record in the state folder): the refusal gives that stack's AWS endpoint, still one line."""
        state = tmp_path / "state"
        folder = state / "whatsapp-orchestrator"
        folder.mkdir(parents=True)
        record = {"ingress_url": "http://127.0.0.1:8000", "admin_token": "t", "pid": os.getpid()}
        (folder / "dev-stack.json").write_text(json.dumps(record | {"aws_endpoint": "http://127.0.0.1:45955"}))
        bare = {"HOME": str(tmp_path), "XDG_STATE_HOME": str(state), "AWS_EC2_METADATA_DISABLED": "true"}
        done = _run("dlq", "list", **bare)
        assert done.returncode == ExitCode.UNREACHABLE
        assert done.stderr.count("\n") == 1
        assert "no AWS credentials found" in done.stderr
        assert "AWS_ENDPOINT_URL=http://127.0.0.1:45955 AWS_ACCESS_KEY_ID=local" in done.stderr
        (folder / "dev-stack.json").unlink()  # no stack: the plain refusal
        assert "make run" not in _run("dlq", "list", **bare).stderr


# -- the fault table ---------------------------------------------------------------------------------

PHONE = "+5511900000002"
LAMBDAS = {f"LAMBDA_{name}": "http://127.0.0.1:9/x" for name in (
    "GET_SCHEDULE", "UPDATE_SCHEDULE", "UPDATE_CLINICAL", "GET_NOTE_REPORT", "UPDATE_SUMMARY", "CREATE_SCHEDULE"
)}  # fmt: skip
KEYS = {"AWS_ACCESS_KEY_ID": LOCAL_CREDENTIALS["aws_access_key_id"], "AWS_SECRET_ACCESS_KEY": "local"}
# Hides moto from the process, as an install without the `dev` extra would.
WITHOUT_MOTO = "import sys; sys.modules['moto'] = None; from orchestrator.cli import main; sys.exit(main())"


@dataclass(frozen=True)
class Fault:
    """One row: a command, the fault in its environment, the exit code and what its line must say."""

    command: tuple[str, ...]
    env: dict[str, str]
    code: ExitCode
    says: tuple[str, ...]
    python: tuple[str, ...] = ("-m", "orchestrator.cli")


@dataclass
class Places:
    """Addresses the faults point at: a busy port, a closed one, one that never answers, moto."""

    busy: int
    closed: int
    silent: int
    moto: str
    sockets: list[socket.socket] = field(default_factory=list)


def _faults(at: Places) -> dict[str, Fault]:
    closed = {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{at.closed}"}
    not_answering = f"AWS is not answering at http://127.0.0.1:{at.closed} (AWS_ENDPOINT_URL): cannot connect"
    busy = f"port {at.busy} on 127.0.0.1 is already in use"
    no_keys = "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
    stack_down = f"the stack at http://127.0.0.1:{at.closed} is not answering; is `make run` running?"
    bad_url = "invalid setting AWS_ENDPOINT_URL: 'not-a-url' is not an endpoint URL (expected http(s)://host[:port])"
    return {
        "dev, busy port": Fault(("dev", "--port", str(at.busy)), {}, ExitCode.PORT_IN_USE, (busy, "--port N")),
        "ingress, busy port": Fault(
            ("ingress", "--host", "127.0.0.1", "--port", str(at.busy)), KEYS, ExitCode.PORT_IN_USE, (busy,)
        ),
        "worker, busy metrics port": Fault(
            ("worker", "--metrics-port", str(at.busy)), LAMBDAS | KEYS, ExitCode.PORT_IN_USE, ("--metrics-port N",)
        ),
        "init, endpoint refuses": Fault(("init",), closed | KEYS, ExitCode.UNREACHABLE, (not_answering,)),
        "init, endpoint never answers": Fault(
            ("init",),
            {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{at.silent}"} | KEYS,
            ExitCode.UNREACHABLE,
            (f"AWS is not answering at http://127.0.0.1:{at.silent}", "no answer within 5 s"),
        ),
        "worker, endpoint refuses": Fault(("worker",), closed | KEYS | LAMBDAS, ExitCode.UNREACHABLE, (not_answering,)),
        "dev, endpoint refuses": Fault(
            ("dev", "--port", str(at.closed)), closed | KEYS, ExitCode.UNREACHABLE, (not_answering,)
        ),
        "init, no credentials": Fault(("init",), closed, ExitCode.UNREACHABLE, (no_keys,)),
        "ingress, no credentials": Fault(
            ("ingress", "--host", "127.0.0.1", "--port", str(at.closed)), closed, ExitCode.UNREACHABLE, (no_keys,)
        ),
        "init, endpoint not a URL": Fault(
            ("init",), {"AWS_ENDPOINT_URL": "not-a-url"} | KEYS, ExitCode.CONFIGURATION, (bad_url,)
        ),
        "worker, no queue yet": Fault(
            ("worker",),
            {"AWS_ENDPOINT_URL": at.moto, "INBOUND_QUEUE_NAME": "never-created.fifo"} | KEYS | LAMBDAS,
            ExitCode.FAILED,
            ("queue never-created.fifo", "run `orchestrator init` first"),
        ),
        "chat, invalid phone": Fault(
            ("chat", "--phone", "abc"),
            {},
            ExitCode.CONFIGURATION,
            ("orchestrator chat: argument --phone: 'abc' is not a phone number", "e.g. +5511900000002"),
        ),
        "chat, stack down": Fault(
            ("chat", "--phone", PHONE, "--url", f"http://127.0.0.1:{at.closed}"),
            {"ADMIN_TOKEN": "t"},
            ExitCode.UNREACHABLE,
            (stack_down,),
        ),
        "chat, no stack and no admin token": Fault(
            ("chat", "--phone", PHONE), {}, ExitCode.CONFIGURATION, ("no admin token for http://127.0.0.1:8000",)
        ),
        "chat, missing --phone": Fault(
            ("chat",), {}, ExitCode.CONFIGURATION, ("the following arguments are required: --phone", "--help")
        ),
        "bad LOG_LEVEL": Fault(
            ("init",),
            {"LOG_LEVEL": "verbose"},
            ExitCode.CONFIGURATION,
            ("invalid setting LOG_LEVEL", "'DEBUG', 'INFO', 'WARNING', 'ERROR' or 'CRITICAL'"),
        ),
        "dev without the dev extra": Fault(
            ("dev", "--port", str(at.closed)),
            {},
            ExitCode.CONFIGURATION,
            ("needs moto, from the `dev` extra: pip install 'whatsapp-orchestrator[dev]'",),
            ("-c", WITHOUT_MOTO),
        ),
    }


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def places(moto_server: MotoServer) -> Iterator[Places]:
    """A port someone listens on, a port no one does, and one that accepts but never answers."""
    busy, silent = socket.socket(), socket.socket()
    for sock in (busy, silent):
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
    yield Places(busy.getsockname()[1], free_port(), silent.getsockname()[1], moto_server.endpoint, [busy, silent])
    busy.close()
    silent.close()


@pytest.fixture(scope="module")
def outcomes(places: Places, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every row run once, a few processes at a time (each imports the whole CLI)."""
    home = tmp_path_factory.mktemp("home")
    bare = {"PATH": os.environ["PATH"], "HOME": str(home), "XDG_STATE_HOME": str(home / "state")}
    # Never ask the instance metadata service for credentials: it is no address of this machine.
    bare |= {"AWS_EC2_METADATA_DISABLED": "true", "LANG": os.environ.get("LANG", "C.UTF-8")}
    slots = asyncio.Semaphore(4)

    async def run(fault: Fault) -> Outcome:
        async with slots:
            process = await asyncio.create_subprocess_exec(
                sys.executable, *fault.python, *fault.command, env=bare | fault.env, cwd=home,
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            out, err = await asyncio.wait_for(process.communicate(), timeout=60)
            assert process.returncode is not None
            return Outcome(process.returncode, out.decode(), err.decode())

    async def run_all(faults: dict[str, Fault]) -> dict[str, Outcome]:
        results = await asyncio.gather(*(run(fault) for fault in faults.values()))
        return dict(zip(faults, results, strict=True))

    return asyncio.run(run_all(_faults(places)))


ROWS = list(_faults(Places(1, 2, 3, "http://127.0.0.1:4")))


@pytest.mark.slow
# The first row pays for `outcomes` (every row's process, 4 at a time) in its setup, which
# pytest-timeout counts: minutes on a loaded machine. A bound, not a wait.
@pytest.mark.timeout(300)
@pytest.mark.parametrize("row", ROWS)
def test_one_line_and_the_documented_exit_code(row: str, places: Places, outcomes: dict[str, Outcome]) -> None:
    """The command prints exactly one line on stderr (nothing on stdout), naming the cause and the fix,
    and exits with the code `orchestrator --help` documents for that kind of failure."""
    fault, outcome = _faults(places)[row], outcomes[row]
    assert outcome.code == fault.code, outcome.stderr
    assert outcome.stdout == ""
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1, outcome.stderr
    assert lines[0].startswith(f"orchestrator {fault.command[0]}: ") or lines[0].startswith("orchestrator: ")
    for words in fault.says:
        assert words in lines[0]


def test_the_table_covers_every_exit_code_but_success() -> None:
    """Each documented failure code is exercised by some row."""
    codes = {fault.code for fault in _faults(Places(1, 2, 3, "http://127.0.0.1:4")).values()}
    assert codes == set(ExitCode) - {ExitCode.OK}


def test_help_lists_the_exit_codes() -> None:
    """`orchestrator --help` documents every exit code."""
    done = _run("--help")
    assert done.returncode == 0
    for code in ExitCode:
        assert f"\n  {code.value}  " in done.stdout


def test_version() -> None:
    """`orchestrator --version` prints the installed version."""
    done = _run("--version")
    assert done.returncode == 0
    assert done.stdout.startswith("orchestrator ") and done.stdout.strip() != "orchestrator unknown"
