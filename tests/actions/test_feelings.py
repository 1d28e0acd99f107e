"""Feelings first, briefly: a warm line before the answer, sourced help after it, and the
safety line when pain is bad today."""

from __future__ import annotations

import pytest

from actions.feelings import ActionRespondToFeeling
from actions.procedures import ActionAnswerProcedureQuestion
from actions.resources import feelings, knowledge
from tests.actions.conftest import bot_said, make_tracker, procedure

ACTION = ActionRespondToFeeling()
ACKS = {feeling.name: feeling.acknowledge for feeling in feelings()}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("im scared of needles", "needles"),
        ("needles freak me out", "needles"),
        ("i'm so nervous about tomorrow", "nervous"),
        ("I'm in so much pain today", "pain_today"),
        ("my back is hurting so bad today", "pain_today"),
        ("the shot didn't help at all", "discouraged"),
        ("i'm so frustrated with all this", "frustrated"),
    ],
)
async def test_each_feeling_is_acknowledged_first(run, text, kind):
    outcome = await run(ACTION, make_tracker(text, "share_feeling"))
    assert outcome.texts[0] in ACKS[kind]


async def test_nerves_about_a_named_procedure_get_what_happens_during_it(run):
    tracker = make_tracker(
        "i'm nervous about my epidural", "share_feeling", [procedure("epidural_steroid_injection")]
    )
    outcome = await run(ACTION, tracker)
    expected = knowledge().answer(
        "epidural_steroid_injection", "pain_sedation"
    ) or knowledge().answer("epidural_steroid_injection", "during")
    assert outcome.texts[1] == expected.text


async def test_needle_fear_with_no_procedure_gets_numbing_and_relaxing_options(run):
    outcome = await run(ACTION, make_tracker("i hate needles", "share_feeling"))
    text = " ".join(outcome.texts)
    assert "numbs your skin" in text and "relax" in text


async def test_pain_today_gets_the_clinic_after_hours_and_911(run):
    outcome = await run(ACTION, make_tracker("i'm in so much pain today", "share_feeling"))
    line = outcome.message_for("utter_pain_today_safety")
    assert line["phone"] == "(555) 010-2000"
    assert line["after_hours_phone"] == "(555) 010-2999"


async def test_the_warm_line_is_worded_differently_from_the_last_turn(run):
    first = ACKS["nervous"][0]
    tracker = make_tracker("i'm still nervous", "share_feeling", said_before=[bot_said(first)])
    outcome = await run(ACTION, tracker)
    assert outcome.texts[0] == ACKS["nervous"][1]


async def test_a_feeling_with_a_question_is_acknowledged_before_the_answer(run):
    tracker = make_tracker(
        "i'm really worried, what are the risks of rfa",
        "ask_risks",
        [procedure("radiofrequency_ablation")],
    )
    outcome = await run(ActionAnswerProcedureQuestion(), tracker)
    assert outcome.texts[0] in ACKS["nervous"]
    assert outcome.texts[1] == knowledge().answer("radiofrequency_ablation", "risks").text


@pytest.mark.parametrize(
    "text",
    ["what if it doesn't work", "what are the risks of rfa", "will my pain be bad after"],
)
async def test_a_plain_question_gets_no_warm_line(run, text):
    tracker = make_tracker(text, "ask_risks", [procedure("radiofrequency_ablation")])
    outcome = await run(ActionAnswerProcedureQuestion(), tracker)
    assert outcome.texts == [knowledge().answer("radiofrequency_ablation", "risks").text]


async def test_during_a_safety_hold_the_feeling_is_heard_but_education_waits(run):
    tracker = make_tracker("i'm scared", "share_feeling", slots={"safety_hold": True})
    outcome = await run(ACTION, tracker)
    assert outcome.texts[0] in ACKS["nervous"]
    assert outcome.responses == ["utter_safety_hold"]


async def test_a_feeling_with_a_medicine_request_still_gets_the_no_advice_reply(run):
    tracker = make_tracker("I'm in so much pain today, what can I take for it?", "share_feeling")
    outcome = await run(ACTION, tracker)
    assert outcome.responses[:2] == ["utter_medication_no_advice", "utter_pain_today_safety"]


async def test_nerves_about_a_back_injection_get_general_help_and_the_choice_once(run):
    tracker = make_tracker("i'm getting a back injection and i'm scared", "share_feeling")
    outcome = await run(ACTION, tracker)
    assert outcome.texts[0] in ACKS["nervous"]
    assert outcome.slot("procedure_choice_offered") is True
    titles = [b["title"] for m in outcome.messages for b in m.get("buttons") or []]
    assert titles[-1] == "I'm not sure"
