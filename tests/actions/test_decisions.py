"""Decisions handed back: no yes or no, questions to ask, and the numbers for medicine."""

from __future__ import annotations

from actions.decisions import LEADS, ActionAnswerMedicalDecision
from actions.resources import decisions, feelings, knowledge
from tests.actions.conftest import bot_said, make_tracker, procedure

ACTION = ActionAnswerMedicalDecision()


async def test_a_medicine_request_gets_no_advice_and_both_numbers(run):
    outcome = await run(ACTION, make_tracker("what can i take for it", "ask_medical_decision"))
    line = outcome.message_for("utter_medication_no_advice")
    assert (line["phone"], line["after_hours_phone"]) == ("(555) 010-2000", "(555) 010-2999")


async def test_pain_today_with_a_medicine_request_is_acknowledged_and_gets_the_safety_line(run):
    tracker = make_tracker(
        "I'm in so much pain today, what can I take for it?", "ask_medical_decision"
    )
    outcome = await run(ACTION, tracker)
    pain_today = next(f for f in feelings() if f.name == "pain_today")
    assert outcome.texts[0] in pain_today.acknowledge
    assert outcome.responses == ["utter_medication_no_advice", "utter_pain_today_safety"]


async def test_which_is_better_after_a_comparison_names_both_and_gives_questions(run):
    tracker = make_tracker(
        "which one is better for me",
        "ask_medical_decision",
        slots={"procedure_choices": ["radiofrequency_ablation", "nerve_block"]},
    )
    outcome = await run(ACTION, tracker)
    lead = outcome.message_for("utter_decision_compare")
    assert lead["options"] == "radiofrequency ablation or a nerve block"
    assert outcome.texts == [knowledge().answer("decide_compare", "overview").text]
    assert outcome.message_for("utter_decision_call")["phone"] == "(555) 010-2000"


async def test_should_i_get_the_implant_hands_the_choice_back(run):
    tracker = make_tracker(
        "should i get the implant", "ask_medical_decision", [procedure("scs_implant")]
    )
    outcome = await run(ACTION, tracker)
    lead = outcome.message_for("utter_decision_procedure")
    assert lead["treatment"] == "a spinal cord stimulator implant"
    questions = knowledge().answer("decide_procedure", "overview").text
    assert outcome.texts == [questions]
    assert questions.count("?") >= 3


async def test_is_it_worth_it_asks_about_goals_and_cost(run):
    tracker = make_tracker(
        "is it worth it", "ask_medical_decision", slots={"procedure": "radiofrequency_ablation"}
    )
    outcome = await run(ACTION, tracker)
    assert outcome.message_for("utter_decision_worth_it")["treatment"] == "radiofrequency ablation"
    assert "cost" in outcome.texts[0]


async def test_questions_given_last_turn_are_not_repeated(run):
    questions = knowledge().answer("decide_compare", "overview").text
    tracker = make_tracker(
        "so which is better", "ask_medical_decision", said_before=[bot_said(questions)]
    )
    outcome = await run(ACTION, tracker)
    assert questions not in outcome.texts
    assert "utter_decision_call" in outcome.responses


async def test_a_personal_question_without_a_decision_kind_goes_to_the_care_team(run):
    outcome = await run(ACTION, make_tracker("can you read my mri report", "ask_medical_decision"))
    assert outcome.responses == ["utter_medical_decision"]


def test_every_kind_of_decision_has_a_first_line():
    assert {decision.name for decision in decisions()} == set(LEADS)


async def test_a_comparison_asked_about_oneself_is_handed_back_not_compared(run):
    from actions.procedures import ActionAnswerProcedureQuestion

    tracker = make_tracker(
        "which is better for me, rfa again or a stimulator",
        "ask_compare",
        [procedure("radiofrequency_ablation"), procedure("spinal_cord_stimulation")],
    )
    outcome = await run(ActionAnswerProcedureQuestion(), tracker)
    lead = outcome.message_for("utter_decision_compare")
    assert lead["options"] == "radiofrequency ablation or spinal cord stimulation"
    assert knowledge().answer("radiofrequency_ablation", "compare").text not in outcome.texts
    assert outcome.slot("procedure_choices") == [
        "radiofrequency_ablation",
        "spinal_cord_stimulation",
    ]
