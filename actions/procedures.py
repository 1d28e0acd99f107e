"""Answers a patient's question about a procedure from the knowledge base, in context."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base_actions import EducationAction, Events
from actions.clinic_prep import clinic_prep_rules
from actions.clinic_replies import contact_values
from actions.conversation_history import offer_more, said_last_turn
from actions.general_answers import answer_without_procedure, general_subject_named
from actions.journey import answer_journey_topic
from actions.references import resolve_reference
from actions.resources import knowledge, procedure_terms, topics
from actions.safety_lines import say_cannot_answer

DEFAULT_TOPIC = "what_is"


def mentioned_procedures(tracker: Tracker) -> list[str]:
    """Canonical procedure ids tagged in the latest message, in the order they were written."""
    return _procedure_ids(tracker.latest_message)


def _procedure_ids(parse_data: dict[str, Any]) -> list[str]:
    return [e["value"] for e in parse_data.get("entities", []) if e.get("entity") == "procedure"]


def named_before_rephrasing(tracker: Tracker) -> str | None:
    """The procedure named in an unsure message that the patient has just rephrased.

    When the model is unsure, Rasa's two-stage fallback offers buttons; if the patient types a
    new message instead, Rasa takes both messages back and answers the new one alone, so a
    procedure named only in the unsure one ("my cousin had rfa" -> "how long does it last?")
    would be lost. The raw events still hold it: the current message, a rewind just before it,
    the rephrased message, then the unsure one."""
    users_seen, rewound = 0, False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "rewind":
            rewound = True
        elif kind == "user":
            users_seen += 1
            if not rewound and users_seen > 1:
                return None  # the latest turn was not a rephrasing
            if rewound and users_seen == 3:
                parse_data = event.get("parse_data") or {}
                if (parse_data.get("intent") or {}).get("name") != "nlu_fallback":
                    return None
                named = _procedure_ids(parse_data)
                return named[0] if named else None
    return None


def referred_procedure(tracker: Tracker) -> str | None:
    """The procedure "the steroid one", "the first one" or "that one" points at, if any."""
    return resolve_reference(
        tracker.latest_message.get("text") or "",
        tracker.get_slot("procedure_choices") or [],
        tracker.get_slot("procedure"),
        procedure_terms(),
    )


def procedure_in_context(tracker: Tracker) -> str | None:
    """The procedure a question is about: named, pointed at, or the one under discussion.

    A general name ("a back injection") sets the procedure under discussion aside."""
    mentioned = mentioned_procedures(tracker)
    if mentioned:
        return mentioned[0]
    referred = referred_procedure(tracker)
    if referred or general_subject_named(tracker):
        return referred
    return tracker.get_slot("procedure") or named_before_rephrasing(tracker)


def named_choices(tracker: Tracker) -> list[dict[str, Any]]:
    """Remember two or more procedures named together ("RFA or a nerve block"), in order."""
    mentioned = list(dict.fromkeys(mentioned_procedures(tracker)))
    return [SlotSet("procedure_choices", mentioned)] if len(mentioned) > 1 else []


def button(title: str, intent: str, **entities: str) -> dict[str, str]:
    """A quick-reply button that sends an intent (and entities) without going through NLU."""
    payload = f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"
    return {"title": title, "payload": payload}


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
