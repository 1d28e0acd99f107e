""" "Is this normal?" after a procedure: each effect for each procedure it follows gets its own
text and the clinic's numbers; other effects get an honest "call the clinic"; none named: the
procedure's common effects as choices."""

from __future__ import annotations

import json

import pytest

from actions.after_effects import ActionAnswerIsNormal
from actions.procedures import ActionAnswerProcedureQuestion
from actions.resources import expected_effects, procedure_terms
from tests.actions.conftest import make_tracker, procedure
from tests.actions.test_safety_lines import mark

ACTION = ActionAnswerIsNormal()
PHONE = "(555) 010-2000"
AFTER_HOURS = "(555) 010-2999"


def _effect_procedure_pairs() -> list[tuple[str, str]]:
    """Every effect with every procedure it follows, children included."""
    effects = expected_effects()
    return [
        (effect.id, pid)
        for effect in effects.effects
        for pid in procedure_terms().ids
        if effects.answer(effect, pid) is not None
    ]


def picked(effect_id: str, procedure_id: str) -> list[dict]:
    """The entities a "which one is it?" button sends."""
    return [procedure(procedure_id), {"entity": "after_effect", "value": effect_id}]


@pytest.mark.parametrize(("effect_id", "procedure_id"), _effect_procedure_pairs())
async def test_each_effect_after_each_procedure_gets_its_text_and_the_numbers(
    run, effect_id: str, procedure_id: str
) -> None:
    effects = expected_effects()
    expected = effects.answer(effects.effect(effect_id), procedure_id).text
    outcome = await run(
        ACTION, make_tracker("/ask_is_normal", "ask_is_normal", picked(effect_id, procedure_id))
    )
    assert outcome.texts == [expected]
    numbers = outcome.message_for("utter_call_clinic_after_signs")
    assert numbers["phone"] == PHONE and numbers["after_hours_phone"] == AFTER_HOURS
    assert "utter_red_flag_emergency" not in outcome.responses
    assert outcome.slot("topic") == "is_normal" and outcome.slot("procedure") == procedure_id


@pytest.mark.parametrize(
    ("text", "procedure_id", "snippet"),
    [
        (
            "my face is red and hot after the shot, is that normal",
            "epidural_steroid_injection",
            "upper chest",
        ),
        ("is it normal that my foot is warm", "lumbar_sympathetic_block", "sign the block"),
        ("it feels like a sunburn, normal?", "genicular_rfa", "sunburn-like"),
        ("my eyelid is droopy, is that ok", "stellate_ganglion_block", "4 to 8 hours"),
        ("the numbing wore off and the pain is back", "medial_branch_block", "pain diary"),
        ("the numbing wore off and the pain is back", "transforaminal_esi", "1 to 5"),
        ("my battery spot is sore", "scs_implant", "battery spot"),
        # Plain "sore", the procedure named sentences earlier: the needle spot after a shot (once
        # "I don't have a checked answer about soreness at the incision or battery spot").
        (
            "We moved here last year and my new doctor says the shot in my back is worth doing "
            "again. Is it normal to feel sore for a few days after it?",
            "epidural_steroid_injection",
            "where the needle went in",
        ),
        ("is it normal to feel sore for a few days", "scs_implant", "battery spot"),
    ],
)
async def test_the_effect_is_found_in_the_patients_own_words(
    run, text: str, procedure_id: str, snippet: str
) -> None:
    outcome = await run(ACTION, make_tracker(text, "ask_is_normal", [procedure(procedure_id)]))
    assert len(outcome.texts) == 1 and snippet in outcome.texts[0]


async def test_two_effects_in_one_message_get_both_answers(run) -> None:
    tracker = make_tracker(
        "my face is flushed and I can't sleep",
        "ask_is_normal",
        [procedure("epidural_steroid_injection")],
    )
    outcome = await run(ACTION, tracker)
    assert len(outcome.texts) == 2 and "988" in outcome.texts[1]


async def test_an_effect_not_expected_after_the_procedure_gets_the_clinics_phone(run) -> None:
    tracker = make_tracker(
        "my foot is warm, is that normal",
        "ask_is_normal",
        [procedure("epidural_steroid_injection"), mark("symptom")],
    )
    outcome = await run(ACTION, tracker)
    gap = outcome.message_for("utter_effect_not_expected")
    assert gap["effect"] == "a warm foot or leg" and gap["phone"] == PHONE
    assert gap["procedure_name"] == "epidural shot"
    assert outcome.responses[-1] == "utter_safety_line_symptom"
    assert not outcome.texts


async def test_with_no_effect_named_the_common_ones_are_offered(run) -> None:
    outcome = await run(
        ACTION,
        make_tracker(
            "is this normal?", "ask_is_normal", slots={"procedure": "radiofrequency_ablation"}
        ),
    )
    offer = outcome.message_for("utter_expected_effects")
    assert "a burning or sunburn-like feeling" in offer["effects"]
    assert "a warm foot or leg" not in offer["effects"]
    payloads = [b["payload"] for b in offer["buttons"]]
    first = payloads[0]
    assert first.startswith("/ask_is_normal{")
    assert json.loads(first[len("/ask_is_normal") :]) == {
        "procedure": "radiofrequency_ablation",
        "after_effect": "needle_site_soreness",
    }
    assert payloads[-1] == '/ask_warning_signs{"procedure": "radiofrequency_ablation"}'
    assert outcome.message_for("utter_call_clinic_after_signs")["phone"] == PHONE


async def test_with_no_procedure_a_general_effect_gets_the_general_answer(run) -> None:
    outcome = await run(
        ACTION, make_tracker("is it normal my sugar is up after my shot", "ask_is_normal")
    )
    effects = expected_effects()
    assert outcome.texts == [effects.answer(effects.effect("steroid_blood_sugar"), None).text]


async def test_with_no_procedure_an_effect_of_one_procedure_names_it(run) -> None:
    outcome = await run(ACTION, make_tracker("my eyelid is drooping, normal?", "ask_is_normal"))
    assert "stellate block" in outcome.texts[0]
    assert outcome.slot("procedure") is None


async def test_with_nothing_known_it_asks_which_procedure(run) -> None:
    tracker = make_tracker("is this normal?", "ask_is_normal", [mark("symptom")])
    outcome = await run(ACTION, tracker)
    question = outcome.message_for("utter_ask_which_procedure")
    assert '/ask_is_normal{"procedure": "radiofrequency_ablation"}' in [
        b["payload"] for b in question["buttons"]
    ]
    assert outcome.responses[-1] == "utter_safety_line_symptom"
    assert outcome.slot("topic") == "is_normal"


async def test_a_follow_up_naming_another_procedure_answers_is_this_normal_again(run) -> None:
    tracker = make_tracker(
        "what about after rfa?",
        "inform_procedure",
        [procedure("radiofrequency_ablation")],
        slots={"procedure": "epidural_steroid_injection", "topic": "is_normal"},
    )
    outcome = await run(ActionAnswerProcedureQuestion(), tracker)
    assert "utter_expected_effects" in outcome.responses


async def test_distress_still_gets_988(run) -> None:
    tracker = make_tracker(
        "I can't sleep and I feel hopeless",
        "ask_is_normal",
        [procedure("epidural_steroid_injection"), mark("symptom"), mark("distress")],
    )
    outcome = await run(ACTION, tracker)
    assert "utter_safety_line_distress" in outcome.responses
    assert "utter_safety_line_symptom" not in outcome.responses


async def test_held_back_while_a_red_flag_reply_is_open(run) -> None:
    tracker = make_tracker("is this normal", "ask_is_normal", slots={"safety_hold": True})
    outcome = await run(ACTION, tracker)
    assert outcome.responses == ["utter_safety_hold"]
