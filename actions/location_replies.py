"""Clinic details for every location at once, as short lines, and the location a patient names.

A patient who asks "where are you?" or "are you open Sunday?" wants the answer, not a question
back: with several locations the reply lists each one on its own line, or says it once when all
of them agree ("Both locations are closed on Sunday").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from actions.clinic_replies import as_lines
from bot.clinic import hours

# Words in location names that do not tell one place from another.
GENERIC_NAME_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "at",
        "on",
        "in",
        "clinic",
        "clinics",
        "center",
        "centre",
        "campus",
        "office",
        "offices",
        "location",
        "site",
        "building",
        "pain",
        "management",
        "medical",
        "health",
        "care",
        "spine",
    ]
)
_WORD = re.compile(r"[a-z0-9]+")


def named_location(text: str, locations: Sequence[Any]) -> Any | None:
    """The one location whose distinctive name word (or id) the message uses, else None."""
    if len(locations) < 2:
        return None
    words = set(_WORD.findall(text.lower()))
    names = {loc.id: set(_WORD.findall(loc.name.lower())) for loc in locations}
    named = []
    for location in locations:
        shared = set().union(*(n for other, n in names.items() if other != location.id))
        distinctive = (names[location.id] - shared - GENERIC_NAME_WORDS) | {location.id}
        if words & distinctive:
            named.append(location)
    return named[0] if len(named) == 1 else None


def every(locations: Sequence[Any]) -> str:
    """'Both' for two locations, 'All' for more."""
    return "Both" if len(locations) == 2 else "All"


def addresses(locations: Iterable[Any]) -> str:
    return as_lines(f"{loc.name}: {loc.address}" for loc in locations)


def parking(locations: Iterable[Any]) -> str:
    """Lines for the locations whose parking the clinic file describes ('' when none does)."""
    return as_lines(f"{loc.name}: {loc.parking}" for loc in locations if loc.parking)


def weekly_hours(locations: Iterable[Any]) -> str:
    return as_lines(f"{loc.name}: {hours.describe_week(loc)}" for loc in locations)


def hours_on_day(locations: Sequence[Any], day: date) -> tuple[bool, Any, str]:
    """(all agree, their shared hours or None, lines per location) for one calendar day."""
    per_location = [hours.hours_on(loc, day) for loc in locations]
    agree = all(day_hours == per_location[0] for day_hours in per_location)
    lines = as_lines(
        f"{loc.name}: " + ("closed" if day_hours is None else hours.format_range(day_hours))
        for loc, day_hours in zip(locations, per_location, strict=True)
    )
    return agree, per_location[0], lines


def open_now(locations: Sequence[Any], now: datetime) -> tuple[int, str]:
    """(how many are open, a line per location: open until when, or when it opens next)."""
    lines = []
    count = 0
    for location in locations:
        if hours.is_open(location, now):
            count += 1
            closes = hours.closes_at(location, now)
            lines.append(f"{location.name}: open now, until {hours.format_time(closes.time())}")
        else:
            lines.append(f"{location.name}: closed now, opens {next_opening(location, now)}")
    return count, as_lines(lines)


def next_opening(location: Any, now: datetime) -> str:
    """ "Monday at 8 AM", when the location opens next."""
    opening = hours.next_opening(location, now)
    if opening is None:
        return "on a day we will post soon"
    return f"{hours.DAY_LONG[opening.weekday()]} at {hours.format_time(opening.time())}"
