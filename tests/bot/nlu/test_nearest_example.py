"""A message DIET left "not sure" (or, with `low_confidence`, one it was unsure of) takes the
intent of its nearest training examples and question-bank questions only when they are close and
agree; a sure intent and a red flag are never touched; the vectors survive the model file."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.errors import ContentError
from bot.nlu.minilm_featurizer import MiniLMSentenceFeaturizer, encoder_sentence_vector
from bot.nlu.nearest_example import NearestExampleFallback
from bot.nlu.question_focus import QuestionSentenceFocus
from bot.nlu.sentence_encoder import DIMENSION, SentenceEncoder

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


# --- the question bank and the low-confidence trigger, on the real encoder ----------------------

BANK_FILE_TEXT = """version: "3.1"
nlu:
- intent: ask_aftercare_pain
  metadata:
    url: https://example.org/after-the-shot
  examples: |
    - Can I take ibuprofen after an epidural steroid injection?
    - Is it okay to take Advil for the soreness after my injection?
"""
LIVE_QUESTION = "can i take advil after the epidural shot"
TRAINED_TEXTS = [
    ("how do i get ready for the injection", "ask_prepare"),
    ("what should i do the day before my procedure", "ask_prepare"),
    ("hello there", "greet"),
    ("i can't feel my legs since the injection", "red_flag_emergency"),
    ("my legs went numb and weak after the shot", "red_flag_emergency"),
]
BANK_SETTINGS = {"neighbours": 3, "min_similarity": 0.6, "low_confidence": 0.5}


def embedded(text: str, intent: dict | str | None = None) -> Message:
    """A message with the real encoder's sentence vector, as MiniLMSentenceFeaturizer adds it."""
    return featurized(text, SentenceEncoder.shared().embed([text])[0], intent)


def with_bank(
    tmp_path, bank_text: str | None = BANK_FILE_TEXT, **settings
) -> NearestExampleFallback:
    """Trained on TRAINED_TEXTS and, unless `bank_text` is None, a bank file of that text; its
    model storage is `tmp_path`/model-bank or model-alone."""
    config = {**BANK_SETTINGS, **settings}
    if bank_text is not None:
        bank = tmp_path / "bank.yml"
        bank.write_text(bank_text, encoding="utf-8")
        config["question_bank"] = str(bank)
    folder = tmp_path / ("model-alone" if bank_text is None else "model-bank")
    folder.mkdir(exist_ok=True)
    context = ExecutionContext(GraphSchema({}), "test-model")
    component = NearestExampleFallback.create(
        config, LocalModelStorage(folder), Resource("nearest"), context
    )
    component.train(TrainingData([embedded(text, intent) for text, intent in TRAINED_TEXTS]))
    return component


def test_a_low_confidence_message_takes_the_intent_of_the_bank_questions_near_it(tmp_path):
    unsure_guess = {"name": "ask_prepare", "confidence": 0.42}
    [message] = with_bank(tmp_path).process([embedded(LIVE_QUESTION, unsure_guess)])
    assert message.get(INTENT)["name"] == "ask_aftercare_pain"
    # Without the bank the nearest training examples are too far: DIET's guess stands.
    [alone] = with_bank(tmp_path, None).process([embedded(LIVE_QUESTION, unsure_guess)])
    assert alone.get(INTENT) == unsure_guess


def test_a_confident_intent_keeps_its_answer_even_near_the_bank(tmp_path):
    sure = {"name": "ask_prepare", "confidence": 0.55}
    [message] = with_bank(tmp_path).process([embedded(LIVE_QUESTION, sure)])
    assert message.get(INTENT) == sure


def test_without_low_confidence_only_unsure_messages_are_relabelled(tmp_path):
    component = with_bank(tmp_path, low_confidence=0.0)
    guess = {"name": "ask_prepare", "confidence": 0.1}
    [kept] = component.process([embedded(LIVE_QUESTION, guess)])
    assert kept.get(INTENT) == guess
    [unsure] = component.process([embedded(LIVE_QUESTION, UNSURE)])
    assert unsure.get(INTENT)["name"] == "ask_aftercare_pain"


def test_a_red_flag_intent_is_never_replaced(tmp_path):
    for red_flag in ("red_flag_emergency", "red_flag_check_in"):
        low = {"name": red_flag, "confidence": 0.2}
        [message] = with_bank(tmp_path).process([embedded(LIVE_QUESTION, low)])
        assert message.get(INTENT) == low


def test_a_low_confidence_message_never_takes_a_red_flag_intent(tmp_path):
    component = with_bank(tmp_path)
    symptom = "my legs are numb and weak since the injection"
    nearest = component.nearest_intent(SentenceEncoder.shared().embed([symptom])[0])
    assert nearest is not None and nearest[0] == "red_flag_emergency"
    guess = {"name": "ask_recovery", "confidence": 0.3}
    [message] = component.process([embedded(symptom, guess)])
    assert message.get(INTENT) == guess
    # A "not sure" one still may (as before the bank): it only sends the patient to safety sooner.
    [unsure] = component.process([embedded(symptom, UNSURE)])
    assert unsure.get(INTENT)["name"] == "red_flag_emergency"


def test_a_bank_question_is_embedded_as_the_live_message_is(tmp_path):
    """Through the real tokenizer, question focus and featurizer: a long, shouted message."""
    text = "I HAD THE NERVE BURNING ON MY NECK LAST YEAR. WE MOVED SINCE. HOW LONG WILL IT LAST?"
    bank = f'version: "3.1"\nnlu:\n- intent: ask_relief\n  examples: |\n    - {text}\n'
    component = with_bank(tmp_path, bank)
    context = ExecutionContext(GraphSchema({}), "test-model")
    storage = LocalModelStorage(tmp_path / "pipeline")
    pipeline = [
        WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()),
        QuestionSentenceFocus.create({}, storage, Resource("focus"), context),
        MiniLMSentenceFeaturizer.create(
            MiniLMSentenceFeaturizer.get_default_config(), storage, Resource("minilm"), context
        ),
    ]
    live = [Message({TEXT: text})]
    for step in pipeline:
        live = step.process(live)
    assert live[0].get(TEXT) == "how long will it last?"  # what the featurizer read
    [bank_vector] = component.vectors[component.from_bank]
    np.testing.assert_allclose(bank_vector, encoder_sentence_vector(live[0]), atol=1e-5)


@pytest.mark.parametrize(
    ("bank_text", "named"),
    [
        ("version: '3.1'\nnlu:\n- intent: ask_relief\n  examples: [unclosed\n", "bank.yml"),
        ('version: "3.1"\nnlu: []\n', "no labelled questions"),
        (BANK_FILE_TEXT.replace("ask_aftercare_pain", "red_flag_emergency"), "red_flag_emergency"),
    ],
)
def test_a_broken_bank_file_fails_training_naming_the_file(tmp_path, bank_text, named):
    with pytest.raises(ContentError, match=named) as raised:
        with_bank(tmp_path, bank_text)
    assert str(tmp_path / "bank.yml") in str(raised.value)


def test_a_missing_bank_file_is_named_before_training(tmp_path):
    missing = tmp_path / "nowhere.yml"
    with pytest.raises(ContentError, match="nowhere.yml"):
        NearestExampleFallback.fingerprint_addon({"question_bank": str(missing)})


def test_editing_the_bank_retrains(tmp_path):
    bank = tmp_path / "bank.yml"
    bank.write_text(BANK_FILE_TEXT, encoding="utf-8")
    before = NearestExampleFallback.fingerprint_addon({"question_bank": str(bank)})
    bank.write_text(BANK_FILE_TEXT + "    - does ice help after the shot?\n", encoding="utf-8")
    assert NearestExampleFallback.fingerprint_addon({"question_bank": str(bank)}) != before


def test_the_bank_rows_survive_the_model_file(tmp_path):
    component = with_bank(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test-model")
    loaded = NearestExampleFallback.load(
        component.config, LocalModelStorage(tmp_path / "model-bank"), Resource("nearest"), context
    )
    assert loaded.from_bank.tolist() == [False] * len(TRAINED_TEXTS) + [True, True]
    assert loaded.intents[loaded.from_bank].tolist() == ["ask_aftercare_pain"] * 2


@pytest.mark.parametrize("low", [-0.1, 1.0, "half", True])
def test_low_confidence_must_be_a_number_from_zero_to_below_one(low):
    with pytest.raises(InvalidConfigException, match="low_confidence"):
        NearestExampleFallback.validate_config(
            {**NearestExampleFallback.get_default_config(), "low_confidence": low}
        )
