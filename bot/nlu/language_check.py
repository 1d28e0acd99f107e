"""Rasa NLU component: a message in another language gets intent `other_language`, not a guess."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

import bot.nlu.language_guess
from bot.nlu.intent_choice import choose_intent
from bot.nlu.language_guess import guess_other_language
from bot.nlu.red_flag_detector import is_red_flag_intent
from bot.nlu.rule_component import RuleComponent

logger = logging.getLogger(__name__)

OTHER_LANGUAGE_INTENT = "other_language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class OtherLanguageDetector(RuleComponent, IntentClassifier):
    """Runs just before RedFlagDetector, so a red-flag rule hit still wins over the language."""

    @classmethod
    def code_files(cls) -> Iterable[Path]:
        """The word lists and the guess live in bot/nlu/language_guess.py."""
        return (Path(bot.nlu.language_guess.__file__),)

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
            choose_intent(message, OTHER_LANGUAGE_INTENT, 1.0)
        return messages
