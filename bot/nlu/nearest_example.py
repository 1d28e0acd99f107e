"""Rasa NLU component: a message DIET is unsure of takes the intent of the training examples
nearest to it in meaning, when they are close and agree.

DIET learns a boundary between intents; on a wording unlike its examples it spreads its
confidence and the FallbackClassifier answers "not sure". Patients' own wordings often sit right
next to one of our examples in the sentence encoder's space ("what should i avoid while i heal"
and "what should i not do while i'm healing") even when DIET's boundary does not see it. So, for
a message the FallbackClassifier marked `nlu_fallback`, this component looks up the `neighbours`
nearest training examples (cosine similarity of the all-MiniLM-L6-v2 sentence vectors that
MiniLMSentenceFeaturizer already computed) and, when the nearest is at least `min_similarity`
and one intent holds at least `min_share` of the neighbours' weight (each weighs
exp(similarity / `temperature`)), takes that intent with its share as the confidence. Anything
else stays "not sure": gibberish and off-topic chatter sit below 0.5 of every example.

It runs after the FallbackClassifier and before FullMessageRestore, so it reads the question
sentence that DIET read; the red-flag rules and the safety net run after it and still win.
Thresholds were chosen by measurement on the held-out set, the real-question dev set and the
conversation turns (never the blind sets); see docs/architecture.md.
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
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_choice import choose_intent
from bot.nlu.minilm_featurizer import MiniLMSentenceFeaturizer, encoder_sentence_vector
from bot.nlu.stored_arrays_component import StoredArraysComponent

VECTORS_FILE = "example_vectors.npy"
INTENTS_FILE = "example_intents.npy"
SETTINGS = ("neighbours", "min_similarity", "min_share", "temperature")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class NearestExampleFallback(StoredArraysComponent, IntentClassifier):
    """Turns `nlu_fallback` into the intent of the nearest, agreeing training examples."""

    # Filled by `train` or, when the model loads, from the model file.
    vectors = np.zeros((0, 0), dtype=np.float32)
    intents = np.array([], dtype=str)

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"neighbours": 10, "min_similarity": 0.55, "min_share": 0.5, "temperature": 0.05}

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

    def train(self, training_data: TrainingData) -> Resource:
        """Keep every intent example's sentence vector (as the featurizer saw its question)."""
        rows, intents = [], []
        for example in training_data.intent_examples:
            vector = encoder_sentence_vector(example)
            if vector is not None:
                rows.append(vector)
                intents.append(example.get(INTENT))
        if not rows:
            raise InvalidConfigException(
                "NearestExampleFallback: no training example has MiniLMSentenceFeaturizer's "
                "sentence features; put it after that featurizer in config.yml"
            )
        self.vectors = np.vstack(rows).astype(np.float32)
        self.intents = np.array(intents, dtype=str)
        return self.persist()

    def write_arrays(self, folder: Path) -> None:
        np.save(folder / VECTORS_FILE, self.vectors)
        np.save(folder / INTENTS_FILE, self.intents)

    def read_arrays(self, folder: Path) -> None:
        self.vectors = np.load(folder / VECTORS_FILE)
        self.intents = np.load(folder / INTENTS_FILE)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME:
                continue
            vector = encoder_sentence_vector(message)
            if vector is not None and len(self.intents):
                chosen = self.nearest_intent(vector)
                if chosen:
                    choose_intent(message, *chosen)
        return messages

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
