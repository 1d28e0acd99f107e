"""Turn raw clinic data into a Clinic, or a ClinicFileError naming the field and the fix."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rapidfuzz import process

from bot.clinic.schema import Clinic
from bot.content_models import parse_model
from bot.errors import ClinicFileError
from bot.yaml_files import WHOLE_FILE


def parse_clinic(data: Any, source: object, procedure_ids: Iterable[str] | None = None) -> Clinic:
    """Validate already-loaded clinic data; procedure_ids=None skips the procedure-id check."""
    if data is None:
        raise ClinicFileError(
            source, WHOLE_FILE, "the clinic data is empty; start from the sample clinic.yml"
        )
    clinic = parse_model(Clinic, data, source, ClinicFileError)
    _check_unique_location_ids(clinic, source)
    _check_referral_rule_agrees(clinic, source)
    if procedure_ids is not None:
        _check_procedure_ids(clinic, source, set(procedure_ids))
    return clinic


def _check_unique_location_ids(clinic: Clinic, source: object) -> None:
    seen: set[str] = set()
    for index, location in enumerate(clinic.locations):
        if location.id in seen:
            raise ClinicFileError(
                source,
                f"locations[{index}].id",
                f"the id {location.id!r} is used twice; give each location its own id",
            )
        seen.add(location.id)


def _check_referral_rule_agrees(clinic: Clinic, source: object) -> None:
    """One clinic, one referral rule: the appointments section may not contradict referral."""
    own = clinic.appointments.new_patients_need_referral if clinic.appointments else None
    if own is None or clinic.referral is None or own == clinic.referral.required:
        return
    raise ClinicFileError(
        source,
        "appointments.new_patients_need_referral",
        f"says {str(own).lower()} but referral.required says "
        f"{str(clinic.referral.required).lower()}; make them agree or leave this one out",
    )


def _check_procedure_ids(clinic: Clinic, source: object, known: set[str]) -> None:
    for procedure_id in clinic.procedures:
        if procedure_id in known:
            continue
        closest = process.extractOne(procedure_id, sorted(known))
        suggestion = f"did you mean {closest[0]!r}? " if closest and closest[1] >= 70 else ""
        raise ClinicFileError(
            source,
            f"procedures.{procedure_id}",
            f"unknown procedure id; {suggestion}use one of: {', '.join(sorted(known))} "
            "(the keys of procedures: in content/terms.yml)",
        )
