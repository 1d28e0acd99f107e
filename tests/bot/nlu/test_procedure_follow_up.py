"""A bare procedure follow-up ("what about rfa?") is inform_procedure and a bare "what is
<procedure>" is ask_what_is, whatever the model's confidence; a message with any other word keeps
the model's intent."""

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
UNSURE = {"name": "ask_website", "confidence": 0.11}


@pytest.fixture(scope="module")
def parse(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("follow_up")
    context = ExecutionContext(GraphSchema({}), "test-model")
    storage = LocalModelStorage(folder)
    tagger = ProcedureMentionTagger.create(
        ProcedureMentionTagger.get_default_config(), storage, Resource("tagger"), context
    )
    follow_up = ProcedureFollowUp.create({}, storage, Resource("follow_up"), context)

    def run(text: str, guess: dict = MODEL_GUESS) -> Message:
        message = Message({TEXT: text})
        message.set(INTENT, dict(guess))
        message.set(INTENT_RANKING_KEY, [dict(guess)])
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


@pytest.mark.parametrize(
    "text",
    ["whats an epidurl", "What's a medial branch block?", "what is RFA", "wat is a stimulater"],
)
def test_a_bare_what_is_question_is_ask_what_is_even_misspelt(parse, text):
    message = parse(text, UNSURE)
    assert message.get(INTENT) == {"name": "ask_what_is", "confidence": 1.0}
    assert [entry["name"] for entry in message.get(INTENT_RANKING_KEY)] == [
        "ask_what_is",
        UNSURE["name"],
    ]


@pytest.mark.parametrize(
    "text",
    ["what is the recovery after rfa", "is it an epidural", "what is a pain clinic"],
)
def test_what_is_with_another_word_or_no_procedure_is_the_models(parse, text):
    assert parse(text, UNSURE).get(INTENT) == UNSURE
