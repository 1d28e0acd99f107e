"""A message in another language: say kindly that we answer in English, and how to reach people."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base_actions import ClinicAction, Events
from actions.clinic_replies import contact_values


class ActionReplyOtherLanguage(ClinicAction):
    """The clinic's phone comes from the clinic file, so the patient can ask for an interpreter."""

    def name(self) -> str:
        return "action_reply_other_language"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        dispatcher.utter_message(response="utter_other_language", **contact_values(clinic))
        return []
