"""The shape of content/safety/red_flags.yml as a pydantic model: spaCy-free, so the action
server (follow-up lines) and the checker (bot/safety/rule_file.py) read the file one way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, conint, constr, validator

from bot.content_models import ContentModel, Text, load_model
from bot.knowledge.models import Review
from bot.safety.errors import RedFlagRulesError

RuleId = constr(strict=True, regex=r"^[a-z][a-z0-9_]*$")
Word = constr(strict=True, regex=r"^[^ ]+$")
WORDS = "a list of single words or punctuation marks"
PATTERNS = "a non-empty list of patterns (see the syntax notes at the top of the file)"


class RuleEntry(ContentModel):
    """One red flag or look-alike as written; its patterns are compiled by rule_file.py."""

    id: RuleId = Field(description="a snake_case id such as 'chest_pain'")
    basis: Text | None = Field(None, description="why this is a red flag, in a few words")
    sources: list[Text] = Field([], description="a list of keys from content/sources.yml")
    patterns: list[Any] = Field(min_items=1, description=PATTERNS)
    follow_up: Text | None = Field(None, description="a name from follow_ups")
    emergency_with: list[Any] = Field(
        [],
        description="patterns: when one appears anywhere in the message, not denied, this "
        "urgent rule's flag is an emergency (an urgent rule only)",
    )


class RedFlagSections(ContentModel):
    """The three red-flag categories; each needs at least one rule."""

    emergency: list[RuleEntry] = Field(min_items=1, description="a non-empty list of rules")
    crisis: list[RuleEntry] = Field(min_items=1, description="a non-empty list of rules")
    urgent: list[RuleEntry] = Field(min_items=1, description="a non-empty list of rules")


RED_FLAG_CATEGORIES = tuple(RedFlagSections.__fields__)


class NegationSection(ContentModel):
    """When a red flag is denied ("no fever") or only asked about, as written."""

    window: conint(strict=True, ge=1, le=12) = Field(
        description="a whole number of words from 1 to 12"
    )
    cues: list[Any] = Field(min_items=1, description=PATTERNS)
    question_cues: list[Any] = Field([], description=PATTERNS)
    reported_verbs: list[Word] = Field([], description=WORDS)
    reported_spans: list[Any] = Field([], description=PATTERNS)
    sentence_ends: list[Word] = Field([], description=WORDS)
    pseudo_cues: list[Any] = Field([], description=PATTERNS)
    scope_ends: list[Word] = Field([], description=WORDS)
    clause_joiners: list[Word] = Field([], description=WORDS)
    clause_starters: list[Word] = Field([], description=WORDS)
    answer_words: list[Word] = Field([], description=WORDS)
    subject_modals: list[Word] = Field([], description=WORDS)


class RuleFile(ContentModel):
    """The whole rules file as written, before its patterns are compiled."""

    version: Any = None
    review: Review = Field(description="reviewed, reviewed_by (a role) and review_due")
    follow_ups: dict[str, Text] = Field({}, description="one plain line of text per name")
    precedence: list[str] = Field(description=f"each of {', '.join(RED_FLAG_CATEGORIES)} once")
    macros: dict[str, list[Text]] = Field(
        {}, description="a mapping of macro name to a list of non-empty pattern strings"
    )
    gap_excludes: list[Word] = Field([], description=WORDS)
    negation: NegationSection = Field(description="a mapping with 'window' and 'cues'")
    red_flags: RedFlagSections = Field(description="emergency, crisis and urgent rule lists")
    lookalikes: list[RuleEntry] = Field([], description="a list of rules")

    @validator("precedence")
    def _each_category_once(cls, order: list[str]) -> list[str]:  # noqa: N805
        if sorted(order) != sorted(RED_FLAG_CATEGORIES):
            categories = ", ".join(RED_FLAG_CATEGORIES)
            raise ValueError(f"must list each of {categories} once, most serious first")
        return order

    def red_flag_rules(self) -> list[tuple[str, int, RuleEntry]]:
        """(category, index, rule) for every red flag, category by category."""
        return [
            (category, index, rule)
            for category in RED_FLAG_CATEGORIES
            for index, rule in enumerate(getattr(self.red_flags, category))
        ]


def read_rule_file(path: Path) -> RuleFile:
    """The rules file read and checked field by field (patterns are compiled elsewhere)."""
    return load_model(RuleFile, path, RedFlagRulesError)
