"""Names of the marks the NLU puts on a message for the actions (rasa- and spaCy-free).

RedFlagDetector marks what its rules found: the red-flag category and rule, and whether the
message mentions a symptom or distress. A later NLU component (a semantic safety net) may add
the same marks; the actions read them only through the functions here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

RED_FLAG_CATEGORY_ENTITY = "red_flag_category"
RED_FLAG_RULE_ENTITY = "red_flag_rule"
SAFETY_MENTION_ENTITY = "safety_mention"
# Set by the semantic net (bot/nlu/safety_net.py): the red-flag kind a message was close to.
SAFETY_NET_ENTITY = "safety_net"
# Set by a semantic net when the rules found nothing but the message is close to a red flag.
RED_FLAG_CHECK_IN_INTENT = "red_flag_check_in"
SYMPTOM = "symptom"
DISTRESS = "distress"
MENTION_KINDS = (DISTRESS, SYMPTOM)


def entity_values(parse_data: Mapping[str, Any] | None, name: str) -> list[str]:
    """Values of every entity called `name` in one message's parse data, in order."""
    entities: Sequence[Mapping[str, Any]] = (parse_data or {}).get("entities") or []
    return [str(e.get("value")) for e in entities if e.get("entity") == name]


def mention_kinds(parse_data: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The kinds of safety-relevant talk marked on a message, most serious first, no repeats."""
    found = set(entity_values(parse_data, SAFETY_MENTION_ENTITY))
    return tuple(kind for kind in MENTION_KINDS if kind in found)


def red_flag_rule(parse_data: Mapping[str, Any] | None) -> str | None:
    """The id of the red-flag rule that fired on this message, if the rules decided."""
    values = entity_values(parse_data, RED_FLAG_RULE_ENTITY)
    return values[0] if values else None
