"""Decide whether a red flag is denied or only asked about ("no fever", "what if I get a fever").

A cue ("no", "don't have", "what if") covers the next few words, unless the sentence turns first:
a scope end ("but", ",", "."), or a joiner ("and") followed by a new statement ("and I can't ...").
An answer word ("No I can't feel my legs") followed by a new statement denies nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.safety.rule_file import NegationSettings

Span = tuple[int, int]


def active_cues(cues: Iterable[Span], pseudo_cues: Iterable[Span]) -> list[Span]:
    """Drop cues that are part of a phrase that negates nothing ("not sure", "can't")."""
    pseudo = list(pseudo_cues)
    return [
        (start, end)
        for start, end in cues
        if not any(p_start < end and start < p_end for p_start, p_end in pseudo)
    ]


def is_negated(
    words: Sequence[str], match_start: int, cues: Iterable[Span], settings: NegationSettings
) -> bool:
    """True when a cue before `match_start` still covers it."""
    for cue_start, cue_end in cues:
        if cue_end > match_start or match_start - cue_end > settings.window:
            continue
        if _answers_a_question(words, cue_start, cue_end, settings):
            continue
        if _scope_reaches(words, cue_end, match_start, settings):
            return True
    return False


def _answers_a_question(
    words: Sequence[str], cue_start: int, cue_end: int, settings: NegationSettings
) -> bool:
    """ "No I can't feel my legs": a lone "no" followed by a new statement."""
    cue = words[cue_start:cue_end]
    return (
        len(cue) == 1
        and cue[0] in settings.answer_words
        and words[cue_end] in settings.clause_starters
    )


def _scope_reaches(
    words: Sequence[str], cue_end: int, match_start: int, settings: NegationSettings
) -> bool:
    for index in range(cue_end, match_start):
        word = words[index]
        if word in settings.scope_ends:
            return False
        if word in settings.clause_joiners and words[index + 1] in settings.clause_starters:
            return False
    return True
