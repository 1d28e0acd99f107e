"""Booking, moving, cancelling, running late, "when is my appointment": from the clinic file.

The assistant cannot see anyone's appointments and never asks for a name, a date of birth or
any identifier: it says so and gives the number. The clinic file's `appointments` section gives
the scheduling phone, online booking, the patient portal, the notice needed and the late
policy; a clinic that leaves it out gets its phone number and opening hours instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base_actions import ClinicAction, Events
from actions.clinic_replies import contact_values
from actions.conversation_history import sent_last_turn
from actions.feeling_replies import acknowledge, add_feeling_safety_line, feeling_in
from bot.clinic import hours

Reply = tuple[str, dict[str, Any]]


def _contact(clinic: Any) -> dict[str, str]:
    return {**contact_values(clinic), "phone": clinic.scheduling_phone}


def _book(clinic: Any) -> list[Reply]:
    plan = clinic.appointments
    replies: list[Reply] = []
    if clinic.new_patients_need_referral:
        replies.append(("utter_appointment_referral_first", {}))
    replies.append(("utter_appointment_book", _contact(clinic)))
    if plan and plan.booking_url:
        replies.append(("utter_appointment_book_online", {"booking_url": plan.booking_url}))
    return replies


def _change(response: str) -> Callable[[Any], list[Reply]]:
    def replies(clinic: Any) -> list[Reply]:
        plan = clinic.appointments
        found: list[Reply] = [(response, _contact(clinic))]
        if plan and plan.portal_url:
            found.append(("utter_appointment_online_changes", {"portal_url": plan.portal_url}))
        if plan and plan.cancel_notice_hours:
            found.append(("utter_appointment_notice", {"hours": plan.cancel_notice_hours}))
        return found

    return replies


def _running_late(clinic: Any) -> list[Reply]:
    plan = clinic.appointments
    found: list[Reply] = [("utter_appointment_running_late", _contact(clinic))]
    if plan and plan.late_policy:
        found.append(("utter_appointment_late_policy", {"late_policy": plan.late_policy}))
    return found


def _when_is_it(clinic: Any) -> list[Reply]:
    plan = clinic.appointments
    found: list[Reply] = [("utter_appointment_cannot_see", _contact(clinic))]
    if plan and plan.portal_url:
        found.append(("utter_appointment_portal", {"portal_url": plan.portal_url}))
    return found


REPLIES: dict[str, Callable[[Any], list[Reply]]] = {
    "ask_book_appointment": _book,
    "ask_reschedule": _change("utter_appointment_reschedule"),
    "ask_cancel_appointment": _change("utter_appointment_cancel"),
    "ask_running_late": _running_late,
    "ask_appointment_time": _when_is_it,
}


class ActionAnswerAppointment(ClinicAction):
    """One action for every appointment question: the intent picks the reply."""

    def name(self) -> str:
        return "action_answer_appointment"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        feeling = feeling_in(tracker)
        if feeling is not None:
            acknowledge(dispatcher, tracker, feeling)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        replies = REPLIES.get(intent, _book)(clinic)
        if clinic.appointments is None:
            main = clinic.locations[0]
            replies.append(
                (
                    "utter_appointment_phone_hours",
                    {"location_name": main.name, "hours": hours.describe_week(main)},
                )
            )
        new = [
            (response, values)
            for response, values in replies
            if not sent_last_turn(tracker, response)
        ]
        for response, values in new or [("utter_appointment_said_just_now", _contact(clinic))]:
            dispatcher.utter_message(response=response, **values)
        add_feeling_safety_line(dispatcher, clinic, feeling)
        return []
