"""Answers a patient's question about a procedure from the knowledge base, in context."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.after_effects import answer_after_effects
from actions.base_actions import EducationAction, Events
from actions.buttons import button
from actions.clinic_prep import clinic_prep_rules, clinic_rule
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
from bot.knowledge.answers import procedure_answer

__all__ = [
    "ActionAnswerProcedureQuestion",
    "button",
    "mentioned_procedures",
    "procedure_for_topic",
]

IS_NORMAL = "is_normal"  # answered from the expected effects (actions/after_effects.py)
# The clinic file's own rule added after an answer on these topics (ProcedurePolicy field).
CLINIC_RULE_FOR_TOPIC = {"eating_medicines": "fasting", "blood_thinners": "blood_thinners"}


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
        if topic == IS_NORMAL:
            return await answer_after_effects(dispatcher, tracker, clinic, procedure_id)
        procedure_id = procedure_for_topic(topic, procedure_id)
        if not procedure_id:
            return await answer_without_procedure(dispatcher, tracker, clinic, topic)

        remembered = named_choices(tracker)
        found = procedure_answer(knowledge(), procedure_id, topic)
        if found is None:
            say_cannot_answer(
                dispatcher,
                tracker,
                clinic,
                "utter_no_topic_answer",
                procedure_name=procedure_terms().short_name(procedure_id),
            )
            return [SlotSet("procedure", procedure_id), SlotSet("topic", topic), *remembered]

        entry = found.entry
        if said_last_turn(tracker, entry.text):
            dispatcher.utter_message(
                response="utter_said_just_now",
                subject_name=procedure_terms().name(procedure_id),
                **contact_values(clinic),
            )
        elif mentioned and self._asks_a_topic(intent):
            dispatcher.utter_message(text=entry.text)
            self._add_clinic_details(dispatcher, clinic, procedure_id, topic)
        else:
            # The procedure or the topic comes from earlier turns: say which answer this is.
            dispatcher.utter_message(
                response="utter_answer_for_procedure",
                procedure_name=procedure_terms().short_name(procedure_id),
                answer=entry.text,
            )
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
    def _asks_a_topic(intent: str | None) -> bool:
        """True when the message itself asks a topic (not a bare "what about the knee one?")."""
        return intent == "ask_duration" or intent in topics().procedure_topic_by_intent

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
        elif topic in CLINIC_RULE_FOR_TOPIC:
            rule = clinic_rule(
                clinic,
                procedure_id,
                procedure_terms().parent(procedure_id),
                CLINIC_RULE_FOR_TOPIC[topic],
            )
            if rule:
                dispatcher.utter_message(
                    response="utter_clinic_prep", clinic_name=clinic.name, rules=rule
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


def procedure_for_topic(topic: str, procedure_id: str | None) -> str | None:
    """A topic about one procedure (living with a stimulator) is answered for that procedure,
    or for the child of it in context; other topics keep the procedure asked about."""
    family = topics().only_for(topic)
    if family is None:
        return procedure_id
    lineage = []
    current = procedure_id
    while current is not None:
        lineage.append(current)
        current = procedure_terms().parent(current)
    return procedure_id if family in lineage else family
