"""Personal decisions are handed back: never a yes or no, always what to ask and whom to call.

"What can I take?" gets the no-advice reply with the clinic's and after-hours numbers; "which is
better for me", "should I get the implant", "is it worth it" get "you and your doctor decide"
and questions to ask (content/conversation/decisions.yml names the sourced questions).
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base_actions import ClinicAction, Events
from actions.clinic_replies import contact_values
from actions.conversation_history import said_last_turn
from actions.feeling_replies import acknowledge, add_feeling_safety_line, feeling_in
from actions.procedure_context import mentioned_procedures, named_choices, procedure_in_context
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
# A comparison asked about oneself ("which is better for me") is a decision, not a comparison.
ABOUT_ME = re.compile(r"\b(for me|for my|in my case|for him|for her|should i|should we)\b", re.I)


class ActionAnswerMedicalDecision(ClinicAction):
    """Personal treatment decisions belong to the care team: never a yes or no from the bot."""

    def name(self) -> str:
        return "action_answer_medical_decision"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        return await hand_back_decision(dispatcher, tracker, clinic)


def asks_for_medicine(tracker: Tracker) -> bool:
    """ "What can I take?", "can I take more pills?": a medicine question, whatever the intent."""
    decision = _decision_in(tracker)
    return decision is not None and decision.name == MEDICATION


def wants_a_decision(tracker: Tracker) -> bool:
    """ "Which is better for me, RFA or a stimulator?": a choice to hand back, not a comparison."""
    decision = _decision_in(tracker)
    text = tracker.latest_message.get("text") or ""
    return decision is not None and decision.questions is not None and bool(ABOUT_ME.search(text))


async def hand_back_decision(
    dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
) -> Events:
    """The no-advice reply for medicines, else "you and your doctor decide" with questions to
    ask; the warm line first and the safety line after, as everywhere."""
    feeling = feeling_in(tracker)
    if feeling is not None:
        acknowledge(dispatcher, tracker, feeling)
    decision = _decision_in(tracker)
    if decision is None or decision.name not in LEADS:
        dispatcher.utter_message(response="utter_medical_decision", **contact_values(clinic))
    elif decision.questions is None:
        dispatcher.utter_message(response=LEADS[decision.name], **contact_values(clinic))
    else:
        _hand_back(dispatcher, tracker, clinic, decision)
    add_feeling_safety_line(dispatcher, clinic, feeling)
    already = (SYMPTOM,) if feeling is not None and feeling.safety_line else ()
    add_safety_line(dispatcher, tracker, clinic, already_said=already)
    return named_choices(tracker)


def _decision_in(tracker: Tracker) -> Decision | None:
    return first_match(decisions(), tracker.latest_message.get("text"))


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
