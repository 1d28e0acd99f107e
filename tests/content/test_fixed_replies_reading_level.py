"""The fixed replies (domain responses and the resilience replies) read as easily as the answers."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.knowledge.readability import MAX_READING_GRADE, reading_grade
from bot.paths import REPO_ROOT
from bot.resilience.fallback_reply import REPLIES_FILE
from bot.safety.files import DEFAULT_RULES_FILE

# Reading formulas mean little on a few words ("Which location?" scores grade 8.8).
MIN_WORDS = 8
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _fixed_replies() -> list[tuple[str, str]]:
    domain = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))
    replies = [
        (f"domain.yml {name}", variant["text"])
        for name, variants in domain["responses"].items()
        for variant in variants
        if variant.get("text")
    ]
    resilience = yaml.safe_load(REPLIES_FILE.read_text(encoding="utf-8"))
    replies += [(f"{REPLIES_FILE.name} {key}", text) for key, text in resilience.items()]
    # The kind-specific lines said after a red-flag reply ("If you have naloxone ...").
    rules = yaml.safe_load(DEFAULT_RULES_FILE.read_text(encoding="utf-8"))
    replies += [
        (f"{DEFAULT_RULES_FILE.name} follow_ups.{k}", t) for k, t in rules["follow_ups"].items()
    ]
    # Values (clinic name, phone, hours) are filled in later: read them as one short word.
    readable = [(name, " ".join(PLACEHOLDER.sub("it", text).split())) for name, text in replies]
    return [(name, text) for name, text in readable if len(text.split()) >= MIN_WORDS]


REPLIES = _fixed_replies()


def test_the_fixed_replies_are_found() -> None:
    assert len(REPLIES) > 30


@pytest.mark.parametrize(("name", "text"), REPLIES, ids=[name for name, _ in REPLIES])
def test_a_fixed_reply_reads_at_grade_8_or_below(name: str, text: str) -> None:
    grade = reading_grade(text)
    assert grade <= MAX_READING_GRADE, f"{name} reads at grade {grade:.1f}: {text}"
