"""The one way a content or clinic file's fields are checked: a pydantic model per file, and one
translator from pydantic's errors to "file, field, fix" that content editors can act on.

Semantic checks that read across fields (cross-references, loops, regexes) stay next to each
model, as validators or small functions after parsing; what this module removes is the
per-field `isinstance` boilerplate each loader used to write for itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConstrainedStr, Extra, ValidationError
from pydantic.fields import MAPPING_LIKE_SHAPES, ModelField

from bot.errors import ContentError
from bot.yaml_files import WHOLE_FILE, FileErrorClass, read_yaml

Model = TypeVar("Model", bound=BaseModel)

# pydantic's wording for the common mistakes, said the way a content editor or clinic manager
# would say it; {limit_value} comes from the error's context.
PLAIN_WORDS = {
    "type_error.str": "write text here",
    "type_error.list": "write a list",
    "type_error.dict": "write a mapping (key: value)",
    "type_error.integer": "write a whole number",
    "type_error.float": "write a number",
    "type_error.none.not_allowed": "it is empty",
    "value_error.any_str.min_length": "it is empty",
    "value_error.list.min_items": "the list needs at least {limit_value} item(s)",
    "value_error.number.not_ge": "use {limit_value} or more",
    "value_error.number.not_le": "use {limit_value} or less",
    "value_error.str.regex": "it does not have the expected form",
}


class ContentModel(BaseModel):
    """Base of every file model: unknown keys are mistakes, values are read-only and trimmed."""

    class Config:
        extra = Extra.forbid
        allow_mutation = False
        anystr_strip_whitespace = True


class Text(ConstrainedStr):
    """A non-empty piece of text, written as text (a number or a list is a mistake)."""

    strict = True
    strip_whitespace = True
    min_length = 1


class IsoDate(date):
    """A date written YYYY-MM-DD (YAML reads it as a date); numbers are not dates here."""

    @classmethod
    def __get_validators__(cls) -> Iterator[object]:
        yield cls.parse

    @classmethod
    def parse(cls, value: object) -> date:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise ValueError(f"write the date as YYYY-MM-DD, not {value!r}")


class Verbatim(ConstrainedStr):
    """Non-blank text kept exactly as written (a regex, where a space can matter); use it in a
    model whose Config sets anystr_strip_whitespace = False."""

    strict = True
    regex = re.compile(r"(?s).*\S")


def load_model(
    model: type[Model], path: Path, error: FileErrorClass = ContentError, **read: Any
) -> Model:
    """Read a YAML file (bot.yaml_files.read_yaml) and check it against `model`."""
    return parse_model(model, read_yaml(path, error, **read), path, error)


def parse_model(
    model: type[Model],
    data: Any,
    source: object,
    error: FileErrorClass = ContentError,
    at: str = "",
) -> Model:
    """`data` checked against `model`; the first problem (and the rest, as `more`) raised as
    `error(source, field, fix, more)`. `at` prefixes field names when `data` is part of a file
    ("entries[0].")."""
    if not isinstance(data, dict):
        keys = ", ".join(f"{name}:" for name in _field_names(model)[:3])
        got = "nothing" if data is None else f"a {type(data).__name__}"
        fix = f"expected a mapping of fields ({keys} ...), got {got}"
        raise error(source, at.rstrip(".") or WHOLE_FILE, fix)
    try:
        return model.parse_obj(data)
    except ValidationError as failure:
        problems = [describe(model, problem) for problem in failure.errors()]
        problems = [(f"{at}{field}" if at else field, fix) for field, fix in problems]
        (field, fix), rest = problems[0], problems[1:]
        raise error(source, field, fix, tuple(f"field '{f}': {x}" for f, x in rest)) from None


def field_path(loc: Sequence[int | str]) -> str:
    """Render a pydantic location like ('locations', 0, 'hours') as locations[0].hours."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or WHOLE_FILE


def describe(model: type[BaseModel], problem: dict[str, Any]) -> tuple[str, str]:
    """One pydantic error as (field, fix), the fix reusing the field's description as a hint."""
    loc = tuple(part for part in problem["loc"] if part != "__root__")
    field, parent = _field_at(model, loc)
    kind = problem["type"]
    plain = PLAIN_WORDS.get(kind)
    message = plain.format(**problem.get("ctx", {})) if plain else problem["msg"]
    if kind == "value_error.extra":
        allowed = ", ".join(_field_names(parent)) if parent else "the documented fields"
        return field_path(loc), f"{loc[-1]!r} is not a known field here; use one of: {allowed}"
    hint = field.field_info.description if field else None
    if kind == "value_error.missing":
        return field_path(loc), f"required field is missing; add {hint or 'it'}"
    if kind == "value_error" or not hint:
        return field_path(loc), message
    return field_path(loc), f"{message}; expected {hint}"


def _field_names(model: type[BaseModel]) -> list[str]:
    return [field.alias for field in model.__fields__.values()]


def _field_at(
    model: type[BaseModel], loc: Sequence[int | str]
) -> tuple[ModelField | None, type[BaseModel] | None]:
    """Find the schema field a pydantic error points at, to reuse its description as a hint."""
    current: type[BaseModel] | None = model
    field: ModelField | None = None
    parent: type[BaseModel] | None = None
    names = [part for part in loc if isinstance(part, str)]
    index = 0
    while index < len(names):
        by_alias = {f.alias: f for f in current.__fields__.values()} if current else {}
        if names[index] not in by_alias:
            return None, current
        parent, field = current, by_alias[names[index]]
        inner = field.type_
        current = inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None
        # a mapping field (procedures) is followed by a key that is data, not a field name
        index += 2 if field.shape in MAPPING_LIKE_SHAPES else 1
    return field, parent
