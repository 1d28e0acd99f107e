"""The first vertical slice, end to end through the REST webhook of the real servers."""

from __future__ import annotations

import pytest

from bot.clinic.file_source import load_clinic_file
from bot.knowledge import KnowledgeBase
from bot.paths import REPO_ROOT

pytestmark = pytest.mark.e2e

SAMPLE_CLINIC = load_clinic_file(REPO_ROOT / "clinic.yml", None)
KNOWLEDGE = KnowledgeBase.load()


def test_greeting_carries_the_short_notice(patient):
    reply = patient.reply_text("hi")
    assert "not medical advice" in reply
    assert "911" in reply


def test_epidural_answer_comes_from_the_content_file(patient):
    reply = patient.reply_text("what is an epidural steroid injection")
    assert KNOWLEDGE.answer("epidural_steroid_injection", "what_is").text in reply


def test_follow_up_stays_on_the_procedure_under_discussion(patient):
    patient.say("tell me about radiofrequency ablation")
    reply = patient.reply_text("how long does it last?")
    assert KNOWLEDGE.answer("radiofrequency_ablation", "relief").text in reply


def test_clinic_phone_and_hours_come_from_the_clinic_file(patient):
    assert SAMPLE_CLINIC.phone in patient.reply_text("what is your phone number")
    hours_reply = patient.reply_text("what are your hours")
    assert "8 AM" in hours_reply or "Which location" in hours_reply


def test_emergency_is_sent_to_911(patient):
    reply = patient.reply_text("I had a shot yesterday and now I can't feel my legs")
    assert "Call 911" in reply
    assert "education" not in reply


def test_out_of_scope_gets_a_kind_pointer_to_what_it_can_do(patient):
    reply = patient.reply_text("what's the weather like in paris tomorrow")
    assert "can't help with that" in reply or "Did you mean" in reply
