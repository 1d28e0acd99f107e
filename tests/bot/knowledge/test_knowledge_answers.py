"""Look-ups the actions rely on: own answers, parent fallback, topic lists, and the real content."""

from __future__ import annotations

import dataclasses
import re

import pytest
from mini_content_tree import MiniContent

from bot.knowledge import REQUIRED_TOPICS, KnowledgeBase

PROCEDURE_IDS = {
    "epidural_steroid_injection",
    "interlaminar_esi",
    "transforaminal_esi",
    "caudal_esi",
    "nerve_block",
    "medial_branch_block",
    "stellate_ganglion_block",
    "lumbar_sympathetic_block",
    "radiofrequency_ablation",
    "genicular_rfa",
    "spinal_cord_stimulation",
    "scs_trial",
    "scs_implant",
}


@pytest.fixture(scope="module")
def real_knowledge() -> KnowledgeBase:
    return KnowledgeBase.load()


def test_child_answers_its_own_topic(mini_content: MiniContent) -> None:
    knowledge = KnowledgeBase.load(mini_content.write())
    entry = knowledge.answer("medial_branch_block", "what_is")
    assert entry is not None
    assert entry.text == "A medial branch block tests small nerves."
    assert entry.next == "risks"


def test_child_falls_back_to_parent_answer(mini_content: MiniContent) -> None:
    knowledge = KnowledgeBase.load(mini_content.write())
    assert knowledge.answer("medial_branch_block", "prepare") == knowledge.answer(
        "nerve_block", "prepare"
    )


def test_unknown_subject_or_topic_has_no_answer(mini_content: MiniContent) -> None:
    knowledge = KnowledgeBase.load(mini_content.write())
    assert knowledge.answer("acupuncture", "what_is") is None
    assert knowledge.answer("nerve_block", "mri") is None
    assert knowledge.answer("referral", "what_is") is None


def test_topics_for_includes_inherited_topics_in_order(mini_content: MiniContent) -> None:
    knowledge = KnowledgeBase.load(mini_content.write())
    assert knowledge.topics_for("medial_branch_block") == list(REQUIRED_TOPICS["procedure"])
    assert knowledge.topics_for(knowledge.subject("referral")) == ["overview"]


def test_entries_lists_only_text_written_in_each_file(mini_content: MiniContent) -> None:
    knowledge = KnowledgeBase.load(mini_content.write())
    child_topics = [e.topic for s, e in knowledge.entries() if s.id == "medial_branch_block"]
    assert child_topics == ["what_is", "relief"]


def test_entries_cannot_be_changed_by_callers(mini_content: MiniContent) -> None:
    knowledge = KnowledgeBase.load(mini_content.write())
    entry = knowledge.answer("nerve_block", "what_is")
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.text = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        knowledge.subject("nerve_block").entries["what_is"] = entry  # type: ignore[index]


def test_unknown_subject_lookup_names_the_id(mini_content: MiniContent) -> None:
    knowledge = KnowledgeBase.load(mini_content.write())
    with pytest.raises(KeyError, match="acupuncture"):
        knowledge.subject("acupuncture")


def test_real_content_covers_every_procedure(real_knowledge: KnowledgeBase) -> None:
    assert {s.id for s in real_knowledge.subjects("procedure")} == PROCEDURE_IDS


@pytest.mark.parametrize("procedure_id", sorted(PROCEDURE_IDS))
def test_real_content_answers_every_topic(real_knowledge: KnowledgeBase, procedure_id: str) -> None:
    for topic in REQUIRED_TOPICS["procedure"]:
        assert real_knowledge.answer(procedure_id, topic) is not None, (procedure_id, topic)


@pytest.mark.parametrize("procedure_id", ["spinal_cord_stimulation", "scs_trial", "scs_implant"])
def test_stimulator_patients_can_ask_about_mri(
    real_knowledge: KnowledgeBase, procedure_id: str
) -> None:
    entry = real_knowledge.answer(procedure_id, "mri")
    assert entry is not None
    assert "diathermy" in entry.text
    # Implanted devices have an ID card; during the trial the outside battery is the hazard.
    assert ("MRI room" if procedure_id == "scs_trial" else "ID card") in entry.text


def test_child_procedure_gets_its_own_description(real_knowledge: KnowledgeBase) -> None:
    child = real_knowledge.answer("transforaminal_esi", "what_is")
    parent = real_knowledge.answer("epidural_steroid_injection", "what_is")
    assert child is not None and parent is not None
    assert child != parent
    assert real_knowledge.answer("transforaminal_esi", "risks") == real_knowledge.answer(
        "epidural_steroid_injection", "risks"
    )


def test_stellate_recovery_says_droopy_eyelid_is_expected(real_knowledge: KnowledgeBase) -> None:
    entry = real_knowledge.answer("stellate_ganglion_block", "recovery")
    assert entry is not None
    assert "droopy eyelid" in entry.text and "expected" in entry.text
    # The bot cannot rule out a stroke (clinical review C1): stroke signs go to 911.
    assert "not a stroke" not in entry.text and "call 911" in entry.text


def test_warning_signs_send_emergencies_to_911_without_clinic_numbers(
    real_knowledge: KnowledgeBase,
) -> None:
    for subject in real_knowledge.subjects("procedure"):
        entry = real_knowledge.answer(subject.id, "warning_signs")
        assert entry is not None
        assert "911" in entry.text, subject.id
        assert "clinic" in entry.text, subject.id
        assert not re.search(r"\d{3}[-. ]\d{4}", entry.text), subject.id


def test_prepare_defers_to_the_clinic_on_blood_thinners(real_knowledge: KnowledgeBase) -> None:
    for subject in real_knowledge.subjects("procedure"):
        entry = real_knowledge.answer(subject.id, "prepare")
        assert entry is not None
        assert "blood thinner" in entry.text and "your clinic" in entry.text, subject.id


def test_every_source_key_has_a_citation(real_knowledge: KnowledgeBase) -> None:
    for _subject, entry in real_knowledge.entries():
        for key in entry.sources:
            assert len(real_knowledge.citation(key)) > 10
