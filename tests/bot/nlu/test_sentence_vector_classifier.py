"""The second opinion from the sentence vector: DIET's guess gives way when the meaning of the
question points elsewhere, a red flag is never moved either way, the bank's real questions are
learned, and the classifier survives the model file."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.errors import ContentError
from bot.nlu.sentence_encoder import SentenceEncoder
from bot.nlu.sentence_vector_classifier import SentenceVectorClassifier
from tests.bot.nlu.test_nearest_example import BANK_FILE_TEXT as NEAREST_BANK_FILE_TEXT
from tests.bot.nlu.test_nearest_example import featurized

TRAINED_TEXTS = [
    ("how do i get ready for the injection", "ask_prepare"),
    ("what should i do the day before my procedure", "ask_prepare"),
    ("do i need to stop eating before the shot", "ask_prepare"),
    ("when can i go back to work after it", "ask_return_activity"),
    ("how soon can i drive again", "ask_return_activity"),
    ("can i exercise the week after the procedure", "ask_return_activity"),
    ("hello there", "greet"),
    ("hi, good morning", "greet"),
    ("i can't feel my legs since the injection", "red_flag_emergency"),
    ("my legs went numb and weak after the shot", "red_flag_emergency"),
]
# The nearest-example tests' bank, with one more question.
ONE_MORE_QUESTION = "What pain medicine can I use once I'm home from the procedure?"
BANK_FILE_TEXT = f"{NEAREST_BANK_FILE_TEXT}    - {ONE_MORE_QUESTION}\n"


def embedded(text: str, intent: dict | str | None = None, second: dict | None = None) -> Message:
    """A message with the real encoder's sentence vector and a training label (str) or DIET's
    guess and runner-up (dicts)."""
    message = featurized(text, SentenceEncoder.shared().embed([text])[0], intent)
    if isinstance(intent, dict):
        message.set(INTENT_RANKING_KEY, [dict(intent), *([dict(second)] if second else [])])
    return message


def trained(tmp_path, bank_text: str | None = None, **settings) -> SentenceVectorClassifier:
    config = dict(settings)
    (tmp_path / "model").mkdir(parents=True)
    if bank_text is not None:
        bank = tmp_path / "bank.yml"
        bank.write_text(bank_text, encoding="utf-8")
        config["question_bank"] = str(bank)
    context = ExecutionContext(GraphSchema({}), "test-model")
    component = SentenceVectorClassifier.create(
        config, LocalModelStorage(tmp_path / "model"), Resource("vote"), context
    )
    component.train(TrainingData([embedded(text, intent) for text, intent in TRAINED_TEXTS]))
    return component


def test_a_question_whose_meaning_points_elsewhere_gets_that_intent(tmp_path):
    """DIET slightly prefers preparing; the question is about going back to work."""
    diet = {"name": "ask_prepare", "confidence": 0.45}
    runner_up = {"name": "ask_return_activity", "confidence": 0.40}
    [message] = trained(tmp_path).process(
        [embedded("when am i allowed to return to my job", diet, runner_up)]
    )
    assert message.get(INTENT)["name"] == "ask_return_activity"
    ranking = message.get(INTENT_RANKING_KEY)
    assert ranking[0] == message.get(INTENT)
    assert [entry["confidence"] for entry in ranking] == sorted(
        (entry["confidence"] for entry in ranking), reverse=True
    )


def test_a_weight_of_zero_leaves_diets_choice(tmp_path):
    diet = {"name": "ask_prepare", "confidence": 0.45}
    runner_up = {"name": "ask_return_activity", "confidence": 0.40}
    [message] = trained(tmp_path, weight=0).process(
        [embedded("when am i allowed to return to my job", diet, runner_up)]
    )
    assert message.get(INTENT) == {"name": "ask_prepare", "confidence": 0.45}


def test_a_red_flag_from_diet_is_never_moved(tmp_path):
    diet = {"name": "red_flag_emergency", "confidence": 0.4}
    [message] = trained(tmp_path).process([embedded("when can i go back to work", diet)])
    assert message.get(INTENT) == diet


def test_a_message_whose_best_blend_is_a_red_flag_stays_as_diet_had_it(tmp_path):
    """The blend never sends a message to a red-flag intent: that is the rules' and the net's."""
    component = trained(tmp_path)
    text = "my legs are numb and i can't feel them after the injection"
    assert (
        max(
            component.probabilities(SentenceEncoder.shared().embed([text])[0]).items(),
            key=lambda item: item[1],
        )[0]
        == "red_flag_emergency"
    )
    diet = {"name": "ask_recovery", "confidence": 0.3}
    runner_up = {"name": "red_flag_emergency", "confidence": 0.29}
    [message] = component.process([embedded(text, diet, runner_up)])
    assert message.get(INTENT) == diet


def test_the_banks_real_questions_are_learned(tmp_path):
    question = "which painkiller is ok to take after my epidural"
    vector = SentenceEncoder.shared().embed([question])[0]
    alone = trained(tmp_path / "alone").probabilities(vector)
    with_bank = trained(tmp_path / "bank", BANK_FILE_TEXT).probabilities(vector)
    assert "ask_aftercare_pain" not in alone
    assert max(with_bank, key=with_bank.__getitem__) == "ask_aftercare_pain"


def test_the_classifier_is_kept_in_the_model_and_loaded_back(tmp_path):
    component = trained(tmp_path, BANK_FILE_TEXT)
    context = ExecutionContext(GraphSchema({}), "test-model")
    loaded = SentenceVectorClassifier.load(
        component.config, LocalModelStorage(tmp_path / "model"), Resource("vote"), context
    )
    vector = SentenceEncoder.shared().embed(["can i drive home after"])[0]
    assert loaded.probabilities(vector) == pytest.approx(component.probabilities(vector))


def test_a_broken_bank_fails_training_naming_the_file(tmp_path):
    with pytest.raises(ContentError, match="bank.yml"):
        trained(tmp_path, 'version: "3.1"\nnlu: []\n')


def test_training_without_the_encoders_features_says_what_to_fix(tmp_path):
    context = ExecutionContext(GraphSchema({}), "test-model")
    component = SentenceVectorClassifier.create(
        {}, LocalModelStorage(tmp_path), Resource("vote"), context
    )
    plain = [Message({TEXT: "hi", INTENT: "greet"}), Message({TEXT: "bye", INTENT: "goodbye"})]
    with pytest.raises(InvalidConfigException, match="after that featurizer"):
        component.train(TrainingData(plain))


@pytest.mark.parametrize(
    ("setting", "value"),
    [("weight", 1.5), ("weight", -0.1), ("weight", True), ("inverse_regularization", 0)],
)
def test_a_setting_out_of_range_is_refused(setting, value):
    with pytest.raises(InvalidConfigException, match=setting):
        SentenceVectorClassifier.validate_config(
            {**SentenceVectorClassifier.get_default_config(), setting: value}
        )
