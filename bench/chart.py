"""A small PNG of the headline numbers, PainPath next to the stock bot (matplotlib, Agg backend)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first

from bench.targets import dig  # noqa: E402

PANELS = (
    ("1-user p95 (ms)", ("levels", "1", "p95")),
    ("50-user throughput (msg/s)", ("levels", "50", "throughput_per_s")),
    ("Rasa server RSS (MB)", ("memory_mb", "rasa_server", "total_mb")),
)
BOTS = (("stock", "stock"), ("painpath", "PainPath"), ("painpath_scaled", "PainPath scaled"))
COLOURS = {"stock": "#999999", "PainPath": "#2a7ab0", "PainPath scaled": "#5fb35f"}


def draw_chart(results: dict, path: Path) -> None:
    """Three bar panels; a bar is left out when that bot was not measured."""
    figure, axes = plt.subplots(1, len(PANELS) + 1, figsize=(11, 3.2))
    training = [
        (label, dig(results, "training_seconds", key))
        for key, label in (("stock", "stock"), ("painpath", "PainPath"))
    ]
    panels = [("full training (s)", training)] + [
        (title, [(label, dig(results, "bots", key, *keys)) for key, label in BOTS])
        for title, keys in PANELS
    ]
    for axis, (title, bars) in zip(axes, panels, strict=True):
        measured = [(label, value) for label, value in bars if value is not None]
        if not measured:
            axis.text(0.5, 0.5, "not measured", ha="center", va="center", transform=axis.transAxes)
            axis.set_xticks([])
            axis.set_yticks([])
        axis.bar(
            [label for label, _ in measured],
            [value for _, value in measured],
            color=[COLOURS[label] for label, _ in measured],
        )
        axis.set_title(title, fontsize=9)
        axis.tick_params(axis="x", labelsize=7, rotation=15)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=90)
    plt.close(figure)
