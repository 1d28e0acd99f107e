"""When the patient has not said which procedure: answer in general, offer the choice once.

A patient told "a back injection" often does not know its name. Asking "which procedure?" after
every question leaves them stuck, so the assistant answers from a general subject (what is
true for the likely procedures, content/knowledge/general/), offers the choice once (the
procedures as buttons, plus "I'm not sure"), and when the patient cannot say, tells them how to
find out and keeps answering in general terms. Which general subject applies: the one whose
`asked_as` words the message uses, else the one chosen earlier in the conversation, else one
that applies to every procedure (`any_procedure`). A topic the chosen subject does not cover is
answered from the one for every procedure, as for any procedure (bot/knowledge/answers.py).
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base_actions import Events
from actions.buttons import button
from actions.clinic_replies import contact_values
from actions.conversation_history import said_last_turn
from actions.resources import knowledge, procedure_terms, topics
from actions.safety_lines import add_safety_line
from bot.conversation.cues import normalise
from bot.knowledge import GENERAL_KIND, Entry
from bot.knowledge.answers import ANY_PROCEDURE, procedure_answer
from bot.knowledge.models import PROCEDURE_EXTRA_TOPICS

NOT_SURE = {"title": "I'm not sure", "payload": "/inform_procedure"}
INFORM_PROCEDURE = "inform_procedure"
MAX_TOPIC_BUTTONS = 3


def general_subject_named(tracker: Tracker) -> str | None:
    """The general subject whose words ("back injection") the latest message uses."""
    text = normalise(tracker.latest_message.get("text"))
    for subject in knowledge().subjects(GENERAL_KIND):
        if any(re.search(rf"\b{re.escape(words)}s?\b", text) for words in subject.asked_as):
            return subject.id
    return None


def likely_general_subject(tracker: Tracker) -> str | None:
    """The general subject that answers for this patient now, or None when the content has none."""
    named = general_subject_named(tracker)
    if named:
        return named
    general = knowledge().subjects(GENERAL_KIND)
    chosen = tracker.get_slot("general_subject")
    if chosen in {s.id for s in general}:
        return chosen
    for_every_procedure = [s.id for s in general if not s.applies_to]
    for_every_procedure.sort(key=ANY_PROCEDURE.__ne__)
    return for_every_procedure[0] if for_every_procedure else None


def _general_entry(general: str | None, topic: str) -> tuple[Entry | None, bool]:
    """The general answer to a topic, and whether it holds only for the likely procedures (then
    naming one of them may change it) rather than for every procedure."""
    entry = knowledge().answer(general, topic) if general else None
    if entry is not None:
        return entry, bool(knowledge().subject(general).applies_to)
    found = procedure_answer(knowledge(), None, topic)
    return (found.entry if found else None), False


def _offer_for(entry: Entry | None, for_likely_ones: bool, topic: str) -> str | None:
    """The response that offers the choice of procedure, or None when naming one adds nothing."""
    if entry is None:
        return "utter_ask_which_procedure"
    if for_likely_ones:
        return "utter_offer_procedure_choice"
    return "utter_ask_which_procedure_for_more" if _some_procedure_says_more(topic) else None


def _some_procedure_says_more(topic: str) -> bool:
    """True when a procedure's own file answers the topic, so naming one gives more than the
    general answer."""
    if topic not in PROCEDURE_EXTRA_TOPICS:
        return False
    return any(subject.own_entry(topic) for subject in knowledge().subjects("procedure"))


async def answer_without_procedure(
    dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any, topic: str
) -> Events:
    """The reply to a procedure question when no procedure is known (see the module doc)."""
    general = likely_general_subject(tracker)
    offered = bool(tracker.get_slot("procedure_choice_offered"))
    events: Events = [
        SlotSet("topic", topic),
        SlotSet("procedure", None),
        SlotSet("general_subject", general),
    ]
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if intent == INFORM_PROCEDURE and offered and not general_subject_named(tracker):
        _say_how_to_find_out(dispatcher, clinic, general, topic)
        return events
    entry, for_likely_ones = _general_entry(general, topic)
    offer = None if offered else _offer_for(entry, for_likely_ones, topic)
    if entry is not None and not said_last_turn(tracker, entry.text):
        dispatcher.utter_message(text=entry.text)
    elif entry is not None and offer is None:
        dispatcher.utter_message(
            response="utter_said_just_now_in_general", **contact_values(clinic)
        )
    if offer is not None:
        choices = _likely_procedures(general)
        dispatcher.utter_message(response=offer, buttons=_choice_buttons(choices, topic))
        events += [SlotSet("procedure_choice_offered", True), SlotSet("procedure_choices", choices)]
    elif offered and entry is None:
        dispatcher.utter_message(
            response="utter_topic_depends_on_procedure",
            topic=topics().procedure_topic_label(topic).lower(),
            **contact_values(clinic),
        )
    add_safety_line(dispatcher, tracker, clinic)
    return events


def _likely_procedures(general: str | None) -> list[str]:
    """The procedures a general subject applies to, else every top-level procedure."""
    applies_to = knowledge().subject(general).applies_to if general else ()
    terms = procedure_terms()
    return list(applies_to) or [pid for pid in terms.ids if terms.parent(pid) is None]


def _choice_buttons(choices: list[str], topic: str) -> list[dict[str, str]]:
    terms = procedure_terms()
    intent = topics().procedure_topic_intent(topic)
    named = [button(terms.short_name(pid).capitalize(), intent, procedure=pid) for pid in choices]
    return [*named, NOT_SURE]


def _say_how_to_find_out(
    dispatcher: CollectingDispatcher, clinic: Any, general: str | None, topic: str
) -> None:
    """The patient cannot name it: where the name is written, and what else to ask in general."""
    dispatcher.utter_message(response="utter_procedure_not_sure", **contact_values(clinic))
    catalog = topics()
    answered = knowledge().topics_for(general) if general else []
    buttons = [
        {
            "title": catalog.procedure_topic_label(t),
            "payload": f"/{catalog.procedure_topic_intent(t)}",
        }
        for t in answered
        if t != topic and t in catalog.procedure_topics
    ][:MAX_TOPIC_BUTTONS]
    if buttons:
        dispatcher.utter_message(response="utter_ask_what_else_in_general", buttons=buttons)
