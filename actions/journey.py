"""Answers about the pain-clinic journey, adding the clinic's own details where it has them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base_actions import EducationAction, Events
from actions.clinic_replies import as_lines
from actions.resources import knowledge, topics
from actions.safety_lines import say_cannot_answer

OVERVIEW = "overview"
NEW_PATIENT_STEPS = ("referral", "what_to_bring", "first_visit")


Reply = tuple[str, dict[str, Any]]


def _referral_details(clinic: Any) -> list[Reply]:
    replies: list[Reply] = []
    if clinic.referral is not None and clinic.referral.instructions:
        replies.append(("utter_clinic_referral", {"instructions": clinic.referral.instructions}))
    if clinic.fax:
        replies.append(("utter_clinic_referral_fax", {"fax": clinic.fax}))
    return replies


def _first_visit_length(clinic: Any) -> list[Reply]:
    visit = clinic.first_visit
    replies: list[Reply] = []
    if visit is not None and visit.length_minutes:
        replies.append(("utter_clinic_visit_length", {"minutes": visit.length_minutes}))
    if visit is not None and visit.arrive_early_minutes:
        replies.append(("utter_clinic_arrive_early", {"minutes": visit.arrive_early_minutes}))
    return replies


def _what_to_bring_details(clinic: Any) -> list[Reply]:
    visit = clinic.first_visit
    replies: list[Reply] = []
    if visit is not None and visit.bring:
        replies.append(("utter_clinic_bring", {"items": as_lines(visit.bring)}))
    if visit is not None and visit.forms_url:
        replies.append(("utter_clinic_forms", {"forms_url": visit.forms_url}))
    return replies


def _insurance_details(clinic: Any) -> list[Reply]:
    notes = clinic.insurance.notes if clinic.insurance else None
    return [("utter_clinic_insurance_notes", {"notes": notes})] if notes else []


def _billing_details(clinic: Any) -> list[Reply]:
    """Whom to call about cost: the billing office if the clinic file names one, else the clinic."""
    phone = getattr(clinic, "billing_phone", None) or clinic.phone
    return [("utter_clinic_billing", {"billing_phone": phone}), *_insurance_details(clinic)]


def _companion_details(clinic: Any) -> list[Reply]:
    return [("utter_clinic_ask_about_visit", {"phone": clinic.phone})]


# The clinic's own details that follow a journey answer, by (subject, topic).
CLINIC_DETAILS: dict[tuple[str, str], Callable[[Any], list[Reply]]] = {
    ("referral", "overview"): _referral_details,
    ("first_visit", "duration"): _first_visit_length,
    ("first_visit", "overview"): _first_visit_length,
    ("what_to_bring", "overview"): _what_to_bring_details,
    ("new_patient", "overview"): _what_to_bring_details,
    ("prior_authorization", "overview"): _insurance_details,
    ("cost", "overview"): _billing_details,
    ("companion", "overview"): _companion_details,
}


def _step_buttons() -> list[dict[str, str]]:
    subjects = topics().journey_subjects
    return [
        {"title": subjects[step]["label"], "payload": f"/{subjects[step]['intent']}"}
        for step in NEW_PATIENT_STEPS
    ]


async def answer_journey_topic(
    dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any, subject: str, topic: str
) -> Events:
    """Send the knowledge-base answer for a journey subject, then the clinic's own details."""
    entry = knowledge().answer(subject, topic)
    if entry is None:
        say_cannot_answer(dispatcher, tracker, clinic, "utter_no_answer")
        return [SlotSet("subject", subject), SlotSet("topic", topic)]
    dispatcher.utter_message(text=entry.text)
    add_details = CLINIC_DETAILS.get((subject, topic))
    for response, values in add_details(clinic) if add_details else []:
        dispatcher.utter_message(response=response, clinic_name=clinic.name, **values)
    if subject == "new_patient":
        dispatcher.utter_message(response="utter_offer_more", buttons=_step_buttons())
    return [SlotSet("subject", subject), SlotSet("topic", topic)]


class ActionAnswerJourneyQuestion(EducationAction):
    """Pain clinics, chronic pain, the care team, referral and the first visit."""

    def name(self) -> str:
        return "action_answer_journey_question"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        intent = tracker.latest_message.get("intent", {}).get("name")
        subject = topics().journey_subject_by_intent.get(intent)
        if subject is None:
            say_cannot_answer(dispatcher, tracker, clinic, "utter_no_answer")
            return []
        return await answer_journey_topic(dispatcher, tracker, clinic, subject, OVERVIEW)
