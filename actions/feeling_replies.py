"""Feelings first, briefly: the warm line before an answer, and the safety line pain calls for."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.clinic_replies import contact_values
from actions.conversation_history import fresh_variant
from actions.resources import feelings
from bot.conversation import Feeling
from bot.conversation.cues import first_match


def feeling_in(tracker: Tracker) -> Feeling | None:
    """The feeling the latest message shares, if any (content/conversation/feelings.yml)."""
    return first_match(feelings(), tracker.latest_message.get("text"))


def acknowledge(dispatcher: CollectingDispatcher, tracker: Tracker, feeling: Feeling) -> None:
    """One short, warm line, worded differently from the previous turn."""
    dispatcher.utter_message(text=fresh_variant(tracker, feeling.acknowledge))


def add_feeling_safety_line(
    dispatcher: CollectingDispatcher, clinic: Any, feeling: Feeling | None
) -> None:
    """For pain that is bad today: the clinic, the after-hours line and when to call 911."""
    if feeling is not None and feeling.safety_line:
        dispatcher.utter_message(response="utter_pain_today_safety", **contact_values(clinic))
