"""Content for the questions patients ask beyond the core topics (issue 12, breadth): easy to
read, sourced, reviewed, and safe in what it says about medicines and expected effects."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge import KnowledgeBase
from bot.knowledge.answers import ANY_PROCEDURE
from bot.knowledge.expected_effects import ExpectedEffects
from bot.knowledge.models import PROCEDURE_EXTRA_TOPICS
from bot.knowledge.readability import MAX_READING_GRADE, reading_grade, sentence_count

KB = KnowledgeBase.load()
EFFECT_ANSWERS = ExpectedEffects.load().answers()
EFFECT_IDS = [f"{effect.id}/{'+'.join(a.procedures) or 'general'}" for effect, a in EFFECT_ANSWERS]
NEW_ENTRIES = [
    (subject, entry)
    for subject, entry in KB.entries()
    if entry.topic in PROCEDURE_EXTRA_TOPICS or subject.id in ("cost", "companion")
]
NEW_IDS = [f"{subject.id}/{entry.topic}" for subject, entry in NEW_ENTRIES]


@pytest.mark.parametrize(("effect", "answer"), EFFECT_ANSWERS, ids=EFFECT_IDS)
def test_expected_effect_answers_read_plainly(effect, answer) -> None:
    grade = reading_grade(answer.text)
    assert grade <= MAX_READING_GRADE, f"{effect.id}: FK grade {grade:.1f}"
    assert 1 <= sentence_count(answer.text) <= 5
    assert answer.sources


@pytest.mark.parametrize(("subject", "entry"), NEW_ENTRIES, ids=NEW_IDS)
def test_new_entries_carry_the_review_of_2026_11_30(subject, entry) -> None:
    assert entry.review.reviewed == date(2026, 11, 30)
    assert entry.review.reviewed_by == "clinical content lead"
    assert entry.review.review_due == date(2027, 11, 30)


@pytest.mark.parametrize(("effect", "answer"), EFFECT_ANSWERS, ids=EFFECT_IDS)
def test_expected_effect_answers_carry_the_review_of_2026_11_30(effect, answer) -> None:
    assert answer.review.reviewed == date(2026, 11, 30)
    assert answer.review.review_due == date(2027, 11, 30)


def test_no_blood_thinner_answer_tells_a_patient_to_stop_on_their_own() -> None:
    answers = [entry for _, entry in KB.entries() if entry.topic == "blood_thinners"]
    assert len(answers) >= 3
    for entry in answers:
        assert "Never stop one on your own" in entry.text, entry.text


def test_the_general_answers_hold_for_every_procedure() -> None:
    general = KB.subject(ANY_PROCEDURE)
    assert general.kind == "general" and not general.applies_to
    # stimulator-only topics and the expected effects are never answered in general here
    assert general.own_entry("scs_daily_life") is None
    assert general.own_entry("is_normal") is None


def test_the_pregnancy_allergy_and_implant_answers_say_tell_the_clinic() -> None:
    for topic in ("pregnancy", "allergies", "implants", "illness_before"):
        text = KB.subject(ANY_PROCEDURE).own_entry(topic).text
        assert "clinic" in text, topic


def test_a_shellfish_allergy_is_not_treated_as_a_dye_allergy() -> None:
    text = KB.subject(ANY_PROCEDURE).own_entry("allergies").text
    assert "shellfish allergy alone does not raise your risk" in text


def test_the_stimulator_answers_keep_the_manufacturers_driving_rule() -> None:
    for subject in ("spinal_cord_stimulation", "scs_implant"):
        entry = KB.subject(subject).own_entry("return_activity")
        assert "never drive with the stimulator on" in entry.text.lower()
    assert "Turn the stimulator off before you drive" in (
        KB.subject("spinal_cord_stimulation").own_entry("scs_daily_life").text
    )
