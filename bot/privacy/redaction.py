"""Replace patient identifiers in free text with tags, so nothing we store or log holds PHI."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import phonenumbers
from phonenumbers.phonemetadata import PhoneMetadata
from pydantic import Field, StrictStr, validator

from bot.content_models import ContentModel, Text, Verbatim, load_model
from bot.errors import ContentError
from bot.paths import CONTENT_DIR

PATTERNS_FILE = CONTENT_DIR / "privacy" / "redaction_patterns.yml"
FAILED_REDACTION_TEXT = "[redacted]"
_VALUE_GROUP = "value"
_FRAGMENT = re.compile(r"\{\{(\w+)\}\}")
# Stretches of digits, spaces and phone punctuation that could hold a phone number: only these
# go to the (much slower) matcher, so long text with many short numbers stays fast. No country's
# full number has fewer than 5 digits.
_PHONE_LIKE = re.compile(r"\+?[0-9(][0-9\s().\-/]{3,60}[0-9]")
_MIN_PHONE_DIGITS = 5


@dataclass(frozen=True)
class RedactionPattern:
    """One identifier format and the tag that replaces it."""

    name: str
    tag: str
    regex: re.Pattern[str]

    def apply(self, text: str) -> str:
        """Replace every match (or only its `value` group) with the tag."""
        if _VALUE_GROUP not in self.regex.groupindex:
            return self.regex.sub(self.tag, text)

        def replace_value(match: re.Match[str]) -> str:
            whole = match.group(0)
            start = match.start(_VALUE_GROUP) - match.start()
            end = match.end(_VALUE_GROUP) - match.start()
            return whole[:start] + self.tag + whole[end:]

        return self.regex.sub(replace_value, text)


@dataclass(frozen=True)
class PhoneNumberFinder:
    """Phone numbers in any country's format, found by Google's libphonenumber (`phonenumbers`).

    A number without a country code is read as one from `default_region`. Only numbers that are
    valid for their country match, so "pain 7/10" or "L4-L5" never do.
    """

    tag: str
    default_region: str

    def apply(self, text: str) -> str:
        """Replace every phone number found with the tag."""
        pieces: list[str] = []
        done = 0
        for stretch in _PHONE_LIKE.finditer(text):
            candidate = stretch.group(0)
            if sum(character.isdigit() for character in candidate) < _MIN_PHONE_DIGITS:
                continue
            pieces.append(text[done : stretch.start()])
            pieces.append(self._replace_numbers(candidate))
            done = stretch.end()
        pieces.append(text[done:])
        return "".join(pieces)

    def _replace_numbers(self, candidate: str) -> str:
        found = list(phonenumbers.PhoneNumberMatcher(candidate, self.default_region))
        for match in reversed(found):
            candidate = candidate[: match.start] + self.tag + candidate[match.end :]
        return candidate


@dataclass(frozen=True)
class RedactionRules:
    """Phone numbers first, then the ordered patterns, plus the slots kept as they are."""

    patterns: tuple[RedactionPattern, ...]
    keep_slots: frozenset[str]
    phone_numbers: PhoneNumberFinder | None = None


class _AsWritten(ContentModel):
    class Config:
        anystr_strip_whitespace = False


class PatternEntry(_AsWritten):
    """One pattern as written: its regex may use {{fragments}} and must compile."""

    name: Text = Field(description="a short name, e.g. phone")
    tag: Verbatim = Field(description="the tag that replaces a match, e.g. '[phone]'")
    regex: Verbatim = Field(description="the regex text (VERBOSE mode)")


class PhoneNumbersEntry(ContentModel):
    """Which tag replaces phone numbers and which country a number without a code is from."""

    tag: Text = Field(description="the tag, e.g. '[phone]'")
    default_region: Text = Field(description="a two-letter region code (e.g. US)")

    @validator("default_region")
    def _known_region(cls, region: str) -> str:  # noqa: N805
        region = region.upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(
                f"'{region}' is not a two-letter region code libphonenumber knows (e.g. US, CA, GB)"
            )
        return region


class RedactionFile(_AsWritten):
    """content/privacy/redaction_patterns.yml as written."""

    version: Any = None
    phone_numbers: PhoneNumbersEntry | None = Field(None, description="tag and default_region")
    keep_slots: list[Text] = Field([], description="a list of slot names")
    fragments: dict[str, StrictStr] = Field({}, description="a mapping of name to regex text")
    patterns: list[PatternEntry] = Field(description="a top-level list of name, tag and regex")


def _expand_fragments(regex: str, fragments: dict[str, str], where: str, path: Path) -> str:
    def insert(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            known = ", ".join(sorted(fragments)) or "none"
            fix = f"'{{{{{name}}}}}' is not defined; add it under fragments (defined: {known})"
            raise ContentError(path, f"{where}.regex", fix)
        return fragments[name]

    return _FRAGMENT.sub(insert, regex)


def _compile_pattern(
    entry: PatternEntry, index: int, fragments: dict[str, str], path: Path
) -> RedactionPattern:
    where = f"patterns[{index}] ({entry.name})"
    source = _expand_fragments(entry.regex, fragments, where, path)
    try:
        regex = re.compile(source, re.IGNORECASE | re.VERBOSE)
    except re.error as error:
        fix = f"the regex does not compile ({error}); remember VERBOSE mode: escape # and spaces"
        raise ContentError(path, f"{where}.regex", fix) from error
    return RedactionPattern(name=entry.name, tag=entry.tag, regex=regex)


def _phone_number_finder(entry: PhoneNumbersEntry | None) -> PhoneNumberFinder | None:
    if entry is None:
        return None
    # Load every country's data now (0.3 s, 6 MB) instead of lazily under libphonenumber's
    # lock: a log line written while that lock is held would come back here and wait forever.
    PhoneMetadata.load_all()
    return PhoneNumberFinder(tag=entry.tag, default_region=entry.default_region)


def load_redaction_rules(path: Path = PATTERNS_FILE) -> RedactionRules:
    """Read and check the pattern file; raises ContentError naming the field to fix."""
    path = Path(path)
    document = load_model(RedactionFile, path)
    patterns = tuple(
        _compile_pattern(entry, index, document.fragments, path)
        for index, entry in enumerate(document.patterns)
    )
    return RedactionRules(
        patterns=patterns,
        keep_slots=frozenset(document.keep_slots),
        phone_numbers=_phone_number_finder(document.phone_numbers),
    )


@lru_cache(maxsize=1)
def default_rules() -> RedactionRules:
    """Load the project's pattern file once per process."""
    return load_redaction_rules(PATTERNS_FILE)


def redact_with(rules: RedactionRules, text: str) -> str:
    """Apply the given rules in order; used by redact() and by tests of other pattern files."""
    if rules.phone_numbers is not None:
        text = rules.phone_numbers.apply(text)
    for pattern in rules.patterns:
        text = pattern.apply(text)
    return text


_busy = threading.local()


def redact(text: str) -> str:
    """Return text with phones, emails, dates, SSNs, addresses and member ids replaced by tags.

    Never raises: if redaction itself fails, the whole text is withheld rather than leaked.
    So is text that arrives while this thread is already redacting (a log line written by a
    finalizer the garbage collector ran in the middle): the libraries used here are not
    re-entrant.
    """
    if getattr(_busy, "active", False):
        return FAILED_REDACTION_TEXT
    _busy.active = True
    try:
        return redact_with(default_rules(), text if isinstance(text, str) else str(text))
    except Exception:  # noqa: BLE001 - storage and logging must never see an error from here
        # No logging here: the log filter calls redact(), so a log call could recurse.
        return FAILED_REDACTION_TEXT
    finally:
        _busy.active = False
