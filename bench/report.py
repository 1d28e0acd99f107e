"""Side-by-side table of PainPath against the stock bot, with ratios, for the terminal and JSON."""

from __future__ import annotations

from bench.stats import ratio
from bench.targets import dig

# (label, path to our number, path to the stock number); ours may be the scaled set-up.
ROWS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("full training (s)", ("training_seconds", "painpath"), ("training_seconds", "stock")),
    *(
        (
            f"1 user {p} (ms)",
            ("bots", "painpath", "levels", "1", p),
            ("bots", "stock", "levels", "1", p),
        )
        for p in ("p50", "p95", "p99")
    ),
    *(
        (
            f"{bot_label}{c} user{'s' if c != '1' else ''} {metric}",
            ("bots", bot, "levels", c, key),
            ("bots", "stock", "levels", c, key),
        )
        for bot, bot_label in (("painpath", ""), ("painpath_scaled", "scaled, "))
        for c in ("1", "10", "50")
        for metric, key in (
            ("p50 (ms)", "p50"),
            ("p95 (ms)", "p95"),
            ("msg/s", "throughput_per_s"),
            ("errors", "errors"),
        )
        # 1-user latency is in the rows above; the scaled set-up is measured from 10 users up.
        if c != "1" or (bot == "painpath" and key in ("throughput_per_s", "errors"))
    ),
    (
        "Rasa server RSS (MB)",
        ("bots", "painpath", "memory_mb", "rasa_server", "total_mb"),
        ("bots", "stock", "memory_mb", "rasa_server", "total_mb"),
    ),
    (
        "scaled: all Rasa replicas RSS (MB)",
        ("bots", "painpath_scaled", "memory_mb", "rasa_server", "total_mb"),
        ("bots", "stock", "memory_mb", "rasa_server", "total_mb"),
    ),
    (
        "action server RSS (MB)",
        ("bots", "painpath", "memory_mb", "action_server", "total_mb"),
        ("bots", "stock", "memory_mb", "action_server", "total_mb"),
    ),
)


def comparison_rows(results: dict) -> list[dict[str, object]]:
    """Every row that has at least one measured side, with ours/stock when both are there."""
    rows = []
    for label, ours_path, stock_path in ROWS:
        ours, stock = dig(results, *ours_path), dig(results, *stock_path)
        if ours is None and stock is None:
            continue
        rows.append(
            {"metric": label, "painpath": ours, "stock": stock, "ratio": ratio(ours, stock)}
        )
    return rows


def _cell(value: object) -> str:
    return "-" if value is None else str(value)


def format_table(rows: list[dict[str, object]], targets: list[dict[str, object]]) -> str:
    """A plain-text table (ratio = PainPath / stock) followed by each target's verdict."""
    header = ("metric", "PainPath", "stock", "ratio")
    cells = [header] + [
        (r["metric"], _cell(r["painpath"]), _cell(r["stock"]), _cell(r["ratio"])) for r in rows
    ]
    widths = [max(len(str(row[i])) for row in cells) for i in range(4)]
    lines = [
        "  ".join(
            str(v).ljust(w) if i == 0 else str(v).rjust(w)
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    verdicts = {True: "MET", False: "NOT MET", None: "PENDING"}
    lines.append("")
    lines += [f"[{verdicts[t['met']]}] {t['target']}: {t['detail']}" for t in targets]
    return "\n".join(lines)
