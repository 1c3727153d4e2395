"""In-memory stand-ins for the turn's ports (`orchestrator.integrations.base`): the backend, the
reply sink, and an interpreter that fails on purpose."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from orchestrator.errors import PermanentIntegrationError, TransientIntegrationError
from orchestrator.integrations.base import Interpretation
from orchestrator.integrations.llm import RulesInterpreter
from orchestrator.machine import Expectation
from orchestrator.models import ActionKind, PendingAction, Shift
from orchestrator.outbound import Reply


@dataclass
class FakeBackend:
    """`Backend`: answers `shift` to getScheduleStarted and records writes, applying each action
    once (its Idempotency-Key is the action id), as the real backend contract asks.

    `down` makes every write fail as after the client's retries (5xx); `refusing` as a 4xx.
    `after_execute` lets a test change the shift as the backend would (a cancellation)."""

    shift: Shift
    calls: list[PendingAction] = field(default_factory=list)
    applied: dict[str, PendingAction] = field(default_factory=dict)
    schedule_fetches: int = 0
    down: bool = False
    refusing: bool = False
    schedule_down: bool = False  # getScheduleStarted fails as after the client's retries (5xx)
    after_execute: Callable[[PendingAction], None] | None = None

    async def get_schedule(self, phone_number: str) -> Shift:
        self.schedule_fetches += 1
        if self.schedule_down:
            raise TransientIntegrationError("getScheduleStarted: HTTP 503")
        return self.shift

    async def execute(self, action: PendingAction) -> None:
        self.calls.append(action)
        if self.down:
            raise TransientIntegrationError(f"{action.kind}: HTTP 503")
        if self.refusing:
            raise PermanentIntegrationError(f"{action.kind}: HTTP 422", status_code=422)
        if action.action_id not in self.applied:
            self.applied[action.action_id] = action
            if self.after_execute is not None:
                self.after_execute(action)

    def writes(self, kind: ActionKind | None = None) -> list[PendingAction]:
        """Writes applied (a replayed Idempotency-Key does not count), in order."""
        return [action for action in self.applied.values() if kind is None or action.kind is kind]


@dataclass
class FakeSink:
    """`ReplySink`: records what the caregiver received, once per reply id (the real sinks send
    `Idempotency-Key: <reply_id>`). `failing` transient failures come first; `refusing` is a 4xx."""

    external: bool = True
    received: dict[str, Reply] = field(default_factory=dict)
    attempts: int = 0
    failing: int = 0
    refusing: bool = False
    gives_wamids: bool = False  # answer like the Cloud API: a message id per send

    def messages(self, reply: Reply) -> tuple[Reply, ...]:
        return (reply,)  # no length limit, like the webhook

    async def deliver(self, reply: Reply) -> str | None:
        self.attempts += 1
        if self.failing > 0:
            self.failing -= 1
            raise TransientIntegrationError("sink: HTTP 503")
        if self.refusing:
            raise PermanentIntegrationError("sink: HTTP 400", status_code=400)
        self.received.setdefault(reply.reply_id, reply)
        return f"wamid.out-{self.attempts}" if self.gives_wamids else None

    @property
    def texts(self) -> list[str]:
        return [reply.text for reply in self.received.values()]


@dataclass
class ExplodingInterpreter:
    """`Interpreter`: the rules, except that a message containing `trigger` raises, as a bug in
    understanding would. `calls` counts every interpretation asked for."""

    trigger: str
    error: type[Exception] = IndexError
    calls: int = 0
    rules: RulesInterpreter = field(default_factory=RulesInterpreter)

    async def interpret(self, text: str, expectation: Expectation) -> Interpretation:
        self.calls += 1
        if self.trigger in text:
            raise self.error("list index out of range")
        return await self.rules.interpret(text, expectation)
