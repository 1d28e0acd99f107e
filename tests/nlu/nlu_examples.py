"""Read NLU example lines the way Rasa 3.x lists them, and compare lines that differ only in form.

Shared by the checks that keep held-out and blind question sets out of the training data.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from pathlib import Path

import yaml

_PUNCTUATION = str.maketrans("", "", string.punctuation)


def normalise(example: str) -> str:
    """Lower-case, drop punctuation and squeeze spaces so near-identical lines compare equal."""
    return re.sub(r"\s+", " ", example.lower().translate(_PUNCTUATION)).strip()


def load_examples(path: Path) -> dict[str, list[str]]:
    """Read a Rasa 3.x NLU file into {intent: [example, ...]} with PyYAML only."""
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    examples: dict[str, list[str]] = defaultdict(list)
    for block in document.get("nlu", []):
        if "intent" not in block:
            continue
        text = block.get("examples")
        if not isinstance(text, str):
            raise ValueError(
                f"{path}: intent '{block['intent']}' has no 'examples: |' block; "
                "add one with '- ' lines"
            )
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("- "):
                examples[block["intent"]].append(line[2:].strip())
    return dict(examples)


def load_training(directory: Path) -> dict[str, list[str]]:
    """Every training example under `directory` (its NLU files, recursively), by intent."""
    merged: dict[str, list[str]] = defaultdict(list)
    for path in sorted(directory.rglob("*.yml")):
        for intent, lines in load_examples(path).items():
            merged[intent].extend(lines)
    return dict(merged)
