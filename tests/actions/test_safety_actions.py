"""Red-flag follow-ups, the hold on education, and never a yes or no on personal decisions."""

from __future__ import annotations

import pytest

from actions.decisions import ActionAnswerMedicalDecision
from actions.fallback import ActionDefaultAskAffirmation
from actions.safety import ActionRespondRedFlag, ActionResumeConversation
from tests.actions.conftest import make_tracker


@pytest.mark.parametrize(
    ("category", "response"),
    [
        ("emergency", "utter_red_flag_emergency_followup"),
        ("crisis", "utter_red_flag_crisis_followup"),
        ("urgent", "utter_red_flag_urgent_followup"),
    ],
)
async def test_red_flag_follow_up_names_the_clinic_numbers_and_holds(run, category, response):
    entity = {"entity": "red_flag_category", "value": category}
    outcome = await run(
        ActionRespondRedFlag(), make_tracker("...", f"red_flag_{category}", [entity])
    )
    message = outcome.message_for(response)
    assert message["after_hours_phone"] == "(555) 010-2999"
    assert outcome.slot("safety_hold") is True


async def test_the_model_alone_is_enough_to_pick_the_category(run):
    outcome = await run(ActionRespondRedFlag(), make_tracker("...", "red_flag_crisis"))
    assert "utter_red_flag_crisis_followup" in outcome.responses


async def test_continue_lifts_the_hold(run):
    tracker = make_tracker("I'm safe now", "continue_conversation", slots={"safety_hold": True})
    outcome = await run(ActionResumeConversation(), tracker)
    assert outcome.slot("safety_hold") is False


async def test_medical_decisions_go_to_the_care_team(run):
    outcome = await run(
        ActionAnswerMedicalDecision(),
        make_tracker("can you read my mri report", "ask_medical_decision"),
    )
    assert outcome.message_for("utter_medical_decision")["phone"] == "(555) 010-2000"


async def test_unsure_model_offers_likely_topics_as_buttons(run):
    ranking = [
        {"name": "nlu_fallback", "confidence": 1.0},
        {"name": "ask_recovery", "confidence": 0.3},
        {"name": "ask_hours", "confidence": 0.2},
        {"name": "greet", "confidence": 0.1},
    ]
    outcome = await run(
        ActionDefaultAskAffirmation(), make_tracker("blah", "nlu_fallback", ranking=ranking)
    )
    titles = [b["title"] for b in outcome.message_for("utter_did_you_mean")["buttons"]]
    assert titles == ["Recovery", "Opening hours", "Something else"]


async def test_every_conversation_opens_with_the_notice(run):
    from actions.session import ActionSessionStart

    outcome = await run(ActionSessionStart(), make_tracker("what is RFA", "ask_what_is"))
    assert outcome.responses == ["utter_first_turn_notice"]
    assert [e["event"] for e in outcome.events] == ["session_started", "action"]


async def test_unsure_buttons_keep_the_procedure_the_patient_named(run):
    ranking = [
        {"name": "nlu_fallback", "confidence": 1.0},
        {"name": "inform_procedure", "confidence": 0.4},
        {"name": "ask_during", "confidence": 0.3},
    ]
    entity = {"entity": "procedure", "value": "scs_trial"}
    tracker = make_tracker("stimulatr trial hurt?", "nlu_fallback", [entity], ranking=ranking)
    outcome = await run(ActionDefaultAskAffirmation(), tracker)
    payloads = [b["payload"] for b in outcome.message_for("utter_did_you_mean")["buttons"]]
    assert payloads == ['/ask_during{"procedure": "scs_trial"}', "/out_of_scope"]
