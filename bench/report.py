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


# PainPath served with another model (`--compare-model`, e.g. without the sentence encoder).
COMPARED_ROWS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = tuple(
    (f"compared model: {label}", ("bots", "painpath_compare", *path), ("bots", "stock", *path))
    for label, path in (
        ("1 user p50 (ms)", ("levels", "1", "p50")),
        ("1 user p95 (ms)", ("levels", "1", "p95")),
        ("50 users p95 (ms)", ("levels", "50", "p95")),
        ("50 users msg/s", ("levels", "50", "throughput_per_s")),
        ("50 users errors", ("levels", "50", "errors")),
        ("Rasa server RSS (MB)", ("memory_mb", "rasa_server", "total_mb")),
    )
)


def comparison_rows(results: dict) -> list[dict[str, object]]:
    """Every row that has at least one measured side, with ours/stock when both are there;
    the compared model's rows only when it was served."""
    rows = []
    for label, ours_path, stock_path in ROWS + COMPARED_ROWS:
        ours, stock = dig(results, *ours_path), dig(results, *stock_path)
        if ours is None and (stock is None or ours_path[1] == "painpath_compare"):
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
