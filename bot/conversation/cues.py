"""Cue files: how patients word a feeling, a decision or a condition, and what answers it.

Each file maps a kind to `cues` (regular expressions, matched case-insensitively on the
message), optional `unless` (expressions that rule the kind out, e.g. "what if" before "it
didn't work") and the fields its answer needs. Kinds are tried in file order; the first whose
cues match wins. A malformed file stops start-up naming the file, the field and the fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from bot.errors import ContentError
from bot.paths import CONTENT_DIR
from bot.yaml_files import read_yaml

CONVERSATION_DIR = CONTENT_DIR / "conversation"
FEELINGS_FILE = CONVERSATION_DIR / "feelings.yml"
DECISIONS_FILE = CONVERSATION_DIR / "decisions.yml"
CONDITIONS_FILE = CONVERSATION_DIR / "conditions.yml"
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
MAX_MESSAGE_CHARS = 5_000


class CueFileError(ContentError):
    """A cue file cannot be used; the message names the file, the field and the fix."""


@dataclass(frozen=True)
class Cues:
    """When a kind applies: one cue matches and no `unless` expression does."""

    match: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()

    def found_in(self, text: str) -> bool:
        return any(p.search(text) for p in self.match) and not any(
            p.search(text) for p in self.unless
        )


@dataclass(frozen=True)
class Feeling:
    """A feeling patients share, the warm line said first, and what may follow it."""

    name: str
    cues: Cues
    acknowledge: tuple[str, ...]
    answer_topics: tuple[str, ...] = ()
    fallback_subject: str | None = None
    offer: tuple[str, ...] = ()
    safety_line: bool = False


@dataclass(frozen=True)
class Decision:
    """A kind of personal decision, and the reply that hands it back to the patient."""

    name: str
    cues: Cues
    questions: str | None = None


@dataclass(frozen=True)
class Condition:
    """A condition patients name, the answer about what a pain clinic offers for it."""

    name: str
    cues: Cues
    subject: str
    procedures: tuple[str, ...] = ()


Kind = TypeVar("Kind", Feeling, Decision, Condition)


def normalise(text: Any) -> str:
    """The message as cues read it: lower case, straight quotes, bounded length."""
    if not isinstance(text, str):
        return ""
    return " ".join(text[:MAX_MESSAGE_CHARS].translate(QUOTES).lower().split())


def first_match(kinds: Sequence[Kind], text: Any) -> Kind | None:
    """The first kind (in file order) whose cues the message matches."""
    message = normalise(text)
    return next((kind for kind in kinds if message and kind.cues.found_in(message)), None)


def load_feelings(path: Path = FEELINGS_FILE) -> tuple[Feeling, ...]:
    def build(reader: _Reader) -> Feeling:
        return Feeling(
            name=reader.name,
            cues=reader.cues(),
            acknowledge=reader.texts("acknowledge", required=True),
            answer_topics=reader.texts("answer_topics"),
            fallback_subject=reader.text("fallback_subject"),
            offer=reader.texts("offer"),
            safety_line=reader.flag("safety_line"),
        )

    return _load(path, "feelings", build)


def load_decisions(path: Path = DECISIONS_FILE) -> tuple[Decision, ...]:
    def build(reader: _Reader) -> Decision:
        return Decision(
            name=reader.name,
            cues=reader.cues(),
            questions=reader.text("questions"),
        )

    return _load(path, "decisions", build)


def load_conditions(path: Path = CONDITIONS_FILE) -> tuple[Condition, ...]:
    def build(reader: _Reader) -> Condition:
        return Condition(
            name=reader.name,
            cues=reader.cues(),
            subject=reader.text("subject", required=True) or "",
            procedures=reader.texts("procedures"),
        )

    return _load(path, "conditions", build)


def _load(path: Path, section: str, build: Callable[[_Reader], Kind]) -> tuple[Kind, ...]:
    raw = read_yaml(path, CueFileError)
    kinds = raw.get(section) if isinstance(raw, Mapping) else None
    if not isinstance(kinds, Mapping) or not kinds:
        raise CueFileError(
            path, section, f"add a mapping of each kind to its cues under {section}:"
        )
    return tuple(_build_checked(build, _Reader(path, section, str(n), s)) for n, s in kinds.items())


def _build_checked(build: Callable[[_Reader], Kind], reader: _Reader) -> Kind:
    kind = build(reader)
    unknown = sorted(set(map(str, reader.spec)) - reader.used)
    if unknown:
        raise CueFileError(
            reader.path,
            f"{reader.field}.{unknown[0]}",
            f"unknown field; use {', '.join(sorted(reader.used))}",
        )
    return kind


class _Reader:
    """Reads one kind's fields, naming the field on every mistake."""

    def __init__(self, path: Path, section: str, name: str, spec: Any) -> None:
        self.path, self.name = path, name
        self.field = f"{section}.{name}"
        if not isinstance(spec, Mapping):
            raise CueFileError(path, self.field, "give a mapping with cues and the answer fields")
        self.spec = spec
        self.used: set[str] = set()

    def cues(self) -> Cues:
        return Cues(self._patterns("cues", required=True), self._patterns("unless"))

    def texts(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self._get(key, required, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise CueFileError(self.path, f"{self.field}.{key}", "give a list of texts")
        if required and not value:
            raise CueFileError(self.path, f"{self.field}.{key}", "list at least one")
        return tuple(" ".join(v.split()) for v in value)

    def text(self, key: str, required: bool = False) -> str | None:
        value = self._get(key, required, None)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise CueFileError(self.path, f"{self.field}.{key}", "give a text")
        return value.strip() if value else None

    def flag(self, key: str) -> bool:
        value = self._get(key, False, False)
        if not isinstance(value, bool):
            raise CueFileError(self.path, f"{self.field}.{key}", "write true or false")
        return value

    def _get(self, key: str, required: bool, default: Any) -> Any:
        self.used.add(key)
        if required and key not in self.spec:
            raise CueFileError(self.path, f"{self.field}.{key}", "this field is required")
        return self.spec.get(key, default)

    def _patterns(self, key: str, required: bool = False) -> tuple[re.Pattern[str], ...]:
        compiled = []
        for index, pattern in enumerate(self.texts(key, required)):
            try:
                compiled.append(re.compile(pattern))
            except re.error as error:
                raise CueFileError(
                    self.path, f"{self.field}.{key}[{index}]", f"not a valid expression: {error}"
                ) from None
        return tuple(compiled)
