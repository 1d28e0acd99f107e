"""Load and check content/safety/red_flags.yml, so a bad edit fails loudly at start, not in chat."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy.matcher import Matcher

from bot.knowledge import Review
from bot.knowledge.parsing import check_sources, read_sources
from bot.safety.errors import RedFlagRulesError
from bot.safety.files import DEFAULT_RULES_FILE, SOURCES_FILE
from bot.safety.follow_ups import FollowUps, follow_ups_from
from bot.safety.pattern_syntax import PatternSyntaxError, TokenPattern, compile_pattern
from bot.safety.rule_model import RuleEntry, RuleFile, read_rule_file

LOOKALIKE = "lookalike"
URGENT = "urgent"
EMERGENCY = "emergency"


@dataclass(frozen=True)
class Rule:
    """One red flag (or look-alike) and every phrasing that signals it."""

    id: str
    category: str
    patterns: tuple[TokenPattern, ...]
    # Anywhere in the message, not denied, these make the flag an emergency ("a fever" with
    # "had the epidural on Monday" three sentences away; S4 sends that to the ER).
    emergency_with: tuple[TokenPattern, ...] = ()


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
    # A question cue ("what should I do if") does not cover a red flag the message reports as
    # happening: a report verb in the red flag or just before it ("my legs went numb"), or a
    # span such as "it's been 2 days" after it in the same sentence.
    question_cues: tuple[TokenPattern, ...] = ()
    reported_verbs: frozenset[str] = frozenset()
    reported_spans: tuple[TokenPattern, ...] = ()
    sentence_ends: frozenset[str] = frozenset()
    # A modal right after the cue's own subject continues it: "what if I can't pee".
    subject_modals: frozenset[str] = frozenset()


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
    return _RuleBookCompiler(path, read_rule_file(path)).compile()


class _RuleBookCompiler:
    """Compiles the checked file's patterns and checks what reads across fields: macros,
    source keys, unique ids and follow-up names, naming the exact field in every error."""

    def __init__(self, path: Path, rules: RuleFile) -> None:
        self.path = path
        self.rules = rules
        self.gap_excludes = sorted({word.lower() for word in rules.gap_excludes})
        self.validator = Matcher(spacy.blank("en").vocab, validate=True)
        self.source_keys = frozenset(read_sources(SOURCES_FILE))

    def fail(self, field: str, fix: str) -> RedFlagRulesError:
        return RedFlagRulesError(self.path, field, fix)

    def compile(self) -> RuleBook:
        rules = [
            self._rule(entry, category, f"red_flags.{category}[{index}]")
            for category, index, entry in self.rules.red_flag_rules()
        ]
        rules += [
            self._rule(entry, LOOKALIKE, f"lookalikes[{index}]")
            for index, entry in enumerate(self.rules.lookalikes)
        ]
        seen: set[str] = set()
        for rule in rules:
            if rule.id in seen:
                raise self.fail(f"id '{rule.id}'", "is used twice; give each rule its own id")
            seen.add(rule.id)
        return RuleBook(
            self.path,
            tuple(self.rules.precedence),
            tuple(rules),
            self._negation(),
            frozenset(self.gap_excludes),
            review=self.rules.review,
            follow_ups=follow_ups_from(self.rules, self.path),
        )

    def _rule(self, entry: RuleEntry, category: str, field: str) -> Rule:
        check_sources(
            self.path, f"{field}.sources", entry.sources, self.source_keys, RedFlagRulesError
        )
        if entry.emergency_with and category != URGENT:
            raise self.fail(f"{field}.emergency_with", "only an urgent rule can be raised")
        return Rule(
            entry.id,
            category,
            self._compile_all(entry.patterns, f"{field}.patterns"),
            self._compile_all(entry.emergency_with, f"{field}.emergency_with"),
        )

    def _compile_all(self, patterns: Sequence[Any], field: str) -> tuple[TokenPattern, ...]:
        compiled: list[TokenPattern] = []
        for index, pattern in enumerate(patterns):
            where = f"{field}[{index}]"
            try:
                token_patterns = compile_pattern(pattern, self.rules.macros, self.gap_excludes)
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
        section = self.rules.negation
        return NegationSettings(
            window=section.window,
            cues=self._compile_all(section.cues, "negation.cues"),
            question_cues=self._compile_all(section.question_cues, "negation.question_cues"),
            reported_verbs=_lower(section.reported_verbs),
            reported_spans=self._compile_all(section.reported_spans, "negation.reported_spans"),
            sentence_ends=_lower(section.sentence_ends),
            pseudo_cues=self._compile_all(section.pseudo_cues, "negation.pseudo_cues"),
            scope_ends=_lower(section.scope_ends),
            clause_joiners=_lower(section.clause_joiners),
            clause_starters=_lower(section.clause_starters),
            answer_words=_lower(section.answer_words),
            subject_modals=_lower(section.subject_modals),
        )


def _lower(words: Sequence[str]) -> frozenset[str]:
    return frozenset(word.lower() for word in words)
