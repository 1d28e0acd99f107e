"""What the assistant said in its previous turn, so it never says the same thing twice in a row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def previous_turn(tracker: Tracker) -> list[dict[str, Any]]:
    """The assistant's messages between the patient's last two messages (text, buttons...)."""
    said: list[dict[str, Any]] = []
    patient_messages = 0
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            patient_messages += 1
            if patient_messages == 2:
                break
        elif kind == "bot" and patient_messages == 1:
            said.append(event)
    return said[::-1]


def said_last_turn(tracker: Tracker, text: str) -> bool:
    """True when this exact text was one of the messages of the assistant's previous turn."""
    return any(event.get("text") == text for event in previous_turn(tracker))


def fresh_variant(tracker: Tracker, variants: Sequence[str]) -> str:
    """The first wording not used in the previous turn (the first one if all were)."""
    return next((v for v in variants if not said_last_turn(tracker, v)), variants[0])


def sent_last_turn(tracker: Tracker, response: str) -> bool:
    """True when the previous turn used this domain response (Rasa keeps its name)."""
    return any(
        (event.get("metadata") or {}).get("utter_action") == response
        for event in previous_turn(tracker)
    )


OFFER_RESPONSES = ("utter_offer_more", "utter_offer_more_again")


def offer_more(
    dispatcher: CollectingDispatcher, tracker: Tracker, buttons: list[dict[str, str]]
) -> None:
    """Offer what could come next as buttons, never with the same words as the last turn."""
    response = next(
        (r for r in OFFER_RESPONSES if not sent_last_turn(tracker, r)), OFFER_RESPONSES[0]
    )
    dispatcher.utter_message(response=response, buttons=buttons)
