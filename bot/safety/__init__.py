"""Red-flag safety layer: deterministic rules that route emergencies before any model guess.

The rules engine needs spaCy; the action server must not load it. So the spaCy names below are
imported on first use, and the spaCy-free parts (`files`, `follow_ups`, `mentions`, `marks`)
can be imported alone.
"""

from __future__ import annotations

import importlib
from typing import Any

from bot.safety.errors import RedFlagRulesError
from bot.safety.files import DEFAULT_RULES_FILE

_LAZY = {
    "NO_RED_FLAG": "bot.safety.red_flags",
    "RedFlagChecker": "bot.safety.red_flags",
    "RedFlagResult": "bot.safety.red_flags",
    "RED_FLAG_CATEGORIES": "bot.safety.rule_model",
    "load_rule_book": "bot.safety.rule_file",
}

__all__ = ["DEFAULT_RULES_FILE", "RedFlagRulesError", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'bot.safety' has no attribute '{name}'")
