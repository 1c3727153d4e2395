"""`orchestrator chat` as a process, against an ingress that answers as the real one does when it is
busy: the admin conversation view is rate-limited (120 requests a minute per client, then 429 with
`Retry-After`), and `chat` reads every reply through it, polling several times a second.

The stand-in below is a real HTTP server speaking the ingress's routes; only its answers are
scripted, so each test sets up exactly the busy moment it is about.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from orchestrator.exits import ExitCode

PHONE = "5511900000002"
ADMIN = "admin-token"
REPLY = "Olá! Pode mandar os sinais vitais."


@dataclass
class ScriptedIngress:
    """`/webhook/ingest` accepts; each message is answered in the conversation view by one bot turn.
    `busy` answers with that status (and `Retry-After: 1`) to the next N conversation reads."""

    url: str = ""
    busy: list[int] = field(default_factory=list)
    received: list[dict[str, object]] = field(default_factory=list)
    turns: list[dict[str, object]] = field(default_factory=list)
    reads: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _handler(ingress: ScriptedIngress) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: object) -> None:  # keep the test output clean
            return

        def _send(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(raw)

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with ingress.lock:
                ingress.received.append(body)
                at = 1_000 + 10 * len(ingress.turns)
                ingress.turns.append(
                    {"at_ms": at, "role": "user", "text": body["text"], "message_id": body["message_id"]}
                )
                ingress.turns.append({"at_ms": at + 1, "role": "bot", "text": REPLY, "message_id": body["message_id"]})
            self._send(202, {"status": "accepted", "session_id": PHONE, "idempotency_key": body["message_id"]})

        def do_GET(self) -> None:
            assert self.headers["Authorization"] == f"Bearer {ADMIN}"
            with ingress.lock:
                ingress.reads += 1
                status = ingress.busy.pop(0) if ingress.busy else 200
                turns = list(ingress.turns)
            if status == 429:
                detail = "more than 120 requests in 60 s from this client; retry in 1 s"
                self._send(429, {"error": "rate_limited", "detail": detail}, {"Retry-After": "1"})
            elif status == 503:
                detail = "DynamoDB/SQS did not answer within 5 s; retry"
                self._send(503, {"error": "aws_unavailable", "detail": detail}, {"Retry-After": "1"})
            elif status != 200:
                self._send(status, {"error": "internal_error"})
            else:
                self._send(200, {"session_id": PHONE, "turns": turns})

    return Handler


@pytest.fixture
def ingress() -> Iterator[ScriptedIngress]:
    scripted = ScriptedIngress()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(scripted))
    scripted.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield scripted
    server.shutdown()
    server.server_close()


def _chat(ingress: ScriptedIngress, lines: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    keep = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    return subprocess.run(
        [sys.executable, "-m", "orchestrator.cli", "chat", "--phone", f"+{PHONE}", "--url", ingress.url],
        input=lines,
        env=keep | {"ADMIN_TOKEN": ADMIN, "XDG_STATE_HOME": str(tmp_path / "state")},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class TestBusyIngress:
    def test_a_rate_limited_conversation_view_is_waited_out(self, ingress: ScriptedIngress, tmp_path: Path) -> None:
        """The admin view's 429 (chat's own polling can spend the 120 a minute while a worker is slow)
        is waited out as its Retry-After says, and the reply is printed. It was a traceback ending in
        `httpx.HTTPStatusError: Client error '429 Too Many Requests'`, and the session was over."""
        ingress.busy = [200, 429, 429]  # the first read (where the conversation stands) passes
        done = _chat(ingress, "oi\n/sair\n", tmp_path)
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode == ExitCode.OK, done.stderr
        assert f"bot › {REPLY}" in done.stdout
        assert "rate" in done.stdout.lower()  # the wait is explained, once

    def test_rate_limited_from_the_start(self, ingress: ScriptedIngress, tmp_path: Path) -> None:
        """The very first read (before anything is typed) may meet the limit too."""
        ingress.busy = [429]
        done = _chat(ingress, "oi\n/sair\n", tmp_path)
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode == ExitCode.OK, done.stderr
        assert f"bot › {REPLY}" in done.stdout

    def test_aws_unavailable_behind_the_view_is_retried(self, ingress: ScriptedIngress, tmp_path: Path) -> None:
        """503 `aws_unavailable` (DynamoDB did not answer the admin read in 5 s) says retry: chat does."""
        ingress.busy = [200, 503]
        done = _chat(ingress, "oi\n/sair\n", tmp_path)
        assert "Traceback" not in done.stderr, done.stderr
        assert f"bot › {REPLY}" in done.stdout

    def test_an_error_of_the_view_is_one_line(self, ingress: ScriptedIngress, tmp_path: Path) -> None:
        """Any other answer (a 500) ends chat with one line naming the status, not a traceback."""
        ingress.busy = [200, 500]
        done = _chat(ingress, "oi\n/sair\n", tmp_path)
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode == ExitCode.FAILED
        (line,) = done.stderr.strip().splitlines()
        assert line.startswith("orchestrator chat: ") and "500" in line


class TestChatCommands:
    def test_audio_without_words_is_not_sent_as_text(self, ingress: ScriptedIngress, tmp_path: Path) -> None:
        """`/audio` alone shows how to use it; it was sent to the bot as the caregiver's text
        "/audio" (and the demo stack saved it as a clinical note)."""
        done = _chat(ingress, "/audio\n/sair\n", tmp_path)
        assert done.returncode == ExitCode.OK, done.stderr
        assert ingress.received == []
        assert "/audio <" in done.stdout

    def test_an_unknown_command_is_not_sent_as_text(self, ingress: ScriptedIngress, tmp_path: Path) -> None:
        """A mistyped command (`/foo`, `/audo ...`) is refused locally with the commands there are,
        never sent to the bot as something the caregiver said."""
        done = _chat(ingress, "/foo\n/audo FC 80\n/sair\n", tmp_path)
        assert done.returncode == ExitCode.OK, done.stderr
        assert ingress.received == []
        assert done.stdout.count("unknown command") == 2
        assert "/sair" in done.stdout

    def test_plain_text_still_goes(self, ingress: ScriptedIngress, tmp_path: Path) -> None:
        done = _chat(ingress, "PA 12/8\n/sair\n", tmp_path)
        assert [message["text"] for message in ingress.received] == ["PA 12/8"]
        assert f"bot › {REPLY}" in done.stdout
