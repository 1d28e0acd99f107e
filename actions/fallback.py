"""When the model is unsure: offer the likeliest topics as buttons instead of guessing."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.procedures import button, mentioned_procedures
from actions.resources import topics

MAX_CHOICES = 3
PROCEDURE_INTENTS = {"ask_duration", *(t["intent"] for t in topics().procedure_topics.values())}
NOT_OFFERED = {
    "nlu_fallback",
    "out_of_scope",
    "affirm",
    "deny",
    "greet",
    "goodbye",
    "thank",
    "inform_procedure",
}


class ActionDefaultAskAffirmation(Action):
    """First stage of Rasa's two-stage fallback: 'Did you mean ...?' with up to three choices."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        catalog = topics()
        mentioned = mentioned_procedures(tracker)
        buttons = []
        for ranked in tracker.latest_message.get("intent_ranking", []):
            intent = ranked.get("name")
            label = catalog.label_for_intent(intent) if intent not in NOT_OFFERED else None
            if not label:
                continue
            about = {"procedure": mentioned[0]} if mentioned and intent in PROCEDURE_INTENTS else {}
            buttons.append(button(label, intent, **about))
            if len(buttons) == MAX_CHOICES:
                break
        buttons.append({"title": catalog.intent_labels["out_of_scope"], "payload": "/out_of_scope"})
        dispatcher.utter_message(response="utter_did_you_mean", buttons=buttons)
        return []
