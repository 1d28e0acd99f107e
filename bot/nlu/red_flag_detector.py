"""Rasa NLU component: red-flag rules override the model, so emergencies never depend on ML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

import bot.safety
from bot.nlu.data_file_component import DataFileComponent
from bot.safety import RedFlagChecker, RedFlagResult

RULES_FILE_KEY = "rules_file"
DEFAULT_RULES_FILE = "content/safety/red_flags.yml"
RED_FLAG_INTENT_PREFIX = "red_flag_"
ENTITY_NAME = "red_flag_category"
EXTRACTOR_NAME = "RedFlagDetector"
SAFETY_CODE_DIR = Path(bot.safety.__file__).resolve().parent


def resolve_rules_file(config: dict[str, Any]) -> Path:
    """The configured rules file; a relative path is taken from the repo root, not the cwd."""
    return RedFlagDetector.data_file(config)


def is_red_flag_intent(intent_name: str | None) -> bool:
    """True for `red_flag_emergency`, `red_flag_crisis` and `red_flag_urgent`."""
    return bool(intent_name) and str(intent_name).startswith(RED_FLAG_INTENT_PREFIX)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RedFlagDetector(DataFileComponent, IntentClassifier):
    """Runs last: a rule hit sets `red_flag_<category>`; a look-alike undoes a model red flag."""

    file_key = RULES_FILE_KEY
    default_file = DEFAULT_RULES_FILE

    @classmethod
    def from_data_file(cls, path: Path) -> RedFlagDetector:
        """Compile the rules once when the graph starts; a bad rules file stops the start."""
        return cls(RedFlagChecker.from_file(path))

    @classmethod
    def code_files(cls) -> list[Path]:
        """The rules engine: changing how rules match retrains too."""
        return sorted(SAFETY_CODE_DIR.glob("*.py"))

    def __init__(self, checker: RedFlagChecker) -> None:
        self._checker = checker

    def process(self, messages: list[Message]) -> list[Message]:
        """Override, downgrade or keep each message's intent according to the rules."""
        for message in messages:
            result = self._checker.check(message.get(TEXT) or "")
            if result.category is not None:
                _override_with_red_flag(message, result)
            elif result.lookalike and is_red_flag_intent(_intent_name(message)):
                _downgrade_to_best_other_intent(message)
        return messages


def _intent_name(message: Message) -> str | None:
    intent = message.get(INTENT) or {}
    return intent.get(INTENT_NAME_KEY)


def _override_with_red_flag(message: Message, result: RedFlagResult) -> None:
    red_flag = {
        INTENT_NAME_KEY: f"{RED_FLAG_INTENT_PREFIX}{result.category}",
        PREDICTED_CONFIDENCE_KEY: 1.0,
    }
    ranking = [
        entry
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get(INTENT_NAME_KEY) != red_flag[INTENT_NAME_KEY]
    ]
    message.set(INTENT, red_flag, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [dict(red_flag), *ranking], add_to_output=True)
    entity = {
        "entity": ENTITY_NAME,
        "value": result.category,
        "start": result.start,
        "end": result.end,
        "confidence": 1.0,
        "extractor": EXTRACTOR_NAME,
    }
    others = [e for e in message.get(ENTITIES) or [] if e.get("entity") != ENTITY_NAME]
    message.set(ENTITIES, [*others, entity], add_to_output=True)


def _downgrade_to_best_other_intent(message: Message) -> None:
    ranking = list(message.get(INTENT_RANKING_KEY) or [])
    others = [entry for entry in ranking if not is_red_flag_intent(entry.get(INTENT_NAME_KEY))]
    if others:
        best = dict(others[0])
    else:
        best = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 0.0}
    message.set(INTENT, best, add_to_output=True)
    rest = [entry for entry in ranking if entry.get(INTENT_NAME_KEY) != best[INTENT_NAME_KEY]]
    message.set(INTENT_RANKING_KEY, [dict(best), *rest], add_to_output=True)
