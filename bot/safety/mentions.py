"""Does a message mention a symptom, a procedure's after-effects, or distress? (spaCy-free)

The wider, softer net beside the red-flag rules: it decides whether a reply that cannot answer
(unsure, out of scope, missing detail, clinic closed) should add a safety line with 911 / 988 /
the after-hours number. The word lists live in content/safety/safety_mentions.yml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.knowledge import KnowledgeError, Review
from bot.knowledge.parsing import parse_review
from bot.safety.errors import RedFlagRulesError
from bot.safety.files import DEFAULT_MENTIONS_FILE
from bot.yaml_files import WHOLE_FILE, read_yaml

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
MAX_MESSAGE_CHARS = 100_000
TOP_LEVEL_KEYS = frozenset({"review", "kinds"})
KIND_KEYS = frozenset({"words", "phrases"})

Token = tuple[str, ...]  # alternatives; an entry ending in "*" matches any ending


@dataclass(frozen=True)
class MentionKind:
    """One kind of mention (symptom, distress) and the word sequences that show it."""

    name: str
    sequences: tuple[tuple[Token, ...], ...]

    def found_in(self, words: Sequence[str]) -> bool:
        return any(_occurs(sequence, words) for sequence in self.sequences)


@dataclass(frozen=True)
class SafetyMentions:
    """Finds which kinds of safety-relevant talk a message contains, in the file's order."""

    kinds: tuple[MentionKind, ...]
    review: Review

    @classmethod
    def load(cls, path: Path | None = None) -> SafetyMentions:
        """Read and check content/safety/safety_mentions.yml (or `path`); bad files raise."""
        path = Path(path) if path is not None else DEFAULT_MENTIONS_FILE
        return _parse(path, read_yaml(path, RedFlagRulesError))

    def kinds_in(self, text: Any) -> tuple[str, ...]:
        """Names of the kinds the text mentions, e.g. ("distress", "symptom"); never raises."""
        if not isinstance(text, str) or not text.strip():
            return ()
        words = WORD.findall(text[:MAX_MESSAGE_CHARS].translate(QUOTES).lower())
        return tuple(kind.name for kind in self.kinds if kind.found_in(words))


def _parse(path: Path, raw: Any) -> SafetyMentions:
    if not isinstance(raw, Mapping):
        raise RedFlagRulesError(path, WHOLE_FILE, "must be a mapping with 'kinds:'")
    unknown = sorted(set(map(str, raw)) - TOP_LEVEL_KEYS)
    if unknown:
        raise RedFlagRulesError(path, unknown[0], "unknown section; use review and kinds")
    review_raw = raw.get("review")
    if not isinstance(review_raw, Mapping):
        raise RedFlagRulesError(path, "review", "add reviewed, reviewed_by (a role) and review_due")
    try:
        review = parse_review(path, "review.", review_raw)
    except KnowledgeError as error:
        raise RedFlagRulesError(path, error.field, error.fix) from None
    kinds_raw = raw.get("kinds")
    if not isinstance(kinds_raw, Mapping) or not kinds_raw:
        raise RedFlagRulesError(path, "kinds", "map each kind (symptom, distress) to its words")
    kinds = tuple(_kind(path, str(name), spec) for name, spec in kinds_raw.items())
    return SafetyMentions(kinds, review)


def _kind(path: Path, name: str, spec: Any) -> MentionKind:
    field = f"kinds.{name}"
    if not isinstance(spec, Mapping) or set(map(str, spec)) - KIND_KEYS:
        raise RedFlagRulesError(path, field, "give 'words' and/or 'phrases' lists")
    sequences: list[tuple[Token, ...]] = []
    for key in ("words", "phrases"):
        entries = spec.get(key) or []
        if not isinstance(entries, list) or not all(isinstance(e, str | int) for e in entries):
            raise RedFlagRulesError(path, f"{field}.{key}", "must be a list of words or phrases")
        for entry in entries:
            parts = str(entry).lower().split()
            if not parts or (key == "words" and len(parts) != 1):
                raise RedFlagRulesError(path, f"{field}.{key}", f"'{entry}' is not a single word")
            sequences.append(tuple(_token(part) for part in parts))
    if not sequences:
        raise RedFlagRulesError(path, field, "add at least one word or phrase")
    return MentionKind(name, tuple(sequences))


def _token(part: str) -> Token:
    """`a|b?` -> alternatives; a trailing `?` makes the word optional (kept as an empty choice)."""
    optional = part.endswith("?")
    choices = tuple(choice for choice in part.rstrip("?").split("|") if choice)
    return choices + (("",) if optional else ())


def _word_matches(choice: str, word: str) -> bool:
    return word.startswith(choice[:-1]) if choice.endswith("*") else word == choice


def _occurs(sequence: tuple[Token, ...], words: Sequence[str]) -> bool:
    return any(_matches_at(sequence, words, start) for start in range(len(words)))


def _matches_at(sequence: tuple[Token, ...], words: Sequence[str], start: int) -> bool:
    if not sequence:
        return True
    first, rest = sequence[0], sequence[1:]
    if "" in first and _matches_at(rest, words, start):
        return True
    return (
        start < len(words)
        and any(choice and _word_matches(choice, words[start]) for choice in first)
        and _matches_at(rest, words, start + 1)
    )
