"""Red-flag safety layer: deterministic rules that route emergencies before any model guess."""

from bot.safety.red_flags import NO_RED_FLAG, RedFlagChecker, RedFlagResult
from bot.safety.rule_file import (
    DEFAULT_RULES_FILE,
    RED_FLAG_CATEGORIES,
    RedFlagRulesError,
    load_rule_book,
)

__all__ = [
    "DEFAULT_RULES_FILE",
    "NO_RED_FLAG",
    "RED_FLAG_CATEGORIES",
    "RedFlagChecker",
    "RedFlagResult",
    "RedFlagRulesError",
    "load_rule_book",
]
