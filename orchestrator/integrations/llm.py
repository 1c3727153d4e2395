"""Understanding a message: the rules first, OpenAI only when they cannot decide.

The LLM's answer is validated and range-checked like user input; an error, a timeout, a
malformed answer or an open circuit breaker falls back to the rules' reading. Message text is
never logged.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import openai
import structlog
from pydantic import ValidationError

from orchestrator.integrations.base import Interpretation
from orchestrator.integrations.llm_schema import RESPONSE_SCHEMA, SYSTEM_PROMPT, LlmOutput, to_reading, user_prompt
from orchestrator.machine import Expectation, Reading, read_rules

log = structlog.get_logger(__name__)


class CircuitBreaker:
    """After `failure_threshold` consecutive failures, refuse calls for `cooldown` seconds.

    After the cooldown one trial call is let through (half-open): success closes the breaker,
    failure opens it again. `clock` is injectable (monotonic seconds).
    """

    def __init__(
        self, failure_threshold: int = 3, cooldown: float = 30.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._threshold = failure_threshold
        self._cooldown = cooldown
        self._clock = clock
        self._failures = 0
        self._open_until: float | None = None

    @property
    def is_open(self) -> bool:
        return self._open_until is not None and self._clock() < self._open_until

    def allow(self) -> bool:
        return not self.is_open

    def record_success(self) -> None:
        self._failures = 0
        self._open_until = None

    def record_failure(self) -> None:
        self._failures += 1
        half_open_trial_failed = self._open_until is not None
        if self._failures >= self._threshold or half_open_trial_failed:
            self._open_until = self._clock() + self._cooldown
            log.warning("llm_breaker_opened", failures=self._failures, cooldown_s=self._cooldown)


class RulesInterpreter:
    """The offline interpreter (no OPENAI_API_KEY): rules only, never calls anything."""

    async def interpret(self, text: str, expectation: Expectation) -> Interpretation:
        return Interpretation(reading=read_rules(text, expectation))


class LlmInterpreter:
    """Rules first; the LLM fills in what they could not decide."""

    def __init__(
        self, client: openai.AsyncOpenAI, model: str, timeout: float, breaker: CircuitBreaker | None = None
    ) -> None:
        # Our own timeout and breaker replace the client's retries: a slow LLM must not hold a turn.
        self._client = client.with_options(timeout=timeout, max_retries=0)
        self._model = model
        self._timeout = timeout
        self.breaker = breaker if breaker is not None else CircuitBreaker()

    async def interpret(self, text: str, expectation: Expectation) -> Interpretation:
        rules = read_rules(text, expectation)
        if rules.decided:
            return Interpretation(reading=rules)
        if not self.breaker.allow():
            log.info("llm_skipped", reason="breaker_open")
            return Interpretation(reading=rules, fallback=True)
        try:
            reading = await self._ask(text, expectation)
        except (openai.OpenAIError, TimeoutError, ValidationError, ValueError) as exc:
            self.breaker.record_failure()
            log.warning("llm_fallback", reason=type(exc).__name__)
            return Interpretation(reading=rules, llm_called=True, fallback=True)
        self.breaker.record_success()
        return Interpretation(reading=rules.completed_by(reading), llm_called=True)

    async def _ask(self, text: str, expectation: Expectation) -> Reading:
        """One structured-output completion, validated into a Reading.

        Raises:
            openai.OpenAIError: HTTP or connection failure. TimeoutError: over `timeout`.
            ValidationError / ValueError: the answer is not the JSON we asked for.
        """
        async with asyncio.timeout(self._timeout):
            completion = await self._client.chat.completions.create(
                model=self._model,
                temperature=0,
                messages=[
                    {"role": "system", "content": SYSTEM_PROMPT},
                    {"role": "user", "content": user_prompt(text, expectation)},
                ],
                response_format={
                    "type": "json_schema",
                    "json_schema": {"name": "reading", "strict": True, "schema": RESPONSE_SCHEMA},
                },
            )
        if not completion.choices or not completion.choices[0].message.content:
            raise ValueError("empty completion")
        output = LlmOutput.model_validate_json(completion.choices[0].message.content)
        return to_reading(output, expectation)
