"""Prometheus metrics of one worker process, in a registry of its own (no global state)."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from orchestrator.turn import TurnStats


@dataclass
class WorkerMetrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.turns = Counter("orchestrator_turns", "Turns by outcome", ["outcome"], registry=r)
        self.turn_seconds = Histogram(
            "orchestrator_turn_seconds",
            "Turn latency, from lock to settle",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=r,
        )
        self.messages_per_turn = Histogram(
            "orchestrator_messages_per_turn", "Queue messages applied together", buckets=(1, 2, 3, 5, 10), registry=r
        )
        self.messages = Counter("orchestrator_messages", "Queue messages by outcome", ["outcome"], registry=r)
        self.lock_busy = Counter(
            "orchestrator_lock_busy", "Turns given back because the session was locked", registry=r
        )
        self.version_conflicts = Counter(
            "orchestrator_version_conflicts", "Optimistic-concurrency conflicts", registry=r
        )
        self.llm_calls = Counter("orchestrator_llm_calls", "LLM calls", registry=r)
        self.llm_fallbacks = Counter("orchestrator_llm_fallbacks", "LLM failures answered by the rules", registry=r)
        self.backend_calls = Counter("orchestrator_backend_calls", "Backend writes by outcome", ["outcome"], registry=r)
        self.dlq_bound = Counter(
            "orchestrator_dlq_bound_failures",
            "Failures left for redelivery (DLQ after MAX_RECEIVE_COUNT)",
            ["kind"],
            registry=r,
        )
        self.in_flight = Gauge("orchestrator_messages_in_flight", "Messages being processed", registry=r)

    def observe_turn(self, stats: TurnStats, seconds: float, messages: int) -> None:
        self.turn_seconds.observe(seconds)
        self.messages_per_turn.observe(messages)
        self.version_conflicts.inc(stats.version_conflicts)
        self.llm_calls.inc(stats.llm_calls)
        self.llm_fallbacks.inc(stats.llm_fallbacks)
        for outcome in stats.backend_outcomes:
            self.backend_calls.labels(outcome).inc()
