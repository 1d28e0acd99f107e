"""Keep the held-out NLU set honest: no training line leaks into it, and every intent is tested."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz, process

from bot.paths import REPO_ROOT
from tests.nlu.nlu_examples import load_examples, load_training, normalise

TRAINING_DIR = REPO_ROOT / "data" / "nlu"
HOLDOUT_FILE = REPO_ROOT / "tests" / "nlu" / "holdout.yml"
MIN_HOLDOUT_EXAMPLES_PER_INTENT = 8
# Similarity (0-100) at which two lines differ only by a typo, plural or contraction.
NEAR_COPY_SIMILARITY = 90


@pytest.fixture(scope="module")
def training() -> dict[str, list[str]]:
    merged = load_training(TRAINING_DIR)
    assert merged, f"{TRAINING_DIR}: no NLU training files found"
    return merged


@pytest.fixture(scope="module")
def holdout() -> dict[str, list[str]]:
    return load_examples(HOLDOUT_FILE)


def test_no_holdout_example_appears_in_training_data(training, holdout):
    trained = {normalise(line) for lines in training.values() for line in lines}
    leaked = [
        f"{intent}: '{line}'"
        for intent, lines in holdout.items()
        for line in lines
        if normalise(line) in trained
    ]
    assert not leaked, (
        f"{HOLDOUT_FILE} repeats lines from {TRAINING_DIR}; reword them "
        "so the score measures new wording:\n" + "\n".join(leaked)
    )


def test_no_holdout_example_is_a_near_copy_of_training_data(training, holdout):
    trained = sorted({normalise(line) for lines in training.values() for line in lines})
    near_copies = []
    for intent, lines in holdout.items():
        for line in lines:
            match = process.extractOne(
                normalise(line), trained, scorer=fuzz.ratio, score_cutoff=NEAR_COPY_SIMILARITY
            )
            if match:
                near_copies.append(f"{intent}: '{line}' ~ '{match[0]}'")
    assert not near_copies, (
        f"{HOLDOUT_FILE} has lines that differ from {TRAINING_DIR} only by a typo or "
        "contraction; reword them with new phrasing:\n" + "\n".join(near_copies)
    )


def test_every_trained_intent_has_holdout_examples(training, holdout):
    untested = sorted(set(training) - set(holdout))
    assert not untested, f"{HOLDOUT_FILE}: add held-out examples for intents {untested}"


def test_every_holdout_intent_is_trained(training, holdout):
    untrained = sorted(set(holdout) - set(training))
    assert not untrained, (
        f"{HOLDOUT_FILE}: intents {untrained} are not trained in {TRAINING_DIR}; "
        "fix the name or add training examples"
    )


def test_each_intent_has_enough_holdout_examples(holdout):
    thin = {
        intent: len(lines)
        for intent, lines in holdout.items()
        if len(lines) < MIN_HOLDOUT_EXAMPLES_PER_INTENT
    }
    assert not thin, (
        f"{HOLDOUT_FILE}: intents {thin} have fewer than "
        f"{MIN_HOLDOUT_EXAMPLES_PER_INTENT} examples; one slip would swing their score"
    )


def test_no_example_is_labelled_with_two_intents(training, holdout):
    for source, data in (("data/nlu", training), ("tests/nlu/holdout.yml", holdout)):
        seen: dict[str, str] = {}
        clashes = []
        for intent, lines in data.items():
            for line in lines:
                key = normalise(line)
                if key in seen and seen[key] != intent:
                    clashes.append(f"'{line}' is both {seen[key]} and {intent}")
                seen.setdefault(key, intent)
        assert not clashes, f"{source}: contradictory labels:\n" + "\n".join(clashes)


def test_normalise_ignores_case_and_punctuation():
    assert normalise("  How long does it LAST?! ") == normalise("how long does it last")


def test_near_copy_threshold_catches_typos_but_not_new_wording():
    assert fuzz.ratio(normalise("do you take aetna"), normalise("do you take aetnna")) >= (
        NEAR_COPY_SIMILARITY
    )
    assert fuzz.ratio(normalise("how long does it last"), normalise("when does it kick in")) < (
        NEAR_COPY_SIMILARITY
    )
