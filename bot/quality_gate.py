"""Fail the build when held-out NLU scores drop: `rasa test` reports scores but has no threshold."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def intent_f1(report_file: Path) -> float:
    """The weighted-average intent F1 from Rasa's intent_report.json."""
    report = json.loads(report_file.read_text(encoding="utf-8"))
    return float(report["weighted avg"]["f1-score"])


def weakest_intents(report_file: Path, count: int = 5) -> list[tuple[str, float]]:
    report = json.loads(report_file.read_text(encoding="utf-8"))
    scores = [
        (name, float(values["f1-score"]))
        for name, values in report.items()
        if isinstance(values, dict) and "support" in values and name not in _AVERAGES
    ]
    return sorted(scores, key=lambda item: item[1])[:count]


_AVERAGES = {"micro avg", "macro avg", "weighted avg"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.quality_gate")
    parser.add_argument("kind", choices=["nlu"])
    parser.add_argument("report", type=Path)
    parser.add_argument("--min-f1", type=float, default=0.95)
    args = parser.parse_args(argv)
    score = intent_f1(args.report)
    weakest = ", ".join(f"{name} {f1:.2f}" for name, f1 in weakest_intents(args.report))
    verdict = "passed" if score >= args.min_f1 else "FAILED"
    print(f"held-out intent F1 {score:.3f} (minimum {args.min_f1}): {verdict}; weakest: {weakest}")
    return 0 if score >= args.min_f1 else 1


if __name__ == "__main__":
    sys.exit(main())
