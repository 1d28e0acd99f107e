"""Load and check content/safety/red_flags.yml, so a bad edit fails loudly at start, not in chat."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy.matcher import Matcher

from bot.knowledge import KnowledgeError, Review
from bot.knowledge.parsing import parse_review, read_sources
from bot.safety.errors import RedFlagRulesError
from bot.safety.files import DEFAULT_RULES_FILE, SOURCES_FILE
from bot.safety.follow_ups import FollowUps, follow_ups_from
from bot.safety.pattern_syntax import PatternSyntaxError, TokenPattern, compile_pattern
from bot.yaml_files import WHOLE_FILE, read_yaml

RED_FLAG_CATEGORIES = ("emergency", "crisis", "urgent")
LOOKALIKE = "lookalike"
TOP_LEVEL_KEYS = frozenset(
    {
        "version",
        "review",
        "follow_ups",
        "precedence",
        "macros",
        "gap_excludes",
        "negation",
        "red_flags",
        "lookalikes",
    }
)
RULE_KEYS = frozenset({"id", "basis", "sources", "patterns", "follow_up"})
NEGATION_KEYS = frozenset(
    {
        "window",
        "cues",
        "pseudo_cues",
        "scope_ends",
        "clause_joiners",
        "clause_starters",
        "answer_words",
    }
)
RULE_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Rule:
    """One red flag (or look-alike) and every phrasing that signals it."""

    id: str
    category: str
    patterns: tuple[TokenPattern, ...]


@dataclass(frozen=True)
class NegationSettings:
    """When a red flag is denied ("no fever") or only asked about ("what if I get a fever")."""

    window: int
    cues: tuple[TokenPattern, ...]
    pseudo_cues: tuple[TokenPattern, ...]
    scope_ends: frozenset[str]
    clause_joiners: frozenset[str]
    clause_starters: frozenset[str]
    answer_words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RuleBook:
    """Everything in the rules file, checked and compiled."""

    path: Path
    precedence: tuple[str, ...]
    rules: tuple[Rule, ...]
    negation: NegationSettings
    gap_excludes: frozenset[str] = frozenset()
    review: Review | None = None
    follow_ups: FollowUps = FollowUps()


def load_rule_book(path: Path | None = None) -> RuleBook:
    """Read, check and compile the rules file (default: content/safety/red_flags.yml)."""
    path = Path(path) if path is not None else DEFAULT_RULES_FILE
    raw = read_yaml(path, RedFlagRulesError)
    if not isinstance(raw, Mapping):
        raise RedFlagRulesError(path, WHOLE_FILE, "must be a mapping with a 'red_flags:' section")
    return _RuleBookParser(path, raw).parse()


class _RuleBookParser:
    """Walks the raw YAML once, naming the exact field in every error."""

    def __init__(self, path: Path, raw: Mapping[str, Any]) -> None:
        self.path = path
        self.raw = raw
        self.macros: dict[str, list[str]] = {}
        self.gap_excludes: frozenset[str] = frozenset()
        self.validator = Matcher(spacy.blank("en").vocab, validate=True)
        self.source_keys = frozenset(read_sources(SOURCES_FILE))

    def fail(self, field: str, fix: str) -> RedFlagRulesError:
        return RedFlagRulesError(self.path, field, fix)

    def parse(self) -> RuleBook:
        unknown = sorted(set(map(str, self.raw)) - TOP_LEVEL_KEYS)
        if unknown:
            allowed = ", ".join(sorted(TOP_LEVEL_KEYS))
            raise self.fail(unknown[0], f"unknown section; allowed sections: {allowed}")
        self.macros = self._macros()
        self.gap_excludes = self._words(self.raw, "gap_excludes", prefix="")
        rules = [*self._red_flag_rules(), *self._lookalike_rules()]
        seen: set[str] = set()
        for rule in rules:
            if rule.id in seen:
                raise self.fail(f"id '{rule.id}'", "is used twice; give each rule its own id")
            seen.add(rule.id)
        return RuleBook(
            self.path,
            self._precedence(),
            tuple(rules),
            self._negation(),
            self.gap_excludes,
            review=self._review(),
            follow_ups=follow_ups_from(self.raw, self.path),
        )

    def _review(self) -> Review:
        section = self.raw.get("review")
        if not isinstance(section, Mapping):
            raise self.fail("review", "add reviewed, reviewed_by (a role) and review_due")
        try:
            return parse_review(self.path, "review.", section)
        except KnowledgeError as error:
            raise self.fail(error.field, error.fix) from None

    def _precedence(self) -> tuple[str, ...]:
        order = self.raw.get("precedence")
        if not isinstance(order, list) or sorted(map(str, order)) != sorted(RED_FLAG_CATEGORIES):
            raise self.fail(
                "precedence",
                f"must list each of {', '.join(RED_FLAG_CATEGORIES)} once, most serious first",
            )
        return tuple(order)

    def _macros(self) -> dict[str, list[str]]:
        macros = self.raw.get("macros") or {}
        if not isinstance(macros, Mapping):
            raise self.fail("macros", "must map a macro name to a list of token sequences")
        checked: dict[str, list[str]] = {}
        for name, alternatives in macros.items():
            if not isinstance(alternatives, list) or not all(
                isinstance(item, str) and item.strip() for item in alternatives
            ):
                raise self.fail(f"macros.{name}", "must be a list of non-empty pattern strings")
            checked[str(name)] = alternatives
        return checked

    def _red_flag_rules(self) -> list[Rule]:
        section = self.raw.get("red_flags")
        if not isinstance(section, Mapping):
            raise self.fail("red_flags", "must map emergency, crisis and urgent to lists of rules")
        rules: list[Rule] = []
        for category in RED_FLAG_CATEGORIES:
            entries = section.get(category)
            if not isinstance(entries, list) or not entries:
                raise self.fail(f"red_flags.{category}", "must be a non-empty list of rules")
            rules.extend(
                self._rule(entry, category, f"red_flags.{category}[{index}]")
                for index, entry in enumerate(entries)
            )
        unknown = sorted(set(map(str, section)) - set(RED_FLAG_CATEGORIES))
        if unknown:
            raise self.fail(
                f"red_flags.{unknown[0]}",
                f"unknown category; use one of {', '.join(RED_FLAG_CATEGORIES)}",
            )
        return rules

    def _lookalike_rules(self) -> list[Rule]:
        entries = self.raw.get("lookalikes") or []
        if not isinstance(entries, list):
            raise self.fail("lookalikes", "must be a list of rules")
        return [
            self._rule(entry, LOOKALIKE, f"lookalikes[{index}]")
            for index, entry in enumerate(entries)
        ]

    def _rule(self, entry: Any, category: str, field: str) -> Rule:
        if not isinstance(entry, Mapping):
            raise self.fail(field, "must be a mapping with 'id' and 'patterns'")
        unknown = sorted(set(map(str, entry)) - RULE_KEYS)
        if unknown:
            raise self.fail(
                f"{field}.{unknown[0]}", f"unknown key; allowed: {', '.join(sorted(RULE_KEYS))}"
            )
        rule_id = entry.get("id")
        if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
            raise self.fail(f"{field}.id", "must be a snake_case id such as 'chest_pain'")
        sources = entry.get("sources", [])
        if not isinstance(sources, list) or not all(isinstance(key, str) for key in sources):
            raise self.fail(f"{field}.sources", "must be a list of keys from content/sources.yml")
        for key in sources:
            if key not in self.source_keys:
                fix = f"'{key}' is not in content/sources.yml; add it"
                raise self.fail(f"{field}.sources", fix)
        patterns = entry.get("patterns")
        if not isinstance(patterns, list) or not patterns:
            raise self.fail(f"{field}.patterns", "must be a non-empty list of patterns")
        compiled = self._compile_all(patterns, f"{field}.patterns")
        return Rule(rule_id, category, compiled)

    def _compile_all(self, patterns: Sequence[Any], field: str) -> tuple[TokenPattern, ...]:
        compiled: list[TokenPattern] = []
        for index, pattern in enumerate(patterns):
            where = f"{field}[{index}]"
            try:
                token_patterns = compile_pattern(pattern, self.macros, sorted(self.gap_excludes))
                self.validator.add("check", token_patterns)
            except PatternSyntaxError as error:
                fix = f"{error}; see the syntax notes at the top of the file"
                raise self.fail(where, fix) from None
            except (ValueError, TypeError, KeyError) as error:
                first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
                raise self.fail(
                    where, f"is not a valid spaCy token pattern ({first_line}); fix the token dicts"
                ) from None
            finally:
                if "check" in self.validator:
                    self.validator.remove("check")
            compiled.extend(token_patterns)
        return tuple(compiled)

    def _negation(self) -> NegationSettings:
        section = self.raw.get("negation")
        if not isinstance(section, Mapping):
            raise self.fail("negation", "must be a mapping with 'window' and 'cues'")
        unknown = sorted(set(map(str, section)) - NEGATION_KEYS)
        if unknown:
            allowed = ", ".join(sorted(NEGATION_KEYS))
            raise self.fail(f"negation.{unknown[0]}", f"unknown key; allowed: {allowed}")
        window = section.get("window")
        if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 12:
            raise self.fail("negation.window", "must be a whole number of words from 1 to 12")
        cues = section.get("cues")
        if not isinstance(cues, list) or not cues:
            raise self.fail("negation.cues", "must be a non-empty list of patterns")
        return NegationSettings(
            window=window,
            cues=self._compile_all(cues, "negation.cues"),
            pseudo_cues=self._compile_all(section.get("pseudo_cues") or [], "negation.pseudo_cues"),
            scope_ends=self._words(section, "scope_ends"),
            clause_joiners=self._words(section, "clause_joiners"),
            clause_starters=self._words(section, "clause_starters"),
            answer_words=self._words(section, "answer_words"),
        )

    def _words(
        self, section: Mapping[str, Any], key: str, prefix: str = "negation."
    ) -> frozenset[str]:
        words = section.get(key) or []
        if not isinstance(words, list) or not all(
            isinstance(word, str) and word and " " not in word for word in words
        ):
            raise self.fail(f"{prefix}{key}", "must be a list of single words or punctuation marks")
        return frozenset(word.lower() for word in words)
