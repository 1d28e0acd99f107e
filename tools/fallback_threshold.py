"""What lowering the FallbackClassifier threshold would do, measured on a trained model.

    python -m tools.fallback_threshold models/painpath.tar.gz

Parses the held-out set, the real-question DEV set, the conversation turns and the red-flag dev
look-alikes once, then replays the fallback decision at lower thresholds from each parse's intent
ranking (the classifier only relabels DIET's result, so no retraining is needed). Prints, per
threshold and set, how many messages get an acceptable intent, how many fall back and how many
get a wrong one. Never run it on the blind sets: they are for the gates only.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
from pathlib import Path

from rasa.core.agent import Agent
from rasa.utils.common import configure_logging_and_warnings
from rasa.utils.log_utils import configure_structlog

from bot.paths import DEFAULT_MODEL, REPO_ROOT
from bot.yaml_files import read_yaml

THRESHOLDS = (0.45, 0.4, 0.35, 0.3, 0.25)
AMBIGUITY = 0.05
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]+\)|\{[^}]+\})")

Labelled = list[tuple[str, set[str] | None]]


def _nlu_examples(path: Path) -> Labelled:
    examples: Labelled = []
    for item in read_yaml(path).get("nlu") or []:
        for line in str(item.get("examples", "")).splitlines():
            if "intent" in item and line.strip().startswith("- "):
                examples.append((ANNOTATION.sub(r"\1", line.strip()[2:]), {item["intent"]}))
    return examples


def _conversation_turns() -> Labelled:
    turns: Labelled = []
    for path in sorted((REPO_ROOT / "tests/e2e/conversations").glob("*.yml")):
        for conversation in read_yaml(path)["conversations"]:
            for turn in conversation["turns"]:
                intents = turn["intent"] if isinstance(turn["intent"], list) else [turn["intent"]]
                turns.append((turn["say"], set(intents)))
    return turns


def labelled_sets() -> dict[str, Labelled]:
    dev_questions = read_yaml(REPO_ROOT / "tests/nlu/real_questions_dev.yml")
    red_flag_dev = read_yaml(REPO_ROOT / "tests/safety/real_red_flags_dev.yml")
    return {
        "held-out": _nlu_examples(REPO_ROOT / "tests/nlu/holdout.yml"),
        "real questions (dev)": [(q["text"], {q["intent"]}) for q in dev_questions["questions"]],
        "conversation turns": _conversation_turns(),
        "red-flag look-alikes (dev)": [
            (case["text"], None) for case in red_flag_dev["cases"] if case["expect"] == "none"
        ],
    }


def intent_at(parse: dict, threshold: float) -> str:
    """The intent this parse would get with the fallback threshold lowered to `threshold`."""
    intent = parse["intent"]["name"]
    if intent != "nlu_fallback":
        return intent
    ranking = [item for item in parse.get("intent_ranking") or [] if item["name"] != intent]
    if not ranking or ranking[0]["confidence"] < threshold:
        return intent
    if len(ranking) > 1 and ranking[0]["confidence"] - ranking[1]["confidence"] < AMBIGUITY:
        return intent
    return ranking[0]["name"]


async def main(model: str) -> None:
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)  # else every parse (the patient's text) is printed
    agent = Agent.load(model)
    for name, items in labelled_sets().items():
        parses = [(await agent.parse_message(text), gold) for text, gold in items]
        print(f"{name} ({len(items)} messages)")
        for threshold in THRESHOLDS:
            intents = [(intent_at(parse, threshold), gold) for parse, gold in parses]
            fallback = sum(intent == "nlu_fallback" for intent, _ in intents)
            right = sum(gold is not None and intent in gold for intent, gold in intents)
            wrong = len(intents) - fallback - right if items[0][1] is not None else 0
            print(f"  threshold {threshold:.2f}: right {right}, fallback {fallback}, wrong {wrong}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_MODEL))
