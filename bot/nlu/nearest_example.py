"""Rasa NLU component: a message DIET is unsure of takes the intent of the examples nearest to it in
meaning, when they are close and agree.

DIET learns a boundary between intents; on a wording unlike its examples it spreads its
confidence and the FallbackClassifier answers "not sure". Patients' own wordings often sit right
next to one of our examples in the sentence encoder's space ("what should i avoid while i heal"
and "what should i not do while i'm healing") even when DIET's boundary does not see it.

The neighbours are every training example (the sentence vector MiniLMSentenceFeaturizer gave it)
and, with `question_bank` set, every question of that file: real patient questions labelled by
intent that DIET never trains on (bot/nlu/question_bank.py). A bank question is embedded at
training as a live message is: its question sentence(s) (`question_text`, what
QuestionSentenceFocus leaves for the featurizer) through the same encoder.

Which messages: one the FallbackClassifier marked `nlu_fallback`, and, with `low_confidence` set,
one whose intent is not a red flag and whose confidence is below it. The component looks up the
`neighbours` nearest vectors (cosine similarity) and, when the nearest is at least
`min_similarity` and one intent holds at least `min_share` of the neighbours' weight (each weighs
exp(similarity / `temperature`)), takes that intent with its share as the confidence. A red-flag
intent is never replaced, and a low-confidence message never takes one (a "not sure" one may, as
before: that only sends a patient to the safety reply sooner). Anything else stays as it was:
gibberish and off-topic chatter sit below 0.5 of every example.

It runs after the FallbackClassifier and before FullMessageRestore, so it reads the question
sentence that DIET read; the red-flag rules and the safety net run after it and still win.
Settings chosen by measurement on the held-out set, the real-question dev set and the conversation
turns (never the blind sets): `python -m tools.nearest_example_settings`.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_choice import choose_intent
from bot.nlu.minilm_featurizer import MiniLMSentenceFeaturizer, encoder_sentence_vector
from bot.nlu.question_bank import (
    QUESTION_BANK_KEY,
    UsesQuestionBank,
)
from bot.nlu.red_flag_detector import is_red_flag_intent
from bot.nlu.stored_arrays_component import StoredArraysComponent

VECTORS_FILE = "example_vectors.npy"
INTENTS_FILE = "example_intents.npy"
FROM_BANK_FILE = "example_from_bank.npy"
SETTINGS = ("neighbours", "min_similarity", "min_share", "temperature")
LOW_CONFIDENCE_KEY = "low_confidence"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class NearestExampleFallback(UsesQuestionBank, StoredArraysComponent, IntentClassifier):
    """Gives an unsure message the intent of the nearest, agreeing examples and bank questions."""

    # Filled by `train` or, when the model loads, from the model file.
    vectors = np.zeros((0, 0), dtype=np.float32)
    intents = np.array([], dtype=str)
    from_bank = np.array([], dtype=bool)

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # question_bank: None (training examples only) or a Rasa NLU YAML file, from the repo
        # root; low_confidence: 0 (only "not sure" messages) or a confidence below which a
        # non-red-flag intent may take its neighbours' intent too.
        return {
            "neighbours": 10,
            "min_similarity": 0.55,
            "min_share": 0.5,
            "temperature": 0.05,
            QUESTION_BANK_KEY: None,
            LOW_CONFIDENCE_KEY: 0.0,
        }

    @classmethod
    def required_components(cls) -> list[type]:
        return [MiniLMSentenceFeaturizer]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        for key in SETTINGS:
            value = config.get(key)
            if not isinstance(value, int | float) or value <= 0:
                raise InvalidConfigException(
                    f"NearestExampleFallback: '{key}' must be a positive number, got {value!r}"
                )
        low = config.get(LOW_CONFIDENCE_KEY)
        if isinstance(low, bool) or not isinstance(low, int | float) or not 0 <= low < 1:
            raise InvalidConfigException(
                f"NearestExampleFallback: '{LOW_CONFIDENCE_KEY}' must be a number from 0 "
                f"(off) to below 1, got {low!r}"
            )
        cls.check_question_bank_setting(config)

    def train(self, training_data: TrainingData) -> Resource:
        """Keep every intent example's sentence vector (as the featurizer saw its question) and
        every bank question's (embedded the same way)."""
        labelled = self.labelled_vectors(training_data)
        if not labelled.example_count:
            raise InvalidConfigException(
                "NearestExampleFallback: no training example has MiniLMSentenceFeaturizer's "
                "sentence features; put it after that featurizer in config.yml"
            )
        self.vectors = np.vstack(labelled.vectors).astype(np.float32)
        self.intents = np.array(labelled.intents, dtype=str)
        self.from_bank = np.array(labelled.from_bank, dtype=bool)
        return self.persist()

    def write_arrays(self, folder: Path) -> None:
        np.save(folder / VECTORS_FILE, self.vectors)
        np.save(folder / INTENTS_FILE, self.intents)
        np.save(folder / FROM_BANK_FILE, self.from_bank)

    def read_arrays(self, folder: Path) -> None:
        self.vectors = np.load(folder / VECTORS_FILE)
        self.intents = np.load(folder / INTENTS_FILE)
        self.from_bank = np.load(folder / FROM_BANK_FILE)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            name = intent.get(INTENT_NAME_KEY)
            unsure = name == DEFAULT_NLU_FALLBACK_INTENT_NAME
            if not (unsure or self._low_confidence(intent)):
                continue
            vector = encoder_sentence_vector(message)
            if vector is None or not len(self.intents):
                continue
            chosen = self.nearest_intent(vector)
            if chosen and (unsure or not is_red_flag_intent(chosen[0])):
                choose_intent(message, *chosen)
        return messages

    def _low_confidence(self, intent: dict[str, Any]) -> bool:
        """An intent that is not a red flag, below the `low_confidence` setting."""
        confidence = intent.get(PREDICTED_CONFIDENCE_KEY)
        return (
            bool(intent.get(INTENT_NAME_KEY))
            and not is_red_flag_intent(intent.get(INTENT_NAME_KEY))
            and confidence is not None
            and float(confidence) < self.config[LOW_CONFIDENCE_KEY]
        )

    def nearest_intent(self, vector: np.ndarray) -> tuple[str, float] | None:
        """(intent, share of the neighbours' weight) when the neighbours are close and agree."""
        similarities = self.vectors @ vector
        nearest = np.argsort(-similarities)[: int(self.config["neighbours"])]
        if similarities[nearest[0]] < self.config["min_similarity"]:
            return None
        weights: dict[str, float] = defaultdict(float)
        for index in nearest:
            weights[str(self.intents[index])] += float(
                np.exp(similarities[index] / self.config["temperature"])
            )
        intent = max(weights, key=weights.__getitem__)
        share = weights[intent] / sum(weights.values())
        return (intent, round(share, 4)) if share >= self.config["min_share"] else None
