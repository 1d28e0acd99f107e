"""Values every clinic-aware reply shares: the clinic's name and the numbers to call."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def contact_values(clinic: Any) -> dict[str, str]:
    """Fill {clinic_name}, {phone} and {after_hours_phone} in domain responses."""
    return {
        "clinic_name": clinic.name,
        "phone": clinic.phone,
        "after_hours_phone": clinic.after_hours_phone or clinic.phone,
    }


def as_lines(items: Iterable[str]) -> str:
    """One short line per item ("- photo ID"), easier to read on a phone than a long sentence;
    every channel keeps the line breaks (SMS, Messenger and Telegram as plain text)."""
    return "\n".join(f"- {item}" for item in items)
