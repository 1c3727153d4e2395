"""Both processes' metrics share one prefix and no `_created` series, and the Grafana dashboard
in deploy/ queries only metrics the processes expose."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ingress.metrics import IngressMetrics, QueueRole
from orchestrator.errors import Unheard
from orchestrator.integrations.base import LlmFallback
from orchestrator.observability.metrics import metric_names
from orchestrator.turn import TurnStats
from worker.metrics import WorkerMetrics

DASHBOARD = Path(__file__).resolve().parents[2] / "deploy" / "grafana-dashboard.json"
_METRIC = re.compile(r"\borchestrator_[a-z0-9_]+")


def _exposed() -> set[str]:
    return metric_names(IngressMetrics().registry) | metric_names(WorkerMetrics().registry)


class TestPrefix:
    def test_every_series_of_both_processes_is_prefixed(self) -> None:
        """Own metrics and the process, platform and GC collectors: all `orchestrator_*`."""
        names = _exposed()
        assert "orchestrator_process_cpu_seconds_total" in names
        assert "orchestrator_python_info" in names
        assert all(name.startswith("orchestrator_") for name in names), sorted(names)

    def test_no_created_series(self) -> None:
        """A counter and a histogram that were used expose no `_created` timestamp series."""
        ingress, worker = IngressMetrics(), WorkerMetrics()
        ingress.requests.labels("/healthz", "GET", "200").inc()
        ingress.observe_depth(QueueRole.DEAD_LETTER, {"visible": 2, "in_flight": 0})
        worker.backend_seconds.labels("getScheduleStarted").observe(0.1)
        text = ingress.render().decode()
        assert 'orchestrator_queue_depth{queue="dead_letter",state="visible"} 2.0' in text
        assert "_created" not in text
        assert not any(name.endswith("_created") for name in metric_names(worker.registry))

    def test_duration_histograms_carry_their_labels(self) -> None:
        """Turn, backend by contract, LLM by model, reply by sink: `*_duration_seconds` histograms."""
        families = {family.name: family for family in WorkerMetrics().registry.collect()}
        labelled = {"turn": None, "backend": "contract", "llm": "model", "reply": "sink", "voice_note": "model"}
        for what, label in labelled.items():
            name = f"orchestrator_{what}_duration_seconds"
            assert families[name].type == "histogram"
            metrics = WorkerMetrics()
            histogram = getattr(metrics, f"{what}_seconds")
            (histogram.labels("x") if label else histogram).observe(0.2)
            value = metrics.registry.get_sample_value(f"{name}_count", {label: "x"} if label else {})
            assert value == 1


class TestLlmFallbacks:
    def test_fallbacks_are_counted_by_reason(self) -> None:
        """A refusal and an answer cut at the token limit are told apart from errors."""
        metrics = WorkerMetrics()
        reasons = [LlmFallback.REFUSAL, LlmFallback.LENGTH, LlmFallback.REFUSAL]
        metrics.observe_turn(TurnStats(llm_fallback_reasons=reasons), seconds=0.1, messages=1)
        sample = metrics.registry.get_sample_value
        assert sample("orchestrator_llm_fallbacks_total", {"reason": "refusal"}) == 2
        assert sample("orchestrator_llm_fallbacks_total", {"reason": "length"}) == 1
        assert sample("orchestrator_llm_fallbacks_total", {"reason": "error"}) is None


class TestDeliveryFailures:
    def test_failures_by_code_and_templates_sent(self) -> None:
        """`failed` statuses recorded, by Meta's code; reengagement templates sent."""
        metrics = WorkerMetrics()
        stats = TurnStats(delivery_failure_codes=["131047", "131026", "131047"], templates_sent=1)
        metrics.observe_turn(stats, seconds=0.1, messages=3)
        sample = metrics.registry.get_sample_value
        assert sample("orchestrator_delivery_failures_total", {"code": "131047"}) == 2
        assert sample("orchestrator_delivery_failures_total", {"code": "131026"}) == 1
        assert sample("orchestrator_reengage_templates_sent_total", {}) == 1


class TestDashboard:
    def test_every_queried_metric_exists(self) -> None:
        """Each `orchestrator_*` name in a dashboard query is exposed by the ingress or the worker."""
        dashboard = json.loads(DASHBOARD.read_text())
        queries = [target["expr"] for panel in dashboard["panels"] for target in panel.get("targets", [])]
        queried = {name for query in queries for name in _METRIC.findall(query)}
        assert len(queried) >= 20
        assert queried <= _exposed(), sorted(queried - _exposed())


class TestWhatsAppReceiving:
    def test_voice_notes_receipts_and_unsupported_are_counted(self) -> None:
        """Voice notes by outcome (transcribed, or why not), read receipts sent/failed, unsupported messages."""
        metrics = WorkerMetrics()
        stats = TurnStats(
            voice_notes=2,
            voice_notes_unread=[Unheard.TOO_LARGE],
            read_receipts=3,
            read_receipt_failures=1,
            unsupported=1,
        )
        metrics.observe_turn(stats, seconds=0.1, messages=3)
        sample = metrics.registry.get_sample_value
        assert sample("orchestrator_voice_notes_total", {"outcome": "transcribed"}) == 2
        assert sample("orchestrator_voice_notes_total", {"outcome": "too_large"}) == 1
        assert sample("orchestrator_read_receipts_total", {"outcome": "sent"}) == 3
        assert sample("orchestrator_read_receipts_total", {"outcome": "failed"}) == 1
        assert sample("orchestrator_unsupported_messages_total", {}) == 1
