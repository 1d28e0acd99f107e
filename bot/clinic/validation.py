"""Turn raw clinic data into a Clinic, or a ClinicFileError naming the field and the fix."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import SHAPE_LIST, SHAPE_SINGLETON, ModelField
from rapidfuzz import process

from bot.clinic.schema import Clinic
from bot.errors import ClinicFileError
from bot.yaml_files import WHOLE_FILE, read_yaml


def parse_clinic(data: Any, source: object, procedure_ids: Iterable[str] | None = None) -> Clinic:
    """Validate already-loaded clinic data; procedure_ids=None skips the procedure-id check."""
    if data is None:
        raise ClinicFileError(
            source, WHOLE_FILE, "the clinic data is empty; start from the sample clinic.yml"
        )
    if not isinstance(data, dict):
        raise ClinicFileError(
            source,
            WHOLE_FILE,
            f"expected a mapping of fields (name:, phone:, ...), got {type(data).__name__}",
        )
    try:
        clinic = Clinic.parse_obj(data)
    except ValidationError as error:
        problems = [_describe(err) for err in error.errors()]
        (field, fix), rest = problems[0], problems[1:]
        raise ClinicFileError(
            source, field, fix, tuple(f"field '{f}': {x}" for f, x in rest)
        ) from None
    _check_unique_location_ids(clinic, source)
    _check_referral_rule_agrees(clinic, source)
    if procedure_ids is not None:
        _check_procedure_ids(clinic, source, set(procedure_ids))
    return clinic


def load_procedure_ids(terms_file: Path) -> frozenset[str] | None:
    """Canonical procedure ids are the keys of `procedures:` in terms.yml; None if it is absent."""
    if not terms_file.exists():
        return None
    data = read_yaml(terms_file, ClinicFileError) or {}
    procedures = data.get("procedures") if isinstance(data, dict) else None
    if not isinstance(procedures, dict) or not procedures:
        raise ClinicFileError(
            terms_file, "procedures", "expected a mapping of procedure ids to their terms"
        )
    return frozenset(procedures)


def field_path(loc: Sequence[int | str]) -> str:
    """Render a pydantic location like ('locations', 0, 'hours') as locations[0].hours."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or WHOLE_FILE


def _describe(error: dict[str, Any]) -> tuple[str, str]:
    loc = tuple(part for part in error["loc"] if part != "__root__")
    field, parent = _field_at(loc)
    kind, message = error["type"], error["msg"]
    if kind == "value_error.extra":
        allowed = ", ".join(parent.__fields__) if parent else "the documented fields"
        return field_path(loc), f"{loc[-1]!r} is not a known field here; use one of: {allowed}"
    hint = field.field_info.description if field else None
    if kind == "value_error.missing":
        return field_path(loc), f"required field is missing; add {hint or 'it'}"
    if kind == "value_error" or not hint:
        return field_path(loc), message
    return field_path(loc), f"{message}; expected {hint}"


def _field_at(loc: Sequence[int | str]) -> tuple[ModelField | None, type[BaseModel] | None]:
    """Find the schema field a pydantic error points at, to reuse its description as a hint."""
    model: type[BaseModel] | None = Clinic
    field: ModelField | None = None
    parent: type[BaseModel] | None = None
    names = [part for part in loc if isinstance(part, str)]
    index = 0
    while index < len(names):
        if model is None or names[index] not in model.__fields__:
            return None, model
        parent, field = model, model.__fields__[names[index]]
        inner = field.type_
        model = inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None
        # a dict field (procedures) is followed by a key that is data, not a field name
        index += 1 if field.shape in (SHAPE_SINGLETON, SHAPE_LIST) else 2
    return field, parent


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
