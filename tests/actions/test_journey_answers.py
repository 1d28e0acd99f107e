"""Journey answers merge the clinic's own referral, fax, visit length and forms."""

from __future__ import annotations

from actions.journey import ActionAnswerJourneyQuestion
from actions.procedures import ActionAnswerProcedureQuestion
from actions.resources import knowledge
from tests.actions.conftest import make_tracker

ACTION = ActionAnswerJourneyQuestion()


async def test_referral_answer_adds_the_clinic_fax_and_instructions(run):
    outcome = await run(ACTION, make_tracker("do I need a referral", "ask_referral"))
    assert outcome.texts[0] == knowledge().answer("referral", "overview").text
    assert outcome.message_for("utter_clinic_referral_fax")["fax"] == "(555) 010-2001"
    assert "fax" in outcome.message_for("utter_clinic_referral")["instructions"]


async def test_what_to_bring_adds_the_forms_link(run):
    outcome = await run(ACTION, make_tracker("what do I bring", "ask_what_to_bring"))
    assert outcome.message_for("utter_clinic_forms")["forms_url"].startswith("https://")


async def test_the_clinic_list_of_things_to_bring_is_one_short_line_each(run):
    outcome = await run(ACTION, make_tracker("what do I bring", "ask_what_to_bring"))
    lines = outcome.message_for("utter_clinic_bring")["items"].splitlines()
    assert lines[:2] == ["- photo ID", "- insurance card"] and len(lines) == 5


async def test_how_long_after_the_first_visit_answers_the_visit_length(run):
    tracker = make_tracker(
        "how long does it take?", "ask_duration", slots={"subject": "first_visit"}
    )
    outcome = await run(ActionAnswerProcedureQuestion(), tracker)
    assert outcome.texts[0] == knowledge().answer("first_visit", "duration").text
    assert outcome.message_for("utter_clinic_visit_length")["minutes"] == 60


async def test_new_patient_path_offers_the_three_steps(run):
    outcome = await run(ACTION, make_tracker("I'm a new patient", "new_patient"))
    titles = [b["title"] for b in outcome.message_for("utter_offer_more")["buttons"]]
    assert titles == [
        "Do I need a referral?",
        "What do I bring?",
        "What happens at the first visit?",
    ]


async def test_pain_check_suggests_a_referral_only_with_the_seed_signs(run):
    from actions.pain_clinic_check import CHECK_SLOTS, ActionPainClinicCheckResult

    yes_to_all = dict.fromkeys(CHECK_SLOTS, True)
    outcome = await run(
        ActionPainClinicCheckResult(), make_tracker("yes", "affirm", slots=yes_to_all)
    )
    assert outcome.responses == ["utter_pain_check_referral"]
    assert all(outcome.slot(slot) is None for slot in CHECK_SLOTS)

    short_pain = {**yes_to_all, "pain_lasted_3_months": False}
    outcome = await run(ActionPainClinicCheckResult(), make_tracker("no", "deny", slots=short_pain))
    assert outcome.responses == ["utter_pain_check_general"]


async def test_cost_answer_adds_the_billing_number_and_insurance_note(run):
    outcome = await run(ACTION, make_tracker("how much does an epidural cost", "ask_cost"))
    assert outcome.texts[0] == knowledge().answer("cost", "overview").text
    assert outcome.message_for("utter_clinic_billing")["billing_phone"] == "(555) 010-2300"
    assert "utter_clinic_insurance_notes" in outcome.responses


async def test_cost_answer_falls_back_to_the_main_number_without_a_billing_line(run, monkeypatch):
    from actions import resources
    from tests.actions.conftest import OTHER_CLINIC

    monkeypatch.setenv("PAINPATH_CLINIC_FILE", str(OTHER_CLINIC))
    resources.clinic_directory.cache_clear()
    outcome = await run(ACTION, make_tracker("who do I call about my bill", "ask_cost"))
    assert outcome.message_for("utter_clinic_billing")["billing_phone"] == "555-0142"


async def test_bringing_someone_answer_adds_whom_to_call(run):
    outcome = await run(ACTION, make_tracker("can I bring my husband", "ask_companion"))
    assert "interpreter" in outcome.texts[0]
    assert outcome.message_for("utter_clinic_ask_about_visit")["phone"] == "(555) 010-2000"
