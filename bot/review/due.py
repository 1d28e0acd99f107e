"""Which content is due for a clinician's review: every knowledge entry and each safety file.

`make test` fails once a review date has passed (tests/content/test_reviews_are_current.py):
content nobody has re-checked should not keep reaching patients unnoticed. The bot itself keeps
running; only CI stops.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.knowledge import DEFAULT_CONTENT_ROOT, KnowledgeBase, Review
from bot.knowledge.expected_effects import ExpectedEffects
from bot.knowledge.parsing import parse_review
from bot.safety.errors import RedFlagRulesError
from bot.safety.files import DEFAULT_MENTIONS_FILE, DEFAULT_RULES_FILE
from bot.yaml_files import read_yaml

SAFETY_FILES = (DEFAULT_RULES_FILE, DEFAULT_MENTIONS_FILE)


@dataclass(frozen=True)
class ReviewedItem:
    """One piece of content a clinician signs off: an answer, or a whole safety file."""

    name: str
    file: Path
    review: Review


class ReviewOverdue(AssertionError):
    """Some content is past its review date; the message lists each item and its file."""


def today() -> date:
    """Today's date; tests replace this to show that an overdue review fails the build."""
    return date.today()


def reviewed_items(root: Path = DEFAULT_CONTENT_ROOT) -> list[ReviewedItem]:
    """Every answer entry (as written, not inherited copies), every expected-effect answer and
    the two safety files."""
    knowledge = KnowledgeBase.load(root)
    items = [
        ReviewedItem(f"{subject.id} / {entry.topic}", subject.file, entry.review)
        for subject, entry in knowledge.entries()
    ]
    effects = ExpectedEffects.load(root / "expected_effects.yml", root)
    items += [
        ReviewedItem(
            f"expected effect {effect.id} / {effect_answer_for(answer)}",
            effects.file,
            answer.review,
        )
        for effect, answer in effects.answers()
    ]
    items += [ReviewedItem(path.name, path, safety_file_review(path)) for path in SAFETY_FILES]
    return items


def effect_answer_for(answer: Any) -> str:
    """Whom an expected-effect answer is for, as one short label ("general, nerve_block")."""
    return ", ".join((["general"] if answer.general else []) + list(answer.procedures))


def safety_file_review(path: Path) -> Review:
    """The `review:` block of a safety rules file (read without spaCy)."""
    raw: Any = read_yaml(path, RedFlagRulesError)
    section = raw.get("review") if isinstance(raw, Mapping) else None
    if not isinstance(section, Mapping):
        raise RedFlagRulesError(path, "review", "add reviewed, reviewed_by (a role) and review_due")
    return parse_review(path, "review.", section)


def overdue(items: list[ReviewedItem], on: date) -> list[ReviewedItem]:
    """The items whose review is past due on the given day, soonest due first."""
    late = [item for item in items if item.review.overdue_on(on)]
    return sorted(late, key=lambda item: (item.review.review_due, item.name))


def check_reviews_current(root: Path = DEFAULT_CONTENT_ROOT) -> None:
    """Raise ReviewOverdue naming every item past its review date (today's date, see `today`)."""
    on = today()
    late = overdue(reviewed_items(root), on)
    if late:
        lines = [
            f"{item.file}: {item.name}: review was due {item.review.review_due} "
            f"(last reviewed {item.review.reviewed} by {item.review.reviewed_by})"
            for item in late
        ]
        raise ReviewOverdue(
            f"{len(late)} content item(s) are past their review date on {on}; "
            "have a clinician review them (make content-sheet), then update reviewed, "
            "reviewed_by and review_due:\n" + "\n".join(lines)
        )


def main() -> int:
    try:
        check_reviews_current()
    except ReviewOverdue as error:
        print(error, file=sys.stderr)
        return 1
    print("content reviews: all current")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
