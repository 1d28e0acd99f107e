"""Find which insurer a patient means ("do you take atena?") and whether the clinic accepts it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import Field, validator
from rapidfuzz.distance import DamerauLevenshtein

from bot.content_models import ContentModel, Text, load_model
from bot.paths import CONTENT_DIR

DEFAULT_ALIASES_FILE = CONTENT_DIR / "insurer_aliases.yml"
MIN_FUZZY_LENGTH = 5
LONG_NAME_LENGTH = 9  # names this long may have two typos, shorter ones one

Tokens = tuple[str, ...]


@dataclass(frozen=True)
class InsuranceMatch:
    """accepted_name: the clinic's own wording when accepted; asked_name: the insurer understood."""

    accepted_name: str | None
    asked_name: str | None


@dataclass(frozen=True)
class InsurerAliases:
    """Display name -> every way of writing it, plus the safety lists from the aliases file."""

    names: dict[str, tuple[Tokens, ...]]
    exact_only: frozenset[str]
    not_insurers: tuple[Tokens, ...]


def normalise(text: str) -> Tokens:
    """Lower-case words without punctuation or possessive 's, so "Aetna's" is "aetna"."""
    text = text.lower().replace("’", "'").replace("&", " and ")
    text = re.sub(r"'s\b", "", text).replace("'", "")
    return tuple(re.sub(r"[^a-z0-9]+", " ", text).split())


class InsurerAliasesFile(ContentModel):
    """content/insurer_aliases.yml as written."""

    insurers: dict[str, list[Text]] = Field(
        description="a mapping: display name -> list of aliases (or [])"
    )
    exact_only: list[Text] = Field([], description="display names matched only as written")
    not_insurers: list[Text] = Field([], description="words that are never an insurer")

    @validator("insurers")
    def _some_insurers(cls, insurers: dict) -> dict:  # noqa: N805
        if not insurers:
            raise ValueError("write a mapping: display name -> list of aliases")
        return insurers

    @validator("exact_only")
    def _listed_insurers(cls, names: list[str], values: dict) -> list[str]:  # noqa: N805
        unknown = set(names) - set(values.get("insurers", names))
        if unknown:
            raise ValueError(f"not listed under insurers: {sorted(unknown)}")
        return names


@lru_cache(maxsize=4)
def load_insurer_aliases(path: Path = DEFAULT_ALIASES_FILE) -> InsurerAliases:
    """Read content/insurer_aliases.yml once; a malformed file names the field to fix."""
    data = load_model(InsurerAliasesFile, path)
    names = {
        display: tuple(normalise(alias) for alias in [display, *aliases])
        for display, aliases in data.insurers.items()
    }
    not_insurers = tuple(normalise(word) for word in data.not_insurers)
    return InsurerAliases(names, frozenset(data.exact_only), not_insurers)


def match_insurer(
    text: str, accepted: Sequence[str], aliases: InsurerAliases | None = None
) -> InsuranceMatch:
    """The insurer named in `text` and, if the clinic lists it, the clinic's wording of it."""
    aliases = aliases or load_insurer_aliases()
    names = dict(aliases.names)
    accepted_by_name: dict[str, str] = {}
    for entry in accepted:
        display = _find_exact(normalise(entry), names) or entry
        names.setdefault(display, (normalise(entry),))
        accepted_by_name.setdefault(display, entry)
    words = _mask(normalise(text), aliases.not_insurers)
    asked = _find_exact(words, names) or _find_fuzzy(words, names, aliases.exact_only)
    return InsuranceMatch(accepted_by_name.get(asked) if asked else None, asked)


def _mask(words: Tokens, phrases: Iterable[Tokens]) -> Tokens:
    """Blank out everyday words (like "human") so they are never read as an insurer."""
    masked = list(words)
    for phrase in phrases:
        for start in _positions(words, phrase):
            masked[start : start + len(phrase)] = [""] * len(phrase)
    return tuple(masked)


def _positions(words: Tokens, phrase: Tokens) -> list[int]:
    size = len(phrase)
    return [i for i in range(len(words) - size + 1) if words[i : i + size] == phrase]


def _find_exact(words: Tokens, names: dict[str, tuple[Tokens, ...]]) -> str | None:
    """Earliest mention wins; at the same place the longest name wins (Medicare Advantage)."""
    hits = [
        (start, -len(form), display)
        for display, forms in names.items()
        for form in forms
        if form
        for start in _positions(words, form)
    ]
    return min(hits)[2] if hits else None


def _find_fuzzy(
    words: Tokens, names: dict[str, tuple[Tokens, ...]], exact_only: frozenset[str]
) -> str | None:
    """Closest one-word (or one-typo-per-word) match; a tie between two insurers means no match."""
    best: dict[str, int] = {}
    for display, forms in names.items():
        if display in exact_only:
            continue
        for form in forms:
            target = "".join(form)
            if len(target) < MIN_FUZZY_LENGTH:
                continue
            allowed = 2 if len(target) >= LONG_NAME_LENGTH else 1
            for window in _windows(words, len(form)):
                distance = DamerauLevenshtein.distance(window, target, score_cutoff=allowed)
                if distance <= allowed and distance < best.get(display, allowed + 1):
                    best[display] = distance
    if not best:
        return None
    ranked = sorted(best.items(), key=lambda item: item[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def _windows(words: Tokens, size: int) -> list[str]:
    """Runs of `size` words joined without spaces, skipping masked words."""
    return [
        "".join(words[i : i + size])
        for i in range(len(words) - size + 1)
        if all(words[i : i + size]) and len("".join(words[i : i + size])) >= MIN_FUZZY_LENGTH - 1
    ]
