"""The procedure answer: right entry, kept context, the clinic's own prep, honest gaps."""

from __future__ import annotations

import json

import pytest
import yaml
from rasa_sdk import Tracker

from actions.procedures import ActionAnswerProcedureQuestion
from actions.resources import knowledge, procedure_terms
from bot.paths import REPO_ROOT
from tests.actions.conftest import make_tracker, procedure

ACTION = ActionAnswerProcedureQuestion()


async def test_answers_the_asked_topic_for_the_named_procedure(run):
    outcome = await run(
        ACTION,
        make_tracker("what is an ESI", "ask_what_is", [procedure("epidural_steroid_injection")]),
    )
    assert outcome.texts[0] == knowledge().answer("epidural_steroid_injection", "what_is").text
    assert outcome.slot("procedure") == "epidural_steroid_injection"
    assert outcome.slot("topic") == "what_is"


async def test_follow_up_without_a_name_uses_the_procedure_in_the_slot_and_names_it(run):
    tracker = make_tracker(
        "how long does it last?", "ask_relief", slots={"procedure": "radiofrequency_ablation"}
    )
    outcome = await run(ACTION, tracker)
    answer = outcome.message_for("utter_answer_for_procedure")
    assert answer["answer"] == knowledge().answer("radiofrequency_ablation", "relief").text
    assert answer["procedure_name"] == procedure_terms().short_name("radiofrequency_ablation")
    assert outcome.texts == []


async def test_switching_procedure_keeps_the_topic_and_names_the_procedure(run):
    # "what about the nerve burning one?": the topic comes from context, so the answer says
    # whose answer it is, in the name the assistant uses.
    tracker = make_tracker(
        "what about the nerve burning one?",
        "inform_procedure",
        [procedure("radiofrequency_ablation")],
        slots={"procedure": "epidural_steroid_injection", "topic": "relief"},
    )
    outcome = await run(ACTION, tracker)
    answer = outcome.message_for("utter_answer_for_procedure")
    assert answer["answer"] == knowledge().answer("radiofrequency_ablation", "relief").text
    assert answer["procedure_name"] == "nerve ablation"


async def test_a_question_that_names_procedure_and_topic_is_answered_plainly(run):
    tracker = make_tracker(
        "how long does RFA last?",
        "ask_relief",
        [procedure("radiofrequency_ablation")],
        slots={"procedure": "epidural_steroid_injection", "topic": "recovery"},
    )
    outcome = await run(ACTION, tracker)
    assert outcome.texts[0] == knowledge().answer("radiofrequency_ablation", "relief").text
    assert "utter_answer_for_procedure" not in outcome.responses


def test_the_naming_line_reads_plainly_for_every_procedure():
    template = next(
        variant["text"]
        for variant in yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))[
            "responses"
        ]["utter_answer_for_procedure"]
    )
    for procedure_id in procedure_terms().ids:
        short = procedure_terms().short_name(procedure_id)
        line = template.format(procedure_name=short, answer="...")
        assert line.startswith("For the ") and len(short.split()) <= 4, line


async def test_child_procedure_falls_back_to_its_parent_entry(run):
    tracker = make_tracker("risks of TFESI", "ask_risks", [procedure("transforaminal_esi")])
    outcome = await run(ACTION, tracker)
    assert outcome.texts[0] == knowledge().answer("transforaminal_esi", "risks").text
    assert outcome.texts[0]


async def test_unknown_procedure_offers_the_choice_with_buttons_and_a_way_out(run):
    outcome = await run(ACTION, make_tracker("how do I prepare", "ask_prepare"))
    (offer,) = [m for m in outcome.messages if m.get("buttons")]
    payloads = [b["payload"] for b in offer["buttons"]]
    assert '/ask_prepare{"procedure": "epidural_steroid_injection"}' in payloads
    assert payloads[-1] == "/inform_procedure"
    assert len(payloads) == 5
    assert outcome.slot("topic") == "prepare"
    assert outcome.slot("procedure_choice_offered") is True


async def test_prep_answer_adds_the_clinic_rules(run):
    tracker = make_tracker(
        "how do i prepare for an epidural", "ask_prepare", [procedure("epidural_steroid_injection")]
    )
    outcome = await run(ACTION, tracker)
    prep = outcome.message_for("utter_clinic_prep")
    assert prep["clinic_name"] == "Riverside Pain Management Center"
    assert "drive you home" in prep["rules"]


async def test_a_topic_the_content_lacks_gets_an_honest_gap_and_the_phone(run):
    tracker = make_tracker(
        "can I get an MRI after an epidural", "ask_mri", [procedure("epidural_steroid_injection")]
    )
    outcome = await run(ACTION, tracker)
    gap = outcome.message_for("utter_no_topic_answer")
    assert gap["phone"] == "(555) 010-2000"
    assert gap["procedure_name"] == "epidural shot"
    assert not outcome.texts


async def test_warning_signs_add_whom_to_call(run):
    tracker = make_tracker(
        "when should I call", "ask_warning_signs", [procedure("radiofrequency_ablation")]
    )
    outcome = await run(ACTION, tracker)
    assert "utter_call_clinic_after_signs" in outcome.responses


async def test_answer_offers_the_next_topic_as_a_button(run):
    tracker = make_tracker("what is SCS", "ask_what_is", [procedure("spinal_cord_stimulation")])
    outcome = await run(ACTION, tracker)
    offer = outcome.message_for("utter_offer_more")
    payload = offer["buttons"][0]["payload"]
    intent, entities = payload[1:].split("{", 1)
    assert json.loads("{" + entities) == {"procedure": "spinal_cord_stimulation"}
    assert intent.startswith("ask_")


async def test_education_is_held_back_after_a_red_flag(run):
    tracker = make_tracker(
        "what about recovery",
        "ask_recovery",
        slots={"procedure": "nerve_block", "safety_hold": True},
    )
    outcome = await run(ACTION, tracker)
    assert outcome.responses == ["utter_safety_hold"]
    assert not outcome.texts


def _every_procedure_topic_pair():
    from actions.resources import procedure_terms, topics
    from bot.knowledge.models import PROCEDURE_CORE_TOPICS

    required = [t for t in topics().procedure_topics if t in PROCEDURE_CORE_TOPICS]
    return [(pid, topic) for pid in procedure_terms().ids for topic in required]


@pytest.mark.parametrize(("procedure_id", "topic"), _every_procedure_topic_pair())
async def test_every_procedure_and_topic_answers_from_its_own_entry(run, procedure_id, topic):
    from actions.resources import topics

    intent = topics().procedure_topic_intent(topic)
    outcome = await run(ACTION, make_tracker("...", intent, [procedure(procedure_id)]))
    expected = knowledge().answer(procedure_id, topic)
    assert expected is not None, f"no {topic} answer for {procedure_id}"
    assert outcome.texts[0] == expected.text


def _user(text: str, intent: str, *procedures: str) -> dict:
    entities = [procedure(p) for p in procedures]
    return {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": intent}, "entities": entities},
    }


def _rephrased_after_an_unsure_turn(unsure_intent: str = "nlu_fallback") -> Tracker:
    """The events Rasa stores when a patient types a new question instead of tapping a button."""
    events = [
        {"event": "action", "name": "action_listen"},
        _user("my cousin had rfa", unsure_intent, "radiofrequency_ablation"),
        {"event": "slot", "name": "procedure", "value": "radiofrequency_ablation"},
        {"event": "action", "name": "action_two_stage_fallback"},
        {"event": "active_loop", "name": "action_two_stage_fallback"},
        {"event": "bot", "text": "Did you mean one of these?"},
        {"event": "action", "name": "action_listen"},
        _user("how long does it last", "ask_relief"),
        {"event": "action", "name": "action_two_stage_fallback"},
        {"event": "active_loop", "name": None},
        {"event": "rewind"},
        {"event": "action", "name": "action_listen"},
        _user("how long does it last", "ask_relief"),
    ]
    latest = {"text": "how long does it last", "intent": {"name": "ask_relief"}, "entities": []}
    return Tracker("patient-1", {}, latest, events, False, None, {}, "action_listen")


async def test_a_procedure_named_in_an_unsure_turn_survives_the_rephrasing(run):
    outcome = await run(ActionAnswerProcedureQuestion(), _rephrased_after_an_unsure_turn())
    assert outcome.slot("procedure") == "radiofrequency_ablation"
    assert "utter_ask_which_procedure" not in outcome.responses
    answer = outcome.message_for("utter_answer_for_procedure")  # named: it came from context
    assert answer["answer"] == knowledge().answer("radiofrequency_ablation", "relief").text


async def test_an_older_turn_that_was_understood_is_not_reused(run):
    tracker = _rephrased_after_an_unsure_turn(unsure_intent="ask_what_is")
    outcome = await run(ActionAnswerProcedureQuestion(), tracker)
    assert outcome.slot("procedure") is None
    assert outcome.slot("procedure_choice_offered") is True
