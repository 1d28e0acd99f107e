"""Patients' own words through the real NLU: lay terms, typos and follow-ups find their entry."""

from __future__ import annotations

import pytest

from bot.knowledge import KnowledgeBase

pytestmark = pytest.mark.e2e
KNOWLEDGE = KnowledgeBase.load()

LAY_QUESTIONS = [
    ("what is a back shot", "epidural_steroid_injection"),
    ("whats a TFESI", "transforaminal_esi"),
    ("what is a caudal injection", "caudal_esi"),
    ("what is an interlaminar epideral", "interlaminar_esi"),
    ("what is a nerve blok", "nerve_block"),
    ("what's a medial branch block", "medial_branch_block"),
    ("what is a stellate ganglion block", "stellate_ganglion_block"),
    ("explain the lumbar sympathetic block", "lumbar_sympathetic_block"),
    ("what is radio frequency ablasion", "radiofrequency_ablation"),
    ("what is knee ablation", "genicular_rfa"),
    ("what is a spinal cord stimulater", "spinal_cord_stimulation"),
    ("what is the stimulator trial", "scs_trial"),
    ("what is a permanent stimulator implant", "scs_implant"),
]


@pytest.mark.parametrize(("question", "procedure_id"), LAY_QUESTIONS)
def test_lay_terms_and_typos_reach_the_right_procedure(patient, question, procedure_id):
    assert KNOWLEDGE.answer(procedure_id, "what_is").text in patient.reply_text(question)


FOLLOW_UPS = [
    ("what are the side effects", "risks"),
    ("how do I get ready for it", "prepare"),
    ("will I be awake during it", "pain_sedation"),
    ("when can i drive after", "return_activity"),
    ("how soon will it work", "relief"),
    ("how many times a year can i get it", "repeat"),
    ("what symptoms afterwards mean I should call", "warning_signs"),
]


def test_follow_ups_in_lay_words_stay_on_the_procedure(patient):
    patient.say("tell me about nerve burning")
    for question, topic in FOLLOW_UPS:
        expected = KNOWLEDGE.answer("radiofrequency_ablation", topic).text
        assert expected in patient.reply_text(question), f"{question!r} should answer {topic}"


def test_unknown_procedure_offers_the_choice_once_with_a_way_out(patient):
    replies = patient.say("how long is the recovery")
    buttons = [b["title"] for message in replies for b in message.get("buttons", [])]
    assert len(buttons) == 5 and buttons[-1] == "I'm not sure"
    again = patient.reply_text("what are the side effects")
    assert "Which procedure do you mean?" not in again
