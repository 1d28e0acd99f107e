"""Which procedure a message is about: named, pointed at, or the one under discussion."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.general_answers import general_subject_named
from actions.references import resolve_reference
from actions.resources import procedure_terms

DEFAULT_TOPIC = "what_is"


def mentioned_procedures(tracker: Tracker) -> list[str]:
    """Canonical procedure ids tagged in the latest message, in the order they were written."""
    return _procedure_ids(tracker.latest_message)


def _procedure_ids(parse_data: dict[str, Any]) -> list[str]:
    return [e["value"] for e in parse_data.get("entities", []) if e.get("entity") == "procedure"]


def named_before_rephrasing(tracker: Tracker) -> str | None:
    """The procedure named in an unsure message that the patient has just rephrased.

    When the model is unsure, Rasa's two-stage fallback offers buttons; if the patient types a
    new message instead, Rasa takes both messages back and answers the new one alone, so a
    procedure named only in the unsure one ("my cousin had rfa" -> "how long does it last?")
    would be lost. The raw events still hold it: the current message, a rewind just before it,
    the rephrased message, then the unsure one."""
    users_seen, rewound = 0, False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "rewind":
            rewound = True
        elif kind == "user":
            users_seen += 1
            if not rewound and users_seen > 1:
                return None  # the latest turn was not a rephrasing
            if rewound and users_seen == 3:
                parse_data = event.get("parse_data") or {}
                if (parse_data.get("intent") or {}).get("name") != "nlu_fallback":
                    return None
                named = _procedure_ids(parse_data)
                return named[0] if named else None
    return None


def referred_procedure(tracker: Tracker) -> str | None:
    """The procedure "the steroid one", "the first one" or "that one" points at, if any."""
    return resolve_reference(
        tracker.latest_message.get("text") or "",
        tracker.get_slot("procedure_choices") or [],
        tracker.get_slot("procedure"),
        procedure_terms(),
    )


def procedure_in_context(tracker: Tracker) -> str | None:
    """The procedure a question is about: named, pointed at, or the one under discussion.

    A general name ("a back injection") sets the procedure under discussion aside; "the block"
    while a medial branch block is under discussion means that block, not nerve blocks at large."""
    mentioned = mentioned_procedures(tracker)
    current = tracker.get_slot("procedure")
    earlier = procedure_before_this_message(tracker)
    if earlier and _names_broadly(tracker, earlier):
        return earlier
    if mentioned:
        return mentioned[0]
    referred = referred_procedure(tracker)
    if referred or general_subject_named(tracker):
        return referred
    return current or named_before_rephrasing(tracker)


def procedure_before_this_message(tracker: Tracker) -> str | None:
    """The procedure under discussion before the latest message (whose tagged name has already
    filled the slot)."""
    if not tracker.events:
        return tracker.get_slot("procedure")
    value = None
    for event in tracker.events:
        if event.get("event") == "slot" and event.get("name") == "procedure":
            value = event.get("value")
        elif event is _latest_user_event(tracker):
            break
    return value


def _latest_user_event(tracker: Tracker) -> dict[str, Any] | None:
    return next((e for e in reversed(tracker.events) if e.get("event") == "user"), None)


def _names_broadly(tracker: Tracker, current: str) -> bool:
    """One bare word ("the block", "the shot") naming a broader kind of the current procedure."""
    message = tracker.latest_message
    tagged = [e for e in message.get("entities", []) if e.get("entity") == "procedure"]
    if len(tagged) != 1 or tagged[0].get("value") not in _ancestors(current):
        return False
    start, end = tagged[0].get("start"), tagged[0].get("end")
    words = (message.get("text") or "")[start:end].split() if start is not None else []
    return len(words) == 1


def _ancestors(procedure_id: str) -> list[str]:
    terms, found = procedure_terms(), []
    parent = terms.parent(procedure_id)
    while parent:
        found.append(parent)
        parent = terms.parent(parent)
    return found


def named_choices(tracker: Tracker) -> list[dict[str, Any]]:
    """Remember two or more procedures named together ("RFA or a nerve block"), in order."""
    mentioned = list(dict.fromkeys(mentioned_procedures(tracker)))
    return [SlotSet("procedure_choices", mentioned)] if len(mentioned) > 1 else []
