"""LlmInterpreter against a local OpenAI-compatible server, through the real `openai` client.

The server (uvicorn on 127.0.0.1, started per test) answers valid, malformed, slow or failing
completions as the test asks; nothing is patched.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import openai
import pytest
import uvicorn
from openai.lib._pydantic import to_strict_json_schema
from structlog.testing import capture_logs

from orchestrator.integrations.base import LlmFallback
from orchestrator.integrations.llm import CircuitBreaker, LlmInterpreter, RulesInterpreter
from orchestrator.integrations.llm_schema import LlmOutput
from orchestrator.machine import Answer, Expectation, ExpectationKind, Source
from orchestrator.machine.vitals import VITALS

UNDECIDED = "ele tá meio caidinho hoje"  # the rules cannot place this
PRESENCE = Expectation(kind=ExpectationKind.PRESENCE_CONFIRMATION)

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass
class FakeOpenAI:
    """What the server answers next (`mode`) and what it received."""

    mode: str = "valid"
    content: dict[str, Any] = field(default_factory=lambda: {"clinical_note": "paciente abatido"})
    requests: list[dict[str, Any]] = field(default_factory=list)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.requests.append(json.loads(body))
        if self.mode == "slow":
            await asyncio.sleep(3)
        if self.mode == "error":
            await _respond(send, 500, {"error": {"message": "boom", "type": "server_error"}})
            return
        content = "{not json" if self.mode == "malformed" else json.dumps(self.content)
        if self.mode == "wrong_schema":
            content = json.dumps({"answer": "talvez", "heart_rate": "muito"})
        if self.mode == "refusal":
            await _respond(send, 200, _completion(None, refusal="I'm sorry, I can't help with that."))
            return
        if self.mode == "length":  # cut at the token limit, mid-answer
            await _respond(send, 200, _completion('{"clinical_note": "paciente aba', finish_reason="length"))
            return
        await _respond(send, 200, _completion(content))


def _completion(content: str | None, *, refusal: str | None = None, finish_reason: str = "stop") -> dict[str, Any]:
    message = {"role": "assistant", "content": content, "refusal": refusal}
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


async def _respond(send: Send, status: int, payload: dict[str, Any]) -> None:
    body = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


@pytest.fixture
async def llm_server() -> AsyncIterator[tuple[FakeOpenAI, str]]:
    """The fake OpenAI on a free 127.0.0.1 port; stopped (in-flight requests cut) after the test."""
    app = FakeOpenAI()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", ws="none", log_config=None, timeout_graceful_shutdown=0)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    yield app, f"http://127.0.0.1:{port}/v1"
    server.should_exit = True
    await task
    sock.close()


@pytest.fixture
async def client(llm_server: tuple[FakeOpenAI, str]) -> AsyncIterator[openai.AsyncOpenAI]:
    async with openai.AsyncOpenAI(api_key="test-key", base_url=llm_server[1]) as client:
        yield client


class TestLlmPath:
    async def test_valid_answer_is_used_when_rules_cannot_decide(
        self, llm_server: tuple[FakeOpenAI, str], client: openai.AsyncOpenAI
    ) -> None:
        """An undecided message goes to the LLM; its reading is used (source llm)."""
        server, _ = llm_server
        interpreter = LlmInterpreter(client, "gpt-4o-mini", timeout=2.0)
        result = await interpreter.interpret(UNDECIDED, Expectation())
        assert result.llm_called and not result.fallback
        assert result.reading.source is Source.LLM and result.reading.clinical_note == "paciente abatido"
        (request,) = server.requests
        assert request["temperature"] == 0 and request["model"] == "gpt-4o-mini"
        assert request["response_format"]["type"] == "json_schema"

    async def test_the_schema_sent_is_llm_outputs_strict_schema(
        self, llm_server: tuple[FakeOpenAI, str], client: openai.AsyncOpenAI
    ) -> None:
        """The client sends LlmOutput's own schema, strict: every property required, one per vital sign."""
        server, _ = llm_server
        await LlmInterpreter(client, "m", timeout=2.0).interpret(UNDECIDED, Expectation())
        (request,) = server.requests
        json_schema = request["response_format"]["json_schema"]
        assert json_schema["strict"] is True and json_schema["schema"] == to_strict_json_schema(LlmOutput)
        properties = json_schema["schema"]["properties"]
        assert set(json_schema["schema"]["required"]) == set(properties)
        assert {spec.field for spec in VITALS.values()} <= set(properties)

    async def test_decided_messages_never_call_the_llm(
        self, llm_server: tuple[FakeOpenAI, str], client: openai.AsyncOpenAI
    ) -> None:
        """A message the rules decide (a clear "sim") makes no request."""
        server, _ = llm_server
        interpreter = LlmInterpreter(client, "gpt-4o-mini", timeout=2.0)
        result = await interpreter.interpret("sim", PRESENCE)
        assert not result.llm_called and result.reading.answer is Answer.YES
        assert server.requests == []

    async def test_llm_values_are_range_checked(
        self, llm_server: tuple[FakeOpenAI, str], client: openai.AsyncOpenAI
    ) -> None:
        """A heart rate of 300 from the LLM is rejected like a typed one."""
        server, _ = llm_server
        server.content = {"heart_rate": 300, "saturation": 96}
        result = await LlmInterpreter(client, "m", timeout=2.0).interpret(UNDECIDED, Expectation())
        assert result.reading.vitals.heart_rate is None and result.reading.vitals.saturation == 96
        assert [r.shown for r in result.reading.rejected] == ["300"]

    async def test_numbers_the_rules_cannot_place_are_asked_of_the_llm(
        self, llm_server: tuple[FakeOpenAI, str], client: openai.AsyncOpenAI
    ) -> None:
        """ "pa 12x8 fc 80 96 36": the rules read PA and FC and cannot place 96 and 36, so the LLM is asked;
        its Sat 96 and Temp 36 complete the reading, and nothing is left unread."""
        server, _ = llm_server
        server.content = {"saturation": 96, "temperature": 36}
        result = await LlmInterpreter(client, "m", timeout=2.0).interpret("pa 12x8 fc 80 96 36", Expectation())
        assert result.llm_called and len(server.requests) == 1
        vitals = result.reading.vitals
        assert (str(vitals.blood_pressure), vitals.heart_rate, vitals.saturation, vitals.temperature) == (
            "120x80",
            80,
            96,
            36.0,
        )
        assert result.reading.unread_numbers == ()

    @pytest.mark.parametrize(
        ("mode", "reason"),
        [
            ("malformed", LlmFallback.MALFORMED),
            ("wrong_schema", LlmFallback.MALFORMED),
            ("slow", LlmFallback.TIMEOUT),
            ("error", LlmFallback.ERROR),
            ("refusal", LlmFallback.REFUSAL),
            ("length", LlmFallback.LENGTH),
        ],
    )
    async def test_failures_fall_back_to_the_rules(
        self, llm_server: tuple[FakeOpenAI, str], client: openai.AsyncOpenAI, mode: str, reason: LlmFallback
    ) -> None:
        """Malformed JSON, a schema violation, a timeout, a 500, a refusal or an answer cut at the token
        limit -> the rules' reading, fallback=True, and the reason told apart in the log."""
        server, _ = llm_server
        server.mode = mode
        interpreter = LlmInterpreter(client, "m", timeout=0.5)
        with capture_logs() as logs:
            result = await interpreter.interpret("talvez mais tarde", PRESENCE)
        assert result.llm_called and result.fallback and result.fallback_reason is reason
        assert result.reading.source is Source.RULES and result.reading.answer is None
        assert len(server.requests) == 1  # no client-side retries
        assert [entry["reason"] for entry in logs if entry["event"] == "llm_fallback"] == [reason]

    async def test_breaker_opens_after_failures_and_stops_calls(
        self, llm_server: tuple[FakeOpenAI, str], client: openai.AsyncOpenAI
    ) -> None:
        """After 3 consecutive 500s no request is made until the cooldown passes."""
        server, _ = llm_server
        server.mode = "error"
        now = [0.0]
        breaker = CircuitBreaker(failure_threshold=3, cooldown=60, clock=lambda: now[0])
        interpreter = LlmInterpreter(client, "m", timeout=1.0, breaker=breaker)
        for _ in range(5):
            result = await interpreter.interpret(UNDECIDED, Expectation())
            assert result.fallback
        assert len(server.requests) == 3
        assert not (await interpreter.interpret(UNDECIDED, Expectation())).llm_called
        server.mode = "valid"
        now[0] = 61.0
        result = await interpreter.interpret(UNDECIDED, Expectation())
        assert result.llm_called and not result.fallback and len(server.requests) == 4

    async def test_message_text_is_never_logged(
        self, llm_server: tuple[FakeOpenAI, str], client: openai.AsyncOpenAI
    ) -> None:
        """Fallback logs name the failure, not the message."""
        server, _ = llm_server
        server.mode = "error"
        with capture_logs() as logs:
            await LlmInterpreter(client, "m", timeout=1.0).interpret(UNDECIDED, Expectation())
        assert logs and all("caidinho" not in json.dumps(entry, default=str) for entry in logs)


class TestRulesInterpreter:
    async def test_rules_only_never_calls_anything(self) -> None:
        """Without an API key every message is served by the rules, undecided ones included."""
        result = await RulesInterpreter().interpret(UNDECIDED, Expectation())
        assert not result.llm_called and not result.fallback and result.reading.source is Source.RULES
