"""content/terms.yml read and checked once: the procedure ids, names, parents and lay terms that
the NLU, the actions, the knowledge base and the clinic check all use (through bot.terms).

No spaCy and no matching here: bot/terms.py turns the checked file into a matcher.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, conint, validator

from bot.content_models import ContentModel, Text, load_model
from bot.errors import ContentError
from bot.paths import CONTENT_DIR
from bot.term_context import ContextTermEntry, RefinementEntry

DEFAULT_TERMS_FILE = CONTENT_DIR / "terms.yml"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
WholeNumber = conint(strict=True, ge=1)


class TermsFileError(ContentError):
    """content/terms.yml cannot be used; the message names the file, the field and the fix."""


@dataclass(frozen=True)
class Procedure:
    """One canonical procedure id with its display names, parent and lay terms."""

    id: str
    name: str
    short_name: str
    parent: str | None
    terms: tuple[str, ...]


class MatchSettings(ContentModel):
    """How forgiving misspelling matching is (the `matching:` section of terms.yml)."""

    fuzzy_min_score: float = Field(85.0, ge=50, le=100, description="a number from 50 to 100")
    fuzzy_min_word_chars: WholeNumber = Field(6, description="a whole number, 1 or more")
    max_fuzzy_tokens: WholeNumber = Field(4, description="a whole number, 1 or more")


class ProcedureEntry(ContentModel):
    """One procedure under `procedures:` as written."""

    name: Text = Field(description="the plain display name, e.g. 'nerve block'")
    short_name: Text | None = Field(None, description="a short name for buttons, or leave it out")
    parent: Text | None = Field(None, description="one procedure id, or leave it out")
    terms: list[Text] = Field(
        min_items=1, description="a non-empty list of phrases, e.g. [nerve block]"
    )


class TermsFile(ContentModel):
    """The whole of terms.yml as written, checked field by field and across fields."""

    procedures: dict[str, ProcedureEntry] = Field(
        description="a mapping of canonical ids to {name, terms}"
    )
    not_procedures: list[Text] = Field([], description="a list of phrases, e.g. [road block]")
    context_terms: list[ContextTermEntry] = Field([], description="a list of rules")
    refinements: list[RefinementEntry] = Field([], description="a list of rules")
    matching: MatchSettings = Field(MatchSettings(), description="e.g. fuzzy_min_score: 85")

    @validator("procedures")
    def _some_procedures(cls, procedures: dict[str, ProcedureEntry]) -> dict:  # noqa: N805
        if not procedures:
            raise ValueError("add a mapping of canonical ids to {name, terms}")
        return procedures

    @property
    def parents(self) -> dict[str, str | None]:
        return {procedure_id: entry.parent for procedure_id, entry in self.procedures.items()}

    def procedure_records(self) -> dict[str, Procedure]:
        return {
            procedure_id: Procedure(
                procedure_id, e.name, e.short_name or e.name, e.parent, tuple(e.terms)
            )
            for procedure_id, e in self.procedures.items()
        }


def read_terms_file(path: Path | str = DEFAULT_TERMS_FILE) -> TermsFile:
    """terms.yml read and checked: fields, ids, parents (no loops) and the context rules."""
    path = Path(path)
    terms = load_model(TermsFile, path, TermsFileError)
    _check_ids_and_parents(terms.parents, path)
    _check_context_rules(terms, path)
    return terms


def _check_ids_and_parents(parents: Mapping[str, str | None], path: Path) -> None:
    for procedure_id, parent in parents.items():
        field = f"procedures.{procedure_id}"
        if not ID_PATTERN.match(procedure_id):
            raise TermsFileError(path, field, "use a lower_snake_case id such as nerve_block")
        if parent is None:
            continue
        if parent not in parents:
            known = ", ".join(parents)
            raise TermsFileError(path, f"{field}.parent", f"'{parent}' is not an id here: {known}")
        seen = {procedure_id}
        current: str | None = parent
        while current is not None:
            if current in seen:
                fix = "parents form a loop; a top procedure has none"
                raise TermsFileError(path, f"{field}.parent", fix)
            seen.add(current)
            current = parents.get(current)


def _check_context_rules(terms: TermsFile, path: Path) -> None:
    """Every procedure a rule names exists, and a refinement's `to` is a kind of its `from`."""
    parents = terms.parents
    known = f"use one of the procedure ids: {', '.join(parents)}"
    for index, rule in enumerate(terms.context_terms):
        if rule.procedure not in parents:
            raise TermsFileError(path, f"context_terms[{index}].procedure", known)
    for index, rule in enumerate(terms.refinements):
        for key, value in (("from", rule.from_), ("to", rule.to)):
            if value not in parents:
                raise TermsFileError(path, f"refinements[{index}].{key}", known)
        ancestor = parents[rule.to]
        while ancestor is not None and ancestor != rule.from_:
            ancestor = parents[ancestor]
        if ancestor is None:
            fix = (
                f"'{rule.to}' is not a kind of '{rule.from_}'; refine a procedure to a child of it"
            )
            raise TermsFileError(path, f"refinements[{index}].to", fix)
