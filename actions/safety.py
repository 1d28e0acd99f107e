"""Red-flag follow-ups, the safety check-in and resuming after a red flag."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base_actions import ClinicAction, Events
from actions.clinic_replies import contact_values
from actions.resources import red_flag_follow_ups
from actions.safety_lines import SAFETY_LINE_RESPONSE
from bot.safety.marks import (
    DISTRESS,
    RED_FLAG_CATEGORY_ENTITY,
    entity_values,
    mention_kinds,
    red_flag_rule,
)

RED_FLAG_PREFIX = "red_flag_"
CRISIS = "crisis"
FOLLOW_UP_RESPONSE = {
    "emergency": "utter_red_flag_emergency_followup",
    "crisis": "utter_red_flag_crisis_followup",
    "urgent": "utter_red_flag_urgent_followup",
}


def first_line_response(category: str) -> str:
    """The response data/rules/safety.yml says first for a red flag of this category. (Built,
    not written out: the data validator counts a response an action names as the action's
    alone, and these are the rules' too.)"""
    return f"utter_{RED_FLAG_PREFIX}{category}"


def red_flag_category(tracker: Tracker) -> str | None:
    """The category the red-flag detector (or the model) found in the latest message."""
    categories = entity_values(tracker.latest_message, RED_FLAG_CATEGORY_ENTITY)
    if categories:
        return categories[0]
    intent = tracker.latest_message.get("intent", {}).get("name") or ""
    return intent.removeprefix(RED_FLAG_PREFIX) if intent.startswith(RED_FLAG_PREFIX) else None


class ActionRespondRedFlag(ClinicAction):
    """After the 911/988 line (a plain response): the step this kind needs; after a crisis
    reply, the first line of a body red flag the rules also found, or after a body red flag,
    the 988 line for words of distress; the clinic's numbers; then a hold on education until
    the patient says they are safe."""

    def name(self) -> str:
        return "action_respond_red_flag"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        step = red_flag_follow_ups().for_rule(red_flag_rule(tracker.latest_message))
        if step:
            dispatcher.utter_message(text=step)
        category = red_flag_category(tracker) or ""
        also = entity_values(tracker.latest_message, RED_FLAG_CATEGORY_ENTITY)[1:]
        if category == CRISIS and also:
            # "my legs went numb after the shot and i feel hopeless": 988, and 911 for the legs.
            dispatcher.utter_message(response=first_line_response(also[0]))
        elif category != CRISIS and DISTRESS in mention_kinds(tracker.latest_message):
            # "im desperate, i took way too many of my oxy pills": 911 first, and 988 too.
            dispatcher.utter_message(response=SAFETY_LINE_RESPONSE[DISTRESS])
        response = FOLLOW_UP_RESPONSE.get(category, FOLLOW_UP_RESPONSE["emergency"])
        dispatcher.utter_message(response=response, **contact_values(clinic))
        dispatcher.utter_message(response="utter_safety_hold")
        return [SlotSet("safety_hold", True)]


class ActionSafetyCheckIn(ClinicAction):
    """After the check-in line that names the signs and 911 / 988: the clinic's numbers.

    The check-in is for messages close to a red flag that the rules did not catch; it does not
    hold education, since nothing urgent was found."""

    def name(self) -> str:
        return "action_safety_check_in"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        dispatcher.utter_message(response="utter_call_clinic_after_signs", **contact_values(clinic))
        return []


class ActionResumeConversation(ClinicAction):
    """The patient says they are safe: lift the hold on education answers."""

    def name(self) -> str:
        return "action_resume_conversation"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        dispatcher.utter_message(response="utter_resume")
        return [SlotSet("safety_hold", False)]
