"""Rasa NLU component: a message in another language gets intent `other_language`, not a guess."""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.language_guess import guess_other_language
from bot.nlu.red_flag_detector import is_red_flag_intent

logger = logging.getLogger(__name__)

OTHER_LANGUAGE_INTENT = "other_language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class OtherLanguageDetector(GraphComponent, IntentClassifier):
    """Runs just before RedFlagDetector, so a red-flag rule hit still wins over the language."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> OtherLanguageDetector:
        """No configuration and no training: the word lists live in bot/nlu/language_guess.py."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training data passes through: the check needs no training."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Set `other_language` when the text is clearly not English and no red flag was found."""
        for message in messages:
            intent = message.get(INTENT) or {}
            if is_red_flag_intent(intent.get(INTENT_NAME_KEY)):
                continue
            guess = guess_other_language(message.get(TEXT) or "")
            if guess is None:
                continue
            logger.debug("Message looks like language %s (%s)", guess.language, guess.reason)
            _override_intent(message)
        return messages


def _override_intent(message: Message) -> None:
    chosen = {INTENT_NAME_KEY: OTHER_LANGUAGE_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
    ranking = [
        entry
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get(INTENT_NAME_KEY) != OTHER_LANGUAGE_INTENT
    ]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [dict(chosen), *ranking], add_to_output=True)
