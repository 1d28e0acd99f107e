"""A bare procedure follow-up ("what about rfa?") is inform_procedure whatever the model's
confidence; a message with any other word keeps the model's intent."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.procedure_follow_up import ProcedureFollowUp
from bot.nlu.procedure_tagger import ProcedureMentionTagger

MODEL_GUESS = {"name": "ask_what_is", "confidence": 0.39}


@pytest.fixture(scope="module")
def parse(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("follow_up")
    context = ExecutionContext(GraphSchema({}), "test-model")
    storage = LocalModelStorage(folder)
    tagger = ProcedureMentionTagger.create(
        ProcedureMentionTagger.get_default_config(), storage, Resource("tagger"), context
    )
    follow_up = ProcedureFollowUp.create({}, storage, Resource("follow_up"), context)

    def run(text: str) -> Message:
        message = Message({TEXT: text})
        message.set(INTENT, dict(MODEL_GUESS))
        message.set(INTENT_RANKING_KEY, [dict(MODEL_GUESS)])
        tagger.process([message])
        follow_up.process([message])
        return message

    return run


@pytest.mark.parametrize(
    "text",
    ["what about rfa", "And the stimulator?", "same question for the nerve block", "RFA then"],
)
def test_bare_follow_up_is_inform_procedure(parse, text):
    message = parse(text)
    assert message.get(INTENT) == {"name": "inform_procedure", "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == "inform_procedure"
    assert MODEL_GUESS["name"] in [entry["name"] for entry in message.get(INTENT_RANKING_KEY)]


@pytest.mark.parametrize(
    "text",
    [
        "what about the risks of rfa",
        "how long does the epidural take",
        "what about my blood thinners",
        "what about nausea after the nerve block",
    ],
)
def test_a_topic_word_leaves_the_model_intent(parse, text):
    assert parse(text).get(INTENT) == MODEL_GUESS
