"""A broken red_flags.yml stops the bot at start with an error naming the file, field and fix."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.errors import ContentError
from bot.safety import DEFAULT_RULES_FILE, RedFlagChecker, RedFlagRulesError
from bot.safety.pattern_syntax import PatternSyntaxError, compile_pattern

MINIMAL_RULES: dict[str, Any] = {
    "version": 1,
    "review": {
        "reviewed": "2026-11-30",
        "reviewed_by": "clinic physician",
        "review_due": "2027-11-30",
    },
    "follow_ups": {"naloxone": "If you have naloxone (Narcan), give it now."},
    "precedence": ["crisis", "emergency", "urgent"],
    "macros": {"cant": ["ca|can /^(n.t|nt|not)$/"]},
    "gap_excludes": ["not"],
    "negation": {"window": 4, "cues": ["no|not"], "scope_ends": ["but"]},
    "red_flags": {
        "emergency": [{"id": "cannot_breathe", "sources": ["S4"], "patterns": ["@cant breathe"]}],
        "crisis": [{"id": "suicide", "patterns": ["suicide"]}],
        "urgent": [{"id": "fever", "patterns": ["fever"]}],
    },
    "lookalikes": [{"id": "killing_me", "patterns": ["killing me"]}],
}


def write_rules(tmp_path: Path, rules: dict[str, Any]) -> Path:
    path = tmp_path / "red_flags.yml"
    path.write_text(yaml.safe_dump(rules), encoding="utf-8")
    return path


def broken(change: Any) -> dict[str, Any]:
    rules = copy.deepcopy(MINIMAL_RULES)
    change(rules)
    return rules


def test_minimal_rules_file_works_end_to_end(tmp_path: Path) -> None:
    checker = RedFlagChecker.from_file(write_rules(tmp_path, MINIMAL_RULES))
    assert checker.check("I can't breathe").category == "emergency"
    assert checker.check("no fever").lookalike
    assert checker.check("this is killing me").rule == "killing_me"


def test_default_rules_file_is_the_shipped_one() -> None:
    assert DEFAULT_RULES_FILE.is_file()
    assert RedFlagChecker.from_file().rule_book.path == DEFAULT_RULES_FILE


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda r: r["red_flags"].pop("crisis"), "red_flags.crisis"),
        (lambda r: r.update(precedence=["emergency", "urgent"]), "precedence"),
        (lambda r: r.update(colour="red"), "colour"),
        (lambda r: r["red_flags"]["urgent"][0].pop("patterns"), "red_flags.urgent[0].patterns"),
        (lambda r: r["red_flags"]["urgent"][0].update(id="Fever!"), "red_flags.urgent[0].id"),
        (
            lambda r: r["red_flags"]["urgent"][0].update(patterns=["/^(fever/"]),
            "red_flags.urgent[0].patterns[0]",
        ),
        (
            lambda r: r["red_flags"]["urgent"][0].update(patterns=["@nope fever"]),
            "red_flags.urgent[0].patterns[0]",
        ),
        (
            lambda r: r["red_flags"]["urgent"][0].update(patterns=[[{"LOWER": {"FUZZY": "x"}}]]),
            "red_flags.urgent[0].patterns[0]",
        ),
        (lambda r: r["red_flags"]["urgent"][0].update(id="suicide"), "id 'suicide'"),
        (lambda r: r["red_flags"].update(severe=[]), "red_flags.severe"),
        (lambda r: r["negation"].update(window=0), "negation.window"),
        (lambda r: r["negation"].pop("cues"), "negation.cues"),
        (
            lambda r: r["negation"].update(reported_spans=["@nope been"]),
            "negation.reported_spans[0]",
        ),
        (lambda r: r["negation"].update(reported_verbs=["took it"]), "negation.reported_verbs[0]"),
        (lambda r: r["lookalikes"][0].update(colour="x"), "lookalikes[0].colour"),
        (lambda r: r.pop("review"), "review"),
        (lambda r: r["review"].pop("reviewed_by"), "review.reviewed_by"),
        (lambda r: r["review"].update(review_due="2026-01-01"), "review.review_due"),
        (
            lambda r: r["red_flags"]["emergency"][0].update(follow_up="narcan"),
            "red_flags.emergency[0].follow_up",
        ),
        (lambda r: r["follow_ups"].update(naloxone=" "), "follow_ups.naloxone"),
    ],
)
def test_malformed_rules_name_the_file_and_the_field(
    tmp_path: Path, change: Any, field: str
) -> None:
    path = write_rules(tmp_path, broken(change))
    with pytest.raises(RedFlagRulesError) as caught:
        RedFlagChecker.from_file(path)
    assert caught.value.file == str(path)
    assert caught.value.field == field
    assert str(path) in str(caught.value) and field in str(caught.value)
    assert isinstance(caught.value, ContentError)


def test_missing_file_and_bad_yaml_are_reported(tmp_path: Path) -> None:
    with pytest.raises(RedFlagRulesError, match="cannot read it"):
        RedFlagChecker.from_file(tmp_path / "nope.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("red_flags: [emergency\n", encoding="utf-8")
    with pytest.raises(RedFlagRulesError, match="YAML is malformed") as caught:
        RedFlagChecker.from_file(bad)
    assert caught.value.field.startswith("line 2")


def test_a_section_written_twice_is_named_with_its_line(tmp_path: Path) -> None:
    line = "precedence: [crisis, emergency, urgent]\n"
    text = DEFAULT_RULES_FILE.read_text(encoding="utf-8")
    first = text[: text.index(line)].count("\n") + 1
    path = tmp_path / "red_flags.yml"
    path.write_text(text.replace(line, line + line, 1), encoding="utf-8")
    with pytest.raises(RedFlagRulesError) as caught:
        RedFlagChecker.from_file(path)
    assert caught.value.file == str(path)
    assert caught.value.field == f"line {first + 1}, column 1"
    assert f"'precedence' is written twice (first on line {first})" in caught.value.fix


def test_short_pattern_syntax_compiles_to_spacy_token_patterns() -> None:
    macros = {"cant": ["ca /^(n.t|nt)$/", "unable to"]}
    compiled = compile_pattern("@cant feel my? legs|feet ~2 now", macros, ["not"])
    assert len(compiled) == 2
    assert compiled[0] == [
        {"LOWER": "ca"},
        {"LOWER": {"REGEX": "^(n.t|nt)$"}},
        {"LOWER": "feel"},
        {"LOWER": "my", "OP": "?"},
        {"LOWER": {"IN": ["legs", "feet"]}},
        {"TAG": "GAP_OK", "OP": "?"},
        {"TAG": "GAP_OK", "OP": "?"},
        {"LOWER": "now"},
    ]


@pytest.mark.parametrize(
    "pattern", ["", "~2 fever", "fever ~9 neck", "fever? chills?", "fever|/^chill/", "a|"]
)
def test_pattern_mistakes_are_refused(pattern: str) -> None:
    with pytest.raises(PatternSyntaxError):
        compile_pattern(pattern, {})


def test_a_rule_citing_an_unknown_source_key_names_the_field(tmp_path):
    rules = tmp_path / "red_flags.yml"
    rules.write_text(DEFAULT_RULES_FILE.read_text().replace("[LIFELINE988]", "[NOPE988]", 1))
    with pytest.raises(RedFlagRulesError, match=r"crisis\[0\]\.sources.*NOPE988"):
        RedFlagChecker.from_file(rules)


def test_a_rule_names_its_follow_up_line(tmp_path: Path) -> None:
    rules = copy.deepcopy(MINIMAL_RULES)
    rules["red_flags"]["emergency"][0]["follow_up"] = "naloxone"
    book = RedFlagChecker.from_file(write_rules(tmp_path, rules)).rule_book
    assert (
        book.follow_ups.for_rule("cannot_breathe") == "If you have naloxone (Narcan), give it now."
    )
    assert book.follow_ups.for_rule("suicide") is None
    assert book.review is not None and book.review.reviewed_by == "clinic physician"


def test_an_urgent_rule_is_an_emergency_with_its_context_anywhere_in_the_message(
    tmp_path: Path,
) -> None:
    """S4: a fever after a spine procedure goes to the ER, however far apart the two are told."""
    rules = copy.deepcopy(MINIMAL_RULES)
    rules["red_flags"]["urgent"][0]["emergency_with"] = ["had|got ~2 epidural"]
    checker = RedFlagChecker.from_file(write_rules(tmp_path, rules))
    far_apart = "I had the epidural on Monday. Work was busy all week. Tonight I have a fever."
    assert checker.check(far_apart).category == "emergency"
    assert checker.check(far_apart).rule == "fever"
    assert checker.check("Tonight I have a fever.").category == "urgent"
    assert checker.check("I have not had an epidural, but tonight a fever").category == "urgent"


def test_only_an_urgent_rule_can_be_raised_to_an_emergency(tmp_path: Path) -> None:
    rules = copy.deepcopy(MINIMAL_RULES)
    rules["red_flags"]["crisis"][0]["emergency_with"] = ["pills"]
    with pytest.raises(RedFlagRulesError, match=r"crisis\[0\]\.emergency_with.*only an urgent"):
        RedFlagChecker.from_file(write_rules(tmp_path, rules))


def test_follow_ups_load_without_spacy() -> None:
    # The action server reads follow-ups through this module and must not import spaCy.
    code = (
        "import sys\n"
        "from bot.safety.follow_ups import load_follow_ups\n"
        "lines = load_follow_ups()\n"
        "assert 'naloxone' in lines.for_rule('overdose').lower()\n"
        "print('spacy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "False"
