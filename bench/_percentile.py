"""The one percentile rule of the benchmarks' latency figures, so their tables compare."""

from __future__ import annotations


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile: the sample at `fraction` of the way through them, sorted
    (0.99: the p99). No interpolation, so the figure is a time some request really took."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]
