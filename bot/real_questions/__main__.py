"""The real-question gate: score a trained model on the blind set and fail below the minimum.

    python -m bot.real_questions --model models/painpath.tar.gz --min-right 0.90

Scores tests/nlu/real_questions.yml (the gate) and real_questions_dev.yml (shown, not gated) by
the rules in bot/real_questions/scoring.py, compares both with the recorded baseline
(tests/nlu/real_questions_baseline.yml) by the same rules, prints aggregate numbers, and writes
them to results/real_questions/ (report.txt, scores.json; changes.yml lists which questions
changed, for the coordinator: tune on the dev set, never on blind items).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

import yaml

from bot.paths import DOMAIN_FILE
from bot.real_questions.questions import (
    BASELINE_FILE,
    BLIND_FILE,
    DEV_FILE,
    load_questions,
    load_recorded_predictions,
    predict,
)
from bot.real_questions.scoring import compare, format_changes, format_scores, score
from bot.terms import ProcedureTerms
from bot.yaml_files import read_yaml

DEFAULT_OUT = Path("results/real_questions")


def domain_intents() -> set[str]:
    domain = read_yaml(DOMAIN_FILE)
    return set(domain["intents"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.real_questions", description=__doc__)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument(
        "--min-right", type=float, required=True, help="share of blind questions answered right"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--dev-only", action="store_true", help="score the dev set only (for tuning; no gate)"
    )
    args = parser.parse_args(argv)

    files = {"dev set": load_questions(DEV_FILE)}
    if not args.dev_only:
        files = {"blind set": load_questions(BLIND_FILE), **files}
    texts = [question.text for questions in files.values() for question in questions]
    predictions = asyncio.run(predict(args.model, texts))
    commit, baseline = load_recorded_predictions(BASELINE_FILE)
    parent_of = ProcedureTerms.load().parent
    known = domain_intents()

    lines: list[str] = []
    results: dict = {"model": str(args.model), "min_right": args.min_right, "sets": {}}
    changed: dict = {}
    for name, questions in files.items():
        scores = score(questions, predictions, parent_of, known)
        changes = compare(questions, predictions, baseline, parent_of)
        lines += format_scores(name, scores) + format_changes(name, commit, changes)
        results["sets"][name] = {**scores.as_dict(), "against_baseline": changes.as_dict()}
        changed[name] = {"now_right": changes.gained, "now_wrong": changes.lost}

    if args.dev_only:
        print("\n".join(lines))
        return 0
    gate = results["sets"]["blind set"]["overall"]
    passed = gate["share_right"] >= args.min_right
    verdict = (
        f"real-question gate: {gate['right']}/{gate['total']} = {gate['share_right']:.1%} of the "
        f"blind set answered right (minimum {args.min_right:.0%}): "
        + ("passed" if passed else "FAILED")
    )
    lines.append(verdict)
    results["passed"] = passed

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (args.out / "scores.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (args.out / "changes.yml").write_text(
        yaml.safe_dump(changed, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    print("\n".join(lines))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
