"""Decide whether a red flag is denied or only asked about ("no fever", "what if I get a fever").

A cue ("no", "don't have", "what if") covers the next few words, unless the sentence turns first:
a scope end ("but", ",", "."), a joiner ("and") followed by a new statement ("and I can't ..."),
or a new statement run on without a comma ("how long will this last i want to die": a clause
starter such as "i" or "my" that is not the first word after the cue, which is the cue's own
subject in "what if I get a fever", nor a modal right after that subject: "what if I can't pee").
An answer word ("No I can't feel my legs") followed by a new statement denies nothing.
A question cue ("what should I do if", "how long will") covers nothing the message reports as
happening: "what do I do if my legs went numb", "how long will my legs be numb, it's been 2 days".
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.safety.rule_file import NegationSettings

Span = tuple[int, int]


@dataclass(frozen=True)
class Cues:
    """Negation cues sorted by where they end, so each red flag looks only at its window;
    `questions` are the ones that only ask ("what if"), `reported` where a report starts."""

    spans: tuple[Span, ...]
    ends: tuple[int, ...]
    questions: frozenset[Span] = frozenset()
    reported: tuple[int, ...] = ()


def active_cues(
    cues: Iterable[Span],
    pseudo_cues: Iterable[Span],
    question_cues: Iterable[Span] = (),
    reported: Iterable[int] = (),
) -> Cues:
    """Cues minus those inside a phrase that negates nothing ("not sure", "can't")."""
    pseudo_words = {index for start, end in pseudo_cues for index in range(start, end)}
    questions = frozenset(question_cues)
    kept = {
        (start, end)
        for start, end in [*cues, *questions]
        if not any(index in pseudo_words for index in range(start, end))
    }
    spans = tuple(sorted(kept, key=lambda cue: (cue[1], cue[0])))
    return Cues(spans, tuple(end for _, end in spans), questions, tuple(sorted(set(reported))))


def is_negated(words: Sequence[str], match: Span, cues: Cues, settings: NegationSettings) -> bool:
    """True when a cue before the red flag `match` still covers it."""
    match_start = match[0]
    first = bisect.bisect_left(cues.ends, match_start - settings.window)
    last = bisect.bisect_right(cues.ends, match_start)
    for cue in cues.spans[first:last]:
        if _answers_a_question(words, *cue, settings):
            continue
        if cue in cues.questions and _reported(words, match, cues, settings):
            continue
        if _scope_reaches(words, cue[1], match_start, settings):
            return True
    return False


def _reported(words: Sequence[str], match: Span, cues: Cues, settings: NegationSettings) -> bool:
    """A report verb in the red flag or just before it ("my legs went numb"), or a report span
    ("it's been 2 days", "for 8 hours") from the red flag to the end of its sentence."""
    start, end = match
    if any(word in settings.reported_verbs for word in words[max(0, start - 2) : end]):
        return True
    stop = next(
        (index for index in range(end, len(words)) if words[index] in settings.sentence_ends),
        len(words),
    )
    at = bisect.bisect_left(cues.reported, start)
    return at < len(cues.reported) and cues.reported[at] < stop


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
    # The red flag's own first word counts too: "no energy i just give up", "doesnt matter who
    # cares if im dead" start a new statement with the flag itself.
    for index in range(cue_end, match_start + 1):
        word = words[index]
        if word in settings.scope_ends:
            return False
        joins = index < match_start and word in settings.clause_joiners
        if joins and words[index + 1] in settings.clause_starters:
            return False
        own_subjects_modal = index == cue_end + 1 and word in settings.subject_modals
        if index > cue_end and word in settings.clause_starters and not own_subjects_modal:
            return False  # a new statement with no comma: "how long will this last i want to die"
    return True
