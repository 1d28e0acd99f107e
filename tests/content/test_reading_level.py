"""Every answer a patient can get must be easy to read, short, sourced and complete."""

from __future__ import annotations

from statistics import mean

import pytest

from bot.knowledge import REQUIRED_TOPICS, Entry, KnowledgeBase, KnowledgeError, Subject
from bot.knowledge.readability import MAX_READING_GRADE, reading_grade, sentence_count

MIN_SENTENCES = 1
MAX_SENTENCES = 5
# Grade 6 is the target; a mean above this means the content drifts toward the limit.
MAX_MEAN_GRADE = 7.0


def _all_entries() -> list[tuple[Subject, Entry]]:
    try:
        return list(KnowledgeBase.load().entries())
    except KnowledgeError:
        return []  # test_content_loads reports the error itself


ENTRIES = _all_entries()
ENTRY_IDS = [f"{subject.id}/{entry.topic}" for subject, entry in ENTRIES]


def test_content_loads() -> None:
    knowledge = KnowledgeBase.load()
    assert knowledge.subjects("procedure") and knowledge.subjects("journey")


@pytest.mark.parametrize(("subject", "entry"), ENTRIES, ids=ENTRY_IDS)
def test_reading_grade_is_at_most_8(subject: Subject, entry: Entry) -> None:
    grade = reading_grade(entry.text)
    assert grade <= MAX_READING_GRADE, (
        f"{subject.file}: {subject.id}/{entry.topic} reads at FK grade {grade:.1f} "
        f"(limit {MAX_READING_GRADE:.0f}); use shorter sentences and shorter words"
    )


@pytest.mark.parametrize(("subject", "entry"), ENTRIES, ids=ENTRY_IDS)
def test_answer_is_a_few_sentences(subject: Subject, entry: Entry) -> None:
    count = sentence_count(entry.text)
    assert MIN_SENTENCES <= count <= MAX_SENTENCES, (
        f"{subject.file}: {subject.id}/{entry.topic} has {count} sentences; keep it to 2-4"
    )


@pytest.mark.parametrize(("subject", "entry"), ENTRIES, ids=ENTRY_IDS)
def test_answer_cites_a_source(subject: Subject, entry: Entry) -> None:
    assert entry.sources, f"{subject.file}: {subject.id}/{entry.topic} lists no sources"


def test_content_reads_near_grade_6_on_average() -> None:
    average = mean(reading_grade(entry.text) for _, entry in ENTRIES)
    assert average <= MAX_MEAN_GRADE, f"mean FK grade {average:.1f}; the target is about 6"


@pytest.mark.parametrize("kind", sorted(REQUIRED_TOPICS))
def test_every_subject_answers_every_required_topic(kind: str) -> None:
    knowledge = KnowledgeBase.load()
    missing = [
        f"{subject.id}/{topic}"
        for subject in knowledge.subjects(kind)
        for topic in REQUIRED_TOPICS[kind]
        if knowledge.answer(subject.id, topic) is None
    ]
    assert not missing, f"no answer (own or parent's) for: {', '.join(missing)}"
