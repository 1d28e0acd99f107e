"""Redact one serialised Rasa event (the dict that gets stored), keeping what the dialogue needs.

User text, parse data, entity values, user metadata and identifier-like slot values are redacted.
Bot text is kept: it holds the clinic's own numbers, which are not patient data. Values that
hold no identifier (intent names, procedure ids, booleans) come out unchanged, so slots survive.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from bot.privacy.redaction import redact

USER_EVENT = "user"
ENTITIES_EVENT = "entities"
SLOT_EVENT = "slot"
_ENTITY_TEXT_KEYS = ("value", "text")

Redactor = Callable[[str], str]


def redact_value(value: Any, redactor: Redactor = redact) -> Any:
    """Redact every string inside a JSON-like value (str, list, dict); other types pass through."""
    if isinstance(value, str):
        return redactor(value)
    if isinstance(value, list | tuple):
        return [redact_value(item, redactor) for item in value]
    if isinstance(value, dict):
        return {key: redact_value(item, redactor) for key, item in value.items()}
    return value


def _redact_entities(entities: Any, redactor: Redactor) -> Any:
    if not isinstance(entities, list):
        return entities
    for entity in entities:
        if isinstance(entity, dict):
            for key in _ENTITY_TEXT_KEYS:
                if key in entity:
                    entity[key] = redact_value(entity[key], redactor)
    return entities


def _redact_user_event(event: dict[str, Any], redactor: Redactor) -> None:
    if isinstance(event.get("text"), str):
        event["text"] = redactor(event["text"])
    if "metadata" in event:
        event["metadata"] = redact_value(event["metadata"], redactor)
    parse_data = event.get("parse_data")
    if isinstance(parse_data, dict):
        if isinstance(parse_data.get("text"), str):
            parse_data["text"] = redactor(parse_data["text"])
        if "metadata" in parse_data:
            parse_data["metadata"] = redact_value(parse_data["metadata"], redactor)
        _redact_entities(parse_data.get("entities"), redactor)


def redact_event_dict(
    event: dict[str, Any], keep_slots: Iterable[str] = (), redactor: Redactor = redact
) -> dict[str, Any]:
    """Return a redacted copy of a serialised event; the caller's dict is left untouched."""
    kind = event.get("event")
    if kind not in (USER_EVENT, ENTITIES_EVENT, SLOT_EVENT):
        return event
    redacted = copy.deepcopy(event)
    if kind == USER_EVENT:
        _redact_user_event(redacted, redactor)
    elif kind == ENTITIES_EVENT:
        _redact_entities(redacted.get("entities"), redactor)
    elif redacted.get("name") not in set(keep_slots):
        redacted["value"] = redact_value(redacted.get("value"), redactor)
    return redacted
