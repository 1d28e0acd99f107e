"""Two kinds of action: clinic-detail answers, and education answers built on them."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.feeling_replies import acknowledge, add_feeling_safety_line, feeling_in
from actions.resources import clinic_directory
from bot.errors import PainPathError

logger = logging.getLogger(__name__)

Events = list[dict[str, Any]]


class ClinicAction(Action, ABC):
    """Fetches the clinic's current details, then answers; never leaves the patient in silence."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        try:
            clinic = await clinic_directory().current()
        except PainPathError as error:
            logger.error("Clinic details unavailable for %s: %s", self.name(), error)
            dispatcher.utter_message(response="utter_clinic_unavailable")
            return []
        return await self.respond(dispatcher, tracker, clinic)

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        """The whole reply; by default just the answer."""
        return await self.answer(dispatcher, tracker, clinic)

    @abstractmethod
    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        """Send the reply for this action, using the clinic's details."""


class EducationAction(ClinicAction, ABC):
    """An education answer, held back while a red-flag reply is still open; a feeling shared
    with the question is acknowledged first, briefly."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        if tracker.get_slot("safety_hold"):
            dispatcher.utter_message(response="utter_safety_hold")
            return []
        return await super().run(dispatcher, tracker, domain)

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        feeling = feeling_in(tracker)
        if feeling is not None:
            acknowledge(dispatcher, tracker, feeling)
        events = await self.answer(dispatcher, tracker, clinic)
        add_feeling_safety_line(dispatcher, clinic, feeling)
        return events
