"""Keep the real patient question sets blind: out of the training data and the question bank, well
formed, split by page.

tests/nlu/real_questions.yml (the gate) and real_questions_dev.yml (for study) hold questions that
patients, caregivers and clinics wrote on public pages. A model that trained on them would score
well on them and tell us nothing about the patients it has not met. The question bank
(content/question_bank.yml, NearestExampleFallback's neighbours) is in the model too: no text of
a measuring set may be in it either.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.paths import REPO_ROOT
from tests.nlu.nlu_examples import load_examples, load_training, normalise

TRAINING_DIR = REPO_ROOT / "data"
BLIND_FILE = REPO_ROOT / "tests" / "nlu" / "real_questions.yml"
DEV_FILE = REPO_ROOT / "tests" / "nlu" / "real_questions_dev.yml"
HOLDOUT_FILE = REPO_ROOT / "tests" / "nlu" / "holdout.yml"
RED_FLAG_SETS = [
    REPO_ROOT / "tests" / "safety" / name
    for name in ("real_red_flags.yml", "real_red_flags_dev.yml")
]
NEAREST_EXAMPLE_COMPONENT = "bot.nlu.nearest_example.NearestExampleFallback"
MIN_BLIND_QUESTIONS = 150
# Clinic FAQ headings are short and clean; patients write long, personal, misspelled messages.
# The gate must keep enough of the latter to measure what patients get.
MIN_BLIND_PATIENT_WRITTEN = 35
PATIENT_WRITTEN_SOURCES = {"forum", "qa", "blog"}
SOURCES = PATIENT_WRITTEN_SOURCES | {"clinic_faq"}

# Intents the blind sets may use before domain.yml has them: the names marked NEW in the planned
# intent inventory (issue 12 / issue 17). Remove each one here once it lands in domain.yml.
PLANNED_INTENTS = {
    "ask_condition_help",
    "ask_book_appointment",
    "ask_reschedule",
    "ask_cancel_appointment",
    "ask_running_late",
    "ask_appointment_time",
    "share_feeling",
}


def load_questions(path: Path) -> list[dict]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert document.get("version") == 1, f"{path}: expected 'version: 1'"
    questions = document.get("questions")
    assert isinstance(questions, list) and questions, f"{path}: no 'questions' list"
    return questions


@pytest.fixture(scope="module")
def question_sets() -> dict[str, list[dict]]:
    return {path.name: load_questions(path) for path in (BLIND_FILE, DEV_FILE)}


@pytest.fixture(scope="module")
def known_intents() -> set[str]:
    domain = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return set(domain["intents"]) | PLANNED_INTENTS


@pytest.fixture(scope="module")
def procedure_ids() -> set[str]:
    terms = yaml.safe_load((REPO_ROOT / "content" / "terms.yml").read_text(encoding="utf-8"))
    return set(terms["procedures"])


def test_no_real_question_appears_in_training_data(question_sets):
    trained = {normalise(line) for lines in load_training(TRAINING_DIR).values() for line in lines}
    assert trained, f"{TRAINING_DIR}: no NLU training examples found"
    leaked = [
        f"{name}: '{question['text']}'"
        for name, questions in question_sets.items()
        for question in questions
        if normalise(question["text"]) in trained
    ]
    assert not leaked, (
        f"training data under {TRAINING_DIR} contains real patient questions kept blind; "
        "write training examples in your own words instead:\n" + "\n".join(leaked)
    )


def test_every_question_is_well_formed(question_sets, known_intents, procedure_ids):
    problems = []
    for name, questions in question_sets.items():
        for number, question in enumerate(questions, start=1):
            where = f"{name} question {number}"
            text = question.get("text")
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{where}: no text")
            url = question.get("url")
            if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                problems.append(f"{where}: url {url!r} is not an http(s) address")
            if question.get("source") not in SOURCES:
                problems.append(f"{where}: source {question.get('source')!r} not in {SOURCES}")
            if question.get("intent") not in known_intents:
                problems.append(f"{where}: unknown intent {question.get('intent')!r}")
            procedure = question.get("procedure", "missing")
            if procedure is not None and procedure not in procedure_ids:
                problems.append(f"{where}: procedure {procedure!r} is not in content/terms.yml")
    assert not problems, "\n".join(problems)


def test_blind_set_is_big_enough_to_gate_on(question_sets):
    count = len(question_sets[BLIND_FILE.name])
    assert count >= MIN_BLIND_QUESTIONS, (
        f"{BLIND_FILE} has {count} questions; a gate needs at least {MIN_BLIND_QUESTIONS}"
    )


def test_blind_set_keeps_enough_questions_patients_wrote(question_sets):
    written = [
        question
        for question in question_sets[BLIND_FILE.name]
        if question.get("source") in PATIENT_WRITTEN_SOURCES
    ]
    assert len(written) >= MIN_BLIND_PATIENT_WRITTEN, (
        f"{BLIND_FILE} has {len(written)} questions written by patients or caregivers "
        f"(source {sorted(PATIENT_WRITTEN_SOURCES)}); "
        f"the gate needs at least {MIN_BLIND_PATIENT_WRITTEN}"
    )


def test_no_page_feeds_both_files(question_sets):
    blind_pages = {question["url"] for question in question_sets[BLIND_FILE.name]}
    dev_pages = {question["url"] for question in question_sets[DEV_FILE.name]}
    shared = sorted(blind_pages & dev_pages)
    assert not shared, (
        "pages split between the blind and the dev set (move all of a page's questions "
        "to one file):\n" + "\n".join(shared)
    )


def test_no_question_is_listed_twice(question_sets):
    texts = [question["text"] for questions in question_sets.values() for question in questions]
    counts = Counter(normalise(text) for text in texts)
    repeated = sorted(text for text, count in counts.items() if count > 1)
    assert not repeated, "questions listed more than once:\n" + "\n".join(repeated)


def question_bank_file() -> Path:
    """The bank config.yml gives NearestExampleFallback (the one the model is trained with)."""
    config = yaml.safe_load((REPO_ROOT / "config.yml").read_text(encoding="utf-8"))
    [component] = [c for c in config["pipeline"] if c["name"] == NEAREST_EXAMPLE_COMPONENT]
    assert component.get("question_bank"), f"config.yml: {NEAREST_EXAMPLE_COMPONENT} has no bank"
    return REPO_ROOT / component["question_bank"]


def measuring_texts(question_sets) -> dict[str, list[str]]:
    """Every text a score is measured on: real questions, red-flag sets and the held-out set."""
    texts = {name: [q["text"] for q in questions] for name, questions in question_sets.items()}
    for path in RED_FLAG_SETS:
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        texts[path.name] = [case["text"] for case in cases]
    texts[HOLDOUT_FILE.name] = [
        line for lines in load_examples(HOLDOUT_FILE).values() for line in lines
    ]
    return texts


def test_no_measured_text_is_in_the_question_bank(question_sets):
    bank_file = question_bank_file()
    banked = {normalise(line) for lines in load_examples(bank_file).values() for line in lines}
    assert len(banked) > 100, f"{bank_file}: expected the question bank's questions"
    leaked = [
        f"{name}: '{text}'"
        for name, texts in measuring_texts(question_sets).items()
        for text in texts
        if normalise(text) in banked
    ]
    assert not leaked, (
        f"the question bank {bank_file} holds texts we measure on (the model keeps the bank's "
        "questions as neighbours, so a copy scores itself); drop them from the bank:\n"
        + "\n".join(leaked)
    )


def test_every_bank_question_has_an_intent_the_assistant_knows():
    domain = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))
    unknown = sorted(set(load_examples(question_bank_file())) - set(domain["intents"]))
    assert not unknown, f"{question_bank_file()}: intents not in domain.yml: {unknown}"
