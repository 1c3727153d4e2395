"""A Prometheus registry per process (never the global one), with one `orchestrator_` prefix.

Both processes expose the same shape: the process collector (CPU, memory, file descriptors),
the platform and GC collectors, and their own metrics, every name starting with `orchestrator_`
and no `_created` series (timestamps of counter creation only double the series count).
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import CollectorRegistry, GCCollector, PlatformCollector, ProcessCollector, generate_latest
from prometheus_client import disable_created_metrics as _disable_created_metrics
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

PREFIX = "orchestrator_"
# Prometheus's text exposition format; Litestar appends the charset to text types itself.
CONTENT_TYPE = "text/plain; version=0.0.4"


class _Prefixed(Collector):
    """Renames a library collector's families and samples (`python_info` -> `orchestrator_python_info`)."""

    def __init__(self, inner: Collector) -> None:
        self._inner = inner

    def collect(self) -> Iterable[Metric]:
        # Copies: the platform collector hands out the same (cached) families on every scrape.
        for family in self._inner.collect():
            renamed = Metric(PREFIX + family.name, family.documentation, family.type, family.unit)
            renamed.samples = [sample._replace(name=PREFIX + sample.name) for sample in family.samples]
            yield renamed


def new_registry() -> CollectorRegistry:
    """A registry with the process, platform and GC collectors, all under the prefix."""
    # prometheus_client keeps this switch process-wide; every registry of ours wants it off.
    _disable_created_metrics()  # type: ignore[no-untyped-call]
    registry = CollectorRegistry(auto_describe=True)
    ProcessCollector(namespace=PREFIX.rstrip("_"), registry=registry)
    # These two register themselves somewhere; a scratch registry takes that, ours the renamed copy.
    registry.register(_Prefixed(PlatformCollector(registry=CollectorRegistry())))
    registry.register(_Prefixed(GCCollector(registry=CollectorRegistry())))
    return registry


def render(registry: CollectorRegistry) -> bytes:
    """The Prometheus text exposition of one registry."""
    return bytes(generate_latest(registry))


_SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count"), "summary": ("_sum", "_count")}


def metric_names(registry: CollectorRegistry) -> set[str]:
    """Every series name the registry can expose (`orchestrator_turns_total`, `..._bucket`, ...),
    labelled families included before their first observation."""
    names: set[str] = set()
    for family in registry.collect():
        names.update(family.name + suffix for suffix in _SUFFIXES.get(family.type, ("",)))
        names.update(sample.name for sample in family.samples)
    return names
