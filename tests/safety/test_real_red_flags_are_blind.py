"""Keep the real-wording red-flag sets honest: well-formed, big enough, split by page, and blind.

tests/safety/real_red_flags.yml is the blind gate set (never tuned on); real_red_flags_dev.yml is
the set developers may study. Scoring the checker on them is the safety gate's job, not this file's.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rapidfuzz import fuzz, process

from bot.paths import REPO_ROOT

BLIND_FILE = REPO_ROOT / "tests" / "safety" / "real_red_flags.yml"
DEV_FILE = REPO_ROOT / "tests" / "safety" / "real_red_flags_dev.yml"
RULE_AND_EXEMPLAR_FILES = (
    sorted((REPO_ROOT / "data" / "nlu").glob("*.yml"))
    + [REPO_ROOT / "tests" / "safety" / "red_flag_cases.yml"]
    + sorted((REPO_ROOT / "content" / "safety").rglob("*.yml"))
    + sorted((REPO_ROOT / "content" / "safety").rglob("*.yaml"))
)

EXPECTS = {"emergency", "crisis", "urgent", "none"}
WORDINGS = {"verbatim", "adapted", "variant"}
REQUIRED_KEYS = {"text", "expect", "kind", "url", "wording"}
OPTIONAL_KEYS = {"note"}
KIND_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
URL_PATTERN = re.compile(r"^https?://\S+$")

# Issue 13: the blind set holds at least this many messages of each kind.
BLIND_MINIMUMS = {"emergency": 120, "crisis": 80, "urgent": 100, "none": 200}
BLIND_MIN_RED_FLAGS = 400
# At least this share of red-flag messages follows a real person's words (verbatim or adapted).
MIN_GATHERED_SHARE = 0.40
# Similarity (0-100) at which a rule exemplar is a copy of a blind case with a typo or two.
NEAR_COPY_SIMILARITY = 90

_PUNCTUATION = str.maketrans("", "", string.punctuation + "‘’“”")


def normalise(text: str) -> str:
    """Lower-case, drop punctuation and squeeze spaces so near-identical messages compare equal."""
    return re.sub(r"\s+", " ", text.lower().translate(_PUNCTUATION)).strip()


def load_cases(path: Path) -> list[dict[str, Any]]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict), f"{path}: expected a mapping with 'version' and 'cases'"
    assert document.get("version") == 1, f"{path}: 'version' must be 1"
    cases = document.get("cases")
    assert isinstance(cases, list) and cases, f"{path}: 'cases' must be a non-empty list"
    return cases


def strings_in(node: Any) -> Iterator[str]:
    """Every string scalar in a parsed YAML file; Rasa '- example' blocks are split per line."""
    if isinstance(node, str):
        for line in node.splitlines():
            line = line.strip()
            yield line[2:].strip() if line.startswith("- ") else line
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings_in(key)
            yield from strings_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings_in(item)


def leaked_texts(blind_texts: Iterable[str], source_strings: Iterable[str]) -> list[str]:
    """Blind texts a source repeats whole, or copies with only a typo or contraction changed."""
    sources = sorted({normalise(s) for s in source_strings if normalise(s)})
    joined = "\n".join(sources)
    leaks = []
    for text in blind_texts:
        key = normalise(text)
        near = process.extractOne(
            key, sources, scorer=fuzz.ratio, score_cutoff=NEAR_COPY_SIMILARITY
        )
        if key in joined or near:
            leaks.append(text)
    return leaks


@pytest.fixture(scope="module")
def blind() -> list[dict[str, Any]]:
    return load_cases(BLIND_FILE)


@pytest.fixture(scope="module")
def dev() -> list[dict[str, Any]]:
    return load_cases(DEV_FILE)


def shape_problems(path: Path, cases: list[dict[str, Any]]) -> list[str]:
    problems = []
    for number, case in enumerate(cases, 1):
        where = f"{path.name} case {number}"
        if not isinstance(case, dict):
            problems.append(f"{where}: not a mapping")
            continue
        missing = REQUIRED_KEYS - case.keys()
        unknown = case.keys() - REQUIRED_KEYS - OPTIONAL_KEYS
        if missing:
            problems.append(f"{where}: missing {sorted(missing)}")
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        text, expect, kind = case.get("text"), case.get("expect"), case.get("kind")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: 'text' must be a non-empty string")
        if expect not in EXPECTS:
            problems.append(f"{where}: 'expect' is {expect!r}, not one of {sorted(EXPECTS)}")
        if not isinstance(kind, str) or not KIND_PATTERN.match(kind):
            problems.append(f"{where}: 'kind' {kind!r} is not a snake_case label")
        if not isinstance(case.get("url"), str) or not URL_PATTERN.match(case["url"]):
            problems.append(f"{where}: 'url' {case.get('url')!r} is not an http(s) address")
        if case.get("wording") not in WORDINGS:
            problems.append(
                f"{where}: 'wording' is {case.get('wording')!r}, not one of {sorted(WORDINGS)}"
            )
        if "note" in case and (not isinstance(case["note"], str) or not case["note"].strip()):
            problems.append(f"{where}: 'note', when present, must be a non-empty string")
    return problems


@pytest.mark.parametrize("path", [BLIND_FILE, DEV_FILE], ids=lambda p: p.name)
def test_every_case_is_well_formed(path: Path) -> None:
    problems = shape_problems(path, load_cases(path))
    assert not problems, "\n".join(problems)


def test_blind_set_meets_the_minimums(blind) -> None:
    counts = Counter(case["expect"] for case in blind)
    short = {
        expect: counts[expect] for expect, least in BLIND_MINIMUMS.items() if counts[expect] < least
    }
    assert not short, f"{BLIND_FILE.name} needs at least {BLIND_MINIMUMS}; has {dict(counts)}"
    red_flags = sum(counts[e] for e in ("emergency", "crisis", "urgent"))
    assert red_flags >= BLIND_MIN_RED_FLAGS, (
        f"{BLIND_FILE.name}: {red_flags} red-flag messages, needs at least {BLIND_MIN_RED_FLAGS}"
    )


def test_dev_set_covers_every_category(dev) -> None:
    missing = EXPECTS - {case["expect"] for case in dev}
    assert not missing, f"{DEV_FILE.name} has no {sorted(missing)} cases"


@pytest.mark.parametrize("path", [BLIND_FILE, DEV_FILE], ids=lambda p: p.name)
def test_most_red_flags_follow_a_real_persons_words(path: Path) -> None:
    red_flags = [case for case in load_cases(path) if case["expect"] != "none"]
    gathered = sum(case["wording"] in {"verbatim", "adapted"} for case in red_flags)
    share = gathered / len(red_flags)
    assert share >= MIN_GATHERED_SHARE, (
        f"{path.name}: only {share:.0%} of red-flag messages are verbatim or adapted; "
        f"gather more (at least {MIN_GATHERED_SHARE:.0%}) before adding variants"
    )


def test_no_page_feeds_both_files(blind, dev) -> None:
    shared = sorted({c["url"] for c in blind} & {c["url"] for c in dev})
    assert not shared, "pages used in both the blind and the dev file:\n" + "\n".join(shared)


def test_no_message_is_repeated(blind, dev) -> None:
    seen: dict[str, str] = {}
    repeats = []
    for name, cases in ((BLIND_FILE.name, blind), (DEV_FILE.name, dev)):
        for case in cases:
            key = normalise(case["text"])
            if key in seen:
                repeats.append(f"{name}: {case['text']!r} (also in {seen[key]})")
            seen.setdefault(key, name)
    assert not repeats, "messages that appear twice:\n" + "\n".join(repeats)


def test_no_blind_case_is_copied_into_rules_or_exemplars(blind) -> None:
    documents = [
        yaml.safe_load(path.read_text(encoding="utf-8")) for path in RULE_AND_EXEMPLAR_FILES
    ]
    sources = [text for document in documents for text in strings_in(document)]
    assert sources, "no rule or exemplar files found; the blindness check would pass vacuously"
    leaks = leaked_texts((case["text"] for case in blind), sources)
    assert not leaks, (
        f"{BLIND_FILE.name} is blind: never copy its cases into "
        "data/nlu, tests/safety/red_flag_cases.yml or content/safety. Remove these there "
        "(or tune on real_red_flags_dev.yml instead):\n" + "\n".join(leaks)
    )


def test_leak_check_catches_whole_and_near_copies() -> None:
    blind_texts = ["My neck is swelling after the stellate block.", "I can't find joy in anything."]
    assert leaked_texts(blind_texts, ["- my neck is swelling after the stellate block"]) == [
        blind_texts[0]
    ]
    assert leaked_texts(blind_texts, ["i cant find joy in anythin"]) == [blind_texts[1]]
    assert leaked_texts(blind_texts, ["neck swelling", "no joy"]) == []


def test_normalise_ignores_case_punctuation_and_spacing() -> None:
    assert normalise("  I CAN'T   pee!! ") == normalise("i cant pee")
