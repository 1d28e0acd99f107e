"""A short safety line for replies that cannot answer a message about symptoms or distress.

The NLU marks such messages (`bot.safety.marks`): the red-flag rules' word list today, a semantic
safety net later. Fallback, out-of-scope, "I don't have that" and clinic-closed replies call
`add_safety_line`, so a patient who wrote about a symptom never gets a reply without a number.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.clinic_replies import contact_values
from bot.safety.marks import DISTRESS, SYMPTOM, mention_kinds

SAFETY_LINE_RESPONSE = {
    DISTRESS: "utter_safety_line_distress",
    SYMPTOM: "utter_safety_line_symptom",
}
# Intents of the messages Rasa's two-stage fallback is still trying to understand: the
# rephrase and give-up replies answer them, not the "Something else" button press.
UNCLEAR_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})


def mentions_in_turn(tracker: Tracker) -> tuple[str, ...]:
    """Kinds marked on the latest message and on the unclear messages just before it."""
    found: list[str] = list(mention_kinds(tracker.latest_message))
    if _intent(tracker.latest_message) in UNCLEAR_INTENTS:
        user_turns = [e for e in reversed(tracker.events) if e.get("event") == "user"]
        for event in user_turns[1:]:
            parse_data = event.get("parse_data") or {}
            if _intent(parse_data) not in UNCLEAR_INTENTS:
                break
            found.extend(mention_kinds(parse_data))
    return tuple(kind for kind in SAFETY_LINE_RESPONSE if kind in found)


def add_safety_line(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    clinic: Any,
    already_said: Iterable[str] = (),
) -> None:
    """Send the 988 and/or 911 line the message calls for (none for an ordinary question)."""
    for kind in mentions_in_turn(tracker):
        if kind not in already_said:
            dispatcher.utter_message(response=SAFETY_LINE_RESPONSE[kind], **contact_values(clinic))


def _intent(parse_data: dict[str, Any] | None) -> str | None:
    return ((parse_data or {}).get("intent") or {}).get("name")


def say_cannot_answer(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    clinic: Any,
    response: str,
    **values: Any,
) -> None:
    """An honest "I don't have that" (with the clinic's number), plus the safety line if due.

    `values` fill the response's other slots (e.g. {procedure_name})."""
    dispatcher.utter_message(response=response, **contact_values(clinic), **values)
    add_safety_line(dispatcher, tracker, clinic)
