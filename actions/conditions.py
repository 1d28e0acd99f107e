"""A patient names a condition ("my knee hurts", sciatica, CRPS): what a pain clinic offers."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base_actions import EducationAction, Events
from actions.buttons import button
from actions.clinic_replies import contact_values
from actions.conversation_history import offer_more
from actions.journey import answer_journey_topic
from actions.resources import conditions, procedure_terms
from bot.conversation.cues import first_match

CONDITIONS_TREATED = "conditions_treated"


class ActionAnswerCondition(EducationAction):
    """The sourced answer for the condition, how to be seen, and its procedures as buttons."""

    def name(self) -> str:
        return "action_answer_condition"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        condition = first_match(conditions(), tracker.latest_message.get("text"))
        subject = condition.subject if condition else CONDITIONS_TREATED
        events = await answer_journey_topic(dispatcher, tracker, clinic, subject, "overview")
        needs_referral = clinic.new_patients_need_referral
        dispatcher.utter_message(
            response="utter_condition_referral_needed"
            if needs_referral
            else "utter_condition_call",
            **contact_values(clinic),
        )
        if condition is None or not condition.procedures:
            return events
        terms = procedure_terms()
        offer_more(
            dispatcher,
            tracker,
            [
                button(terms.short_name(pid).capitalize(), "ask_what_is", procedure=pid)
                for pid in condition.procedures
            ],
        )
        return [*events, SlotSet("procedure_choices", list(condition.procedures))]
