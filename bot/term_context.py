"""Procedures inferred from the words around a term (terms.yml `context_terms`, `refinements`).

Some words name a procedure only in the right setting: a "steroid shot" for sciatica is an
epidural steroid injection, one in the shoulder is not ours at all. And a named procedure gets
more precise from the words around it: nerve burning "on my knee" is genicular RFA, the
stimulator "trial" is the trial. Both read the whole message: any `with_any` phrase must be there
and no `unless_any` phrase. Phrases are matched as whole words, case-insensitively; a plural with
"s" on the last word counts too. No spaCy here: bot/terms.py tokenises and calls these rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import ContentError

Phrase = tuple[str, ...]
Tokenize = Callable[[str], Phrase]
CONTEXT_LABEL_PREFIX = "__in_context__"
CONTEXT_TERM_KEYS = frozenset({"procedure", "terms", "with_any", "unless_any"})
REFINEMENT_KEYS = frozenset({"from", "to", "with_any", "unless_any"})


class TermContextError(ContentError):
    """A context rule in content/terms.yml cannot be used; names the file, the field and the fix."""


@dataclass(frozen=True)
class Surroundings:
    """Phrases (lower-case words) of which one must be in the message, and none of the others."""

    with_any: tuple[Phrase, ...]
    unless_any: tuple[Phrase, ...] = ()

    def hold(self, words: Sequence[str]) -> bool:
        """True for a message (its lower-case words) with a `with_any` phrase and no
        `unless_any` phrase."""
        return any(_contains(words, p) for p in self.with_any) and not any(
            _contains(words, p) for p in self.unless_any
        )


@dataclass(frozen=True)
class ContextTerm:
    """Terms that mean `procedure` only when the surroundings hold."""

    procedure: str
    terms: tuple[str, ...]
    surroundings: Surroundings

    def label(self, index: int) -> str:
        return f"{CONTEXT_LABEL_PREFIX}{index}"


@dataclass(frozen=True)
class Refinement:
    """A mention of `from_id` becomes `to_id` (a kind of it) when the surroundings hold."""

    from_id: str
    to_id: str
    surroundings: Surroundings


def context_rule_index(label: str) -> int | None:
    """The index of the context term a matcher label stands for, or None for a plain label."""
    if label.startswith(CONTEXT_LABEL_PREFIX):
        return int(label[len(CONTEXT_LABEL_PREFIX) :])
    return None


def parse_context_terms(
    raw: object, path: Path, known: Sequence[str], tokenize: Tokenize
) -> tuple[ContextTerm, ...]:
    """The `context_terms:` list, checked; errors name the field and the fix."""
    rules = []
    for index, entry in enumerate(_entries(raw, path, "context_terms")):
        field = f"context_terms[{index}]"
        _only_keys(entry, CONTEXT_TERM_KEYS, path, field)
        procedure = _procedure_id(entry.get("procedure"), known, path, f"{field}.procedure")
        terms = _phrases(entry.get("terms"), path, f"{field}.terms")
        rules.append(ContextTerm(procedure, terms, _surroundings(entry, path, field, tokenize)))
    return tuple(rules)


def parse_refinements(
    raw: object,
    path: Path,
    known: Sequence[str],
    parent_of: Callable[[str], str | None],
    tokenize: Tokenize,
) -> tuple[Refinement, ...]:
    """The `refinements:` list, checked: `to` must be a kind of `from`."""
    rules = []
    for index, entry in enumerate(_entries(raw, path, "refinements")):
        field = f"refinements[{index}]"
        _only_keys(entry, REFINEMENT_KEYS, path, field)
        from_id = _procedure_id(entry.get("from"), known, path, f"{field}.from")
        to_id = _procedure_id(entry.get("to"), known, path, f"{field}.to")
        ancestor = parent_of(to_id)
        while ancestor is not None and ancestor != from_id:
            ancestor = parent_of(ancestor)
        if ancestor is None:
            fix = f"'{to_id}' is not a kind of '{from_id}'; refine a procedure to a child of it"
            raise TermContextError(path, f"{field}.to", fix)
        rules.append(Refinement(from_id, to_id, _surroundings(entry, path, field, tokenize)))
    return tuple(rules)


def _contains(words: Sequence[str], phrase: Phrase) -> bool:
    if not phrase:
        return False
    plural = (*phrase[:-1], phrase[-1] + "s")
    size = len(phrase)
    return any(tuple(words[i : i + size]) in (phrase, plural) for i in range(len(words) - size + 1))


def _entries(raw: object, path: Path, section: str) -> list[dict[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(entry, dict) for entry in raw):
        raise TermContextError(path, section, "give a list of mappings (see the file's header)")
    return raw


def _only_keys(entry: dict[str, Any], allowed: frozenset[str], path: Path, field: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        fix = f"remove it; allowed: {', '.join(sorted(allowed))}"
        raise TermContextError(path, f"{field}.{unknown[0]}", fix)


def _procedure_id(value: object, known: Sequence[str], path: Path, field: str) -> str:
    if not isinstance(value, str) or value not in known:
        raise TermContextError(path, field, f"use one of the procedure ids: {', '.join(known)}")
    return value


def _phrases(value: object, path: Path, field: str, required: bool = True) -> tuple[str, ...]:
    if value is None and not required:
        return ()
    if (
        not isinstance(value, list)
        or (required and not value)
        or not all(isinstance(item, str) and item.strip() for item in value)
    ):
        raise TermContextError(path, field, "give a non-empty list of phrases, e.g. [back, spine]")
    return tuple(item.strip() for item in value)


def _surroundings(
    entry: dict[str, Any], path: Path, field: str, tokenize: Tokenize
) -> Surroundings:
    with_any = _phrases(entry.get("with_any"), path, f"{field}.with_any")
    unless_any = _phrases(entry.get("unless_any"), path, f"{field}.unless_any", required=False)
    return Surroundings(
        with_any=tuple(tokenize(phrase) for phrase in with_any),
        unless_any=tuple(tokenize(phrase) for phrase in unless_any),
    )
