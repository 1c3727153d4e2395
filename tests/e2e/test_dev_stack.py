"""`orchestrator dev` and `orchestrator chat` as a newcomer runs them: real processes, real HTTP.

Also the PHI check of SPEC section 10 on real output: after a whole conversation, the dev
process's logs hold no phone number, vital value or note text.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import uuid
from asyncio.subprocess import Process
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from orchestrator.devtools.localaws import MotoServer, free_port
from tests.faultproxy import FaultProxy

pytestmark = pytest.mark.slow

PHONE = "5511900000002"  # demo shift B: confirmed
TYPED_PHONE = "+55 (11) 90000-0002"
VITALS = "PA 137x89, FC 77, FR 19, sat 96%, temp 36,8, ar ambiente, paciente sonolento com tosse produtiva"
NOTE = "acabaram as luvas de procedimento"


@dataclass
class DevProcess:
    process: asyncio.subprocess.Process
    url: str
    admin_token: str
    cwd: Path
    environment: dict[str, str]
    banner: str = ""

    async def stderr_text(self) -> str:
        assert self.process.stderr is not None
        return (await self.process.stderr.read()).decode()


def _environment(state: Path) -> dict[str, str]:
    """Nothing configured; the user's state folder (where dev records the stack) is the test's own."""
    keep = ("PATH", "HOME", "LANG", "SYSTEMROOT")
    return {key: os.environ[key] for key in keep if key in os.environ} | {
        "LOG_FORMAT": "json",
        "XDG_STATE_HOME": str(state),
    }


async def start_dev(port: int, cwd: Path, environment: dict[str, str], *, stderr: int) -> tuple[Process, str]:
    """`orchestrator dev --port port` as a real process, once its banner is printed (killed if it
    never is): the process and the banner."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "orchestrator.cli", "dev", "--port", str(port),
        cwd=cwd, env=environment, stdout=asyncio.subprocess.PIPE, stderr=stderr,
    )  # fmt: skip
    assert process.stdout is not None
    banner = ""
    try:
        while "Ctrl-C stops everything." not in banner:
            line = await asyncio.wait_for(process.stdout.readline(), timeout=60)
            assert line, f"dev exited early: {banner}"
            banner += line.decode()
    except BaseException:
        process.kill()
        await process.wait()
        raise
    return process, banner


@pytest.fixture
async def dev(tmp_path: Path) -> AsyncIterator[DevProcess]:
    """`orchestrator dev` started from an empty folder with nothing configured."""
    port = free_port()
    environment = _environment(tmp_path / "state")
    (tmp_path / "work").mkdir()
    process, banner = await start_dev(port, tmp_path / "work", environment, stderr=asyncio.subprocess.PIPE)
    try:
        assert f"+{PHONE}" in banner and "curl" in banner
        stack = json.loads((tmp_path / "state" / "whatsapp-orchestrator" / "dev-stack.json").read_text())
        assert stack["ingress_url"] == f"http://127.0.0.1:{port}"
        yield DevProcess(process, stack["ingress_url"], stack["admin_token"], tmp_path, environment, banner)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), timeout=20)
            except TimeoutError:
                process.kill()
                await process.wait()


async def _reply_to(client: httpx.AsyncClient, admin: str, message_id: str, *, phone: str = PHONE) -> str:
    for _ in range(150):
        response = await client.get(
            f"/sessions/{phone}/conversation", params={"limit": 50}, headers={"Authorization": f"Bearer {admin}"}
        )
        for turn in response.json()["turns"]:
            if turn["role"] == "bot" and turn["message_id"] == message_id:
                return str(turn["text"])
        await asyncio.sleep(0.2)
    raise AssertionError(f"no reply to {message_id}")


class TestDevStack:
    async def test_conversation_over_http_and_clean_logs(self, dev: DevProcess) -> None:
        """Vitals, confirmation and an operational note through the running dev stack: each answered;
        SIGTERM stops it with exit 0 and removes its stack record (owner-only: it holds the admin
        token); its logs never show the phone, the vitals or the texts."""
        record = dev.cwd / "state" / "whatsapp-orchestrator" / "dev-stack.json"
        assert oct(record.stat().st_mode & 0o777) == "0o600"
        async with httpx.AsyncClient(base_url=dev.url, timeout=10) as client:
            for number, text in enumerate([VITALS, "pode salvar", NOTE], 1):
                message_id = f"e2e-{number}"
                body = {"message_id": message_id, "phoneNumber": TYPED_PHONE, "text": text}
                response = await client.post("/webhook/ingest", json=body)
                assert response.status_code == 202, response.text
                assert response.json()["session_id"] == PHONE
                reply = await _reply_to(client, dev.admin_token, message_id)
                assert reply
            state = await client.get(f"/sessions/{PHONE}/state", headers={"Authorization": f"Bearer {dev.admin_token}"})
            assert state.status_code == 200 and state.json()["version"] >= 3
            swagger = await client.get("/schema/swagger")  # the banner and README point newcomers there
            assert swagger.status_code == 200 and "swagger" in swagger.text.lower()
        dev.process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(dev.process.wait(), timeout=30) == 0
        assert not record.exists()
        logs = await dev.stderr_text()
        assert "turn_finished" in logs  # the logs are there to be searched
        for secret in (PHONE, "90000-0002", "137x89", "sonolento", "tosse produtiva", "luvas", "pode salvar"):
            assert secret not in logs, f"{secret!r} leaked into the logs"

    async def test_every_log_line_is_one_json_object(self, dev: DevProcess) -> None:
        """LOG_FORMAT=json means one JSON object per line (SPEC section 10), from the libraries too:
        a malformed HTTP request made the server log `uvicorn.error WARNING Invalid HTTP request
        received.` as plain text, which a JSON log pipeline (the WorkerErrors metric filter on
        `$.level`) cannot read, and which skipped the PHI redaction."""
        host, port = dev.url.removeprefix("http://").split(":")
        _, writer = await asyncio.open_connection(host, int(port))
        writer.write(b"GARBAGE\r\n\r\n")
        await writer.drain()
        await asyncio.sleep(0.5)
        writer.close()
        dev.process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(dev.process.wait(), timeout=30) == 0
        lines = (await dev.stderr_text()).splitlines()
        assert lines
        for line in lines:
            entry = json.loads(line)  # raises on a plain-text line
            assert {"event", "level", "timestamp"} <= set(entry), line
        (invalid,) = [json.loads(line) for line in lines if "Invalid HTTP request" in line]
        assert (invalid["level"], invalid["logger"]) == ("warning", "uvicorn.error")

    async def test_worker_metrics_are_served(self, dev: DevProcess) -> None:
        """The banner names the worker's metrics port; after an answered message it counts the turn
        (the ingress's /metrics has no worker series, so `make run` showed no turn, backend or DLQ
        counter anywhere)."""
        (worker_url,) = [line.split()[1] for line in dev.banner.splitlines() if line.strip().startswith("worker ")]
        async with httpx.AsyncClient(base_url=dev.url, timeout=10) as client:
            body = {"message_id": "e2e-metrics", "phoneNumber": TYPED_PHONE, "text": "como funciona?"}
            assert (await client.post("/webhook/ingest", json=body)).status_code == 202
            await _reply_to(client, dev.admin_token, "e2e-metrics")
            for _ in range(50):  # the turn's counters move just after its reply is stored
                metrics = (await client.get(worker_url)).text
                if 'orchestrator_turns_total{outcome="ok"} 1.0' in metrics:
                    break
                await asyncio.sleep(0.1)
            assert 'orchestrator_turns_total{outcome="ok"} 1.0' in metrics
            ready = await client.get(worker_url.removesuffix("/metrics") + "/readyz")
            assert ready.status_code == 200

    async def test_demo_reset_starts_the_conversations_afresh(self, dev: DevProcess) -> None:
        """After the demo backend's `POST /_reset` shift A asks for presence again: the session that
        confirmed it is forgotten with the calls (it stayed confirmed, the seeded shift's id unchanged,
        so a reset never gave the conversation back until `make run` restarted)."""
        (backend,) = [line.split()[1] for line in dev.banner.splitlines() if line.strip().startswith("backend ")]
        unconfirmed = "5511900000001"
        async with httpx.AsyncClient(base_url=dev.url, timeout=10) as client:

            async def say(message_id: str, text: str) -> str:
                body = {"message_id": message_id, "phoneNumber": unconfirmed, "text": text}
                assert (await client.post("/webhook/ingest", json=body)).status_code == 202
                return await _reply_to(client, dev.admin_token, message_id, phone=unconfirmed)

            assert "confirma presença" in await say("r-1", "bom dia")
            assert "confirmada" in await say("r-2", "sim")
            assert (await client.post(f"{backend}/_reset")).status_code == 200
            assert (await client.get(f"{backend}/_calls")).json() == {"calls": []}
            assert "confirma presença" in await say("r-3", "bom dia")

    async def test_chat_prints_replies(self, dev: DevProcess) -> None:
        """`orchestrator chat --phone`, started in another folder without --url, finds the running stack,
        sends each typed line through the ingress and prints the reply; `/audio <text>` is a voice
        note (a signed Meta webhook) the stack hears as <text> through its Graph/OpenAI stand-in."""
        elsewhere = dev.cwd / "elsewhere"
        elsewhere.mkdir()
        chat = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "orchestrator.cli", "chat", "--phone", f"+{PHONE}",
            cwd=elsewhere, env=dev.environment, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        lines = b"como funciona?\n/audio FC 80 e FR 18\n/sair\n"
        out, err = await asyncio.wait_for(chat.communicate(lines), timeout=60)
        assert chat.returncode == 0, err.decode()
        printed = out.decode()
        assert dev.url in printed
        assert "bot ›" in printed and "sinais vitais" in printed.lower()
        assert 'bot › 🎤 "FC 80 e FR 18"' in printed and "no reply yet" not in printed

    async def test_chat_with_url_signs_voice_notes_with_the_app_secret_setting(self, dev: DevProcess) -> None:
        """`chat --url` to a stack it did not record (another state folder, another machine), with
        ADMIN_TOKEN and WHATSAPP_APP_SECRET set as for the tokens: `/audio` is signed with that
        secret and heard (it said "/audio needs the stack `orchestrator dev` runs")."""
        recorded = json.loads((dev.cwd / "state" / "whatsapp-orchestrator" / "dev-stack.json").read_text())
        environment = dev.environment | {
            "XDG_STATE_HOME": str(dev.cwd / "other-state"),
            "ADMIN_TOKEN": dev.admin_token,
            "WHATSAPP_APP_SECRET": recorded["whatsapp_app_secret"],
        }
        chat = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "orchestrator.cli", "chat", "--phone", f"+{PHONE}", "--url", dev.url,
            cwd=dev.cwd, env=environment, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(chat.communicate(b"/audio FC 81\n/sair\n"), timeout=60)
        assert chat.returncode == 0, err.decode()
        assert 'bot › 🎤 "FC 81"' in out.decode(), out.decode()

    async def test_chat_shows_buttons_and_taps_by_number(self, dev: DevProcess) -> None:
        """A measurement's question is shown with its numbered buttons; typing "1" taps "Sim" (its id
        relayed to the worker), which saves the measurement."""
        chat = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "orchestrator.cli", "chat", "--phone", f"+{PHONE}",
            cwd=dev.cwd, env=dev.environment, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        lines = f"{VITALS}\n1\n/sair\n".encode()
        out, err = await asyncio.wait_for(chat.communicate(lines), timeout=90)
        assert chat.returncode == 0, err.decode()
        question, _, after = out.decode().partition("[1] Sim  [2] Não")
        assert "137x89" in question
        assert "salvos" in after.lower()


class TestDevStackWithoutAws:
    async def test_aws_going_away_stops_the_stack_with_one_line(self, tmp_path: Path, moto_server: MotoServer) -> None:
        """`dev` on an AWS endpoint that goes away (a restarted DynamoDB Local/ElasticMQ): once the
        worker's receive loop gives up, the whole stack stops with exit 1 and one line saying so. It
        kept the ingress up with no worker, acking every webhook with 202 and answering none."""
        proxy = await FaultProxy(moto_server.endpoint).start()
        environment = _environment(tmp_path / "state") | {
            "AWS_ENDPOINT_URL": proxy.url,
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "TABLE_PREFIX": f"t{uuid.uuid4().hex[:8]}_",
            "INBOUND_QUEUE_NAME": f"q{uuid.uuid4().hex[:8]}.fifo",
            "RECEIVE_WAIT_SECONDS": "1",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "orchestrator.cli", "dev", "--port", str(free_port()),
            cwd=tmp_path, env=environment, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert process.stdout is not None and process.stderr is not None
        try:
            banner = b""
            while b"Ctrl-C stops everything." not in banner:
                line = await asyncio.wait_for(process.stdout.readline(), timeout=60)
                assert line, f"dev exited early: {banner!r}"
                banner += line
            await proxy.stop()
            assert await asyncio.wait_for(process.wait(), timeout=90) == 1
            lines = (await process.stderr.read()).decode().splitlines()
            (failure,) = [line for line in lines if line.startswith("orchestrator dev:")]
            assert "the worker stopped" in failure and "start it again once AWS answers" in failure
            assert "Traceback" not in "\n".join(lines)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
            await proxy.stop()
