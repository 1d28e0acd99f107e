"""A patient shares a feeling without a question: a warm line first, then what helps."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base_actions import ClinicAction, Events
from actions.clinic_replies import contact_values
from actions.conversation_history import offer_more, said_last_turn
from actions.decisions import asks_for_medicine
from actions.feeling_replies import acknowledge, add_feeling_safety_line, feeling_in
from actions.general_answers import (
    answer_without_procedure,
    general_subject_named,
    likely_general_subject,
)
from actions.procedure_context import DEFAULT_TOPIC, mentioned_procedures, procedure_in_context
from actions.resources import knowledge, topics
from actions.safety_lines import add_safety_line
from bot.conversation import Feeling
from bot.knowledge import Entry
from bot.safety.marks import SYMPTOM

SOMETHING_SHARED = "Thank you for telling me how you feel."


class ActionRespondToFeeling(ClinicAction):
    """Nervous, scared of needles, frustrated, discouraged, in a lot of pain today."""

    def name(self) -> str:
        return "action_respond_to_feeling"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        feeling = feeling_in(tracker)
        if feeling is None:
            dispatcher.utter_message(text=SOMETHING_SHARED)
            add_safety_line(dispatcher, tracker, clinic)
            return []
        acknowledge(dispatcher, tracker, feeling)
        if tracker.get_slot("safety_hold"):
            dispatcher.utter_message(response="utter_safety_hold")
            return []
        if general_subject_named(tracker) and not mentioned_procedures(tracker):
            return await self._answer_in_general(dispatcher, tracker, clinic, feeling)
        if asks_for_medicine(tracker):
            dispatcher.utter_message(
                response="utter_medication_no_advice", **contact_values(clinic)
            )
        entry = None if asks_for_medicine(tracker) else self._helpful_entry(tracker, feeling)
        if entry is not None and not said_last_turn(tracker, entry.text):
            dispatcher.utter_message(text=entry.text)
        add_feeling_safety_line(dispatcher, clinic, feeling)
        already = (SYMPTOM,) if feeling.safety_line else ()
        add_safety_line(dispatcher, tracker, clinic, already_said=already)
        buttons = _offer_buttons(feeling)
        if buttons:
            offer_more(dispatcher, tracker, buttons)
        return []

    @staticmethod
    async def _answer_in_general(
        dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any, feeling: Feeling
    ) -> Events:
        """ "A back injection, and I'm nervous": what helps, in general, and the choice once."""
        general = general_subject_named(tracker)
        answerable = [
            topic
            for topic in feeling.answer_topics
            if topic in topics().procedure_topics and knowledge().answer(general, topic)
        ]
        topic = answerable[0] if answerable else DEFAULT_TOPIC
        return await answer_without_procedure(dispatcher, tracker, clinic, topic)

    @staticmethod
    def _helpful_entry(tracker: Tracker, feeling: Feeling) -> Entry | None:
        """For the procedure under discussion (or in general), else the feeling's own subject."""
        kb = knowledge()
        about = procedure_in_context(tracker) or likely_general_subject(tracker)
        for topic in feeling.answer_topics if about else ():
            entry = kb.answer(about, topic)
            if entry is not None:
                return entry
        return kb.answer(feeling.fallback_subject, "overview") if feeling.fallback_subject else None


def _offer_buttons(feeling: Feeling) -> list[dict[str, str]]:
    catalog = topics()
    return [
        {"title": label, "payload": f"/{intent}"}
        for intent in feeling.offer
        if (label := catalog.label_for_intent(intent))
    ]
