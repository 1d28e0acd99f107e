"""Opening-hours questions answered in the clinic's own time zone, whatever the server's is."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from bot.clinic.schema import DAY_KEYS, Location, TimeRange

DAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_WORDS = {
    **{name.lower(): index for index, name in enumerate(DAY_LONG)},
    **{name.lower() + "s": index for index, name in enumerate(DAY_LONG)},
    **{key: index for index, key in enumerate(DAY_KEYS)},
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}
_RELATIVE_WORDS = {
    "day after tomorrow": 2,
    "today": 0,
    "tonight": 0,
    "now": 0,
    "tomorrow": 1,
    "tmrw": 1,
    "tmr": 1,
    "tomorow": 1,
    "tommorow": 1,
    "tommorrow": 1,
}
_ANY_DAY = re.compile(
    r"\b("
    + "|".join(sorted(map(re.escape, {**_RELATIVE_WORDS, **_DAY_WORDS}), key=len, reverse=True))
    + r")\b"
)


def _local(location: Location, when: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValueError("pass an aware datetime (with tzinfo), e.g. datetime.now(timezone.utc)")
    return when.astimezone(location.zone)


def _period(location: Location, day: date) -> tuple[datetime, datetime] | None:
    hours = location.hours.on(day.weekday())
    if hours is None:
        return None
    zone = location.zone
    return (
        datetime.combine(day, hours.opens, tzinfo=zone),
        datetime.combine(day, hours.closes, tzinfo=zone),
    )


def hours_on(location: Location, day: date) -> TimeRange | None:
    """Opening hours on a calendar day in the location's time zone; None when closed."""
    return location.hours.on(day.weekday())


def is_open(location: Location, when: datetime) -> bool:
    """Whether the location is open at an aware moment (converted to the location's zone)."""
    local = _local(location, when)
    period = _period(location, local.date())
    return period is not None and period[0] <= local < period[1]


def closes_at(location: Location, when: datetime) -> datetime | None:
    """When the current opening period ends, or None if closed at that moment."""
    local = _local(location, when)
    period = _period(location, local.date())
    if period is None or not period[0] <= local < period[1]:
        return None
    return period[1]


def next_opening(location: Location, when: datetime) -> datetime | None:
    """The next moment strictly after `when` that the location opens; None if it never opens."""
    local = _local(location, when)
    for offset in range(8):
        period = _period(location, local.date() + timedelta(days=offset))
        if period is not None and period[0] > local:
            return period[0]
    return None


def format_time(value: time) -> str:
    """8 AM, 8:30 AM, 12 PM: how people say clock times."""
    hour = value.hour % 12 or 12
    suffix = "AM" if value.hour < 12 else "PM"
    return f"{hour} {suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d} {suffix}"


def format_range(hours: TimeRange) -> str:
    """8 AM–5 PM."""
    return f"{format_time(hours.opens)}–{format_time(hours.closes)}"


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def describe_week(location: Location) -> str:
    """One line for the whole week: "Mon–Thu 8 AM–5 PM, Fri 8 AM–4 PM, closed Sat and Sun"."""
    days = [location.hours.on(index) for index in range(7)]
    if all(hours is None for hours in days):
        return "closed every day"
    if all(hours == days[0] for hours in days):
        return f"every day {format_range(days[0])}"
    parts: list[str] = []
    start = 0
    for index in range(1, 8):
        if index < 7 and days[index] == days[start]:
            continue
        if days[start] is not None:
            span = (
                DAY_SHORT[start]
                if index - 1 == start
                else (f"{DAY_SHORT[start]}–{DAY_SHORT[index - 1]}")
            )
            parts.append(f"{span} {format_range(days[start])}")
        start = index
    closed = [DAY_SHORT[index] for index, hours in enumerate(days) if hours is None]
    if closed:
        parts.append(f"closed {_join(closed)}")
    return ", ".join(parts)


def resolve_day(text: str, now: datetime, timezone: str | tzinfo | None = None) -> date | None:
    """The date a patient means by "today", "tomorrow", "on sat"...; a weekday means the next one
    (today if it is that day). `now` is converted to `timezone` (the clinic's) first."""
    if timezone is not None:
        zone = ZoneInfo(timezone) if isinstance(timezone, str) else timezone
        now = now.astimezone(zone)
    match = _ANY_DAY.search(text.lower().replace("’", "'"))
    if not match:
        return None
    word = match.group(1)
    today = now.date()
    if word in _RELATIVE_WORDS:
        return today + timedelta(days=_RELATIVE_WORDS[word])
    return today + timedelta(days=(_DAY_WORDS[word] - today.weekday()) % 7)
