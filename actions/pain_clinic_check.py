"""The end of the short pain-clinic check: a general pointer, never a diagnosis."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

LASTED = "pain_lasted_3_months"
TRIED = "pain_tried_treatment"
IMPACTS = ("pain_affects_sleep", "pain_limits_moving", "pain_affects_mood")
CHECK_SLOTS = (LASTED, TRIED, *IMPACTS)


def suggests_referral(answers: dict[str, Any]) -> bool:
    """The seed's signs: pain for months, primary care not enough, and it limits sleep, moving
    or mood."""
    return bool(answers.get(LASTED) and answers.get(TRIED) and any(answers.get(i) for i in IMPACTS))


class ActionPainClinicCheckResult(Action):
    def name(self) -> str:
        return "action_pain_clinic_check_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        answers = {slot: tracker.get_slot(slot) for slot in CHECK_SLOTS}
        response = (
            "utter_pain_check_referral"
            if suggests_referral(answers)
            else "utter_pain_check_general"
        )
        dispatcher.utter_message(response=response)
        return [SlotSet(slot, None) for slot in CHECK_SLOTS]
