"""Deterministic red-flag check: the rules decide, so an emergency never depends on a model."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from bot.safety.negation import Cues, Span, active_cues, is_negated
from bot.safety.pattern_syntax import GAP_TAG, NO_GAP_TAG
from bot.safety.rule_file import EMERGENCY, LOOKALIKE, RuleBook, load_rule_book

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 100_000
QUOTE_FIXES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'}
)
HTML_TAG = re.compile(r"<[^<>]{0,200}>")
SYMBOL = re.compile(r"[^\w\s'\".,!?;:&+()/-]")
LONG_RUN = re.compile(r"\S{40}")
CUE = "__negation_cue__"
PSEUDO_CUE = "__pseudo_negation_cue__"
QUESTION_CUE = "__question_cue__"
REPORTED = "__reported__"


@dataclass(frozen=True)
class RedFlagResult:
    """What the check found; `lookalike` is true only when no red flag counts (category None)."""

    category: str | None = None
    rule: str | None = None
    matched_text: str = ""
    lookalike: bool = False
    start: int = 0
    end: int = 0
    # Other categories whose rules also count in the message, most serious first: a crisis
    # told with legs gone numb is also an emergency.
    also: tuple[str, ...] = ()


NO_RED_FLAG = RedFlagResult()


@dataclass(frozen=True)
class _Hit:
    rule: str
    category: str
    start: int
    end: int


class _Words:
    """The message as lower-case words (spaces dropped) with each word's place in the original."""

    def __init__(self, nlp: Language, text: str, gap_excludes: frozenset[str]) -> None:
        tokens = [token for token in nlp.make_doc(_normalise(text)) if not token.is_space]
        self.offsets = [(token.idx, token.idx + len(token.text)) for token in tokens]
        self.lower = [token.lower_ for token in tokens]
        tags = [NO_GAP_TAG if word in gap_excludes else GAP_TAG for word in self.lower]
        self.doc = Doc(nlp.vocab, words=[token.text for token in tokens], tags=tags)
        self.text = text

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets[start][0], self.offsets[end - 1][1]


def _normalise(text: str) -> str:
    """Same length as `text` (offsets stay valid): lower case, straight quotes, no HTML tags.

    The channels strip markup too (`bot.resilience.message_checks.strip_markup`); this check does
    its own so that it never depends on what ran before it."""
    text = HTML_TAG.sub(lambda tag: " " * len(tag.group()), text.translate(QUOTE_FIXES))
    text = SYMBOL.sub(" ", text)
    # spaCy's tokenizer is quadratic on very long runs without spaces; no word is this long.
    text = LONG_RUN.sub(lambda run: run.group()[:-1] + " ", text)
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters ("İ") lower-case to two
        lowered = "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
    return lowered


class RedFlagChecker:
    """Finds emergency, crisis and urgent red flags in one patient message; never raises."""

    def __init__(self, rule_book: RuleBook) -> None:
        self.rule_book = rule_book
        self._nlp = spacy.blank("en")
        self._nlp.max_length = MAX_MESSAGE_CHARS + 1
        self._rules = Matcher(self._nlp.vocab)
        self._category_of: dict[str, str] = {}
        for rule in rule_book.rules:
            self._rules.add(rule.id, list(rule.patterns))
            self._category_of[rule.id] = rule.category
        self._order = {rule.id: order for order, rule in enumerate(rule_book.rules)}
        self._emergency_context = Matcher(self._nlp.vocab)
        for rule in rule_book.rules:
            if rule.emergency_with:
                self._emergency_context.add(rule.id, list(rule.emergency_with))
        self._cues = Matcher(self._nlp.vocab)
        self._cues.add(CUE, list(rule_book.negation.cues))
        for name, patterns in (
            (PSEUDO_CUE, rule_book.negation.pseudo_cues),
            (QUESTION_CUE, rule_book.negation.question_cues),
            (REPORTED, rule_book.negation.reported_spans),
        ):
            if patterns:
                self._cues.add(name, list(patterns))
        self._rank = {category: rank for rank, category in enumerate(rule_book.precedence)}

    def is_more_serious(self, category: str, than: str) -> bool:
        """True when `category` comes before `than` in the rules file's precedence."""
        return category in self._rank and self._rank[category] < self._rank[than]

    @classmethod
    def from_file(cls, path: Path | None = None) -> RedFlagChecker:
        """Build from a rules file (default content/safety/red_flags.yml); bad files raise."""
        return cls(load_rule_book(path))

    def check(self, text: str) -> RedFlagResult:
        """Return the most serious red flag that counts, or a look-alike, or nothing."""
        try:
            return self._check(text)
        except Exception:  # noqa: BLE001 - a safety check must answer, even on input it chokes on
            logger.exception("Red-flag check failed on a message of %d chars", len(str(text)))
            return NO_RED_FLAG

    def _check(self, text: str) -> RedFlagResult:
        if not isinstance(text, str) or not text.strip():
            return NO_RED_FLAG
        words = _Words(self._nlp, text[:MAX_MESSAGE_CHARS], self.rule_book.gap_excludes)
        if not words.lower:
            return NO_RED_FLAG
        hits, lookalikes = self._hits(words)
        cues = self._cue_spans(words)
        counted: list[_Hit] = []
        set_aside: list[_Hit] = []
        for hit in hits:
            contained = any(lk.start <= hit.start and hit.end <= lk.end for lk in lookalikes)
            negated = is_negated(words.lower, (hit.start, hit.end), cues, self.rule_book.negation)
            (set_aside if contained or negated else counted).append(hit)
        counted = self._raised_by_context(words, counted, cues)
        if counted:
            best = min(
                counted,
                key=lambda hit: (self._rank[hit.category], hit.start, self._order[hit.rule]),
            )
            found = {hit.category for hit in counted} - {best.category}
            also = tuple(c for c in self.rule_book.precedence if c in found)
            return self._result(words, best, lookalike=False, also=also)
        explained = set_aside + lookalikes
        if explained:
            first = min(explained, key=lambda hit: (hit.start, self._order[hit.rule]))
            return self._result(words, first, lookalike=True)
        return NO_RED_FLAG

    def _raised_by_context(self, words: _Words, hits: list[_Hit], cues: Cues) -> list[_Hit]:
        """Urgent hits whose rule names an emergency context found anywhere in the message."""
        if not any(hit.rule in self._emergency_context for hit in hits):
            return hits
        in_context = {
            self._nlp.vocab.strings[match_id]
            for match_id, start, end in self._emergency_context(words.doc)
            if not is_negated(words.lower, (start, end), cues, self.rule_book.negation)
        }
        return [
            _Hit(hit.rule, EMERGENCY, hit.start, hit.end) if hit.rule in in_context else hit
            for hit in hits
        ]

    def _hits(self, words: _Words) -> tuple[list[_Hit], list[_Hit]]:
        red_flags: list[_Hit] = []
        lookalikes: list[_Hit] = []
        for match_id, start, end in self._rules(words.doc):
            rule_id = self._nlp.vocab.strings[match_id]
            hit = _Hit(rule_id, self._category_of[rule_id], start, end)
            (lookalikes if hit.category == LOOKALIKE else red_flags).append(hit)
        return red_flags, lookalikes

    def _cue_spans(self, words: _Words) -> Cues:
        found: dict[str, list[Span]] = {CUE: [], PSEUDO_CUE: [], QUESTION_CUE: [], REPORTED: []}
        for match_id, start, end in self._cues(words.doc):
            found[self._nlp.vocab.strings[match_id]].append((start, end))
        reported = (start for start, _ in found[REPORTED])
        return active_cues(found[CUE], found[PSEUDO_CUE], found[QUESTION_CUE], reported)

    @staticmethod
    def _result(
        words: _Words, hit: _Hit, lookalike: bool, also: tuple[str, ...] = ()
    ) -> RedFlagResult:
        start, end = words.char_span(hit.start, hit.end)
        return RedFlagResult(
            category=None if lookalike else hit.category,
            rule=hit.rule,
            matched_text=words.text[start:end],
            lookalike=lookalike,
            start=start,
            end=end,
            also=also,
        )
