"""Out of scope, kindly: "I can't help with that", and where to turn for that kind of question.

The kind comes from content/out_of_scope.yml (bot/out_of_scope.py); each kind has its own line in
domain.yml. The message read is the latest one and, when the patient tapped "Something else"
after an unclear message, the unclear messages before it (as the safety line reads them).
"""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.resources import out_of_scope_kinds
from actions.safety_lines import UNCLEAR_INTENTS

DEFAULT_REPLY = "utter_out_of_scope"
REPLY_FOR_KIND = {
    "legal": "utter_out_of_scope_legal",
    "pet": "utter_out_of_scope_pet",
    "other_clinic": "utter_out_of_scope_other_clinic",
    "other_condition": "utter_out_of_scope_other_condition",
}


def texts_in_turn(tracker: Tracker) -> list[str]:
    """The latest message, and the unclear messages just before it."""
    texts = [tracker.latest_message.get("text") or ""]
    user_turns = [e for e in reversed(tracker.events) if e.get("event") == "user"]
    for event in user_turns[1:]:
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent not in UNCLEAR_INTENTS:
            break
        texts.append(event.get("text") or "")
    return texts


def out_of_scope_reply(tracker: Tracker) -> str:
    """The response for this out-of-scope message: where to turn for its kind, or the plain one."""
    kind = out_of_scope_kinds().kind_of(*texts_in_turn(tracker))
    return REPLY_FOR_KIND.get(kind or "", DEFAULT_REPLY)
