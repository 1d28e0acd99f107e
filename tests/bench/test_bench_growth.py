"""The soak verdict: a leak is reported, a flat or noisy memory line is not."""

from __future__ import annotations

from bench.growth import detect_growth, least_squares_slope

TIMES = [float(t) for t in range(0, 120, 5)]  # a 2-minute soak sampled every 5 s


def test_steady_climb_is_reported_as_growing():
    rss = [800.0 + 3.0 * index for index in range(len(TIMES))]  # +36 MB a minute
    verdict = detect_growth(TIMES, rss)
    assert verdict.growing is True
    assert verdict.slope_mb_per_min == 36.0
    assert verdict.last_third_mb > verdict.first_third_mb


def test_flat_memory_with_allocator_noise_is_not_growing():
    rss = [800.0 + (6.0 if index % 2 else -6.0) for index in range(len(TIMES))]
    assert detect_growth(TIMES, rss).growing is False


def test_one_step_up_at_warm_up_then_flat_is_within_tolerance():
    rss = [790.0, 800.0] + [810.0] * (len(TIMES) - 2)
    assert detect_growth(TIMES, rss).growing is False


def test_shrinking_memory_is_not_growing():
    rss = [900.0 - 4.0 * index for index in range(len(TIMES))]
    assert detect_growth(TIMES, rss).growing is False


def test_too_few_samples_gives_no_verdict():
    assert detect_growth([0.0, 5.0, 10.0], [800.0, 900.0, 1000.0]).growing is None


def test_tolerance_is_a_fraction_of_the_starting_size_with_a_floor():
    big = detect_growth(TIMES, [2000.0] * len(TIMES))
    small = detect_growth(TIMES, [100.0] * len(TIMES))
    assert big.tolerance_mb == 100.0
    assert small.tolerance_mb == 20.0


def test_slope_of_a_straight_line():
    assert least_squares_slope([0, 1, 2, 3], [1, 3, 5, 7]) == 2.0
    assert least_squares_slope([5, 5], [1, 9]) == 0.0
