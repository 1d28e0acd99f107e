"""Answers a patient's question about a procedure from the knowledge base, in context."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base_actions import EducationAction, Events
from actions.buttons import button
from actions.clinic_prep import clinic_prep_rules
from actions.clinic_replies import contact_values
from actions.conversation_history import offer_more, said_last_turn
from actions.decisions import hand_back_decision, wants_a_decision
from actions.general_answers import answer_without_procedure
from actions.journey import answer_journey_topic
from actions.procedure_context import (
    DEFAULT_TOPIC,
    mentioned_procedures,
    named_choices,
    procedure_in_context,
)
from actions.resources import knowledge, procedure_terms, topics
from actions.safety_lines import say_cannot_answer

__all__ = ["ActionAnswerProcedureQuestion", "button", "mentioned_procedures"]


class ActionAnswerProcedureQuestion(EducationAction):
    """One action for every procedure topic: the intent names the topic, the slot the procedure."""

    def name(self) -> str:
        return "action_answer_procedure_question"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        intent = tracker.latest_message.get("intent", {}).get("name")
        mentioned = mentioned_procedures(tracker)
        procedure_id = procedure_in_context(tracker)
        subject = tracker.get_slot("subject")

        if intent == "ask_duration" and subject and not mentioned and subject != procedure_id:
            return await answer_journey_topic(dispatcher, tracker, clinic, subject, "duration")

        if intent == "ask_compare" and wants_a_decision(tracker):
            return await hand_back_decision(dispatcher, tracker, clinic)
        topic = self._topic_for(intent, tracker)
        if not procedure_id:
            return await answer_without_procedure(dispatcher, tracker, clinic, topic)

        remembered = named_choices(tracker)
        entry = knowledge().answer(procedure_id, topic)
        if entry is None:
            say_cannot_answer(dispatcher, tracker, clinic, "utter_no_answer")
            return [SlotSet("procedure", procedure_id), SlotSet("topic", topic), *remembered]

        if said_last_turn(tracker, entry.text):
            dispatcher.utter_message(
                response="utter_said_just_now",
                subject_name=procedure_terms().name(procedure_id),
                **contact_values(clinic),
            )
        else:
            dispatcher.utter_message(text=entry.text)
            self._add_clinic_details(dispatcher, clinic, procedure_id, topic)
        if entry.next:
            self._offer_next(dispatcher, tracker, procedure_id, entry.next)
        return [
            SlotSet("procedure", procedure_id),
            SlotSet("topic", topic),
            SlotSet("subject", procedure_id),
            *remembered,
        ]

    @staticmethod
    def _topic_for(intent: str | None, tracker: Tracker) -> str:
        """The topic an intent asks about; a bare procedure mention keeps the current topic."""
        catalog = topics()
        if intent == "ask_duration":
            return "during"
        if intent in catalog.procedure_topic_by_intent:
            return catalog.procedure_topic_by_intent[intent]
        current = tracker.get_slot("topic")
        return current if current in catalog.procedure_topics else DEFAULT_TOPIC

    @staticmethod
    def _add_clinic_details(
        dispatcher: CollectingDispatcher, clinic: Any, procedure_id: str, topic: str
    ) -> None:
        if topic == "prepare":
            rules = clinic_prep_rules(clinic, procedure_id, procedure_terms().parent(procedure_id))
            if rules:
                dispatcher.utter_message(
                    response="utter_clinic_prep", clinic_name=clinic.name, rules=rules
                )
        elif topic == "warning_signs":
            dispatcher.utter_message(
                response="utter_call_clinic_after_signs", **contact_values(clinic)
            )

    @staticmethod
    def _offer_next(
        dispatcher: CollectingDispatcher, tracker: Tracker, procedure_id: str, next_topic: str
    ) -> None:
        catalog = topics()
        offer_more(
            dispatcher,
            tracker,
            [
                button(
                    catalog.procedure_topic_label(next_topic),
                    catalog.procedure_topic_intent(next_topic),
                    procedure=procedure_id,
                )
            ],
        )
