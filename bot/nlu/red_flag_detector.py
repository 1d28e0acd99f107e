"""Rasa NLU component: red-flag rules override the model, so emergencies never depend on ML.

It also marks, for the actions, which rule fired and whether the message mentions a symptom or
distress (`bot.safety.marks`); a later component may add the same marks with
`mark_safety_mention` / `mark_red_flag`.
"""

from __future__ import annotations

from dataclasses import replace
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
from bot.nlu.intent_choice import choose_intent
from bot.safety import RedFlagChecker, RedFlagResult
from bot.safety.files import DEFAULT_MENTIONS_FILE
from bot.safety.marks import (
    DISTRESS,
    RED_FLAG_CATEGORY_ENTITY,
    RED_FLAG_RULE_ENTITY,
    SAFETY_MENTION_ENTITY,
)
from bot.safety.mentions import SafetyMentions

RULES_FILE_KEY = "rules_file"
DEFAULT_RULES_FILE = "content/safety/red_flags.yml"
RED_FLAG_INTENT_PREFIX = "red_flag_"
ENTITY_NAME = RED_FLAG_CATEGORY_ENTITY
EXTRACTOR_NAME = "RedFlagDetector"
CRISIS_CATEGORY = "crisis"
SAFETY_CODE_DIR = Path(bot.safety.__file__).resolve().parent
MENTIONS_FILE_NAME = DEFAULT_MENTIONS_FILE.name


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
        """Compile the rules once when the graph starts; a bad rules file stops the start.

        The mention word list sits beside the rules file (content/safety/safety_mentions.yml)."""
        mentions_file = path.with_name(MENTIONS_FILE_NAME)
        if not mentions_file.is_file():
            mentions_file = DEFAULT_MENTIONS_FILE
        return cls(RedFlagChecker.from_file(path), SafetyMentions.load(mentions_file))

    @classmethod
    def code_files(cls) -> list[Path]:
        """The rules engine and the mention word list: changing either retrains too."""
        return [*sorted(SAFETY_CODE_DIR.glob("*.py")), DEFAULT_MENTIONS_FILE]

    def __init__(self, checker: RedFlagChecker, mentions: SafetyMentions | None = None) -> None:
        self._checker = checker
        self._mentions = mentions

    def process(self, messages: list[Message]) -> list[Message]:
        """Override, downgrade or keep each message's intent; mark what the rules found."""
        for message in messages:
            text = message.get(TEXT) or ""
            result = self._checker.check(text)
            mentions = self._mentions.kinds_in(text) if self._mentions else []
            if result.category is not None:
                raised = self._raised_by_the_model(message, result, DISTRESS in mentions)
                _override_with_red_flag(message, raised)
            elif result.lookalike and is_red_flag_intent(_intent_name(message)):
                _downgrade_to_best_other_intent(message)
            for kind in mentions:
                mark_safety_mention(message, kind, EXTRACTOR_NAME)
        return messages

    def _raised_by_the_model(
        self, message: Message, result: RedFlagResult, speaks_of_distress: bool
    ) -> RedFlagResult:
        """The rule's flag, or the model's red-flag category when that is more serious.

        A rule never lets the model lower its category; but when the model reads an urgent rule's
        message as an emergency (vomiting that the rule calls urgent, with a meter that reads
        HIGH), the more serious reply, with the rule's follow-up, is the one that sends the
        patient to care sooner. The model turns a body red flag into a crisis only when the
        message speaks of distress (the mention list): 988 is right for "took all my pills, I
        can't do this anymore", but would not send "a fever since her epidural" to the emergency
        room."""
        intent = _intent_name(message) or ""
        model_category = intent.removeprefix(RED_FLAG_INTENT_PREFIX)
        if (
            is_red_flag_intent(intent)
            and (model_category != CRISIS_CATEGORY or speaks_of_distress)
            and self._checker.is_more_serious(model_category, str(result.category))
        ):
            return replace(result, category=model_category)
        return result


def mark_safety_mention(message: Message, kind: str, extractor: str) -> None:
    """Mark that the message mentions a symptom or distress ("symptom" / "distress").

    Replies that cannot answer then add a safety line. Other components (a semantic safety net)
    call this too; a kind already marked is not added twice."""
    entities = list(message.get(ENTITIES) or [])
    if any(e.get("entity") == SAFETY_MENTION_ENTITY and e.get("value") == kind for e in entities):
        return
    entities.append(_entity(SAFETY_MENTION_ENTITY, kind, extractor))
    message.set(ENTITIES, entities, add_to_output=True)


def _entity(name: str, value: str, extractor: str, start: int = 0, end: int = 0) -> dict[str, Any]:
    return {
        "entity": name,
        "value": value,
        "start": start,
        "end": end,
        "confidence": 1.0,
        "extractor": extractor,
    }


def _intent_name(message: Message) -> str | None:
    intent = message.get(INTENT) or {}
    return intent.get(INTENT_NAME_KEY)


def _override_with_red_flag(message: Message, result: RedFlagResult) -> None:
    """The red-flag intent, and the marks the actions read: the category first (the reply),
    the rule (its step), then any other category the rules also found (its line too)."""
    choose_intent(message, f"{RED_FLAG_INTENT_PREFIX}{result.category}", 1.0)
    marks = [
        _entity(ENTITY_NAME, str(result.category), EXTRACTOR_NAME, result.start, result.end),
        _entity(RED_FLAG_RULE_ENTITY, str(result.rule), EXTRACTOR_NAME, result.start, result.end),
    ]
    marks += [
        _entity(ENTITY_NAME, other, EXTRACTOR_NAME)
        for other in result.also
        if other != result.category
    ]
    others = [
        e
        for e in message.get(ENTITIES) or []
        if e.get("entity") not in (ENTITY_NAME, RED_FLAG_RULE_ENTITY)
    ]
    message.set(ENTITIES, [*others, *marks], add_to_output=True)


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
