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

from pydantic import Field

from bot.content_models import ContentModel, Text

Phrase = tuple[str, ...]
Tokenize = Callable[[str], Phrase]
CONTEXT_LABEL_PREFIX = "__in_context__"


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


class _Surrounded(ContentModel):
    with_any: list[Text] = Field(
        min_items=1, description="a non-empty list of phrases, e.g. [back, spine]"
    )
    unless_any: list[Text] = Field([], description="a list of phrases, e.g. [shoulder]")

    def surroundings(self, tokenize: Tokenize) -> Surroundings:
        return Surroundings(
            with_any=tuple(tokenize(phrase) for phrase in self.with_any),
            unless_any=tuple(tokenize(phrase) for phrase in self.unless_any),
        )


class ContextTermEntry(_Surrounded):
    """One entry of `context_terms:` as written in terms.yml."""

    procedure: Text = Field(description="one of the procedure ids")
    terms: list[Text] = Field(
        min_items=1, description="a non-empty list of phrases, e.g. [steroid shot]"
    )


class RefinementEntry(_Surrounded):
    """One entry of `refinements:` as written in terms.yml."""

    from_: Text = Field(alias="from", description="the procedure id a mention is made precise from")
    to: Text = Field(description="a procedure id that is a kind of `from`")


def context_terms_of(
    entries: Sequence[ContextTermEntry], tokenize: Tokenize
) -> tuple[ContextTerm, ...]:
    """The checked `context_terms:` entries, ready for matching."""
    return tuple(
        ContextTerm(entry.procedure, tuple(entry.terms), entry.surroundings(tokenize))
        for entry in entries
    )


def refinements_of(
    entries: Sequence[RefinementEntry], tokenize: Tokenize
) -> tuple[Refinement, ...]:
    """The checked `refinements:` entries, ready for matching."""
    return tuple(
        Refinement(entry.from_, entry.to, entry.surroundings(tokenize)) for entry in entries
    )


def _contains(words: Sequence[str], phrase: Phrase) -> bool:
    if not phrase:
        return False
    plural = (*phrase[:-1], phrase[-1] + "s")
    size = len(phrase)
    return any(tuple(words[i : i + size]) in (phrase, plural) for i in range(len(words) - size + 1))
