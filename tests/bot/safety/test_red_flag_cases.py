"""tests/safety/red_flag_cases.yml: every red flag routed, look-alikes left alone."""

from __future__ import annotations

import pytest
import yaml

from bot.paths import SAFETY_TESTS_DIR
from bot.safety import RED_FLAG_CATEGORIES, RedFlagChecker

CASES_FILE = SAFETY_TESTS_DIR / "red_flag_cases.yml"
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


def test_every_rule_is_exercised_by_a_case(checker: RedFlagChecker) -> None:
    # A rule nobody tests can break silently; each kind of red flag has its own wording cases.
    fired = {
        checker.check(text).rule for category in RED_FLAG_CATEGORIES for text in CASES[category]
    }
    rules = [rule.id for rule in checker.rule_book.rules if rule.category in RED_FLAG_CATEGORIES]
    untested = [rule for rule in rules if rule not in fired]
    assert not untested, f"add a case to {CASES_FILE.name} for: {', '.join(untested)}"


@pytest.mark.parametrize(
    "text",
    [
        "I want to sleep and never wake up",
        "I hope I don't wake up tomorrow",
        "i wish i could just go to sleep and not wake up",
    ],
)
def test_a_passive_wish_not_to_wake_up_gets_988_not_911(checker: RedFlagChecker, text: str) -> None:
    # "don't wake up" also reads like an unresponsive person; crisis must win (988 first).
    assert checker.check(text).category == "crisis"


@pytest.mark.parametrize(
    ("text", "rule", "line"),
    [
        ("I took too many of my oxycodone pills", "overdose", "naloxone"),
        (
            "she's breathing really slow after her pills",
            "unresponsive_after_pain_medicine",
            "naloxone",
        ),
        ("I took all my pills", "overdose_on_purpose", "call 911"),
        ("my stimulator is shocking me", "stimulator_shocking", "Turn the stimulator off"),
        ("I have a fever after my nerve block", "fever_or_chills", "emergency room"),
        ("I have a fever after my epidural", "fever_after_spine_procedure", None),
        ("stiff neck after my epidural", "stiff_neck", "emergency room"),
    ],
)
def test_kinds_that_need_a_specific_step_name_it(
    checker: RedFlagChecker, text: str, rule: str, line: str | None
) -> None:
    result = checker.check(text)
    assert result.rule == rule
    follow_up = checker.rule_book.follow_ups.for_rule(result.rule)
    if line is None:
        assert follow_up is None
    else:
        assert line in (follow_up or "")
