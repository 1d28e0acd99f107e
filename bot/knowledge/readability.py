"""Reading-level measures for patient text, so content checks and tests agree on one method."""

from __future__ import annotations

import textstat

# AMA targets 6th grade; NIH allows up to 8th (content/sources: readability targets).
TARGET_READING_GRADE = 6.0
MAX_READING_GRADE = 8.0


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade of the text, as textstat 0.7.3 measures it."""
    return float(textstat.flesch_kincaid_grade(text))


def sentence_count(text: str) -> int:
    """Number of sentences, counted the same way the grade formula counts them."""
    return int(textstat.sentence_count(text))
