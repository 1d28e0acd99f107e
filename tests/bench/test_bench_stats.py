"""Percentiles and ratios: the numbers the clinic reads in the benchmark table."""

from __future__ import annotations

import pytest

from bench.stats import latency_summary, percentile, ratio


def test_p95_of_a_hundred_samples_is_the_ninety_sixth_smallest():
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 0.95) == 95.0
    assert percentile(samples, 0.50) == 51.0  # nearest rank of 49.5 rounds to the upper middle
    assert percentile(samples, 1.0) == 100.0


def test_percentile_ignores_input_order():
    assert percentile([900.0, 10.0, 20.0, 30.0], 0.99) == 900.0


def test_one_slow_reply_in_twenty_shows_in_p99_not_p50():
    samples = [50.0] * 19 + [2000.0]
    summary = latency_summary(samples)
    assert summary["p50"] == 50.0
    assert summary["p99"] == 2000.0


def test_no_samples_is_an_error_not_a_zero_latency():
    with pytest.raises(ValueError, match="no successful request"):
        percentile([], 0.95)


def test_fraction_outside_zero_to_one_is_rejected():
    with pytest.raises(ValueError, match="between 0 and 1"):
        percentile([1.0], 95)


def test_ratio_is_ours_over_stock_and_missing_when_a_side_is_missing():
    assert ratio(30.0, 60.0) == 0.5
    assert ratio(None, 60.0) is None
    assert ratio(30.0, None) is None
    assert ratio(30.0, 0) is None
