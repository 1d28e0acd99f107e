"""The clinic's own preparation rules for a procedure, in one short paragraph."""

from __future__ import annotations

from typing import Any

DRIVER_LINE = "Bring an adult to drive you home."
ARRIVE_EARLY_LINE = "Please arrive {minutes} minutes early."


def _policy(clinic: Any, procedure_id: str, parent_id: str | None) -> Any:
    """The clinic's policy for the procedure, or its parent's; None when it has neither."""
    return clinic.procedures.get(procedure_id) or (
        clinic.procedures.get(parent_id) if parent_id else None
    )


def clinic_rule(clinic: Any, procedure_id: str, parent_id: str | None, field: str) -> str | None:
    """One of the clinic's own rules for the procedure (e.g. `fasting`), or None."""
    policy = _policy(clinic, procedure_id, parent_id)
    return getattr(policy, field, None) if policy is not None else None


def clinic_prep_rules(clinic: Any, procedure_id: str, parent_id: str | None) -> str | None:
    """The clinic's rules for the procedure, falling back to its parent's; None when it has none."""
    policy = _policy(clinic, procedure_id, parent_id)
    if policy is None:
        return None
    lines = []
    if policy.arrive_early_minutes:
        lines.append(ARRIVE_EARLY_LINE.format(minutes=policy.arrive_early_minutes))
    if policy.driver_required:
        lines.append(DRIVER_LINE)
    lines += [text for text in (policy.fasting, policy.blood_thinners, policy.notes) if text]
    return " ".join(lines) or None
