"""tests/safety/red_flag_cases.yml: every red flag routed, look-alikes left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.safety import RED_FLAG_CATEGORIES, RedFlagChecker

CASES_FILE = Path(__file__).resolve().parents[2] / "safety" / "red_flag_cases.yml"
CASES = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
MINIMUM_CASES = {"emergency": 70, "crisis": 25, "urgent": 20, "not_red_flag": 70}
MAX_LOOKALIKE_ESCALATION = 0.05


@pytest.mark.parametrize("section", sorted(MINIMUM_CASES))
def test_case_list_is_big_enough_to_mean_something(section: str) -> None:
    assert len(CASES[section]) >= MINIMUM_CASES[section]


@pytest.mark.parametrize("category", RED_FLAG_CATEGORIES)
def test_every_red_flag_message_is_routed_to_its_category(
    checker: RedFlagChecker, category: str
) -> None:
    misses = []
    for text in CASES[category]:
        result = checker.check(text)
        if result.category != category:
            misses.append(f"{text!r} -> {result.category} ({result.rule})")
    print("\n".join(misses))
    assert not misses, f"{len(misses)} {category} messages not routed:\n" + "\n".join(misses)


def test_look_alikes_and_negations_are_rarely_escalated(checker: RedFlagChecker) -> None:
    escalated = []
    for text in CASES["not_red_flag"]:
        result = checker.check(text)
        if result.category is not None:
            escalated.append(
                f"{text!r} -> {result.category} ({result.rule}: {result.matched_text!r})"
            )
    print("\n".join(escalated))
    rate = len(escalated) / len(CASES["not_red_flag"])
    assert rate <= MAX_LOOKALIKE_ESCALATION, "escalated look-alikes:\n" + "\n".join(escalated)
