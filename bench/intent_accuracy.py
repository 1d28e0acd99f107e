"""Per-intent accuracy of a trained model on any NLU YAML file (e.g. a blind set of real questions).

    .venv/bin/python -m bench.intent_accuracy tests/nlu/holdout.yml
    .venv/bin/python -m bench.intent_accuracy --model models/other.tar.gz --json out.json FILE.yml

Every example goes through the whole NLU pipeline, as a patient's message does (the red-flag and
language rules included), so the numbers are what patients get: a message under the fallback
threshold counts as missed (`nlu_fallback`). Prints one line per intent (worst first) with what
the misses were taken for, the overall accuracy and macro average, and the accuracy of the
model's best intent ignoring the fallback (what `rasa test nlu` counts).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bot.paths import MODEL_FILE


@dataclass
class IntentScore:
    """How one intent's examples were classified."""

    total: int = 0
    correct: int = 0
    taken_for: Counter = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def score(pairs: list[tuple[str, str]]) -> dict[str, IntentScore]:
    """(expected, predicted) pairs -> per expected intent: total, correct, what it was taken for."""
    scores: dict[str, IntentScore] = defaultdict(IntentScore)
    for expected, predicted in pairs:
        entry = scores[expected]
        entry.total += 1
        if predicted == expected:
            entry.correct += 1
        else:
            entry.taken_for[predicted] += 1
    return dict(scores)


def summary(scores: dict[str, IntentScore]) -> dict[str, float]:
    total = sum(s.total for s in scores.values())
    correct = sum(s.correct for s in scores.values())
    macro = sum(s.accuracy for s in scores.values()) / len(scores) if scores else 0.0
    return {
        "examples": total,
        "correct": correct,
        "accuracy": round(correct / total, 4) if total else 0.0,
        "macro_accuracy": round(macro, 4),
    }


def format_report(scores: dict[str, IntentScore]) -> str:
    width = max((len(name) for name in scores), default=6)
    lines = []
    for name, entry in sorted(scores.items(), key=lambda item: (item[1].accuracy, item[0])):
        misses = ", ".join(f"{other} x{count}" for other, count in entry.taken_for.most_common(3))
        lines.append(
            f"{name.ljust(width)}  {entry.correct:>3}/{entry.total:<3} {entry.accuracy:6.1%}"
            + (f"  taken for: {misses}" if misses else "")
        )
    totals = summary(scores)
    lines.append(
        f"overall: {totals['correct']}/{totals['examples']} = {totals['accuracy']:.1%}, "
        f"macro {totals['macro_accuracy']:.1%}"
    )
    return "\n".join(lines)


async def predictions(model: Path, files: list[Path]) -> list[tuple[str, str, str]]:
    """(expected, what the patient gets, the model's best intent other than the fallback)."""
    from rasa.core.agent import Agent
    from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
    from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)  # else every parse is printed
    agent = Agent.load(str(model))
    rows = []
    for file in files:
        for example in load_data(str(file)).intent_examples:
            parsed = await agent.parse_message(example.get(TEXT))
            final = parsed[INTENT][INTENT_NAME_KEY]
            ranked = [entry[INTENT_NAME_KEY] for entry in parsed.get(INTENT_RANKING_KEY) or []]
            best = next((n for n in ranked if n != DEFAULT_NLU_FALLBACK_INTENT_NAME), final)
            rows.append((example.get(INTENT), final, best))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.intent_accuracy", description=__doc__)
    parser.add_argument("files", nargs="+", type=Path, help="NLU YAML files with intent examples")
    parser.add_argument("--model", type=Path, default=MODEL_FILE)
    parser.add_argument("--json", type=Path, help="also write the scores here")
    args = parser.parse_args(argv)
    rows = asyncio.run(predictions(args.model, args.files))
    scores = score([(expected, final) for expected, final, _ in rows])
    without_fallback = summary(score([(expected, best) for expected, _, best in rows]))
    print(format_report(scores))
    print(
        f"ignoring the fallback (as `rasa test` counts): {without_fallback['correct']}/"
        f"{without_fallback['examples']} = {without_fallback['accuracy']:.1%}"
    )
    if args.json:
        data = {
            "model": str(args.model),
            "files": [str(f) for f in args.files],
            **summary(scores),
            "ignoring_fallback": without_fallback,
            "intents": {
                name: {"total": s.total, "correct": s.correct, "taken_for": dict(s.taken_for)}
                for name, s in scores.items()
            },
        }
        args.json.write_text(json.dumps(data, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
