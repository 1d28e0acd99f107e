"""Clinic facts (phone, hours, insurance, procedures offered) from a clinic file or API.

Actions use `ClinicDirectory.from_env()` and `await directory.current()`.
"""

from bot.clinic.api_source import ClinicApiSource
from bot.clinic.directory import ClinicDirectory, ClinicSource
from bot.clinic.file_source import ClinicFileSource, load_clinic_file
from bot.clinic.hours import (
    closes_at,
    describe_week,
    format_time,
    hours_on,
    is_open,
    next_opening,
    resolve_day,
)
from bot.clinic.insurance import InsuranceMatch, match_insurer
from bot.clinic.schema import Clinic, Location, ProcedurePolicy, TimeRange
from bot.clinic.validation import parse_clinic

__all__ = [
    "Clinic",
    "ClinicApiSource",
    "ClinicDirectory",
    "ClinicFileSource",
    "ClinicSource",
    "InsuranceMatch",
    "Location",
    "ProcedurePolicy",
    "TimeRange",
    "closes_at",
    "describe_week",
    "format_time",
    "hours_on",
    "is_open",
    "load_clinic_file",
    "match_insurer",
    "next_opening",
    "parse_clinic",
    "resolve_day",
]
