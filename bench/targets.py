"""The issue's targets checked on results.json: met, not met or not measured, with numbers."""

from __future__ import annotations

from dataclasses import asdict, dataclass

TRAINING_LIMIT_S = 180.0
RSS_LIMIT_MB = 1536.0
SCALED_THROUGHPUT_FACTOR = 2.0


@dataclass(frozen=True)
class TargetOutcome:
    target: str
    met: bool | None  # None: not measured in this run
    detail: str


def dig(results: dict, *keys: str) -> object | None:
    """results[k1][k2]...; None when any level is missing (a step skipped or failed)."""
    node: object = results
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _single_user_p95(results: dict) -> TargetOutcome:
    name = "single-user p95 no worse than the stock bot's"
    ours, stock = (
        dig(results, "bots", "painpath", "levels", "1", "p95"),
        dig(results, "bots", "stock", "levels", "1", "p95"),
    )
    if ours is None or stock is None:
        return TargetOutcome(name, None, "not measured")
    return TargetOutcome(name, ours <= stock, f"{ours} ms vs stock {stock} ms")


def _scaled_throughput(results: dict) -> TargetOutcome:
    name = "50 concurrent: no errors, throughput >= 2x stock single-worker (more workers/replicas)"
    stock = dig(results, "bots", "stock", "levels", "50", "throughput_per_s")
    scaled = dig(results, "bots", "painpath_scaled", "levels", "50")
    how = dig(results, "bots", "painpath_scaled", "how") or "scaled set-up"
    if stock is None or not isinstance(scaled, dict):
        return TargetOutcome(name, None, "pending: scaled set-up not measured in this run")
    ours, errors = scaled["throughput_per_s"], scaled["errors"]
    met = errors == 0 and ours >= SCALED_THROUGHPUT_FACTOR * stock
    ratio = ours / stock if stock else float("inf")
    detail = f"{how}: {ours}/s vs stock {stock}/s ({ratio:.2f}x), {errors} errors"
    return TargetOutcome(name, met, detail)


def _training(results: dict) -> TargetOutcome:
    name = "full training under 3 minutes"
    seconds = dig(results, "training_seconds", "painpath")
    if seconds is None:
        return TargetOutcome(name, None, "not measured (--quick or --skip-training)")
    return TargetOutcome(name, seconds < TRAINING_LIMIT_S, f"{seconds} s")


def _rss(results: dict) -> TargetOutcome:
    name = "RSS of one Rasa server under 1.5 GB"
    rss = dig(results, "bots", "painpath", "memory_mb", "rasa_server", "largest_process_mb")
    if rss is None:
        return TargetOutcome(name, None, "not measured")
    return TargetOutcome(name, rss < RSS_LIMIT_MB, f"{rss} MB")


def _soak(results: dict) -> TargetOutcome:
    name = "Rasa server memory steady during the soak"
    growth = dig(results, "soak", "growth")
    if not isinstance(growth, dict) or growth.get("growing") is None:
        return TargetOutcome(name, None, "not measured (no soak, or too few samples)")
    detail = (
        f"first third {growth['first_third_mb']} MB, last third {growth['last_third_mb']} MB, "
        f"slope {growth['slope_mb_per_min']} MB/min, tolerance {growth['tolerance_mb']} MB"
    )
    return TargetOutcome(name, not growth["growing"], detail)


def evaluate_targets(results: dict) -> list[dict[str, object]]:
    checks = (_single_user_p95, _scaled_throughput, _training, _rss, _soak)
    return [asdict(check(results)) for check in checks]
