"""Questions beyond the core walk-through (showers, blood thinners, pregnancy...): the procedure's
own answer, its parent's, the general answer, or an honest "call the clinic" with the phone."""

from __future__ import annotations

import pytest

from actions import procedures
from actions.procedures import ActionAnswerProcedureQuestion
from actions.resources import knowledge, procedure_terms, topics
from bot.knowledge import KnowledgeBase
from bot.knowledge.answers import ANY_PROCEDURE, procedure_answer
from bot.knowledge.models import PROCEDURE_EXTRA_TOPICS
from tests.actions.conftest import make_tracker, procedure

ACTION = ActionAnswerProcedureQuestion()
PHONE = "(555) 010-2000"
# Topics answered from content/knowledge (is_normal has its own data and action).
KNOWLEDGE_TOPICS = [t for t in PROCEDURE_EXTRA_TOPICS if t not in ("mri", "is_normal")]


def own(subject: str, topic: str) -> str:
    entry = knowledge().subject(subject).own_entry(topic)
    assert entry is not None, f"{subject} has no {topic} entry"
    return entry.text


def named_answer(outcome) -> str:
    """The answer of a reply that first names its procedure (it came from context)."""
    answer = outcome.message_for("utter_answer_for_procedure")
    assert answer["procedure_name"]
    return answer["answer"]


async def ask(run, topic: str, procedure_id: str | None = None, text: str = "...", **slots):
    intent = topics().procedure_topic_intent(topic)
    entities = [procedure(procedure_id)] if procedure_id else []
    return await run(ACTION, make_tracker(text, intent, entities, slots=slots))


@pytest.mark.parametrize(
    ("procedure_id", "topic"),
    [
        ("epidural_steroid_injection", "pain_sedation"),
        ("epidural_steroid_injection", "blood_thinners"),
        ("epidural_steroid_injection", "return_activity"),
        ("epidural_steroid_injection", "aftercare_pain"),
        ("epidural_steroid_injection", "steroid_effects"),
        ("epidural_steroid_injection", "not_working"),
        ("nerve_block", "pain_sedation"),
        ("medial_branch_block", "aftercare_pain"),
        ("medial_branch_block", "not_working"),
        ("radiofrequency_ablation", "implants"),
        ("radiofrequency_ablation", "return_activity"),
        ("spinal_cord_stimulation", "blood_thinners"),
        ("spinal_cord_stimulation", "pregnancy"),
        ("scs_trial", "bathing"),
        ("scs_implant", "return_activity"),
    ],
)
async def test_a_procedure_answers_from_its_own_entry(run, procedure_id: str, topic: str) -> None:
    outcome = await ask(run, topic, procedure_id)
    assert outcome.texts[0] == own(procedure_id, topic)
    assert outcome.slot("procedure") == procedure_id and outcome.slot("topic") == topic


@pytest.mark.parametrize(
    ("child", "parent", "topic"),
    [
        ("transforaminal_esi", "epidural_steroid_injection", "pain_sedation"),
        ("caudal_esi", "epidural_steroid_injection", "steroid_effects"),
        ("genicular_rfa", "radiofrequency_ablation", "aftercare_pain"),
        ("stellate_ganglion_block", "nerve_block", "return_activity"),
        ("scs_implant", "spinal_cord_stimulation", "aftercare_pain"),
    ],
)
async def test_a_child_procedure_answers_from_its_parent(run, child, parent, topic) -> None:
    outcome = await ask(run, topic, child)
    assert outcome.texts[0] == own(parent, topic)


@pytest.mark.parametrize(
    ("procedure_id", "topic"),
    [
        ("epidural_steroid_injection", "bathing"),
        ("stellate_ganglion_block", "pregnancy"),
        ("radiofrequency_ablation", "allergies"),
        ("lumbar_sympathetic_block", "blood_thinners"),
        ("medial_branch_block", "illness_before"),
        ("scs_trial", "allergies"),
    ],
)
async def test_without_an_entry_of_its_own_the_general_answer_holds(
    run, procedure_id: str, topic: str
) -> None:
    outcome = await ask(run, topic, procedure_id)
    assert outcome.texts[0] == own(ANY_PROCEDURE, topic)


@pytest.mark.parametrize("topic", KNOWLEDGE_TOPICS)
def test_every_procedure_gets_an_answer_for_every_new_topic(topic: str) -> None:
    # Either its own, its parent's, or a general answer that holds for it: no patient meets a
    # dead end for a topic the clinic can answer in general.
    missing = [
        pid
        for pid in procedure_terms().ids
        if procedure_answer(knowledge(), procedures.procedure_for_topic(topic, pid), topic) is None
    ]
    assert not missing, f"{topic}: no answer for {missing}"


async def test_with_no_entry_and_no_general_answer_the_patient_gets_the_clinics_phone(
    run, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_general = KnowledgeBase(
        {s.id: s for kind in ("procedure", "journey") for s in knowledge().subjects(kind)},
        {key: knowledge().source(key) for key in ("S1",)},
    )
    monkeypatch.setattr(procedures, "knowledge", lambda: without_general)
    outcome = await ask(run, "bathing", "stellate_ganglion_block")
    gap = outcome.message_for("utter_no_topic_answer")
    assert gap["phone"] == PHONE and gap["procedure_name"] == "stellate block"
    assert not outcome.texts


async def test_with_no_procedure_named_the_general_answer_and_an_offer_to_say_more(run) -> None:
    outcome = await ask(run, "blood_thinners", text="do i need to stop my aspirin before?")
    assert outcome.texts == [own(ANY_PROCEDURE, "blood_thinners")]
    offer = outcome.message_for("utter_ask_which_procedure_for_more")
    assert '/ask_blood_thinners{"procedure": "spinal_cord_stimulation"}' in [
        b["payload"] for b in offer["buttons"]
    ]
    assert outcome.slot("topic") == "blood_thinners" and outcome.slot("procedure") is None


async def test_a_stimulator_topic_is_answered_for_the_stimulator(run) -> None:
    # "can I drive with it on?" while the epidural is in context still means a stimulator
    # the stimulator was not named, so the answer says whose it is
    outcome = await ask(run, "scs_daily_life", slots={"procedure": "epidural_steroid_injection"})
    assert named_answer(outcome) == own("spinal_cord_stimulation", "scs_daily_life")
    assert outcome.slot("procedure") == "spinal_cord_stimulation"
    trial = await ask(run, "scs_daily_life", "scs_trial")
    assert trial.texts[0] == own("scs_trial", "scs_daily_life")
    no_context = await ask(run, "scs_daily_life")
    assert named_answer(no_context) == own("spinal_cord_stimulation", "scs_daily_life")


@pytest.mark.parametrize(
    ("topic", "rule"),
    [
        ("eating_medicines", "No food for 6 hours if you get sedation."),
        ("blood_thinners", "Our nurse will call you with a plan."),
    ],
)
async def test_the_clinics_own_rule_follows_the_answer(run, topic: str, rule: str) -> None:
    outcome = await ask(run, topic, "epidural_steroid_injection")
    assert rule in outcome.message_for("utter_clinic_prep")["rules"]


async def test_a_follow_up_naming_another_procedure_keeps_the_new_topic(run) -> None:
    tracker = make_tracker(
        "and for rfa?",
        "inform_procedure",
        [procedure("radiofrequency_ablation")],
        slots={"procedure": "epidural_steroid_injection", "topic": "return_activity"},
    )
    outcome = await run(ACTION, tracker)
    assert named_answer(outcome) == own("radiofrequency_ablation", "return_activity")
