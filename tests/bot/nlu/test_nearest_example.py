"""A message DIET left "not sure" takes the intent of its nearest training examples only when
they are close and agree; a sure intent is never touched; the vectors survive the model file."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.nearest_example import NearestExampleFallback
from bot.nlu.sentence_encoder import DIMENSION

ORIGIN = "train_bot.nlu.minilm_featurizer.MiniLMSentenceFeaturizer3"
UNSURE = {"name": "nlu_fallback", "confidence": 0.35}
DIET_GUESS = {"name": "ask_return_activity", "confidence": 0.30}


def unit(*values: float) -> np.ndarray:
    """A unit vector of the encoder's size whose first components are `values`."""
    vector = np.zeros(DIMENSION, dtype=np.float32)
    vector[: len(values)] = values
    return vector / np.linalg.norm(vector)


def featurized(text: str, vector: np.ndarray, intent: dict | str | None = None) -> Message:
    message = Message({TEXT: text})
    if isinstance(intent, str):
        message.set(INTENT, intent)
    elif intent is not None:
        message.set(INTENT, dict(intent))
        message.set(INTENT_RANKING_KEY, [dict(intent), dict(DIET_GUESS)])
    message.add_features(Features(vector.reshape(1, -1), FEATURE_TYPE_SENTENCE, TEXT, ORIGIN))
    return message


EXAMPLES = [
    ("what should i not do while i'm healing", unit(1, 0.05, 0), "ask_recovery"),
    ("what to avoid after the procedure", unit(1, 0.1, 0), "ask_recovery"),
    ("when can i go back to work", unit(0.6, 1, 0), "ask_return_activity"),
    ("hi there", unit(0, 0, 1), "greet"),
]


SETTINGS = {"neighbours": 3, "min_share": 0.6}


@pytest.fixture()
def trained(tmp_path) -> tuple[NearestExampleFallback, LocalModelStorage, Resource]:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("nearest")
    context = ExecutionContext(GraphSchema({}), "test-model")
    component = NearestExampleFallback.create(SETTINGS, storage, resource, context)
    component.train(TrainingData([featurized(t, v, i) for t, v, i in EXAMPLES]))
    return component, storage, resource


def test_an_unsure_message_close_to_agreeing_examples_takes_their_intent(trained):
    component, _, _ = trained
    [message] = component.process(
        [featurized("what should i avoid while i heal", unit(1, 0, 0), UNSURE)]
    )
    assert message.get(INTENT)["name"] == "ask_recovery"
    assert message.get(INTENT)["confidence"] >= 0.5
    ranking = [entry["name"] for entry in message.get(INTENT_RANKING_KEY)]
    assert ranking == ["ask_recovery", "ask_return_activity"]


def test_a_message_far_from_every_example_stays_unsure(trained):
    component, _, _ = trained
    [message] = component.process([featurized("asdfgh", unit(-1, -1, -0.2), UNSURE)])
    assert message.get(INTENT) == UNSURE


def test_neighbours_that_disagree_leave_it_unsure(trained):
    component, _, _ = trained
    between = unit(0.8, 0.53, 0)  # healing examples ~53% of the weight, going back to work ~47%
    [message] = component.process([featurized("after it, what then", between, UNSURE)])
    assert message.get(INTENT) == UNSURE


def test_a_sure_intent_is_never_changed(trained):
    component, _, _ = trained
    sure = {"name": "ask_hours", "confidence": 0.9}
    [message] = component.process([featurized("what should i avoid", unit(1, 0, 0), sure)])
    assert message.get(INTENT) == sure


def test_the_examples_are_kept_in_the_model_and_loaded_back(trained):
    component, storage, resource = trained
    context = ExecutionContext(GraphSchema({}), "test-model")
    loaded = NearestExampleFallback.load(SETTINGS, storage, resource, context)
    assert loaded.intents.tolist() == [intent for _, _, intent in EXAMPLES]
    assert loaded.nearest_intent(unit(1, 0, 0)) == component.nearest_intent(unit(1, 0, 0))


def test_training_without_the_encoders_features_says_what_to_fix(tmp_path):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test-model")
    component = NearestExampleFallback.create({}, storage, Resource("n"), context)
    plain = Message({TEXT: "hi", INTENT: "greet"})
    with pytest.raises(InvalidConfigException, match="after that featurizer"):
        component.train(TrainingData([plain]))


@pytest.mark.parametrize("setting", ["neighbours", "min_similarity", "min_share", "temperature"])
def test_a_setting_that_is_not_a_positive_number_is_refused(setting):
    with pytest.raises(InvalidConfigException, match=setting):
        NearestExampleFallback.validate_config(
            {**NearestExampleFallback.get_default_config(), setting: "high"}
        )
