"""The clinic's own preparation rules for a procedure, in one short paragraph."""

from __future__ import annotations

from typing import Any

DRIVER_LINE = "Bring an adult to drive you home."
ARRIVE_EARLY_LINE = "Please arrive {minutes} minutes early."


def clinic_prep_rules(clinic: Any, procedure_id: str, parent_id: str | None) -> str | None:
    """The clinic's rules for the procedure, falling back to its parent's; None when it has none."""
    policy = clinic.procedures.get(procedure_id) or (
        clinic.procedures.get(parent_id) if parent_id else None
    )
    if policy is None:
        return None
    lines = []
    if policy.arrive_early_minutes:
        lines.append(ARRIVE_EARLY_LINE.format(minutes=policy.arrive_early_minutes))
    if policy.driver_required:
        lines.append(DRIVER_LINE)
    lines += [text for text in (policy.fasting, policy.blood_thinners, policy.notes) if text]
    return " ".join(lines) or None
