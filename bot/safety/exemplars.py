"""Load and check content/safety/red_flag_exemplars.yml: the messages the semantic net compares
each patient message with (spaCy- and Rasa-free, so any process can read it).

Each kind (emergency, crisis, urgent, lookalike) holds named groups of short messages in
patients' words; a group is one sign or one kind of look-alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.knowledge import KnowledgeError, Review
from bot.knowledge.parsing import parse_review
from bot.safety.errors import RedFlagRulesError
from bot.safety.files import DEFAULT_EXEMPLARS_FILE
from bot.yaml_files import WHOLE_FILE, read_yaml

RED_FLAG_KINDS = ("crisis", "emergency", "urgent")  # most serious first, as the rules rank them
LOOKALIKE_KIND = "lookalike"
EXEMPLAR_KINDS = (*RED_FLAG_KINDS, LOOKALIKE_KIND)
TOP_LEVEL_KEYS = frozenset({"review", "exemplars"})


@dataclass(frozen=True)
class Exemplar:
    """One message in patients' words, the kind it stands for and the sign (group) it shows."""

    text: str
    kind: str
    group: str


@dataclass(frozen=True)
class ExemplarBook:
    """Every exemplar in the file, in file order, and the file's review."""

    path: Path
    exemplars: tuple[Exemplar, ...]
    review: Review

    def of_kind(self, kind: str) -> tuple[Exemplar, ...]:
        return tuple(exemplar for exemplar in self.exemplars if exemplar.kind == kind)


def load_exemplars(path: Path | None = None) -> ExemplarBook:
    """Read and check the exemplar file (default content/safety/red_flag_exemplars.yml)."""
    path = Path(path) if path is not None else DEFAULT_EXEMPLARS_FILE
    raw = read_yaml(path, RedFlagRulesError)
    if not isinstance(raw, Mapping):
        raise RedFlagRulesError(path, WHOLE_FILE, "must be a mapping with 'exemplars:'")
    unknown = sorted(set(map(str, raw)) - TOP_LEVEL_KEYS)
    if unknown:
        raise RedFlagRulesError(path, unknown[0], "unknown section; use review and exemplars")
    return ExemplarBook(path, _exemplars(path, raw.get("exemplars")), _review(path, raw))


def _review(path: Path, raw: Mapping[str, Any]) -> Review:
    section = raw.get("review")
    if not isinstance(section, Mapping):
        raise RedFlagRulesError(path, "review", "add reviewed, reviewed_by (a role) and review_due")
    try:
        return parse_review(path, "review.", section)
    except KnowledgeError as error:
        raise RedFlagRulesError(path, error.field, error.fix) from None


def _exemplars(path: Path, section: Any) -> tuple[Exemplar, ...]:
    if not isinstance(section, Mapping):
        kinds = ", ".join(EXEMPLAR_KINDS)
        raise RedFlagRulesError(path, "exemplars", f"must map each of {kinds} to named groups")
    unknown = sorted(set(map(str, section)) - set(EXEMPLAR_KINDS))
    if unknown:
        raise RedFlagRulesError(
            path, f"exemplars.{unknown[0]}", f"unknown kind; use {', '.join(EXEMPLAR_KINDS)}"
        )
    found: list[Exemplar] = []
    for kind in EXEMPLAR_KINDS:
        groups = section.get(kind)
        field = f"exemplars.{kind}"
        if not isinstance(groups, Mapping) or not groups:
            raise RedFlagRulesError(path, field, "must map group names to lists of messages")
        for group, texts in groups.items():
            where = f"{field}.{group}"
            if not isinstance(texts, list) or not texts:
                raise RedFlagRulesError(path, where, "must be a non-empty list of messages")
            for index, text in enumerate(texts):
                if not isinstance(text, str) or not text.strip():
                    raise RedFlagRulesError(path, f"{where}[{index}]", "write the message as text")
                found.append(Exemplar(" ".join(text.split()), kind, str(group)))
    return tuple(found)
