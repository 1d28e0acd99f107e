"""Shape of the clinic file: pydantic models whose field descriptions double as fix hints."""

from __future__ import annotations

import re
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Extra, Field, StrictBool, conint, constr, validator

DAY_KEYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CLOSED = "closed"

Text = constr(strict=True, strip_whitespace=True, min_length=1)
Minutes = conint(strict=True, ge=0, le=600)
Hours = conint(strict=True, ge=0, le=336)
Url = constr(strict=True, strip_whitespace=True, regex=r"^https?://\S+$")
LocationId = constr(strict=True, regex=r"^[a-z0-9_]+$")

_CLOCK = r"(\d{1,2}):([0-5]\d)"
_RANGE = re.compile(rf"^\s*{_CLOCK}\s*[-–]\s*{_CLOCK}\s*$")
_PHONE_CHARS = re.compile(r"^[0-9()+\-. ]+(\s*(ext\.?|x)\s*\d+)?$", re.IGNORECASE)
_HOURS_FIX = 'a 24-hour range, opening before closing, like "08:00-17:00", or the word closed'


class TimeRange:
    """One opening period in a day, parsed from "08:00-17:00"."""

    def __init__(self, opens: time, closes: time) -> None:
        self.opens = opens
        self.closes = closes

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TimeRange) and (self.opens, self.closes) == (
            other.opens,
            other.closes,
        )

    def __hash__(self) -> int:
        return hash((self.opens, self.closes))

    def __repr__(self) -> str:
        return f"TimeRange({self.opens:%H:%M}-{self.closes:%H:%M})"

    @classmethod
    def __get_validators__(cls):  # noqa: ANN206 - pydantic v1 hook
        yield cls.parse

    @classmethod
    def parse(cls, value: Any) -> TimeRange:
        """Turn "08:00-17:00" into a TimeRange, or explain the expected format."""
        if isinstance(value, TimeRange):
            return value
        if not isinstance(value, str):
            raise ValueError(f"write hours as text: {_HOURS_FIX}; got {value!r}")
        match = _RANGE.match(value)
        if not match:
            raise ValueError(f"write hours as {_HOURS_FIX}; got {value!r}")
        h1, m1, h2, m2 = (int(part) for part in match.groups())
        if h1 > 23 or h2 > 23:
            raise ValueError(f"hours go from 00 to 23; write {_HOURS_FIX}; got {value!r}")
        opens, closes = time(h1, m1), time(h2, m2)
        if opens >= closes:
            raise ValueError(
                f"opening time must come before closing time (overnight hours are not "
                f"supported); write {_HOURS_FIX}; got {value!r}"
            )
        return cls(opens, closes)


class _Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_mutation = False
        anystr_strip_whitespace = True


def _check_phone(value: str) -> str:
    digits = sum(char.isdigit() for char in value)
    if not _PHONE_CHARS.match(value) or not 7 <= digits <= 15:
        raise ValueError(f'write a phone number in quotes, like "(555) 010-2000"; got {value!r}')
    return value


class OpeningHours(_Strict):
    """Opening hours per weekday; a day left out or marked closed is closed."""

    mon: TimeRange | None = Field(None, description=_HOURS_FIX)
    tue: TimeRange | None = Field(None, description=_HOURS_FIX)
    wed: TimeRange | None = Field(None, description=_HOURS_FIX)
    thu: TimeRange | None = Field(None, description=_HOURS_FIX)
    fri: TimeRange | None = Field(None, description=_HOURS_FIX)
    sat: TimeRange | None = Field(None, description=_HOURS_FIX)
    sun: TimeRange | None = Field(None, description=_HOURS_FIX)

    @validator("*", pre=True)
    def _closed_means_none(cls, value: Any) -> Any:  # noqa: N805 - pydantic validator
        if isinstance(value, str) and value.strip().lower() == CLOSED:
            return None
        if isinstance(value, bool):
            raise ValueError(f"write the word closed in quotes, or {_HOURS_FIX}; got {value!r}")
        return value

    def on(self, day_index: int) -> TimeRange | None:
        """Hours for a weekday index (Monday is 0), matching date.weekday()."""
        return getattr(self, DAY_KEYS[day_index])


class Location(_Strict):
    """One place patients go; carries its time zone so hours logic needs nothing else."""

    id: LocationId = Field(..., description="a short id in lower case, like main or north")
    name: Text = Field(..., description='the place name, like "Riverside Main Campus"')
    address: Text = Field(..., description="the street address patients type into a map")
    hours: OpeningHours = Field(..., description="opening hours per day: mon, tue ... sun")
    phone: Text | None = Field(None, description='a phone number in quotes, like "(555) 010-2000"')
    parking: Text | None = Field(None, description="one or two plain sentences about parking")
    directions: Text | None = Field(None, description="one or two plain sentences on finding us")
    timezone: Text | None = Field(
        None, description='an IANA time zone, like "America/Chicago" (defaults to the clinic\'s)'
    )

    _phone = validator("phone", allow_reuse=True)(_check_phone)

    @validator("timezone")
    def _known_timezone(cls, value: str) -> str:  # noqa: N805 - pydantic validator
        return _check_timezone(value)

    @property
    def zone(self) -> ZoneInfo:
        """The location's time zone as a ZoneInfo, for date arithmetic."""
        return ZoneInfo(self.timezone or "UTC")


class Insurance(_Strict):
    accepted: list[Text] = Field(
        default_factory=list, description="a list of plan names, like [Medicare, Aetna]"
    )
    notes: Text | None = Field(None, description="one plain sentence, like how to confirm a plan")


class Referral(_Strict):
    required: StrictBool = Field(..., description="true or false")
    instructions: Text | None = Field(None, description="one or two plain sentences")


class FirstVisit(_Strict):
    length_minutes: Minutes | None = Field(None, description="a whole number of minutes, like 60")
    arrive_early_minutes: Minutes | None = Field(
        None, description="a whole number of minutes, like 20"
    )
    forms_url: Url | None = Field(None, description="a web address starting with https://")
    bring: list[Text] = Field(
        default_factory=list, description="a list of things, like [photo ID, insurance card]"
    )


class Appointments(_Strict):
    """How patients book, change and cancel visits; every field optional."""

    phone: Text | None = Field(
        None, description='the scheduling number in quotes, like "(555) 010-2050"'
    )
    booking_url: Url | None = Field(
        None, description="a web address starting with https:// where patients book online"
    )
    portal_url: Url | None = Field(
        None,
        description="a web address starting with https:// where patients see, change or cancel "
        "their visits",
    )
    cancel_notice_hours: Hours | None = Field(None, description="a whole number of hours, like 24")
    late_policy: Text | None = Field(
        None, description="one or two plain sentences on what happens when a patient is late"
    )
    new_patients_need_referral: StrictBool | None = Field(
        None, description="true or false (leave it out to use referral.required)"
    )

    _phone = validator("phone", allow_reuse=True)(_check_phone)


class ProcedurePolicy(_Strict):
    """What this clinic says about one procedure; clinic rules beat general advice."""

    offered: StrictBool = Field(..., description="true or false")
    driver_required: StrictBool | None = Field(None, description="true or false")
    fasting: Text | None = Field(None, description="one plain sentence with this clinic's rule")
    arrive_early_minutes: Minutes | None = Field(
        None, description="a whole number of minutes, like 30"
    )
    blood_thinners: Text | None = Field(
        None, description="one plain sentence on who to ask about blood thinners"
    )
    notes: Text | None = Field(None, description="one or two plain sentences")


class Clinic(_Strict):
    """Everything the assistant may say about one clinic."""

    name: Text = Field(..., description='the clinic name, like "Riverside Pain Management Center"')
    phone: Text = Field(..., description='the main phone in quotes, like "(555) 010-2000"')
    fax: Text | None = Field(None, description='a fax number in quotes, like "(555) 010-2001"')
    after_hours_phone: Text | None = Field(
        None, description='a phone number in quotes, like "(555) 010-2999"'
    )
    billing_phone: Text | None = Field(
        None, description='the billing office\'s number in quotes, like "(555) 010-2300"'
    )
    website: Url | None = Field(None, description="a web address starting with https://")
    timezone: Text = Field(..., description='an IANA time zone, like "America/Chicago"')
    locations: list[Location] = Field(
        ..., min_items=1, description="a list with at least one location (id, name, address, hours)"
    )
    insurance: Insurance = Field(default_factory=Insurance, description="accepted and notes")
    referral: Referral | None = Field(None, description="required and instructions")
    first_visit: FirstVisit = Field(
        default_factory=FirstVisit, description="length_minutes, arrive_early_minutes, bring"
    )
    procedures: dict[str, ProcedurePolicy] = Field(
        default_factory=dict, description="procedure ids from content/terms.yml, each with offered"
    )
    appointments: Appointments | None = Field(
        None, description="phone, booking_url, portal_url, cancel_notice_hours, late_policy"
    )

    _phones = validator("phone", "fax", "after_hours_phone", "billing_phone", allow_reuse=True)(
        _check_phone
    )

    @validator("timezone")
    def _known_timezone(cls, value: str) -> str:  # noqa: N805 - pydantic validator
        return _check_timezone(value)

    @validator("locations")
    def _locations_inherit_timezone(  # noqa: N805 - pydantic validator
        cls, locations: list[Location], values: dict[str, Any]
    ) -> list[Location]:
        clinic_timezone = values.get("timezone")
        return [
            loc
            if loc.timezone or not clinic_timezone
            else loc.copy(update={"timezone": clinic_timezone})
            for loc in locations
        ]

    @property
    def zone(self) -> ZoneInfo:
        """The clinic's time zone as a ZoneInfo."""
        return ZoneInfo(self.timezone)

    def location(self, location_id: str | None = None) -> Location | None:
        """The named location, or the first (main) one when no id is given."""
        if location_id is None:
            return self.locations[0]
        return next((loc for loc in self.locations if loc.id == location_id), None)

    @property
    def scheduling_phone(self) -> str:
        """The number patients call about visits: the scheduling line, else the main phone."""
        return (self.appointments and self.appointments.phone) or self.phone

    @property
    def new_patients_need_referral(self) -> bool | None:
        """Whether a new patient needs a referral before booking; None when the file is silent."""
        if self.appointments and self.appointments.new_patients_need_referral is not None:
            return self.appointments.new_patients_need_referral
        return self.referral.required if self.referral else None

    def offers(self, procedure_id: str) -> bool | None:
        """True or False when the clinic file says; None when it is silent (ask the clinic)."""
        policy = self.procedures.get(procedure_id)
        return None if policy is None else policy.offered


def _check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f'unknown time zone {value!r}; use an IANA name like "America/Chicago" or '
            '"America/Los_Angeles"'
        ) from None
    return value
