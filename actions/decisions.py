"""Personal decisions are handed back: never a yes or no, always what to ask and whom to call.

"What can I take?" gets the no-advice reply with the clinic's and after-hours numbers; "which is
better for me", "should I get the implant", "is it worth it" get "you and your doctor decide"
and questions to ask (content/conversation/decisions.yml names the sourced questions).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base_actions import ClinicAction, Events
from actions.clinic_replies import contact_values
from actions.conversation_history import said_last_turn
from actions.feeling_replies import acknowledge, add_feeling_safety_line, feeling_in
from actions.procedures import mentioned_procedures, procedure_in_context
from actions.resources import decisions, knowledge, procedure_terms
from actions.safety_lines import add_safety_line
from bot.conversation import Decision
from bot.conversation.cues import first_match
from bot.safety.marks import SYMPTOM

MASS_NOUNS = ("ablation", "stimulation")
MEDICATION = "medication"
# The first line for each kind in content/conversation/decisions.yml.
LEADS = {
    MEDICATION: "utter_medication_no_advice",
    "worth_it": "utter_decision_worth_it",
    "compare": "utter_decision_compare",
    "procedure": "utter_decision_procedure",
}


class ActionAnswerMedicalDecision(ClinicAction):
    """Personal treatment decisions belong to the care team: never a yes or no from the bot."""

    def name(self) -> str:
        return "action_answer_medical_decision"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        feeling = feeling_in(tracker)
        if feeling is not None:
            acknowledge(dispatcher, tracker, feeling)
        decision = first_match(decisions(), tracker.latest_message.get("text"))
        if decision is None or decision.name not in LEADS:
            dispatcher.utter_message(response="utter_medical_decision", **contact_values(clinic))
        elif decision.questions is None:
            dispatcher.utter_message(response=LEADS[decision.name], **contact_values(clinic))
        else:
            self._hand_back(dispatcher, tracker, clinic, decision)
        add_feeling_safety_line(dispatcher, clinic, feeling)
        already = (SYMPTOM,) if feeling is not None and feeling.safety_line else ()
        add_safety_line(dispatcher, tracker, clinic, already_said=already)
        return []

    @staticmethod
    def _hand_back(
        dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any, decision: Decision
    ) -> None:
        """You and your doctor decide; here is what to ask; here is whom to call."""
        dispatcher.utter_message(
            response=LEADS[decision.name],
            treatment=_treatment(procedure_in_context(tracker)),
            options=_options(tracker),
        )
        questions = knowledge().answer(decision.questions or "", "overview")
        if questions is not None and not said_last_turn(tracker, questions.text):
            dispatcher.utter_message(text=questions.text)
        dispatcher.utter_message(response="utter_decision_call", **contact_values(clinic))


def asks_for_medicine(tracker: Tracker) -> bool:
    """ "What can I take?", "can I take more pills?": a medicine question, whatever the intent."""
    decision = first_match(decisions(), tracker.latest_message.get("text"))
    return decision is not None and decision.name == MEDICATION


def _treatment(procedure_id: str | None) -> str:
    """ "a spinal cord stimulator implant", "radiofrequency ablation", or "this treatment"."""
    if not procedure_id:
        return "this treatment"
    name = procedure_terms().name(procedure_id)
    if name.endswith(MASS_NOUNS):
        return name
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _options(tracker: Tracker) -> str:
    """The procedures being weighed ("radiofrequency ablation or a nerve block")."""
    named = list(dict.fromkeys(mentioned_procedures(tracker)))
    choices = named if len(named) > 1 else tracker.get_slot("procedure_choices") or []
    if len(choices) < 2:
        return "this or another option"
    treatments = [_treatment(pid) for pid in choices]
    return ", ".join(treatments[:-1]) + f" or {treatments[-1]}"
