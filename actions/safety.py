"""Red-flag follow-ups, personal medical decisions and the hand-off to a person."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base_actions import ClinicAction, Events
from actions.clinic_replies import contact_values

RED_FLAG_PREFIX = "red_flag_"
FOLLOW_UP_RESPONSE = {
    "emergency": "utter_red_flag_emergency_followup",
    "crisis": "utter_red_flag_crisis_followup",
    "urgent": "utter_red_flag_urgent_followup",
}


def red_flag_category(tracker: Tracker) -> str | None:
    """The category the red-flag detector (or the model) found in the latest message."""
    for entity in tracker.latest_message.get("entities", []):
        if entity.get("entity") == "red_flag_category":
            return entity.get("value")
    intent = tracker.latest_message.get("intent", {}).get("name") or ""
    return intent.removeprefix(RED_FLAG_PREFIX) if intent.startswith(RED_FLAG_PREFIX) else None


class ActionRespondRedFlag(ClinicAction):
    """After the 911/988 line (a plain response), add the clinic's numbers; hold education."""

    def name(self) -> str:
        return "action_respond_red_flag"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        response = FOLLOW_UP_RESPONSE.get(
            red_flag_category(tracker) or "", FOLLOW_UP_RESPONSE["emergency"]
        )
        dispatcher.utter_message(response=response, **contact_values(clinic))
        dispatcher.utter_message(response="utter_safety_hold")
        return [SlotSet("safety_hold", True)]


class ActionResumeConversation(ClinicAction):
    """The patient says they are safe: lift the hold on education answers."""

    def name(self) -> str:
        return "action_resume_conversation"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        dispatcher.utter_message(response="utter_resume")
        return [SlotSet("safety_hold", False)]


class ActionAnswerMedicalDecision(ClinicAction):
    """Personal treatment decisions belong to the care team: never a yes or no from the bot."""

    def name(self) -> str:
        return "action_answer_medical_decision"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        dispatcher.utter_message(response="utter_medical_decision", **contact_values(clinic))
        return []
