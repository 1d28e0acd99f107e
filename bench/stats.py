"""Latency summaries: the same percentile rule for every run, so ours and the stock bot compare."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (fraction 0..1); raises on no samples so a silent 0 never passes."""
    if not samples:
        raise ValueError("percentile of no samples: the run recorded no successful request")
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"percentile fraction must be between 0 and 1, got {fraction}")
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def latency_summary(samples_ms: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99 and mean in milliseconds, rounded for the report."""
    return {
        "p50": round(statistics.median(samples_ms), 1),
        "p95": round(percentile(samples_ms, 0.95), 1),
        "p99": round(percentile(samples_ms, 0.99), 1),
        "mean": round(statistics.fmean(samples_ms), 1),
    }


def ratio(ours: float | None, stock: float | None) -> float | None:
    """ours / stock, or None when either side was not measured (never a made-up number)."""
    if ours is None or stock is None or stock == 0:
        return None
    return round(ours / stock, 2)
