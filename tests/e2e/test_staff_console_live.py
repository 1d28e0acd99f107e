"""The staff console on the running widget server counts the conversations this test sends
through the REST channel to the real, trained assistant."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.launcher import Stack
from tests.staff_console_support import add_staff_user, export_rows, signed_in_client

pytestmark = pytest.mark.e2e
MEASURES = ("conversations", "messages", "fell_back", "red_flag_crisis", "red_flag_emergency")
OFF_TOPIC = "what's the weather like in paris tomorrow"


def rest_totals(client) -> Counter:  # noqa: ANN001
    """The overview export's figures for the REST channel, summed over the last 30 days."""
    totals: Counter = Counter()
    for row in export_rows(client, "overview"):
        if row["channel"] == "rest":
            totals.update({m: int(row[m]) for m in MEASURES})
    return totals


def test_the_console_shows_the_conversations_just_had(stack: Stack, patient) -> None:  # noqa: ANN001
    name = add_staff_user(stack.settings.extra_env["PAINPATH_STAFF_DB"])
    staff = signed_in_client(f"http://127.0.0.1:{stack.settings.web_port}", name)
    before = rest_totals(staff)

    assert "epidural" in patient.reply_text("what is an epidural steroid injection").lower()
    patient.say(OFF_TOPIC)
    in_crisis = type(patient)(stack.settings.rasa_port)  # a second conversation
    assert "988" in in_crisis.reply_text("I want to kill myself")

    change = rest_totals(staff) - before
    assert change == Counter(conversations=2, messages=3, fell_back=1, red_flag_crisis=1)
    missed = [row["text"] for row in export_rows(staff, "missed")]
    assert OFF_TOPIC in missed
    flagged = [r["text"] for r in export_rows(staff, "safety") if r["flagged"] == "True"]
    assert "I want to kill myself" in flagged
    topics = {(r["subject"], r["topic"]) for r in export_rows(staff, "topics")}
    assert ("epidural_steroid_injection", "what_is") in topics
    page = staff.get("/staff/missed")
    assert page.status_code == 200 and "paris" in page.text
    staff.close()
