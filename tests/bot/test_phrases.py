"""bot/phrases.py: the spaCy-free word patterns that content files use."""

from __future__ import annotations

import pytest

from bot.phrases import PhrasePattern, PhrasePatternError, words_of


def found(pattern: str, text: str) -> bool:
    return PhrasePattern.parse(pattern).found_in(words_of(text))


def test_words_are_lower_case_and_drop_apostrophes() -> None:
    assert words_of("I Can't SLEEP!") == ["i", "cant", "sleep"]
    assert words_of("it\u2019s wearing off") == ["its", "wearing", "off"]


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("flush*", "my face is flushed", True),
        ("flush*", "I blushed", False),
        ("red|pink face", "a pink face", True),
        ("sore ~3 where ~2 needle", "sore right where the needle went in", True),
        ("sore ~1 where", "sore in the spot where", False),
        ("lump in? throat", "lump throat", True),
        ("lump in? throat", "a lump in my throat", False),
        ("cant sleep", "I can't sleep at all", True),
    ],
)
def test_patterns_match_words_alternatives_prefixes_gaps_and_optional_words(
    pattern: str, text: str, expected: bool
) -> None:
    assert found(pattern, text) is expected


@pytest.mark.parametrize("bad", ["", "~2 sore", "sore ~2", "sore ~0 back", "so/re", "x? y?"])
def test_unreadable_patterns_are_rejected_with_a_reason(bad: str) -> None:
    with pytest.raises(PhrasePatternError):
        PhrasePattern.parse(bad)
