"""When the model is unsure or the question is out of scope: offer choices, never a dead end.

Each of these replies adds a safety line when the message mentioned a symptom or distress
(`actions.safety_lines`). Rasa's own fallback actions are overridden here for that reason.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from rasa_sdk import Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.base_actions import ClinicAction, Events
from actions.clinic_replies import contact_values
from actions.out_of_scope import out_of_scope_reply
from actions.procedures import button, mentioned_procedures
from actions.resources import topics
from actions.safety_lines import add_safety_line

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


class ActionDefaultAskAffirmation(ClinicAction):
    """First stage of Rasa's two-stage fallback: 'Did you mean ...?' with up to three choices."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
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
        add_safety_line(dispatcher, tracker, clinic)
        return []


class ReplyWithSafetyLine(ClinicAction, ABC):
    """A fixed reply that does not answer the question, plus the safety line when one is due."""

    response: ClassVar[str]

    @abstractmethod
    def name(self) -> str:
        """The action's name in domain.yml (abstract, so the action server skips this base)."""

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        dispatcher.utter_message(response=self.response_for(tracker), **contact_values(clinic))
        add_safety_line(dispatcher, tracker, clinic)
        return self.events()

    def response_for(self, tracker: Tracker) -> str:
        return self.response

    def events(self) -> Events:
        return []


class ActionDefaultAskRephrase(ReplyWithSafetyLine):
    """Second stage of the two-stage fallback: ask the patient to say it another way."""

    response = "utter_ask_rephrase"

    def name(self) -> str:
        return "action_default_ask_rephrase"


class ActionDefaultFallback(ReplyWithSafetyLine):
    """The last resort (two unclear messages, or no rule applies): say what it can help with."""

    response = "utter_default"

    def name(self) -> str:
        return "action_default_fallback"

    def events(self) -> Events:
        # As Rasa's own fallback does: the unclear message must not steer what comes next.
        return [UserUtteranceReverted()]


class ActionReplyOutOfScope(ReplyWithSafetyLine):
    """A kind "I can't help with that", where to turn for that kind of question (a lawyer, the
    other clinic, your own doctor), and what it can help with."""

    response = "utter_out_of_scope"

    def name(self) -> str:
        return "action_reply_out_of_scope"

    def response_for(self, tracker: Tracker) -> str:
        return out_of_scope_reply(tracker)
