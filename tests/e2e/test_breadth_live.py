"""Through the trained model and the real servers: questions beyond the core topics, in patients'
words, get their sourced answer (or the clinic's number), expected effects get "this is common"
rather than 911, and out-of-scope questions say where to turn (issue 12, breadth)."""

from __future__ import annotations

import pytest

from bot.knowledge import KnowledgeBase
from bot.knowledge.expected_effects import ExpectedEffects

pytestmark = pytest.mark.e2e
KB = KnowledgeBase.load()
EFFECTS = ExpectedEffects.load()
PHONE = "(555) 010-2000"
EMERGENCY_LINE = "This could be an emergency"


def own(subject: str, topic: str) -> str:
    return KB.subject(subject).own_entry(topic).text


def effect_text(effect_id: str, procedure_id: str | None) -> str:
    return EFFECTS.answer(EFFECTS.effect(effect_id), procedure_id).text


def test_a_shower_question_gets_the_general_answer_for_the_epidural(patient):
    reply = patient.reply_text("can i take a shower after my epidural?")
    assert own("any_procedure", "bathing") in reply


def test_does_it_hurt_gets_the_nerve_block_answer(patient):
    reply = patient.reply_text("does a nerve block hurt?")
    assert own("nerve_block", "pain_sedation") in reply


def test_a_red_face_after_the_steroid_shot_is_common_not_an_emergency(patient):
    reply = patient.reply_text("my face is red and hot after the steroid shot, is that normal?")
    assert effect_text("flushed_face", None) in reply
    assert EMERGENCY_LINE not in reply and PHONE in reply


def test_a_numb_leg_asked_about_after_a_lumbar_sympathetic_block_is_not_an_emergency(patient):
    reply = patient.reply_text("my leg is numb after the lumbar sympathetic block, is that normal?")
    assert effect_text("numb_heavy_limb", "lumbar_sympathetic_block") in reply
    assert EMERGENCY_LINE not in reply


def test_a_blood_thinner_question_never_says_stop_on_your_own(patient):
    reply = patient.reply_text("i'm on eliquis, do i need to stop it before the rfa?")
    assert "Never stop one on your own" in reply


def test_cost_goes_to_the_billing_office(patient):
    reply = patient.reply_text("how much does an epidural cost?")
    assert own("cost", "overview") in reply and "(555) 010-2300" in reply


def test_an_interpreter_question_gets_the_clinics_number(patient):
    reply = patient.reply_text(
        "my mom only speaks spanish, can she get an interpreter at the visit"
    )
    assert "interpreter" in reply and PHONE in reply


def test_a_stimulator_question_is_answered_for_the_stimulator(patient):
    reply = patient.reply_text("can i drive with my stimulator turned on")
    assert own("spinal_cord_stimulation", "scs_daily_life") in reply


def test_a_legal_question_points_to_a_lawyer(patient):
    reply = patient.reply_text("I want to take my old surgeon to court, can you help")
    assert "can't help with legal questions" in reply and "lawyer" in reply


def test_another_office_is_sent_to_that_office(patient):
    reply = patient.reply_text("what's the number for the dentist down the street")
    assert "contact the other clinic or office directly" in reply
