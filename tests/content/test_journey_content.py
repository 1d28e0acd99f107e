"""Journey answers: every pain-clinic question a patient can ask exists, loads and reads plainly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.knowledge import DEFAULT_CONTENT_ROOT, JOURNEY_KIND, Entry, KnowledgeBase, Subject
from bot.knowledge.parsing import parse_subject, read_sources, read_yaml_mapping
from bot.knowledge.readability import MAX_READING_GRADE, reading_grade, sentence_count

JOURNEY_DIR = DEFAULT_CONTENT_ROOT / "knowledge" / "journey"
SOURCES_FILE = DEFAULT_CONTENT_ROOT / "sources.yml"
TERMS_FILE = DEFAULT_CONTENT_ROOT / "terms.yml"

# The journey intents in docs/architecture.md, one subject each (ask_<id> or new_patient).
JOURNEY_SUBJECTS = (
    "pain_clinic",
    "chronic_pain",
    "conditions_treated",
    "care_team",
    "treatments",
    "opioids",
    "when_to_seek",
    "referral",
    "prior_authorization",
    "first_visit",
    "what_to_bring",
    "questions_for_doctor",
    "new_patient",
    "cost",
    "companion",
)
SUBJECTS_WITH_DURATION = ("referral", "first_visit")

# Phone and fax numbers and web addresses come from the clinic file, never from shared content.
PHONE_PATTERN = re.compile(r"\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b|\b\d{3}[\s.-]\d{4}\b")
URL_PATTERN = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|gov|edu|health)\b", re.I)


def _journey_files() -> list[Path]:
    return sorted(JOURNEY_DIR.glob("*.yml"))


@pytest.fixture(scope="module")
def journey_knowledge() -> KnowledgeBase:
    """Journey subjects parsed by the real loader code, independent of procedure content."""
    sources = read_sources(SOURCES_FILE)
    subjects = {}
    for path in _journey_files():
        subject = parse_subject(path, read_yaml_mapping(path), sources)
        subjects[subject.id] = subject
    return KnowledgeBase(subjects, sources)


def _all_entries() -> list[tuple[str, Entry]]:
    sources = read_sources(SOURCES_FILE)
    found = []
    for path in _journey_files():
        subject = parse_subject(path, read_yaml_mapping(path), sources)
        found.extend((f"{subject.id}.{topic}", entry) for topic, entry in subject.entries.items())
    return found


ALL_ENTRIES = _all_entries()
ENTRY_IDS = [name for name, _ in ALL_ENTRIES]


@pytest.mark.parametrize("subject_id", JOURNEY_SUBJECTS)
def test_every_journey_question_has_an_overview_answer(
    journey_knowledge: KnowledgeBase, subject_id: str
) -> None:
    subject: Subject = journey_knowledge.subject(subject_id)
    assert subject.kind == JOURNEY_KIND
    assert journey_knowledge.answer(subject_id, "overview") is not None


def test_no_journey_file_outside_the_agreed_subject_ids() -> None:
    assert {path.stem for path in _journey_files()} == set(JOURNEY_SUBJECTS)


@pytest.mark.parametrize("subject_id", SUBJECTS_WITH_DURATION)
def test_how_long_questions_get_an_answer_without_an_invented_number(
    journey_knowledge: KnowledgeBase, subject_id: str
) -> None:
    overview = journey_knowledge.answer(subject_id, "overview")
    duration = journey_knowledge.answer(subject_id, "duration")
    assert overview is not None and overview.next == "duration"
    assert duration is not None
    # The clinic's own length or wait is added by the action; a number here could contradict it.
    assert not re.search(r"\d", duration.text), duration.text


def test_every_offered_next_topic_has_an_answer(journey_knowledge: KnowledgeBase) -> None:
    for subject, entry in journey_knowledge.entries():
        if entry.next is not None:
            assert journey_knowledge.answer(subject.id, entry.next) is not None, subject.file


@pytest.mark.parametrize(("name", "entry"), ALL_ENTRIES, ids=ENTRY_IDS)
def test_answer_is_short_and_easy_to_read(name: str, entry: Entry) -> None:
    assert reading_grade(entry.text) <= MAX_READING_GRADE, f"{name}: {entry.text}"
    assert 2 <= sentence_count(entry.text) <= 4, f"{name}: {entry.text}"


@pytest.mark.parametrize(("name", "entry"), ALL_ENTRIES, ids=ENTRY_IDS)
def test_answer_holds_no_phone_number_or_web_address(name: str, entry: Entry) -> None:
    assert not PHONE_PATTERN.search(entry.text), f"{name}: numbers come from the clinic file"
    assert not URL_PATTERN.search(entry.text), f"{name}: web addresses come from the clinic file"


def test_contact_patterns_catch_what_they_guard_against() -> None:
    assert PHONE_PATTERN.search("Call 555-0142 or (555) 555-0199.")
    assert URL_PATTERN.search("See www.example.org for more.")
    assert not PHONE_PATTERN.search("Rate your pain from 0 to 10 for 3 to 6 months.")


def test_chronic_pain_uses_the_current_three_month_definition(
    journey_knowledge: KnowledgeBase,
) -> None:
    text = journey_knowledge.answer("chronic_pain", "overview").text
    assert "more than 3 months" in text
    assert "3 to 6 months" in text


def test_new_patient_welcome_names_the_three_steps(journey_knowledge: KnowledgeBase) -> None:
    text = journey_knowledge.answer("new_patient", "overview").text.lower()
    for step in ("referral", "bring", "first visit"):
        assert step in text


@pytest.mark.skipif(not TERMS_FILE.is_file(), reason="content/terms.yml not written yet")
def test_full_knowledge_base_serves_every_journey_subject() -> None:
    knowledge = KnowledgeBase.load()
    served = {s.id for s in knowledge.subjects(JOURNEY_KIND) if s.file.parent == JOURNEY_DIR}
    assert served == set(JOURNEY_SUBJECTS)
