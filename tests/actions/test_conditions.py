"""Conditions patients name lead to what a pain clinic offers for them, and how to be seen."""

from __future__ import annotations

import pytest

from actions import resources
from actions.conditions import ActionAnswerCondition
from actions.resources import knowledge
from tests.actions.conftest import OTHER_CLINIC, make_tracker

ACTION = ActionAnswerCondition()


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("my knee hurts when i walk, can you help", "knee_pain"),
        ("what can you do for sciatica", "sciatica"),
        ("pain shoots down my leg", "sciatica"),
        ("my neck has hurt for months", "neck_pain"),
        ("i was told i have crps", "crps"),
        ("i still have pain after shingles", "shingles_pain"),
        ("my lower back has hurt for a year", "back_pain"),
        ("what conditions do you treat", "conditions_treated"),
    ],
)
async def test_the_condition_named_gets_its_own_answer(run, text, subject):
    outcome = await run(ACTION, make_tracker(text, "ask_condition_help"))
    assert outcome.texts[0] == knowledge().answer(subject, "overview").text


async def test_knee_pain_offers_the_knee_procedures_and_how_to_be_seen(run):
    outcome = await run(ACTION, make_tracker("my knee hurts when i walk", "ask_condition_help"))
    assert "genicular nerve block" in outcome.texts[0]
    assert outcome.message_for("utter_condition_referral_needed")["phone"] == "(555) 010-2000"
    payloads = [b["payload"] for m in outcome.messages for b in m.get("buttons") or []]
    assert '/ask_what_is{"procedure": "genicular_rfa"}' in payloads
    assert outcome.slot("procedure_choices") == ["genicular_rfa", "nerve_block"]


async def test_a_clinic_that_needs_no_referral_just_gives_its_number(run, monkeypatch):
    monkeypatch.setenv("PAINPATH_CLINIC_FILE", str(OTHER_CLINIC))
    resources.clinic_directory.cache_clear()
    outcome = await run(ACTION, make_tracker("can you help my sciatica", "ask_condition_help"))
    assert outcome.message_for("utter_condition_call")["phone"] == "555-0142"
    assert "utter_condition_referral_needed" not in outcome.responses
