"""Word-sequence patterns for content files, matched without spaCy (the action server loads none).

A pattern is words separated by spaces, matched on lower-case words with apostrophes dropped
("can't" is "cant"):
  word        that word               a|b|c     one of these words
  word*       any word starting so    word?     that word is optional
  ~N          up to N words of anything in between
e.g. 'sore|tender ~3 where|at ~2 needle|shot|site' matches "a bit sore where the needle went in".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

WORD = re.compile(r"[a-z0-9]+")
APOSTROPHES = re.compile(r"['\u2019\u2018\u02bc]")
GAP = re.compile(r"^~(\d+)$")
MAX_MESSAGE_CHARS = 20_000


def words_of(text: str) -> list[str]:
    """The message as lower-case words, apostrophes dropped ("Can't" -> "cant")."""
    return WORD.findall(APOSTROPHES.sub("", text[:MAX_MESSAGE_CHARS].lower()))


@dataclass(frozen=True)
class _Step:
    choices: tuple[str, ...] = ()  # alternatives; "x*" matches any word starting with "x"
    optional: bool = False
    gap: int = 0  # > 0: skip up to this many words

    def accepts(self, word: str) -> bool:
        return any(
            word.startswith(choice[:-1]) if choice.endswith("*") else word == choice
            for choice in self.choices
        )


class PhrasePatternError(ValueError):
    """A pattern that cannot be read; the message says what is wrong with it."""


@dataclass(frozen=True)
class PhrasePattern:
    """One compiled pattern; `found_in` says whether the words contain it anywhere."""

    text: str
    steps: tuple[_Step, ...]

    @classmethod
    def parse(cls, text: str) -> PhrasePattern:
        steps: list[_Step] = []
        for part in str(text).lower().split():
            gap = GAP.match(part)
            if gap:
                if not steps or int(gap.group(1)) < 1:
                    raise PhrasePatternError(f"'{part}' must follow a word and be ~1 or more")
                steps.append(_Step(gap=int(gap.group(1))))
                continue
            optional = part.endswith("?")
            choices = tuple(c for c in part.rstrip("?").split("|") if c)
            if not choices or any(not WORD.fullmatch(c.rstrip("*")) for c in choices):
                raise PhrasePatternError(f"'{part}' is not a word, a|b, word* or ~N")
            steps.append(_Step(choices=choices, optional=optional))
        if not steps or steps[-1].gap or all(step.optional for step in steps):
            raise PhrasePatternError(f"'{text}' needs a required word, and cannot end with ~N")
        return cls(str(text), tuple(steps))

    def found_in(self, words: Sequence[str]) -> bool:
        return any(_matches_at(self.steps, words, start) for start in range(len(words)))


def _matches_at(steps: Sequence[_Step], words: Sequence[str], at: int) -> bool:
    if not steps:
        return True
    step, rest = steps[0], steps[1:]
    if step.gap:
        return any(_matches_at(rest, words, at + skip) for skip in range(step.gap + 1))
    if step.optional and _matches_at(rest, words, at):
        return True
    return at < len(words) and step.accepts(words[at]) and _matches_at(rest, words, at + 1)


def any_found(patterns: Iterable[PhrasePattern], words: Sequence[str]) -> bool:
    """True when at least one of the patterns occurs in the words."""
    return any(pattern.found_in(words) for pattern in patterns)
