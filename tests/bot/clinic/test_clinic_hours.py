"""Patients ask "are you open?"; answers follow the clinic's clock, not the server's."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from bot.clinic.file_source import load_clinic_file
from bot.clinic.hours import (
    closes_at,
    describe_week,
    format_time,
    is_open,
    next_opening,
    resolve_day,
)
from bot.clinic.schema import Location

UTC = timezone.utc


@pytest.fixture
def main(sample_clinic_path) -> Location:
    """Chicago: Mon-Thu 8-17, Fri 8-16, weekend closed."""
    return load_clinic_file(sample_clinic_path).location("main")


@pytest.fixture
def north(sample_clinic_path) -> Location:
    return load_clinic_file(sample_clinic_path).location("north")


@pytest.fixture
def pacific(fixtures_dir) -> Location:
    return load_clinic_file(fixtures_dir / "pacific_valid.yml").location()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# 2026-01-05 is a Monday; Chicago is UTC-6 in January.
def test_open_uses_clinic_time_not_server_utc(main):
    assert is_open(main, utc(2026, 1, 5, 14, 0))  # 8:00 in Chicago
    assert not is_open(main, utc(2026, 1, 5, 13, 59))  # 7:59 in Chicago
    assert is_open(main, utc(2026, 1, 5, 22, 59))  # 16:59 in Chicago
    assert not is_open(main, utc(2026, 1, 5, 23, 0))  # 17:00: closed


def test_late_monday_in_chicago_is_tuesday_in_utc(main):
    # 23:30 Monday Chicago = 05:30 Tuesday UTC: closed, next opening is Tuesday 8:00 Chicago
    when = utc(2026, 1, 6, 5, 30)
    assert not is_open(main, when)
    opening = next_opening(main, when)
    assert (opening.date(), opening.hour) == (date(2026, 1, 6), 8)
    assert opening.utcoffset() == timedelta(hours=-6)


def test_midnight_edges(main):
    chicago_midnight = utc(2026, 1, 6, 6, 0)  # Tuesday 00:00 Chicago
    assert not is_open(main, chicago_midnight)
    assert next_opening(main, chicago_midnight).hour == 8
    assert next_opening(main, chicago_midnight).date() == date(2026, 1, 6)


def test_friday_short_day(main):
    friday_4_30_pm = utc(2026, 1, 9, 22, 30)
    thursday_4_30_pm = utc(2026, 1, 8, 22, 30)
    assert is_open(main, thursday_4_30_pm)
    assert not is_open(main, friday_4_30_pm)
    assert closes_at(main, utc(2026, 1, 9, 15, 0)).hour == 16
    assert closes_at(main, friday_4_30_pm) is None


def test_closed_weekend_opens_monday(main):
    saturday_noon = utc(2026, 1, 10, 18, 0)
    assert not is_open(main, saturday_noon)
    opening = next_opening(main, saturday_noon)
    assert opening.weekday() == 0 and opening.hour == 8


def test_next_opening_during_opening_hours_is_the_next_day(main):
    assert next_opening(main, utc(2026, 1, 5, 16, 0)).date() == date(2026, 1, 6)


def test_los_angeles_clinic_with_server_in_utc(pacific):
    # 2026-01-10 Saturday 16:00 UTC = 08:00 in Los Angeles: not open until 9
    assert not is_open(pacific, utc(2026, 1, 10, 16, 0))
    assert is_open(pacific, utc(2026, 1, 10, 17, 0))
    assert next_opening(pacific, utc(2026, 1, 10, 16, 0)).hour == 9


def test_summer_time_shifts_the_utc_opening(main):
    # July: Chicago is UTC-5, so 8:00 local is 13:00 UTC
    assert is_open(main, utc(2026, 7, 6, 13, 0))
    assert not is_open(main, utc(2026, 7, 6, 12, 59))


def test_naive_datetime_is_refused(main):
    with pytest.raises(ValueError, match="aware"):
        is_open(main, datetime(2026, 1, 5, 9, 0))


def test_week_in_plain_words(main, north, pacific):
    assert describe_week(main) == "Mon–Thu 8 AM–5 PM, Fri 8 AM–4 PM, closed Sat and Sun"
    assert describe_week(north) == (
        "Mon 9 AM–3 PM, Wed–Thu 9 AM–3 PM, Sat 8 AM–12 PM, closed Tue, Fri and Sun"
    )
    assert describe_week(pacific) == "Mon–Fri 7:30 AM–4:30 PM, Sat 9 AM–12 PM, closed Sun"


def test_clock_times_read_naturally():
    assert [format_time(time(h, m)) for h, m in [(0, 0), (8, 0), (12, 0), (13, 5)]] == [
        "12 AM",
        "8 AM",
        "12 PM",
        "1:05 PM",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("are you open today?", date(2026, 1, 9)),
        ("what about tomorrow", date(2026, 1, 10)),
        ("are you open saturday?", date(2026, 1, 10)),
        ("on sat", date(2026, 1, 10)),
        ("open Mondays?", date(2026, 1, 12)),
        ("is it open on thurs", date(2026, 1, 15)),
        ("friday", date(2026, 1, 9)),  # today is Friday in Chicago
        ("day after tomorrow", date(2026, 1, 11)),
        ("what are your hours", None),
    ],
)
def test_resolve_day_in_clinic_timezone(text, expected):
    # Friday 23:30 in Chicago is already Saturday 05:30 in UTC
    now = utc(2026, 1, 10, 5, 30)
    assert resolve_day(text, now, "America/Chicago") == expected


def test_resolve_today_depends_on_the_clinic_timezone():
    now = utc(2026, 1, 10, 5, 30)
    assert resolve_day("today", now) == date(2026, 1, 10)
    assert resolve_day("today", now, "America/Los_Angeles") == date(2026, 1, 9)
