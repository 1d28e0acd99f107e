"""Every conversation opens with the short notice, whatever the patient's first message is."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted
from rasa_sdk.executor import CollectingDispatcher


class ActionSessionStart(Action):
    """Rasa's session start, plus the first-turn notice: general information, 911 in emergencies."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_first_turn_notice")
        return [SessionStarted(), ActionExecuted("action_listen")]
