"""The cue files load, point only at content that exists, and read easily; mistakes name the
file, the field and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.conversation import CueFileError, load_conditions, load_decisions, load_feelings
from bot.conversation.cues import first_match
from bot.knowledge import KnowledgeBase
from bot.knowledge.models import allowed_topics
from bot.knowledge.readability import MAX_READING_GRADE, reading_grade
from bot.terms import ProcedureTerms
from bot.topics import TopicCatalog

KNOWLEDGE = KnowledgeBase.load()
FEELINGS = load_feelings()
DECISIONS = load_decisions()
CONDITIONS = load_conditions()


def test_every_subject_a_cue_file_names_is_in_the_knowledge_base():
    named = [f.fallback_subject for f in FEELINGS if f.fallback_subject]
    named += [d.questions for d in DECISIONS if d.questions]
    named += [c.subject for c in CONDITIONS]
    missing = [s for s in named if KNOWLEDGE.answer(s, "overview") is None]
    assert not missing


def test_feelings_name_only_procedure_topics_and_intents_with_labels():
    catalog = TopicCatalog.load()
    topics = set(allowed_topics("procedure"))
    assert {t for f in FEELINGS for t in f.answer_topics} <= topics
    assert all(catalog.label_for_intent(i) for f in FEELINGS for i in f.offer)


def test_conditions_offer_only_known_procedures():
    ids = set(ProcedureTerms.load().ids)
    assert {p for c in CONDITIONS for p in c.procedures} <= ids


@pytest.mark.parametrize("line", [line for f in FEELINGS for line in f.acknowledge])
def test_a_warm_line_is_short_and_easy(line: str):
    assert len(line.split()) <= 16
    assert reading_grade(line) <= MAX_READING_GRADE


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("what if it doesn't work", None),
        ("will my pain be bad after the shot", None),
        ("i'm afraid i have to cancel", None),
        ("the epidural didn't work", "discouraged"),
        ("my pain is so bad today", "pain_today"),
        ("I\u2019m SCARED of needles", "needles"),
    ],
)
def test_feelings_are_found_in_patients_words_and_not_in_questions(text, kind):
    found = first_match(FEELINGS, text)
    assert (found.name if found else None) == kind


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feelings.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("feelings: {}", "feelings"),
        ("feelings:\n  calm: {acknowledge: [Hi there.]}", "feelings.calm.cues"),
        ("feelings:\n  calm: {cues: ['(unclosed'], acknowledge: [Hi.]}", "feelings.calm.cues[0]"),
        ("feelings:\n  calm: {cues: [calm], acknowledge: []}", "feelings.calm.acknowledge"),
        ("feelings:\n  calm: {cues: [calm], acknowledge: [Hi.], tone: soft}", "feelings.calm.tone"),
        (
            "feelings:\n  calm: {cues: [calm], acknowledge: [Hi.], safety_line: yes please}",
            "feelings.calm.safety_line",
        ),
    ],
)
def test_a_broken_cue_file_names_the_field(tmp_path, text, field):
    with pytest.raises(CueFileError) as caught:
        load_feelings(_write(tmp_path, text))
    assert caught.value.field == field
    assert "feelings.yml" in str(caught.value)
