"""The fast tier: whole turns on the in-memory fakes (stores, backend, sink), in milliseconds.

The fakes are held to the store contract tests (`tests/store`, param "fake"), so what these tests
show about the turn holds on DynamoDB too; `tests/integration` runs the same paths on moto.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
import structlog

from orchestrator.integrations.base import Interpreter
from orchestrator.integrations.llm import RulesInterpreter
from orchestrator.machine import MachineConfig
from orchestrator.models import EventKind, InboundEvent, Shift
from orchestrator.store.base import SessionRecord
from orchestrator.turn import TurnDeps, TurnStats, process_turn
from tests.fakes.clock import MutableClock
from tests.fakes.ports import FakeBackend, FakeSink
from tests.fakes.stores import FakeLockStore, FakeSessionStore, MemoryTables
from tests.shifts import SHIFT_B

PHONE = "5511999990000"
T0 = datetime(2026, 11, 26, 9, 0, 0, 123456, tzinfo=UTC)
FULL_VITALS = "PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo e orientado"
SAVED = "Dados clínicos salvos ✅"


@dataclass
class TurnWorld:
    """One caregiver's session on the fakes, and the worker pieces a turn gets through `TurnDeps`."""

    clock: MutableClock = field(default_factory=lambda: MutableClock(T0))
    tables: MemoryTables = field(init=False)
    backend: FakeBackend = field(default_factory=lambda: FakeBackend(Shift.model_validate(SHIFT_B)))
    sink: FakeSink = field(default_factory=FakeSink)
    interpreter: Interpreter = field(default_factory=RulesInterpreter)
    _count: int = 0

    def __post_init__(self) -> None:
        self.tables = MemoryTables(clock=self.clock)

    def sessions(self) -> FakeSessionStore:
        return FakeSessionStore(self.tables)

    def locks(self) -> FakeLockStore:
        return FakeLockStore(self.tables)

    def deps(self, *, owner: str = "worker-1", **overrides: Any) -> TurnDeps:
        values: dict[str, Any] = {
            "sessions": self.sessions(),
            "locks": self.locks(),
            "interpreter": self.interpreter,
            "backend": self.backend,
            "sink": self.sink,
            "config": MachineConfig(),
            "owner": owner,
            "clock": self.clock,
        }
        return TurnDeps(**(values | overrides))

    def message(self, text: str, event_id: str | None = None) -> InboundEvent:
        self._count += 1
        return InboundEvent(
            kind=EventKind.MESSAGE,
            event_id=event_id or f"wamid.{self._count}",
            session_id=PHONE,
            received_at=self.clock(),
            text=text,
        )

    async def turn(self, *events: InboundEvent, deps: TurnDeps | None = None) -> TurnStats:
        """One turn for `events`, as the worker runs it; a second passes for the next one."""
        try:
            return await process_turn(deps or self.deps(), PHONE, events)
        finally:
            self.clock.advance(seconds=1)

    async def say(self, text: str) -> str:
        """One message as one turn; the newest reply text."""
        await self.turn(self.message(text))
        return self.sink.texts[-1]

    async def record(self) -> SessionRecord:
        return await self.sessions().load(PHONE)


@pytest.fixture
def world() -> TurnWorld:
    return TurnWorld()


@pytest.fixture(autouse=True)
def logs() -> Iterator[list[MutableMapping[str, Any]]]:
    """The turn's log events, captured instead of rendered (rendering tracebacks is slow)."""
    with structlog.testing.capture_logs() as captured:
        yield captured
