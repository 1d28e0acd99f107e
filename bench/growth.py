"""Is memory still climbing at the end of the soak? A leak shows as a higher last third."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

MIN_SAMPLES = 6


@dataclass(frozen=True)
class GrowthVerdict:
    """What the soak's memory samples say, with the numbers behind the verdict."""

    samples: int
    first_third_mb: float
    last_third_mb: float
    slope_mb_per_min: float
    tolerance_mb: float
    growing: bool | None  # None: too few samples to tell

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def least_squares_slope(times: Sequence[float], values: Sequence[float]) -> float:
    """Slope of the best straight line through the points (value units per time unit)."""
    count = len(times)
    mean_t = sum(times) / count
    mean_v = sum(values) / count
    spread = sum((t - mean_t) ** 2 for t in times)
    if spread == 0:
        return 0.0
    return sum((t - mean_t) * (v - mean_v) for t, v in zip(times, values, strict=True)) / spread


def detect_growth(
    times_s: Sequence[float],
    rss_mb: Sequence[float],
    tolerance_fraction: float = 0.05,
    tolerance_floor_mb: float = 20.0,
) -> GrowthVerdict:
    """Growing when the last third's mean exceeds the first third's by more than the tolerance
    (the larger of tolerance_fraction of the first third and tolerance_floor_mb) and the fitted
    slope is upward; allocator noise and one-off warm-up caches stay inside the tolerance."""
    if len(times_s) != len(rss_mb):
        raise ValueError("times_s and rss_mb must have one entry per sample")
    count = len(rss_mb)
    if count < MIN_SAMPLES:
        first = last = float(rss_mb[0]) if rss_mb else 0.0
        return GrowthVerdict(count, first, last, 0.0, tolerance_floor_mb, None)
    third = count // 3
    first_third = sum(rss_mb[:third]) / third
    last_third = sum(rss_mb[-third:]) / third
    slope_per_min = least_squares_slope(times_s, rss_mb) * 60
    tolerance = max(first_third * tolerance_fraction, tolerance_floor_mb)
    growing = last_third - first_third > tolerance and slope_per_min > 0
    return GrowthVerdict(
        samples=count,
        first_third_mb=round(first_third, 1),
        last_third_mb=round(last_third, 1),
        slope_mb_per_min=round(slope_per_min, 2),
        tolerance_mb=round(tolerance, 1),
        growing=growing,
    )
