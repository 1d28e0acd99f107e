"""Clinic details (phone, hours, places, insurance, forms) read live from the clinic's data."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any, ClassVar

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base_actions import ClinicAction, Events
from actions.clinic_replies import as_lines, contact_values
from actions.location_replies import (
    addresses,
    every,
    hours_on_day,
    named_location,
    next_opening,
    open_now,
    parking,
    weekly_hours,
)
from actions.procedures import mentioned_procedures
from actions.resources import procedure_terms
from actions.safety_lines import add_safety_line, say_cannot_answer
from bot.clinic import hours
from bot.clinic.insurance import match_insurer
from bot.safety.marks import SYMPTOM

OPEN_NOW = re.compile(r"\b(now|currently|at the moment)\b", re.IGNORECASE)


def _message_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def _say_missing(dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any) -> Events:
    say_cannot_answer(dispatcher, tracker, clinic, "utter_clinic_missing_info")
    return []


class ClinicFieldAction(ClinicAction, ABC):
    """Answers with one top-level field of the clinic file, or says it is missing."""

    field: ClassVar[str]
    response: ClassVar[str]

    @abstractmethod
    def name(self) -> str:
        """The action's name in domain.yml."""

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        value = getattr(clinic, self.field)
        if not value:
            return _say_missing(dispatcher, tracker, clinic)
        dispatcher.utter_message(
            response=self.response, **{**contact_values(clinic), self.field: value}
        )
        return []


class ActionTellPhone(ClinicFieldAction):
    field, response = "phone", "utter_clinic_phone"

    def name(self) -> str:
        return "action_tell_phone"


class ActionTellFax(ClinicFieldAction):
    field, response = "fax", "utter_clinic_fax"

    def name(self) -> str:
        return "action_tell_fax"


class ActionTellAfterHours(ClinicFieldAction):
    field, response = "after_hours_phone", "utter_clinic_after_hours"

    def name(self) -> str:
        return "action_tell_after_hours"


class ActionTellWebsite(ClinicFieldAction):
    field, response = "website", "utter_clinic_website"

    def name(self) -> str:
        return "action_tell_website"


class LocationAction(ClinicAction, ABC):
    """Answers about the location the patient chose or named; about every location otherwise:
    "where are you?" gets the addresses, not a question back."""

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        location = self._chosen(tracker, clinic)
        if location is None:
            self.describe_all(dispatcher, tracker, clinic, clinic.locations)
            return []
        self.describe(dispatcher, tracker, clinic, location)
        return [SlotSet("location", location.id)]

    @staticmethod
    def _chosen(tracker: Tracker, clinic: Any) -> Any | None:
        """The location in the slot, named in the message, or the only one; else None."""
        wanted = tracker.get_slot("location")
        location = clinic.location(wanted) if wanted else None
        if location is None:
            location = named_location(_message_text(tracker), clinic.locations)
        if location is None and len(clinic.locations) == 1:
            location = clinic.locations[0]
        return location

    @abstractmethod
    def describe(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any, location: Any
    ) -> None:
        """Send the answer about one location."""

    @abstractmethod
    def describe_all(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any, locations: list
    ) -> None:
        """Send the answer for every location, one short line each."""


class ActionTellHours(LocationAction):
    """Weekly hours, or "are you open now / on Saturday / tomorrow" in the clinic's time zone."""

    def name(self) -> str:
        return "action_tell_hours"

    def describe(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any, location: Any
    ) -> None:
        now = datetime.now(location.zone)
        text = _message_text(tracker)
        day = hours.resolve_day(text, now)
        values = {"location_name": location.name}
        if OPEN_NOW.search(text):
            if hours.is_open(location, now):
                closes = hours.closes_at(location, now)
                dispatcher.utter_message(
                    response="utter_clinic_open_now",
                    closes=hours.format_time(closes.time()),
                    **values,
                )
            else:
                dispatcher.utter_message(
                    response="utter_clinic_closed_now",
                    next_opening=next_opening(location, now),
                    **{**contact_values(clinic), **values},
                )
                # The closed reply already gives 911 and the after-hours line; distress adds 988.
                add_safety_line(dispatcher, tracker, clinic, already_said=(SYMPTOM,))
        elif day is not None:
            day_hours = hours.hours_on(location, day)
            label = hours.DAY_LONG[day.weekday()]
            if day_hours is None:
                dispatcher.utter_message(
                    response="utter_clinic_closed_on_day", day=f"on {label}", **values
                )
            else:
                dispatcher.utter_message(
                    response="utter_clinic_open_on_day",
                    day=f"on {label}",
                    day_hours=hours.format_range(day_hours),
                    **values,
                )
        else:
            dispatcher.utter_message(
                response="utter_clinic_hours", hours=hours.describe_week(location), **values
            )

    def describe_all(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any, locations: list
    ) -> None:
        now = datetime.now(clinic.location().zone)
        text = _message_text(tracker)
        day = hours.resolve_day(text, now)
        values = {**contact_values(clinic), "every": every(locations)}
        if OPEN_NOW.search(text):
            open_count, lines = open_now(locations, now)
            dispatcher.utter_message(response="utter_clinic_now_by_location", lines=lines)
            if open_count == 0:
                dispatcher.utter_message(response="utter_clinic_after_hours", **values)
                add_safety_line(dispatcher, tracker, clinic, already_said=(SYMPTOM,))
        elif day is not None:
            agree, shared, lines = hours_on_day(locations, day)
            label = f"on {hours.DAY_LONG[day.weekday()]}"
            if agree and shared is None:
                dispatcher.utter_message(
                    response="utter_clinic_all_closed_on_day", day=label, **values
                )
            elif agree:
                dispatcher.utter_message(
                    response="utter_clinic_all_open_on_day",
                    day=label,
                    day_hours=hours.format_range(shared),
                    **values,
                )
            else:
                dispatcher.utter_message(
                    response="utter_clinic_hours_on_day_by_location", day=label, lines=lines
                )
        else:
            dispatcher.utter_message(
                response="utter_clinic_hours_by_location", lines=weekly_hours(locations)
            )


class ActionTellLocation(LocationAction):
    def name(self) -> str:
        return "action_tell_location"

    def describe(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any, location: Any
    ) -> None:
        dispatcher.utter_message(
            response="utter_clinic_location", location_name=location.name, address=location.address
        )
        if location.directions:
            dispatcher.utter_message(
                response="utter_clinic_directions", directions=location.directions
            )

    def describe_all(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any, locations: list
    ) -> None:
        dispatcher.utter_message(
            response="utter_clinic_locations",
            clinic_name=clinic.name,
            count=len(locations),
            lines=addresses(locations),
        )


class ActionTellParking(LocationAction):
    def name(self) -> str:
        return "action_tell_parking"

    def describe(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any, location: Any
    ) -> None:
        if not location.parking:
            _say_missing(dispatcher, tracker, clinic)
            return
        dispatcher.utter_message(
            response="utter_clinic_parking", location_name=location.name, parking=location.parking
        )

    def describe_all(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any, locations: list
    ) -> None:
        lines = parking(locations)
        if not lines:
            _say_missing(dispatcher, tracker, clinic)
            return
        dispatcher.utter_message(response="utter_clinic_parking_by_location", lines=lines)


class ActionCheckInsurance(ClinicAction):
    """ "Do you take Aetna?" matched tolerantly; never a yes for a plan that is not on the list."""

    def name(self) -> str:
        return "action_check_insurance"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        accepted = list(clinic.insurance.accepted)
        notes = clinic.insurance.notes or ""
        match = match_insurer(_message_text(tracker), accepted)
        if match.accepted_name:
            dispatcher.utter_message(
                response="utter_insurance_accepted",
                insurer=match.accepted_name,
                notes=notes,
                **contact_values(clinic),
            )
        elif match.asked_name:
            dispatcher.utter_message(
                response="utter_insurance_not_listed",
                insurer=match.asked_name,
                **contact_values(clinic),
            )
        elif accepted:
            dispatcher.utter_message(
                response="utter_insurance_list",
                accepted=as_lines(accepted),
                notes=notes,
                **contact_values(clinic),
            )
        else:
            return _say_missing(dispatcher, tracker, clinic)
        return []


class ActionTellForms(ClinicAction):
    def name(self) -> str:
        return "action_tell_forms"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        if not clinic.first_visit.forms_url:
            return _say_missing(dispatcher, tracker, clinic)
        dispatcher.utter_message(
            response="utter_clinic_forms", forms_url=clinic.first_visit.forms_url
        )
        return []


class ActionCheckProcedureOffered(ClinicAction):
    """Whether this clinic offers a procedure; a child procedure inherits its parent's answer."""

    def name(self) -> str:
        return "action_check_procedure_offered"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        terms = procedure_terms()
        mentioned = mentioned_procedures(tracker)
        procedure_id = mentioned[0] if mentioned else tracker.get_slot("procedure")
        values = contact_values(clinic)
        if not procedure_id:
            offered = [terms.name(pid) for pid, rule in clinic.procedures.items() if rule.offered]
            if not offered:
                return _say_missing(dispatcher, tracker, clinic)
            dispatcher.utter_message(
                response="utter_procedure_offered_list", procedures=as_lines(offered), **values
            )
            return []
        offers = clinic.offers(procedure_id)
        parent = terms.parent(procedure_id)
        if offers is None and parent:
            offers = clinic.offers(parent)
        if offers is None:
            return _say_missing(dispatcher, tracker, clinic)
        response = "utter_procedure_offered" if offers else "utter_procedure_not_offered"
        dispatcher.utter_message(
            response=response, procedure_name=terms.name(procedure_id), **values
        )
        return [SlotSet("procedure", procedure_id)]


class ActionHandOffToPerson(ClinicAction):
    """ "Talk to a person": the clinic's phone, hours and after-hours line."""

    def name(self) -> str:
        return "action_hand_off_to_person"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        dispatcher.utter_message(
            response="utter_hand_off",
            hours=hours.describe_week(clinic.locations[0]),
            **contact_values(clinic),
        )
        return []
