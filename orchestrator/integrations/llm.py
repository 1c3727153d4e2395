"""Understanding a message: the rules first, OpenAI only when they cannot decide.

The LLM is asked for structured output (`chat.completions.parse` with `LlmOutput`, whose JSON
schema the client derives); its answer is validated and range-checked like user input. An error,
a timeout, a malformed answer, a refusal, an answer cut at the token limit or an open circuit
breaker falls back to the rules' reading, each with its own `LlmFallback` reason in the logs.
Message text is never logged.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import openai
import structlog
from pydantic import ValidationError

from orchestrator.integrations.base import Interpretation, LlmFallback
from orchestrator.integrations.llm_schema import SYSTEM_PROMPT, LlmOutput, to_reading, user_prompt
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
            log.info("llm_skipped", reason=LlmFallback.BREAKER_OPEN)
            return Interpretation(reading=rules, fallback_reason=LlmFallback.BREAKER_OPEN)
        try:
            reading = await self._ask(text, expectation)
        except (openai.OpenAIError, TimeoutError, ValidationError, ValueError, _Refused) as exc:
            self.breaker.record_failure()
            reason = _fallback_reason(exc)
            log.warning("llm_fallback", reason=reason, error=type(exc).__name__)
            return Interpretation(reading=rules, llm_called=True, fallback_reason=reason)
        self.breaker.record_success()
        return Interpretation(reading=rules.completed_by(reading), llm_called=True)

    async def _ask(self, text: str, expectation: Expectation) -> Reading:
        """One structured-output completion, validated into a Reading.

        Raises:
            openai.OpenAIError: HTTP or connection failure; `LengthFinishReasonError` /
                `ContentFilterFinishReasonError` for an answer cut short. TimeoutError: over `timeout`.
            ValidationError / ValueError: the answer is not the JSON we asked for.
            _Refused: the model declined.
        """
        async with asyncio.timeout(self._timeout):
            completion = await self._client.chat.completions.parse(
                model=self._model,
                temperature=0,
                messages=[
                    {"role": "system", "content": SYSTEM_PROMPT},
                    {"role": "user", "content": user_prompt(text, expectation)},
                ],
                response_format=LlmOutput,
            )
        if not completion.choices:
            raise ValueError("empty completion")
        message = completion.choices[0].message
        if message.refusal:
            raise _Refused
        if message.parsed is None:
            raise ValueError("empty completion")
        return to_reading(message.parsed, expectation, text)


class _Refused(Exception):
    """The model declined to answer (a structured-output refusal)."""


def _fallback_reason(exc: Exception) -> LlmFallback:
    """How a failed call is labelled: every reason is told apart in logs and metrics."""
    if isinstance(exc, _Refused):
        return LlmFallback.REFUSAL
    if isinstance(exc, openai.LengthFinishReasonError):
        return LlmFallback.LENGTH
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return LlmFallback.CONTENT_FILTER
    if isinstance(exc, TimeoutError | openai.APITimeoutError):
        return LlmFallback.TIMEOUT
    if isinstance(exc, ValidationError | ValueError):
        return LlmFallback.MALFORMED
    return LlmFallback.ERROR
