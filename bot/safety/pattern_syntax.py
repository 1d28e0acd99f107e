"""Short pattern strings in red_flags.yml, compiled to spaCy Matcher token patterns.

Writing spaCy token dicts by hand for hundreds of phrasings is slow to read and review, so the
rules file uses one short string per phrasing (space-separated tokens):

- ``word``         the lower-cased token equals ``word``
- ``a|b|c``        the lower-cased token is one of the alternatives
- ``/regex/``      the lower-cased token matches the regular expression (typos, word families)
- ``<token>?``     any of the above, optional
- ``~N``           up to N tokens of anything but the file's ``gap_excludes`` words
- ``@name``        a macro from the file's ``macros:`` section: one of several token sequences

A pattern may also be given as a raw spaCy token-pattern list (list of dicts); it is used as is.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Any

TokenPattern = list[dict[str, Any]]

MAX_GAP = 6
# Tag the checker gives every word a gap may step over (all words not in gap_excludes).
GAP_TAG = "GAP_OK"
NO_GAP_TAG = "NO_GAP"
MAX_EXPANSIONS = 64


class PatternSyntaxError(ValueError):
    """A pattern string cannot be compiled; the message says which part and why."""


def compile_pattern(
    pattern: str | Sequence[Mapping[str, Any]],
    macros: Mapping[str, Sequence[str]],
    gap_excludes: Sequence[str] = (),
) -> list[TokenPattern]:
    """Turn one rules-file pattern into the spaCy token patterns it stands for."""
    if isinstance(pattern, str):
        compiled = _compile_string(pattern, macros)
        return [_exclude_from_gaps(tokens, gap_excludes) for tokens in compiled]
    if isinstance(pattern, Sequence) and all(isinstance(token, Mapping) for token in pattern):
        if not pattern:
            raise PatternSyntaxError("an empty token list matches nothing")
        return [[dict(token) for token in pattern]]
    raise PatternSyntaxError("must be a pattern string or a list of spaCy token dicts")


def _compile_string(pattern: str, macros: Mapping[str, Sequence[str]]) -> list[TokenPattern]:
    parts = pattern.split()
    if not parts:
        raise PatternSyntaxError("an empty pattern matches nothing")
    if _is_gap(parts[0]) or _is_gap(parts[-1]):
        raise PatternSyntaxError("a gap '~N' may only stand between two words")
    choices: list[list[TokenPattern]] = []
    for part in parts:
        if part.startswith("@"):
            choices.append(_expand_macro(part[1:], macros))
        else:
            choices.append([_compile_part(part)])
    combos = list(itertools.islice(itertools.product(*choices), MAX_EXPANSIONS + 1))
    if len(combos) > MAX_EXPANSIONS:
        raise PatternSyntaxError(
            f"expands to more than {MAX_EXPANSIONS} token patterns; split it into several patterns"
        )
    compiled = [[token for piece in combo for token in piece] for combo in combos]
    for tokens in compiled:
        if all(token.get("OP") == "?" for token in tokens):
            raise PatternSyntaxError("every token is optional, so it would match empty text")
    return compiled


def _expand_macro(name: str, macros: Mapping[str, Sequence[str]]) -> list[TokenPattern]:
    if name not in macros:
        known = ", ".join(sorted(macros)) or "none defined"
        raise PatternSyntaxError(f"unknown macro '@{name}' (known: {known})")
    expansions: list[TokenPattern] = []
    for alternative in macros[name]:
        parts = str(alternative).split()
        if not parts or any(part.startswith("@") or _is_gap(part) for part in parts):
            raise PatternSyntaxError(
                f"macro '@{name}' alternatives must be plain words (no '@macro', no '~N')"
            )
        expansions.append([token for part in parts for token in _compile_part(part)])
    return expansions


def _exclude_from_gaps(tokens: TokenPattern, gap_excludes: Sequence[str]) -> TokenPattern:
    # An equality test on TAG runs in spaCy's C code; a NOT_IN test per gap token is ~3x slower.
    if not gap_excludes:
        return tokens
    return [{"TAG": GAP_TAG, "OP": "?"} if token == {"OP": "?"} else token for token in tokens]


def _is_gap(part: str) -> bool:
    return re.fullmatch(r"~\d+", part) is not None


def _compile_part(part: str) -> TokenPattern:
    if _is_gap(part):
        size = int(part[1:])
        if not 1 <= size <= MAX_GAP:
            raise PatternSyntaxError(f"gap '{part}' must be between ~1 and ~{MAX_GAP}")
        return [{"OP": "?"} for _ in range(size)]
    optional = len(part) > 1 and part.endswith("?") and not part.endswith("\\?")
    body = part[:-1] if optional else part
    token = _token_test(body)
    if optional:
        token["OP"] = "?"
    return [token]


def _token_test(body: str) -> dict[str, Any]:
    if len(body) >= 2 and body.startswith("/") and body.endswith("/"):
        expression = body[1:-1]
        try:
            re.compile(expression)
        except re.error as error:
            raise PatternSyntaxError(f"bad regular expression /{expression}/: {error}") from None
        return {"LOWER": {"REGEX": expression}}
    if "|" in body:
        options = [option for option in body.lower().split("|") if option]
        if len(options) < 2:
            raise PatternSyntaxError(f"'{body}' needs at least two alternatives around '|'")
        if any(option.startswith("/") for option in options):
            raise PatternSyntaxError(
                f"'{body}' mixes words and a /regex/; write one regex: /^(word|other|regex)$/"
            )
        return {"LOWER": {"IN": options}}
    return {"LOWER": body.lower()}
