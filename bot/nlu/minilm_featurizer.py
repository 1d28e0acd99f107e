"""Rasa NLU component: dense features from the pretrained sentence encoder (all-MiniLM-L6-v2).

Like Rasa's own dense featurizers (SpacyFeaturizer, LanguageModelFeaturizer) it adds, for each
tokenized attribute, sequence features (one 384-dim row per Rasa token: the mean of the word-piece
states inside the token) and a sentence feature (the encoder's mean-pooled, unit-length vector),
so DIET gets both levels with the same dimension. The encoder is the process-wide
`SentenceEncoder.shared()`, so other components reuse its cached vectors of the same message.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES, TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import ACTION_TEXT, FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot.nlu.sentence_encoder
from bot.nlu.configured_component import ConfiguredComponent, GraphPlace
from bot.nlu.encoder_files import EXPECTED_SHA256
from bot.nlu.sentence_encoder import BATCH_SIZE, DIMENSION, SentenceEncoder
from bot.paths import from_repo_root

MODEL_DIR_KEY = "model_dir"
SEQUENCE_FEATURES_KEY = "sequence_features"
# At inference only the user's text (and an action's text) is featurized; the other attributes
# are labels, featurized once during training (as LanguageModelFeaturizer does).
INFERENCE_ATTRIBUTES = (TEXT, ACTION_TEXT)


def encoder_sentence_vector(message: Message) -> np.ndarray | None:
    """The encoder's unit-length sentence vector of the message's text, as this featurizer added
    it (for the components after it: the nearest examples and the safety net), or None."""
    for features in message.features:
        if (
            features.attribute == TEXT
            and features.type == FEATURE_TYPE_SENTENCE
            and features.is_dense()
            and features.features.shape == (1, DIMENSION)
        ):
            return np.asarray(features.features[0], dtype=np.float32)
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class MiniLMSentenceFeaturizer(DenseFeaturizer, ConfiguredComponent):
    """Sequence and sentence features from all-MiniLM-L6-v2 for DIET."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # model_dir: None means pretrained/all-MiniLM-L6-v2 (or $PAINPATH_ENCODER_DIR).
        # sequence_features: one row per token too, as Rasa's dense featurizers give; DIET
        # without transformer layers classifies intents from the sentence features alone.
        return {
            **DenseFeaturizer.get_default_config(),
            MODEL_DIR_KEY: None,
            SEQUENCE_FEATURES_KEY: True,
        }

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def required_packages() -> list[str]:
        return ["tensorflow", "transformers", "tokenizers"]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        folder = config.get(MODEL_DIR_KEY)
        if folder is not None and not isinstance(folder, str):
            raise InvalidConfigException(
                f"MiniLMSentenceFeaturizer: '{MODEL_DIR_KEY}' must be a folder path, got {folder!r}"
            )
        if not isinstance(config.get(SEQUENCE_FEATURES_KEY, True), bool):
            raise InvalidConfigException(
                f"MiniLMSentenceFeaturizer: '{SEQUENCE_FEATURES_KEY}' must be true or false"
            )

    @classmethod
    def model_folder(cls, config: dict[str, Any]) -> Path | None:
        """The configured folder (relative to the repo root), or None for the default."""
        folder = config.get(MODEL_DIR_KEY)
        if not folder:
            return None
        return from_repo_root(folder)

    @classmethod
    def from_config(cls, config: dict[str, Any], place: GraphPlace) -> MiniLMSentenceFeaturizer:
        """Load (once per process) and check the encoder; a bad file stops the graph's start."""
        encoder = SentenceEncoder.shared(cls.model_folder(config))
        return cls(config, place.execution_context.node_name, encoder)

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The model files' recorded sha256 and the pooling code: changing either retrains."""
        digest = hashlib.sha256()
        for name, sha256 in sorted(EXPECTED_SHA256.items()):
            digest.update(f"{name}={sha256}\n".encode())
        digest.update(Path(bot.nlu.sentence_encoder.__file__).read_bytes())
        return digest.hexdigest()

    def __init__(self, config: dict[str, Any], name: str, encoder: SentenceEncoder) -> None:
        super().__init__(name, config)
        self._encoder = encoder
        self._with_sequence = config.get(SEQUENCE_FEATURES_KEY, True)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize every training example, in batches of the encoder's batch size."""
        examples = training_data.training_examples
        for attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
            tokenized = [m for m in examples if m.get(attribute) and m.get(TOKENS_NAMES[attribute])]
            for first in range(0, len(tokenized), BATCH_SIZE):
                self._featurize(tokenized[first : first + BATCH_SIZE], attribute)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurize the user's message (cached: another component may have embedded it)."""
        for attribute in INFERENCE_ATTRIBUTES:
            tokenized = [m for m in messages if m.get(attribute) and m.get(TOKENS_NAMES[attribute])]
            if tokenized:
                self._featurize(tokenized, attribute)
        return messages

    def _featurize(self, messages: list[Message], attribute: str) -> None:
        encoded = self._encoder.encode([message.get(attribute) for message in messages])
        for message, item in zip(messages, encoded, strict=True):
            sequence = None
            if self._with_sequence:
                tokens = message.get(TOKENS_NAMES[attribute])
                sequence = item.pooled_over([(token.start, token.end) for token in tokens])
            self.add_features_to_message(
                sequence=sequence,
                sentence=item.sentence.reshape(1, -1),
                attribute=attribute,
                message=message,
            )
