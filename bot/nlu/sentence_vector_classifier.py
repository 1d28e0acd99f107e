"""Rasa NLU component: a second opinion on the intent, from the meaning of the question alone,
blended with DIET's.

DIET reads words, word pieces and the encoder's sentence vector together, and on a patient's own
wording its guess leans on the words our examples happen to use. A linear classifier on the
sentence vector alone (multinomial logistic regression), trained on the same examples and, with
`question_bank` set, on the bank's real patient questions (bot/nlu/question_bank.py), follows the
meaning more than the words. Each intent's confidence becomes

    (1 - `weight`) * DIET's confidence + `weight` * the classifier's probability

and the FallbackClassifier after it judges the blended confidence.

Red flags are the rules', the safety net's and DIET's: the blend never moves a message to or
from a red-flag intent. A message whose DIET intent is a red flag, or whose best blended intent
would be one, is left as DIET had it.

Runs right after DIETClassifier. Settings chosen by measurement on the held-out set, the
real-question dev set and the conversation turns (never the blind sets):
`python -m tools.sentence_vector_settings`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

from bot.nlu.minilm_featurizer import MiniLMSentenceFeaturizer, encoder_sentence_vector
from bot.nlu.question_bank import (
    QUESTION_BANK_KEY,
    UsesQuestionBank,
)
from bot.nlu.red_flag_detector import is_red_flag_intent
from bot.nlu.stored_arrays_component import StoredArraysComponent

WEIGHTS_FILE = "vote_weights.npy"
BIASES_FILE = "vote_biases.npy"
INTENTS_FILE = "vote_intents.npy"
WEIGHT_KEY = "weight"
STRENGTH_KEY = "inverse_regularization"
RANKING_LENGTH = 10  # as DIET's intent ranking


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SentenceVectorClassifier(UsesQuestionBank, StoredArraysComponent, IntentClassifier):
    """Blends DIET's intent confidences with a logistic regression on the sentence vector."""

    # Filled by `train` or, when the model loads, from the model file: one row per intent.
    weights = np.zeros((0, 0), dtype=np.float32)
    biases = np.zeros(0, dtype=np.float32)
    intents = np.array([], dtype=str)

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # weight: the classifier's share of each confidence (0 leaves DIET's alone);
        # inverse_regularization: scikit-learn's C (larger fits the examples more closely);
        # question_bank: None (training examples only) or a Rasa NLU YAML file, from the repo root.
        # 0.4 as measured (config.yml says why).
        return {WEIGHT_KEY: 0.4, STRENGTH_KEY: 30.0, QUESTION_BANK_KEY: None}

    @classmethod
    def required_components(cls) -> list[type]:
        # It runs after DIETClassifier too, but Rasa's training graph cannot require that.
        return [MiniLMSentenceFeaturizer]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        weight = config.get(WEIGHT_KEY)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 <= weight <= 1:
            raise InvalidConfigException(
                f"SentenceVectorClassifier: '{WEIGHT_KEY}' must be a number from 0 to 1, "
                f"got {weight!r}"
            )
        strength = config.get(STRENGTH_KEY)
        if isinstance(strength, bool) or not isinstance(strength, int | float) or strength <= 0:
            raise InvalidConfigException(
                f"SentenceVectorClassifier: '{STRENGTH_KEY}' must be a positive number, "
                f"got {strength!r}"
            )
        cls.check_question_bank_setting(config)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the classifier on every intent example's sentence vector (as the featurizer saw its
        question) and every bank question's (embedded the same way)."""
        labelled = self.labelled_vectors(training_data)
        if len(set(labelled.intents)) < 2:
            raise InvalidConfigException(
                "SentenceVectorClassifier: it needs examples of two intents or more with "
                "MiniLMSentenceFeaturizer's sentence features; put it after that featurizer"
            )
        fitted = LogisticRegression(C=float(self.config[STRENGTH_KEY]), max_iter=3000)
        fitted.fit(np.vstack(labelled.vectors), np.array(labelled.intents, dtype=str))
        self.weights = fitted.coef_.astype(np.float32)
        self.biases = fitted.intercept_.astype(np.float32)
        self.intents = fitted.classes_.astype(str)
        return self.persist()

    def write_arrays(self, folder: Path) -> None:
        np.save(folder / WEIGHTS_FILE, self.weights)
        np.save(folder / BIASES_FILE, self.biases)
        np.save(folder / INTENTS_FILE, self.intents)

    def read_arrays(self, folder: Path) -> None:
        self.weights = np.load(folder / WEIGHTS_FILE)
        self.biases = np.load(folder / BIASES_FILE)
        self.intents = np.load(folder / INTENTS_FILE)

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        """The classifier's probability of each intent for one sentence vector (a softmax)."""
        scores = self.weights @ vector + self.biases
        exp = np.exp(scores - scores.max())
        return dict(zip(self.intents.tolist(), (exp / exp.sum()).tolist(), strict=True))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            name = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            vector = encoder_sentence_vector(message)
            if not name or is_red_flag_intent(name) or vector is None or not len(self.intents):
                continue
            ranking = self.blended_ranking(message.get(INTENT_RANKING_KEY) or [], vector)
            if is_red_flag_intent(ranking[0][INTENT_NAME_KEY]):
                continue
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def blended_ranking(self, diet_ranking: list[dict], vector: np.ndarray) -> list[dict]:
        """Every intent DIET or the classifier ranks, by blended confidence, best first."""
        weight = float(self.config[WEIGHT_KEY])
        diet = {e[INTENT_NAME_KEY]: float(e[PREDICTED_CONFIDENCE_KEY]) for e in diet_ranking}
        vote = self.probabilities(vector)
        blended = {
            intent: (1 - weight) * diet.get(intent, 0.0) + weight * vote.get(intent, 0.0)
            for intent in diet.keys() | vote.keys()
        }
        best = sorted(blended.items(), key=lambda item: -item[1])[:RANKING_LENGTH]
        return [
            {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: round(confidence, 4)}
            for intent, confidence in best
        ]
