"""No procedure named: general answers, the choice offered once, never the same question twice,
and pointing back ("the steroid one", "the first one") at what was just named or offered."""

from __future__ import annotations

import pytest

from actions import general_answers
from actions.procedures import ActionAnswerProcedureQuestion
from actions.resources import knowledge, procedure_terms
from tests.actions.conftest import bot_said, make_tracker, procedure

ACTION = ActionAnswerProcedureQuestion()
BACK = "back_injection"
ESI = "epidural_steroid_injection"
MBB = "medial_branch_block"
AFTER_THE_OFFER = {"procedure_choice_offered": True, "general_subject": BACK}


def buttons(outcome) -> list[dict[str, str]]:
    return [b for m in outcome.messages for b in m.get("buttons") or []]


async def test_a_back_injection_gets_what_both_kinds_share_and_the_choice_once(run):
    tracker = make_tracker(
        "my doctor wants me to get a back injection next week", "inform_procedure"
    )
    outcome = await run(ACTION, tracker)
    assert outcome.texts[0] == knowledge().answer(BACK, "what_is").text
    payloads = [b["payload"] for b in buttons(outcome)]
    assert payloads == [
        f'/ask_what_is{{"procedure": "{ESI}"}}',
        f'/ask_what_is{{"procedure": "{MBB}"}}',
        "/inform_procedure",
    ]
    assert "utter_offer_procedure_choice" in outcome.responses
    assert outcome.slot("general_subject") == BACK
    assert outcome.slot("procedure_choices") == [ESI, MBB]
    assert outcome.slot("procedure_choice_offered") is True


async def test_after_the_offer_questions_are_answered_in_general_without_asking_again(run):
    tracker = make_tracker("how long before i feel better", "ask_relief", slots=AFTER_THE_OFFER)
    outcome = await run(ACTION, tracker)
    assert outcome.texts == [knowledge().answer(BACK, "relief").text]
    assert not buttons(outcome)
    assert "utter_ask_which_procedure" not in outcome.responses


async def test_not_knowing_the_name_gets_how_to_find_out_and_what_else_to_ask(run):
    tracker = make_tracker("i'm not sure which one", "inform_procedure", slots=AFTER_THE_OFFER)
    outcome = await run(ACTION, tracker)
    how = outcome.message_for("utter_procedure_not_sure")
    assert how["phone"] == "(555) 010-2000"
    assert not outcome.texts, "the general answer is not repeated"
    offers = [b["payload"] for b in buttons(outcome)]
    assert offers and all("procedure" not in p for p in offers)


async def test_with_no_general_answer_the_question_is_not_asked_twice(run, monkeypatch):
    monkeypatch.setattr(general_answers, "likely_general_subject", lambda tracker: None)
    first = await run(ACTION, make_tracker("what are the risks", "ask_risks"))
    assert "utter_ask_which_procedure" in first.responses
    again = make_tracker(
        "how do i get ready", "ask_prepare", slots={"procedure_choice_offered": True}
    )
    second = await run(ACTION, again)
    assert "utter_ask_which_procedure" not in second.responses
    depends = second.message_for("utter_topic_depends_on_procedure")
    assert depends["topic"] == "how to prepare"
    assert not buttons(second)


async def test_a_general_answer_said_last_turn_is_not_said_again(run):
    text = knowledge().answer(BACK, "recovery").text
    tracker = make_tracker(
        "and the recovery?", "ask_recovery", slots=AFTER_THE_OFFER, said_before=[bot_said(text)]
    )
    outcome = await run(ACTION, tracker)
    assert text not in outcome.texts


async def test_a_general_name_sets_the_procedure_under_discussion_aside(run):
    tracker = make_tracker(
        "what about a back injection", "inform_procedure", slots={"procedure": "genicular_rfa"}
    )
    outcome = await run(ACTION, tracker)
    assert outcome.texts[0] == knowledge().answer(BACK, "what_is").text
    assert outcome.slot("procedure") is None


async def test_choosing_a_procedure_after_general_answers_answers_for_it(run):
    tracker = make_tracker(
        "it's an epidural",
        "inform_procedure",
        [procedure(ESI)],
        slots={**AFTER_THE_OFFER, "topic": "recovery"},
    )
    outcome = await run(ACTION, tracker)
    # The topic comes from earlier turns, so the answer says which procedure it is for.
    answer = outcome.message_for("utter_answer_for_procedure")
    assert answer["answer"] == knowledge().answer(ESI, "recovery").text
    assert answer["procedure_name"] == procedure_terms().short_name(ESI)


@pytest.mark.parametrize(
    ("text", "slots", "expected"),
    [
        ("what about the steroid one", {"procedure": "nerve_block", "topic": "risks"}, ESI),
        ("the first one", {"procedure_choices": [ESI, MBB], "topic": "during"}, ESI),
        ("tell me about the second one", {"procedure_choices": [ESI, MBB], "topic": "during"}, MBB),
        (
            "and the other one?",
            {
                "procedure_choices": ["radiofrequency_ablation", "nerve_block"],
                "procedure": "radiofrequency_ablation",
                "topic": "relief",
            },
            "nerve_block",
        ),
    ],
)
async def test_pointing_back_answers_for_the_procedure_pointed_at(run, text, slots, expected):
    outcome = await run(ACTION, make_tracker(text, "inform_procedure", slots=slots))
    assert outcome.slot("procedure") == expected
    answer = outcome.message_for("utter_answer_for_procedure")  # named: it came from context
    assert answer["answer"] == knowledge().answer(expected, slots["topic"]).text
    assert answer["procedure_name"] == procedure_terms().short_name(expected)


async def test_the_same_answer_is_never_sent_twice_in_a_row(run):
    text = knowledge().answer("radiofrequency_ablation", "relief").text
    tracker = make_tracker(
        "how long does it last",
        "ask_relief",
        slots={"procedure": "radiofrequency_ablation"},
        said_before=[bot_said(text)],
    )
    outcome = await run(ACTION, tracker)
    assert text not in outcome.texts
    assert outcome.message_for("utter_said_just_now")["subject_name"] == "radiofrequency ablation"


async def test_two_procedures_named_together_are_remembered_in_order(run):
    tracker = make_tracker(
        "compare rfa with a nerve block",
        "ask_compare",
        [procedure("radiofrequency_ablation"), procedure("nerve_block")],
    )
    outcome = await run(ACTION, tracker)
    assert outcome.slot("procedure_choices") == ["radiofrequency_ablation", "nerve_block"]


async def test_the_offer_of_more_is_worded_differently_from_the_last_turn(run):
    tracker = make_tracker(
        "what is an epidural",
        "ask_what_is",
        [procedure(ESI)],
        said_before=[bot_said("Want to know more?", response="utter_offer_more")],
    )
    outcome = await run(ACTION, tracker)
    assert "utter_offer_more_again" in outcome.responses
    assert "utter_offer_more" not in outcome.responses


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        ("what do i do after the block", 23, MBB),
        ("what do i do after a nerve block", 19, "nerve_block"),
    ],
)
async def test_a_bare_broader_word_means_the_procedure_under_discussion(run, text, start, expected):
    tagged = {**procedure("nerve_block"), "start": start, "end": len(text)}
    tracker = make_tracker(text, "ask_recovery", [tagged], slots={"procedure": "nerve_block"})
    tracker.events = [
        {"event": "slot", "name": "procedure", "value": MBB},
        {"event": "user", "text": text, "parse_data": tracker.latest_message},
        {"event": "slot", "name": "procedure", "value": "nerve_block"},
    ]
    outcome = await run(ACTION, tracker)
    assert outcome.texts[0] == knowledge().answer(expected, "recovery").text


async def test_a_general_question_asked_twice_in_a_row_is_not_answered_in_silence(run):
    text = knowledge().answer(BACK, "during").text
    tracker = make_tracker(
        "what happens during it", "ask_during", slots=AFTER_THE_OFFER, said_before=[bot_said(text)]
    )
    outcome = await run(ACTION, tracker)
    assert outcome.responses == ["utter_said_just_now_in_general"]
