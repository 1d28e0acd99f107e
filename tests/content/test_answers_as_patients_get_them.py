"""Every answer as the patient reads it (inherited ones included) carries the clinical review's
fixes (docs/clinical-review-log.md). A child procedure without its own entry answers from its
parent, so these checks run on what the actions send, not on the files one by one."""

from __future__ import annotations

import re

import pytest

from actions.resources import procedure_terms, topics
from bot.review.patient_view import PatientReply

Replies = dict[tuple[str, str], PatientReply]

ESI_FAMILY = ("epidural_steroid_injection", "interlaminar_esi", "transforaminal_esi", "caudal_esi")
SPINE_PROCEDURES = (
    *ESI_FAMILY,
    "nerve_block",
    "medial_branch_block",
    "lumbar_sympathetic_block",
    "radiofrequency_ablation",
    "spinal_cord_stimulation",
    "scs_trial",
    "scs_implant",
)
STIMULATORS = ("spinal_cord_stimulation", "scs_trial", "scs_implant")
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def sentences(reply: PatientReply) -> list[str]:
    return [s for line in reply.lines for s in SENTENCE.split(line)]


def test_every_procedure_topic_and_journey_answer_is_rendered(patient_replies: Replies) -> None:
    procedure_pairs = {
        (pid, topic) for pid in procedure_terms().ids for topic in topics().procedure_topics
    }
    assert procedure_pairs <= set(patient_replies)
    assert {s for s, _ in patient_replies} >= set(topics().journey_subjects)
    assert all(reply.lines for reply in patient_replies.values())


def test_inherited_answers_are_known_as_inherited(patient_replies: Replies) -> None:
    caudal = patient_replies[("caudal_esi", "warning_signs")]
    assert caudal.inherited and caudal.answered_by == "epidural_steroid_injection"
    assert not patient_replies[("caudal_esi", "what_is")].inherited


def test_no_answer_rules_out_a_stroke(patient_replies: Replies) -> None:
    assert not [key for key, reply in patient_replies.items() if "not a stroke" in reply.text]


@pytest.mark.parametrize("procedure_id", SPINE_PROCEDURES)
def test_fever_or_chills_after_a_spine_procedure_goes_to_the_er_not_a_clinic_call(
    patient_replies: Replies, procedure_id: str
) -> None:
    reply = patient_replies[(procedure_id, "warning_signs")]
    assert "911" in reply.text and "ER" in reply.text
    fever = [s for s in sentences(reply) if "fever" in s.lower()]
    assert fever, "warning signs must name fever"
    assert not [s for s in fever if "call your clinic" in s.lower()], fever


@pytest.mark.parametrize("procedure_id", ESI_FAMILY)
def test_epidural_warning_signs_send_every_review_sign_to_911(
    patient_replies: Replies, procedure_id: str
) -> None:
    text = patient_replies[(procedure_id, "warning_signs")].text
    for sign in (
        "weakness or numbness in your legs",
        "numbness between your legs",
        "bladder or bowels",
        "fever or chills",
        "stiff neck",
        "severe headache",
        "vision loss",
        "drooping face",
        "trouble speaking",
    ):
        assert sign in text, sign


@pytest.mark.parametrize("procedure_id", ESI_FAMILY)
def test_epidural_preparation_asks_what_the_clinic_must_know_and_plans_a_driver(
    patient_replies: Replies, procedure_id: str
) -> None:
    text = patient_replies[(procedure_id, "prepare")].text
    for item in ("pregnant", "allergic", "x-ray dye", "aspirin", "antibiotics", "Plan on a driver"):
        assert item in text, item
    assert "if you will get medicine to relax you" not in text


def test_epidural_risks_say_off_label_and_when_a_headache_means_the_er(
    patient_replies: Replies,
) -> None:
    text = patient_replies[("transforaminal_esi", "risks")].text
    assert "no steroid is FDA-approved" in text
    assert "Go to the ER if it is severe" in text


@pytest.mark.parametrize("procedure_id", STIMULATORS)
def test_stimulator_mri_answers_warn_about_diathermy(
    patient_replies: Replies, procedure_id: str
) -> None:
    assert "diathermy" in patient_replies[(procedure_id, "mri")].text


def test_the_trial_has_its_own_repeat_and_mri_answers(patient_replies: Replies) -> None:
    repeat = patient_replies[("scs_trial", "repeat")]
    assert repeat.answered_by == "scs_trial"
    assert "stays in your body" not in repeat.text
    mri = patient_replies[("scs_trial", "mri")]
    assert mri.answered_by == "scs_trial" and "MRI room" in mri.text


def test_the_implant_answers_are_about_the_implant(patient_replies: Replies) -> None:
    prepare = patient_replies[("scs_implant", "prepare")]
    relief = patient_replies[("scs_implant", "relief")]
    assert prepare.answered_by == relief.answered_by == "scs_implant"
    assert "during the trial" not in prepare.text
    assert "never drive with the stimulator on" in prepare.text
    assert "The trial shows" not in relief.text


@pytest.mark.parametrize("procedure_id", STIMULATORS)
def test_stimulator_warning_signs_say_turn_it_off_for_a_jolt(
    patient_replies: Replies, procedure_id: str
) -> None:
    text = patient_replies[(procedure_id, "warning_signs")].text
    assert "turn it off" in text and "clear fluid" in text


@pytest.mark.parametrize("procedure_id", ["stellate_ganglion_block", "lumbar_sympathetic_block"])
@pytest.mark.parametrize("topic", ["relief", "compare", "recovery", "repeat", "warning_signs"])
def test_sympathetic_blocks_answer_from_their_own_entries(
    patient_replies: Replies, procedure_id: str, topic: str
) -> None:
    reply = patient_replies[(procedure_id, topic)]
    assert reply.answered_by == procedure_id, f"{procedure_id}/{topic} is inherited"
    # the nerve-block parent's "two test blocks before RFA" does not apply to these blocks
    assert "likely to help" not in reply.text


def test_lumbar_sympathetic_block_warns_of_a_numb_heavy_leg_before_it_happens(
    patient_replies: Replies,
) -> None:
    for topic in ("recovery", "warning_signs"):
        text = patient_replies[("lumbar_sympathetic_block", topic)].text
        assert "numb" in text and "heavy" in text, topic
    assert "numb or weak" in patient_replies[("lumbar_sympathetic_block", "prepare")].text


def test_stellate_block_explains_expected_effects_and_what_is_not_expected(
    patient_replies: Replies,
) -> None:
    text = patient_replies[("stellate_ganglion_block", "recovery")].text
    for effect in ("droopy eyelid", "hoarse voice", "lump in your throat", "4 to 8 hours"):
        assert effect in text, effect
    assert "drooping mouth" in text and "call 911" in text
    warning = patient_replies[("stellate_ganglion_block", "warning_signs")].text
    assert "swelling in your neck" in warning and "8 hours" in warning


def test_diagnostic_block_preparation_keeps_sedation_light(patient_replies: Replies) -> None:
    assert "blur the result" in patient_replies[("medial_branch_block", "prepare")].text
    assert "bladder or bowels" in patient_replies[("medial_branch_block", "warning_signs")].text


def test_ablation_asks_about_implanted_devices_and_lasting_numbness(
    patient_replies: Replies,
) -> None:
    assert "pacemaker" in patient_replies[("genicular_rfa", "prepare")].text
    warning = patient_replies[("radiofrequency_ablation", "warning_signs")].text
    assert "lasts longer" in warning and "bladder or bowels" in warning


def test_knee_ablation_does_not_overpromise(patient_replies: Replies) -> None:
    assert "results vary" in patient_replies[("genicular_rfa", "relief")].text
    assert "does not promise" in patient_replies[("genicular_rfa", "who_helps")].text


def test_no_answer_sends_a_post_procedure_worry_to_urgent_care(patient_replies: Replies) -> None:
    assert not [key for key, reply in patient_replies.items() if "urgent care" in reply.text]


def test_journey_answers_carry_the_review_fixes(patient_replies: Replies) -> None:
    assert "look for the cause" in patient_replies[("pain_clinic", "overview")].text
    opioids = patient_replies[("opioids", "overview")].text
    assert "naloxone" in opioids and "Do not stop opioids suddenly" in opioids
    assert "spine steroid shots" not in patient_replies[("prior_authorization", "overview")].text
