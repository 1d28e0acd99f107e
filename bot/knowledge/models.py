"""Answer entries and subjects: the shapes the loader builds and the actions read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import Field, validator

from bot.content_models import ContentModel, IsoDate, Text

PROCEDURE_KIND = "procedure"
JOURNEY_KIND = "journey"
# Answers for when the patient has not said which procedure: common to the procedures a general
# subject `applies_to` ("a back injection": epidural or facet shots), or to every procedure.
GENERAL_KIND = "general"

# Topic order is the order a patient usually walks through them (see docs/architecture.md).
PROCEDURE_CORE_TOPICS: tuple[str, ...] = (
    "what_is",
    "who_helps",
    "prepare",
    "during",
    "recovery",
    "relief",
    "repeat",
    "risks",
    "warning_signs",
    "compare",
)
# Questions patients ask beyond the core walk-through; a procedure answers them when it (or its
# parent) has an entry, and the actions say so honestly when it has none.
PROCEDURE_EXTRA_TOPICS: tuple[str, ...] = (
    "mri",
    "pain_sedation",
    "blood_thinners",
    "eating_medicines",
    "return_activity",
    "bathing",
    "aftercare_pain",
    "pregnancy",
    "allergies",
    "implants",
    "illness_before",
    "steroid_effects",
    "not_working",
    "is_normal",
    "scs_daily_life",
)
REQUIRED_TOPICS: Mapping[str, tuple[str, ...]] = {
    PROCEDURE_KIND: PROCEDURE_CORE_TOPICS,
    JOURNEY_KIND: ("overview",),
    GENERAL_KIND: (),
}
OPTIONAL_TOPICS: Mapping[str, tuple[str, ...]] = {
    PROCEDURE_KIND: PROCEDURE_EXTRA_TOPICS,
    JOURNEY_KIND: ("duration",),
    GENERAL_KIND: PROCEDURE_CORE_TOPICS + PROCEDURE_EXTRA_TOPICS,
}
KINDS: tuple[str, ...] = tuple(REQUIRED_TOPICS)


def allowed_topics(kind: str) -> tuple[str, ...]:
    """All topic names a subject of this kind may answer, in display order."""
    return REQUIRED_TOPICS[kind] + OPTIONAL_TOPICS[kind]


class Review(ContentModel):
    """Who last checked a piece of content (a role, never a name), when, and when it is due."""

    reviewed: IsoDate = Field(description="the date of the last review, YYYY-MM-DD")
    reviewed_by: Text = Field(description="the reviewer's role, e.g. 'clinic physician'")
    review_due: IsoDate = Field(description="the date of the next review, YYYY-MM-DD")

    class Config:
        frozen = True

    @validator("review_due")
    def _after_the_last_review(cls, due: date, values: dict) -> date:  # noqa: N805
        if "reviewed" in values and due <= values["reviewed"]:
            raise ValueError("the next review must come after the last one")
        return due

    def overdue_on(self, today: date) -> bool:
        """True once `today` is past the due date: the content needs a clinician's eyes again."""
        return today > self.review_due


@dataclass(frozen=True)
class Source:
    """A public page an answer rests on; staff see it as a link (title -> url)."""

    key: str
    title: str
    url: str
    note: str | None = None


@dataclass(frozen=True)
class Entry:
    """One short, sourced answer about one topic; frozen so actions cannot alter content."""

    topic: str
    text: str
    sources: tuple[str, ...]
    review: Review
    next: str | None = None

    @property
    def reviewed(self) -> date:
        return self.review.reviewed


@dataclass(frozen=True)
class Subject:
    """A procedure, journey or general subject with its own entries (inherited ones not copied).

    `applies_to` (general subjects only) names the procedure ids its answers hold for; an empty
    tuple means every procedure. `asked_as` (general subjects only) lists the words patients use
    for it when they do not know the procedure's name ("back injection")."""

    id: str
    kind: str
    title: str
    parent: str | None
    entries: Mapping[str, Entry]
    file: Path
    applies_to: tuple[str, ...] = ()
    asked_as: tuple[str, ...] = ()

    def own_entry(self, topic: str) -> Entry | None:
        """The entry written in this subject's own file, without parent fallback."""
        return self.entries.get(topic)
