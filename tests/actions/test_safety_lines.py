"""Replies that cannot answer still carry 911 / 988 / the after-hours number when the message
was about a symptom or distress; red-flag replies add the step their kind needs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from rasa_sdk import Tracker

from actions import clinic_info
from actions.fallback import (
    ActionDefaultAskAffirmation,
    ActionDefaultAskRephrase,
    ActionDefaultFallback,
    ActionReplyOutOfScope,
)
from actions.procedures import ActionAnswerProcedureQuestion
from actions.safety import ActionRespondRedFlag, ActionSafetyCheckIn
from tests.actions.conftest import OTHER_CLINIC, make_tracker, procedure

AFTER_HOURS = "(555) 010-2999"


def mark(kind: str) -> dict[str, Any]:
    return {"entity": "safety_mention", "value": kind, "extractor": "RedFlagDetector"}


def red_flag(category: str, rule: str) -> list[dict[str, Any]]:
    return [
        {"entity": "red_flag_category", "value": category},
        {"entity": "red_flag_rule", "value": rule},
    ]


def user_event(text: str, intent: str, entities: list[dict[str, Any]]) -> dict[str, Any]:
    parse_data = {"text": text, "intent": {"name": intent}, "entities": entities}
    return {"event": "user", "text": text, "parse_data": parse_data}


def tracker_with(events: list[dict[str, Any]]) -> Tracker:
    """A tracker whose latest message is the last user event (as during a fallback loop)."""
    latest = next(e for e in reversed(events) if e["event"] == "user")["parse_data"]
    return Tracker("patient-1", {}, latest, events, False, None, {}, "action_listen")


UNSURE = [{"name": "nlu_fallback", "confidence": 1.0}, {"name": "ask_recovery", "confidence": 0.3}]


async def test_an_unsure_reply_to_a_symptom_adds_911_and_the_after_hours_line(run):
    tracker = make_tracker(
        "my leg feels funny after the shot", "nlu_fallback", [mark("symptom")], ranking=UNSURE
    )
    outcome = await run(ActionDefaultAskAffirmation(), tracker)
    assert outcome.responses == ["utter_did_you_mean", "utter_safety_line_symptom"]
    assert outcome.message_for("utter_safety_line_symptom")["after_hours_phone"] == AFTER_HOURS


async def test_an_ordinary_unclear_question_gets_no_safety_line(run):
    tracker = make_tracker("blah blah", "nlu_fallback", ranking=UNSURE)
    outcome = await run(ActionDefaultAskAffirmation(), tracker)
    assert outcome.responses == ["utter_did_you_mean"]


async def test_the_rephrase_stage_remembers_what_the_unclear_message_was_about(run):
    # The patient pressed "Something else": the mark is on the message before the button.
    tracker = tracker_with(
        [
            user_event("what is rfa", "ask_what_is", [mark("symptom")]),
            user_event("I feel like giving up, my back", "nlu_fallback", [mark("distress")]),
            user_event("/out_of_scope", "out_of_scope", []),
        ]
    )
    outcome = await run(ActionDefaultAskRephrase(), tracker)
    # distress from the unclear message; not the symptom of the earlier, answered question
    assert outcome.responses == ["utter_ask_rephrase", "utter_safety_line_distress"]


async def test_the_last_resort_fallback_adds_the_line_and_reverts_the_message(run):
    tracker = make_tracker("burning and numb", "nlu_fallback", [mark("symptom")])
    outcome = await run(ActionDefaultFallback(), tracker)
    assert outcome.responses == ["utter_default", "utter_safety_line_symptom"]
    assert [e["event"] for e in outcome.events] == ["rewind"]


async def test_out_of_scope_with_distress_gets_988_and_with_both_gets_both(run):
    tracker = make_tracker("I feel hopeless, tell me a joke", "out_of_scope", [mark("distress")])
    outcome = await run(ActionReplyOutOfScope(), tracker)
    assert outcome.responses == ["utter_out_of_scope", "utter_safety_line_distress"]
    both = make_tracker("x", "out_of_scope", [mark("symptom"), mark("distress")])
    outcome = await run(ActionReplyOutOfScope(), both)
    assert outcome.responses == [
        "utter_out_of_scope",
        "utter_safety_line_distress",
        "utter_safety_line_symptom",
    ]


async def test_i_dont_have_that_answer_to_a_symptom_carries_the_line(run):
    tracker = make_tracker(
        "can I get an MRI, my legs are numb since the epidural",
        "ask_mri",
        [procedure("epidural_steroid_injection"), mark("symptom")],
    )
    outcome = await run(ActionAnswerProcedureQuestion(), tracker)
    assert outcome.responses == ["utter_no_topic_answer", "utter_safety_line_symptom"]


async def test_a_missing_clinic_detail_asked_with_a_symptom_carries_the_line(
    run, monkeypatch: pytest.MonkeyPatch
):
    from actions.resources import clinic_directory

    monkeypatch.setenv("PAINPATH_CLINIC_FILE", str(OTHER_CLINIC))
    clinic_directory.cache_clear()
    tracker = make_tracker("fax? my wound is oozing", "ask_fax", [mark("symptom")])
    outcome = await run(clinic_info.ActionTellFax(), tracker)
    assert outcome.responses == ["utter_clinic_missing_info", "utter_safety_line_symptom"]


class _SundayMorning(datetime):
    @classmethod
    def now(cls, tz=None):  # noqa: ANN001 - datetime's own signature
        return datetime(2026, 11, 29, 9, 0, tzinfo=tz)


async def test_closed_now_always_gives_the_after_hours_line_and_911(
    run, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(clinic_info, "datetime", _SundayMorning)
    tracker = make_tracker(
        "are you open now? I'm scared and I can't cope",
        "ask_hours",
        [mark("distress"), mark("symptom")],
        slots={"location": "main"},
    )
    outcome = await run(clinic_info.ActionTellHours(), tracker)
    closed = outcome.message_for("utter_clinic_closed_now")
    assert closed["after_hours_phone"] == AFTER_HOURS
    # the closed reply itself says 911 and the after-hours line; distress adds 988
    assert outcome.responses == ["utter_clinic_closed_now", "utter_safety_line_distress"]


@pytest.mark.parametrize(
    ("category", "rule", "step"),
    [
        ("emergency", "overdose", "If you have naloxone (Narcan), give it now."),
        ("emergency", "unresponsive_after_pain_medicine", "naloxone"),
        ("urgent", "stimulator_shocking", "Turn the stimulator off with your remote"),
        ("urgent", "fever_or_chills", "go to the emergency room now"),
        ("crisis", "overdose_on_purpose", "call 911 now"),
    ],
)
async def test_red_flag_reply_adds_the_step_for_its_kind_first(run, category, rule, step):
    tracker = make_tracker("...", f"red_flag_{category}", red_flag(category, rule))
    outcome = await run(ActionRespondRedFlag(), tracker)
    assert step in outcome.texts[0]
    assert outcome.messages[0].get("text"), "the step comes before the clinic's numbers"
    assert outcome.responses == [f"utter_red_flag_{category}_followup", "utter_safety_hold"]


@pytest.mark.parametrize("category", ["emergency", "urgent"])
async def test_a_body_red_flag_told_with_distress_also_gives_988(run, category):
    entities = [*red_flag(category, "overdose"), mark("distress"), mark("symptom")]
    tracker = make_tracker("im desperate, i took way too many of my oxy pills", "x", entities)
    outcome = await run(ActionRespondRedFlag(), tracker)
    assert outcome.responses == [
        "utter_safety_line_distress",
        f"utter_red_flag_{category}_followup",
        "utter_safety_hold",
    ]
    assert "naloxone" in outcome.texts[0], "the step for the kind still comes first"


async def test_a_crisis_told_with_numb_legs_also_gets_the_911_line(run):
    entities = [
        *red_flag("crisis", "hopelessness"),
        {"entity": "red_flag_category", "value": "emergency"},
        mark("distress"),
    ]
    tracker = make_tracker("my legs went numb and i feel hopeless", "red_flag_crisis", entities)
    outcome = await run(ActionRespondRedFlag(), tracker)
    assert outcome.responses == [
        "utter_red_flag_emergency",
        "utter_red_flag_crisis_followup",
        "utter_safety_hold",
    ]


async def test_the_crisis_reply_is_not_given_the_988_line_twice(run):
    entities = [*red_flag("crisis", "hopelessness"), mark("distress")]
    outcome = await run(ActionRespondRedFlag(), make_tracker("...", "red_flag_crisis", entities))
    assert outcome.responses == ["utter_red_flag_crisis_followup", "utter_safety_hold"]


async def test_a_rule_without_a_step_and_the_model_alone_add_no_text(run):
    tracker = make_tracker("...", "red_flag_emergency", red_flag("emergency", "chest_pain"))
    assert not (await run(ActionRespondRedFlag(), tracker)).texts
    assert not (await run(ActionRespondRedFlag(), make_tracker("...", "red_flag_urgent"))).texts


async def test_safety_check_in_gives_the_clinic_numbers_without_a_hold(run):
    outcome = await run(ActionSafetyCheckIn(), make_tracker("...", "red_flag_check_in"))
    assert outcome.message_for("utter_call_clinic_after_signs")["after_hours_phone"] == AFTER_HOURS
    assert outcome.events == []


async def test_which_procedure_asked_about_a_symptom_carries_the_line(run):
    tracker = make_tracker("my back is sore since the shot", "ask_recovery", [mark("symptom")])
    outcome = await run(ActionAnswerProcedureQuestion(), tracker)
    assert outcome.responses == ["utter_ask_which_procedure", "utter_safety_line_symptom"]
