"""The conversation's own answers (conditions, questions to ask, nerves, general answers) reach
the clinicians' sign-off sheet like every other answer."""

from __future__ import annotations

from actions.resources import conditions, decisions, feelings, knowledge
from bot.knowledge import GENERAL_KIND


def test_every_answer_the_conversation_uses_is_on_the_sign_off_sheet(patient_replies) -> None:
    subjects = {c.subject for c in conditions()}
    subjects |= {d.questions for d in decisions() if d.questions}
    subjects |= {f.fallback_subject for f in feelings() if f.fallback_subject}
    on_sheet = {subject for subject, _ in patient_replies}
    assert subjects <= on_sheet
    general = {s.id for s in knowledge().subjects(GENERAL_KIND)}
    assert general and general <= on_sheet


def test_the_back_injection_answers_cover_what_patients_ask_first(patient_replies) -> None:
    answered = {topic for subject, topic in patient_replies if subject == "back_injection"}
    wanted = {"what_is", "during", "pain_sedation", "recovery", "return_activity", "relief"}
    assert wanted | {"warning_signs", "not_working"} <= answered
