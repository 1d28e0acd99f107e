"""Answers a patient's question about a procedure from the knowledge base, in context."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base_actions import EducationAction, Events
from actions.clinic_prep import clinic_prep_rules, clinic_rule
from actions.clinic_replies import contact_values
from actions.journey import answer_journey_topic
from actions.resources import knowledge, procedure_terms, topics
from actions.safety_lines import add_safety_line, say_cannot_answer
from bot.knowledge.answers import procedure_answer
from bot.knowledge.models import PROCEDURE_EXTRA_TOPICS

DEFAULT_TOPIC = "what_is"
IS_NORMAL = "is_normal"  # answered from the expected effects (actions/after_effects.py)
# The clinic file's own rule added after an answer on these topics (ProcedurePolicy field).
CLINIC_RULE_FOR_TOPIC = {"eating_medicines": "fasting", "blood_thinners": "blood_thinners"}


def mentioned_procedures(tracker: Tracker) -> list[str]:
    """Canonical procedure ids tagged in the latest message, in the order they were written."""
    return _procedure_ids(tracker.latest_message)


def current_procedure(tracker: Tracker) -> str | None:
    """The procedure a question is about: named now, else the one in context, else the one named
    in an unsure message the patient has just rephrased."""
    mentioned = mentioned_procedures(tracker)
    if mentioned:
        return mentioned[0]
    return tracker.get_slot("procedure") or named_before_rephrasing(tracker)


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
        procedure_id = current_procedure(tracker)
        subject = tracker.get_slot("subject")

        if intent == "ask_duration" and subject and not mentioned and subject != procedure_id:
            return await answer_journey_topic(dispatcher, tracker, clinic, subject, "duration")

        topic = self._topic_for(intent, tracker)
        if topic == IS_NORMAL:
            from actions.after_effects import answer_after_effects  # it imports this module

            return await answer_after_effects(dispatcher, tracker, clinic, procedure_id)
        procedure_id = procedure_for_topic(topic, procedure_id)
        if not procedure_id:
            return self._answer_without_procedure(dispatcher, tracker, clinic, topic)

        found = procedure_answer(knowledge(), procedure_id, topic)
        if found is None:
            say_cannot_answer(
                dispatcher,
                tracker,
                clinic,
                "utter_no_topic_answer",
                procedure_name=procedure_terms().short_name(procedure_id),
            )
            return [SlotSet("procedure", procedure_id), SlotSet("topic", topic)]

        entry = found.entry
        dispatcher.utter_message(text=entry.text)
        self._add_clinic_details(dispatcher, clinic, procedure_id, topic)
        if entry.next:
            self._offer_next(dispatcher, procedure_id, entry.next)
        return [
            SlotSet("procedure", procedure_id),
            SlotSet("topic", topic),
            SlotSet("subject", procedure_id),
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

    def _answer_without_procedure(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any, topic: str
    ) -> Events:
        """No procedure named: a general answer where one holds for every procedure (then the
        offer to say more for a named one), else the question which procedure is meant."""
        general = procedure_answer(knowledge(), None, topic)
        if general is None:
            self._ask_which_procedure(dispatcher, topic)
        else:
            dispatcher.utter_message(text=general.entry.text)
            if _some_procedure_says_more(topic):
                self._ask_which_procedure(dispatcher, topic, "utter_ask_which_procedure_for_more")
        add_safety_line(dispatcher, tracker, clinic)
        return [SlotSet("topic", topic)]

    @staticmethod
    def _ask_which_procedure(
        dispatcher: CollectingDispatcher, topic: str, response: str = "utter_ask_which_procedure"
    ) -> None:
        terms = procedure_terms()
        intent = topics().procedure_topic_intent(topic)
        buttons = [
            button(terms.short_name(pid).capitalize(), intent, procedure=pid)
            for pid in terms.ids
            if terms.parent(pid) is None
        ]
        dispatcher.utter_message(response=response, buttons=buttons)

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
    def _offer_next(dispatcher: CollectingDispatcher, procedure_id: str, next_topic: str) -> None:
        catalog = topics()
        dispatcher.utter_message(
            response="utter_offer_more",
            buttons=[
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


def _some_procedure_says_more(topic: str) -> bool:
    """True when a procedure's own file answers the topic, so naming one gives more than the
    general answer."""
    if topic not in PROCEDURE_EXTRA_TOPICS:
        return False
    return any(subject.own_entry(topic) for subject in knowledge().subjects("procedure"))
