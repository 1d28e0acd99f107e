"""Clinic answers come from the clinic's data: change the file, change the answer."""

from __future__ import annotations

import pytest

from actions import clinic_info
from actions.resources import clinic_directory
from tests.actions.conftest import OTHER_CLINIC, make_tracker, procedure


async def test_phone_comes_from_the_clinic_file(run):
    outcome = await run(clinic_info.ActionTellPhone(), make_tracker("phone?", "ask_phone"))
    assert outcome.message_for("utter_clinic_phone")["phone"] == "(555) 010-2000"


async def test_another_clinic_file_gives_its_own_phone(run, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PAINPATH_CLINIC_FILE", str(OTHER_CLINIC))
    clinic_directory.cache_clear()
    outcome = await run(clinic_info.ActionTellPhone(), make_tracker("phone?", "ask_phone"))
    message = outcome.message_for("utter_clinic_phone")
    assert (message["phone"], message["clinic_name"]) == (
        "555-0142",
        "Pacific Coast Spine and Pain",
    )


async def test_a_missing_field_says_so_and_gives_the_phone(run, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PAINPATH_CLINIC_FILE", str(OTHER_CLINIC))
    clinic_directory.cache_clear()
    outcome = await run(clinic_info.ActionTellFax(), make_tracker("fax?", "ask_fax"))
    assert outcome.message_for("utter_clinic_missing_info")["phone"] == "555-0142"


async def test_where_are_you_lists_every_address_without_asking_back(run):
    tracker = make_tracker("where are you?", "ask_location")
    outcome = await run(clinic_info.ActionTellLocation(), tracker)
    reply = outcome.message_for("utter_clinic_locations")
    assert reply["count"] == 2
    assert reply["lines"].splitlines() == [
        "- Riverside Main Campus: 1200 River Road, Suite 300, Springfield, IL 62701",
        "- Riverside North Clinic: 45 Lake Street, Springfield, IL 62702",
    ]
    assert not any(m.get("buttons") for m in outcome.messages)


async def test_a_location_named_in_the_message_gets_its_own_answer(run):
    tracker = make_tracker("where is the north office", "ask_location")
    outcome = await run(clinic_info.ActionTellLocation(), tracker)
    assert outcome.message_for("utter_clinic_location")["address"].startswith("45 Lake Street")
    assert outcome.slot("location") == "north"


async def test_parking_for_every_location_as_lines(run):
    outcome = await run(clinic_info.ActionTellParking(), make_tracker("parking?", "ask_parking"))
    lines = outcome.message_for("utter_clinic_parking_by_location")["lines"].splitlines()
    assert lines == [
        "- Riverside Main Campus: Free parking in the garage on Elm Street.",
        "- Riverside North Clinic: Free parking in front of the building.",
    ]


async def test_a_day_all_locations_agree_on_is_answered_once(run):
    outcome = await run(
        clinic_info.ActionTellHours(), make_tracker("are you open Sunday?", "ask_hours")
    )
    reply = outcome.message_for("utter_clinic_all_closed_on_day")
    assert (reply["every"], reply["day"]) == ("Both", "on Sunday")


async def test_a_day_the_locations_differ_on_gets_a_line_each(run):
    outcome = await run(
        clinic_info.ActionTellHours(), make_tracker("are you open on saturday", "ask_hours")
    )
    lines = outcome.message_for("utter_clinic_hours_on_day_by_location")["lines"]
    assert lines.splitlines() == [
        "- Riverside Main Campus: closed",
        "- Riverside North Clinic: 8 AM–12 PM",
    ]


async def test_weekly_hours_of_every_location(run):
    outcome = await run(clinic_info.ActionTellHours(), make_tracker("your hours?", "ask_hours"))
    lines = outcome.message_for("utter_clinic_hours_by_location")["lines"].splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "- Riverside Main Campus",
        "- Riverside North Clinic",
    ]
    assert "Mon–Thu 8 AM–5 PM" in lines[0]


async def test_open_now_answers_for_every_location(run):
    outcome = await run(
        clinic_info.ActionTellHours(), make_tracker("are you open now?", "ask_hours")
    )
    lines = outcome.message_for("utter_clinic_now_by_location")["lines"].splitlines()
    assert len(lines) == 2 and all(" now" in line for line in lines)
    if all("closed now" in line for line in lines):
        assert "utter_clinic_after_hours" in outcome.responses


async def test_insurance_plans_are_listed_one_per_line(run):
    tracker = make_tracker("what insurance do you take", "ask_insurance")
    outcome = await run(clinic_info.ActionCheckInsurance(), tracker)
    lines = outcome.message_for("utter_insurance_list")["accepted"].splitlines()
    assert lines[0] == "- Medicare" and len(lines) == 5


async def test_chosen_location_gets_its_parking(run):
    tracker = make_tracker("parking?", "ask_parking", slots={"location": "main"})
    outcome = await run(clinic_info.ActionTellParking(), tracker)
    assert "Elm Street" in outcome.message_for("utter_clinic_parking")["parking"]


async def test_saturday_is_answered_as_closed(run):
    tracker = make_tracker("are you open on saturday", "ask_hours", slots={"location": "main"})
    outcome = await run(clinic_info.ActionTellHours(), tracker)
    assert outcome.message_for("utter_clinic_closed_on_day")["day"] == "on Saturday"


async def test_weekly_hours_when_no_day_is_named(run):
    tracker = make_tracker("I want to know your hours", "ask_hours", slots={"location": "main"})
    outcome = await run(clinic_info.ActionTellHours(), tracker)
    assert "8 AM" in outcome.message_for("utter_clinic_hours")["hours"]


@pytest.mark.parametrize(
    ("text", "response", "insurer"),
    [
        ("do you take atena?", "utter_insurance_accepted", "Aetna"),
        ("is BCBS ok", "utter_insurance_accepted", "Blue Cross Blue Shield"),
        ("do you accept medicaid", "utter_insurance_not_listed", "Medicaid"),
    ],
)
async def test_insurance_is_matched_tolerantly(run, text, response, insurer):
    outcome = await run(clinic_info.ActionCheckInsurance(), make_tracker(text, "ask_insurance"))
    assert outcome.message_for(response)["insurer"] == insurer


async def test_procedure_not_offered_points_to_the_phone(run):
    tracker = make_tracker(
        "do you do stellate blocks", "ask_offers_procedure", [procedure("stellate_ganglion_block")]
    )
    outcome = await run(clinic_info.ActionCheckProcedureOffered(), tracker)
    assert outcome.message_for("utter_procedure_not_offered")["phone"] == "(555) 010-2000"


async def test_hand_off_gives_phone_hours_and_after_hours_line(run):
    outcome = await run(
        clinic_info.ActionHandOffToPerson(), make_tracker("a person please", "request_human")
    )
    message = outcome.message_for("utter_hand_off")
    assert message["after_hours_phone"] == "(555) 010-2999"
    assert "8 AM" in message["hours"]
