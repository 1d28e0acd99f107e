"""MiniLMSentenceFeaturizer built directly, as Rasa builds it, on the real encoder weights."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import minilm_featurizer
from bot.nlu.encoder_files import EncoderFilesError
from bot.nlu.minilm_featurizer import MiniLMSentenceFeaturizer
from bot.nlu.sentence_encoder import DIMENSION, SentenceEncoder

NODE_NAME = "run_MiniLMSentenceFeaturizer3"


def build(tmp_path: Path, config: dict[str, Any] | None = None) -> MiniLMSentenceFeaturizer:
    return MiniLMSentenceFeaturizer.create(
        {**MiniLMSentenceFeaturizer.get_default_config(), **(config or {})},
        LocalModelStorage(tmp_path),
        Resource("minilm"),
        ExecutionContext(GraphSchema({}), node_name=NODE_NAME),
    )


@pytest.fixture(scope="module")
def featurizer(tmp_path_factory: pytest.TempPathFactory) -> MiniLMSentenceFeaturizer:
    return build(tmp_path_factory.mktemp("storage"))


@pytest.fixture(scope="module")
def tokenizer() -> WhitespaceTokenizer:
    return WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())


def tokenized(tokenizer: WhitespaceTokenizer, *texts: str, intent: str | None = None) -> list:
    messages = [
        Message(data={TEXT: text, **({INTENT: intent} if intent else {})}) for text in texts
    ]
    tokenizer.process(messages)
    return messages


def test_registered_under_its_own_name_as_a_message_featurizer() -> None:
    registered = DefaultV1Recipe._from_registry("MiniLMSentenceFeaturizer")
    assert registered.clazz is MiniLMSentenceFeaturizer
    assert DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER in registered.types
    assert not registered.is_trainable


def test_a_message_gets_one_row_per_token_and_a_sentence_vector(
    featurizer: MiniLMSentenceFeaturizer, tokenizer: WhitespaceTokenizer
) -> None:
    [message] = tokenized(tokenizer, "How long does a nerve-block last?")
    featurizer.process([message])
    sequence, sentence = message.get_dense_features(TEXT, [NODE_NAME])
    tokens = message.get(TOKENS_NAMES[TEXT])
    assert sequence.features.shape == (len(tokens), DIMENSION)
    assert sentence.features.shape == (1, DIMENSION)
    assert sequence.origin == [NODE_NAME] and sentence.origin == [NODE_NAME]
    assert np.abs(sequence.features).sum(axis=1).min() > 0  # every token has word pieces
    expected = SentenceEncoder.shared().embed([message.get(TEXT)])
    np.testing.assert_allclose(sentence.features, expected, atol=1e-6)


def test_training_examples_are_all_featurized_in_batches(
    featurizer: MiniLMSentenceFeaturizer,
    tokenizer: WhitespaceTokenizer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [f"question number {i} about epidurals" for i in range(70)]
    examples = tokenized(tokenizer, *texts, intent="ask_what_is")
    batches = []
    encode = featurizer._encoder.encode
    monkeypatch.setattr(
        featurizer._encoder, "encode", lambda items: batches.append(len(items)) or encode(items)
    )
    featurizer.process_training_data(TrainingData(training_examples=examples))
    assert batches == [64, 6]
    for example in examples:
        sequence, sentence = example.get_dense_features(TEXT)
        assert sentence.features.shape == (1, DIMENSION)
        assert sequence.features.shape[0] == len(example.get(TOKENS_NAMES[TEXT]))


def test_an_empty_message_is_left_without_features(
    featurizer: MiniLMSentenceFeaturizer, tokenizer: WhitespaceTokenizer
) -> None:
    [message] = tokenized(tokenizer, "")
    featurizer.process([message])
    assert message.get_dense_features(TEXT) == (None, None)


def test_changing_the_recorded_weights_hash_changes_the_fingerprint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = MiniLMSentenceFeaturizer.get_default_config()
    before = MiniLMSentenceFeaturizer.fingerprint_addon(config)
    assert MiniLMSentenceFeaturizer.fingerprint_addon(config) == before
    changed = {**minilm_featurizer.EXPECTED_SHA256, "model.safetensors": "f" * 64}
    monkeypatch.setattr(minilm_featurizer, "EXPECTED_SHA256", changed)
    assert MiniLMSentenceFeaturizer.fingerprint_addon(config) != before


def test_a_folder_without_the_checked_files_stops_the_start(tmp_path: Path) -> None:
    with pytest.raises(EncoderFilesError, match="make install"):
        build(tmp_path, {"model_dir": str(tmp_path / "missing")})


def test_model_dir_must_be_a_path() -> None:
    with pytest.raises(InvalidConfigException, match="model_dir"):
        MiniLMSentenceFeaturizer.validate_config({"model_dir": 3})
