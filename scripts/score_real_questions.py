"""Score a trained model on the blind sets of real patient questions (never trained on).

Writes what the model predicted for every question (intent and procedure entities) to a YAML
file, so the team can compare a later model with this one question by question, and prints
accuracy overall and per labelled intent.

    PYTHONPATH=. .venv/bin/python scripts/score_real_questions.py \
        --model models/painpath.tar.gz --commit "$(git rev-parse --short HEAD)" \
        --out tests/nlu/real_questions_baseline.yml
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from collections import Counter, defaultdict
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
QUESTION_FILES = (
    REPO_ROOT / "tests" / "nlu" / "real_questions.yml",
    REPO_ROOT / "tests" / "nlu" / "real_questions_dev.yml",
)


def load_questions(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def predicted_procedures(parse: dict) -> list[str]:
    """Canonical procedure ids the pipeline tagged, in order, without repeats."""
    found: list[str] = []
    for entity in parse.get("entities", []):
        if entity.get("entity") == "procedure" and entity.get("value") not in found:
            found.append(entity.get("value"))
    return found


async def parse_all(model: Path, texts: list[str]) -> dict[str, dict]:
    import structlog
    from rasa.core.agent import Agent

    # Rasa logs every parse at debug level through structlog; keep the report readable.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    agent = Agent.load(str(model))
    predictions = {}
    for text in texts:
        parse = await agent.parse_message(text)
        predictions[text] = {
            "intent": (parse.get("intent") or {}).get("name"),
            "confidence": round(float((parse.get("intent") or {}).get("confidence") or 0.0), 3),
            "procedures": predicted_procedures(parse),
        }
    return predictions


def procedure_matches(labelled: str | None, predicted: list[str]) -> bool:
    return labelled in predicted if labelled else True


def domain_intents() -> set[str]:
    domain = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return set(domain["intents"])


def written_by_patients(questions: list[dict]) -> list[dict]:
    """The questions patients or caregivers wrote themselves: every source but clinic FAQs."""
    return [question for question in questions if question["source"] != "clinic_faq"]


def report(
    set_name: str,
    questions: list[dict],
    predictions: dict[str, dict],
    known: set[str],
    per_intent: bool = True,
) -> list[str]:
    lines = []
    intent_hits = Counter()
    per_intent_hits = defaultdict(lambda: [0, 0])
    with_procedure = both_hits = 0
    for question in questions:
        predicted = predictions[question["text"]]
        intent_ok = predicted["intent"] == question["intent"]
        intent_hits[intent_ok] += 1
        per_intent_hits[question["intent"]][0] += intent_ok
        per_intent_hits[question["intent"]][1] += 1
        if question.get("procedure"):
            with_procedure += 1
            both_hits += intent_ok and procedure_matches(
                question["procedure"], predicted["procedures"]
            )
    total = len(questions)
    answerable = [q for q in questions if q["intent"] in known]
    answerable_hits = sum(predictions[q["text"]]["intent"] == q["intent"] for q in answerable)
    lines.append(
        f"{set_name}: intent {intent_hits[True]}/{total} = {intent_hits[True] / total:.1%}; "
        f"intent+procedure where a procedure is labelled {both_hits}/{with_procedure} = "
        f"{both_hits / max(with_procedure, 1):.1%}; intent where domain.yml has the intent "
        f"{answerable_hits}/{len(answerable)} = {answerable_hits / max(len(answerable), 1):.1%}"
    )
    if per_intent:
        for intent, (hits, count) in sorted(per_intent_hits.items(), key=lambda item: -item[1][1]):
            lines.append(f"  {intent:28s} {hits:3d}/{count:<3d}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--commit", required=True, help="the commit the model was trained from")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    logging.disable(logging.WARNING)
    sets = {path.name: load_questions(path) for path in QUESTION_FILES}
    texts = sorted({q["text"] for questions in sets.values() for q in questions})
    predictions = asyncio.run(parse_all(args.model, texts))

    known = domain_intents()
    lines = []
    for name, questions in sets.items():
        lines += report(name, questions, predictions, known)
        lines += report(
            f"{name}, written by patients",
            written_by_patients(questions),
            predictions,
            known,
            per_intent=False,
        )
    lines += report("both files", [q for qs in sets.values() for q in qs], predictions, known)
    print("\n".join(lines))

    header = (
        f"# What the model trained from commit {args.commit} predicted for every real patient\n"
        "# question of tests/nlu/real_questions*.yml. Written by scripts/score_real_questions.py;\n"
        "# re-run it with a newer model to see what it answers now that this one missed.\n"
        + "".join(f"#   {line}\n" for line in lines)
    )
    body = {
        "commit": args.commit,
        "model": args.model.name,
        "predictions": [{"text": text, **predictions[text]} for text in texts],
    }
    args.out.write_text(
        header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
