"""Appointments from the clinic file; the assistant cannot see visits and never asks who you are."""

from __future__ import annotations

import re

import pytest

from actions import resources
from actions.appointments import ActionAnswerAppointment
from bot.review.patient_view import render
from tests.actions.conftest import OTHER_CLINIC, bot_said, make_tracker

ACTION = ActionAnswerAppointment()
SCHEDULING = "(555) 010-2050"
IDENTIFIERS = re.compile(r"\b(name|birth|date of birth|dob|id number|member id|address)\b", re.I)


async def reply(run, intent: str, text: str = "...") -> list[str]:
    outcome = await run(ACTION, make_tracker(text, intent))
    return [render(message) for message in outcome.messages]


async def test_booking_gives_the_scheduling_line_online_booking_and_the_referral_rule(run):
    lines = await reply(run, "ask_book_appointment", "how do i make an appointment")
    text = "\n".join(lines)
    assert SCHEDULING in text
    assert "https://example.org/book" in text
    assert "referral" in lines[0]


@pytest.mark.parametrize("intent", ["ask_reschedule", "ask_cancel_appointment"])
async def test_changes_give_the_line_the_portal_and_the_notice(run, intent):
    text = "\n".join(await reply(run, intent))
    assert SCHEDULING in text
    assert "https://example.org/portal" in text
    assert "at least 24 hours" in text


async def test_rescheduling_and_cancelling_read_differently(run):
    assert await reply(run, "ask_reschedule") != await reply(run, "ask_cancel_appointment")


async def test_running_late_gives_the_number_and_the_clinic_s_late_policy(run):
    text = "\n".join(await reply(run, "ask_running_late", "i'm running late"))
    assert SCHEDULING in text and "15 minutes late" in text


async def test_when_is_my_appointment_says_it_cannot_see_and_gives_the_number(run):
    lines = await reply(run, "ask_appointment_time", "when is my appointment")
    assert lines[0].startswith("I can't see appointments")
    assert SCHEDULING in lines[0]


@pytest.mark.parametrize(
    "intent",
    [
        "ask_book_appointment",
        "ask_reschedule",
        "ask_cancel_appointment",
        "ask_running_late",
        "ask_appointment_time",
    ],
)
async def test_no_reply_asks_for_a_name_birth_date_or_any_identifier(run, intent):
    for line in await reply(run, intent):
        assert "?" not in line
        assert not IDENTIFIERS.search(line), line


@pytest.mark.parametrize("intent", ["ask_book_appointment", "ask_cancel_appointment"])
async def test_a_clinic_without_an_appointments_section_gives_its_phone_and_hours(
    run, monkeypatch, intent
):
    monkeypatch.setenv("PAINPATH_CLINIC_FILE", str(OTHER_CLINIC))
    resources.clinic_directory.cache_clear()
    text = "\n".join(await reply(run, intent))
    assert "555-0142" in text
    assert "Pacific Coast Downtown" in text and "7:30" in text
    assert "portal" not in text and "referral" not in text


async def test_lines_said_last_turn_are_not_said_again(run):
    said = [bot_said("...", response="utter_appointment_reschedule")]
    said += [bot_said("...", response="utter_appointment_online_changes")]
    said += [bot_said("...", response="utter_appointment_notice")]
    tracker = make_tracker("how much notice do you need", "ask_reschedule", said_before=said)
    outcome = await run(ACTION, tracker)
    assert outcome.responses == ["utter_appointment_said_just_now"]
    assert outcome.message_for("utter_appointment_said_just_now")["phone"] == SCHEDULING


async def test_frustration_with_a_visit_is_acknowledged_first(run):
    outcome = await run(
        ACTION, make_tracker("ugh i'm so frustrated, i need to reschedule", "ask_reschedule")
    )
    assert "frustrating" in outcome.texts[0]
    assert outcome.responses[0] == "utter_appointment_reschedule"
