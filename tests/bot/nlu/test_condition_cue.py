"""A treatments question that names a condition (content/conversation/conditions.yml) gets
ask_condition_help, so the patient hears what a pain clinic offers for that condition."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.condition_cue import ConditionCueRouting
from bot.nlu.question_focus import FULL_TEXT

TREATMENTS = {"name": "ask_treatments", "confidence": 0.6}


@pytest.fixture(scope="module")
def routing(tmp_path_factory: pytest.TempPathFactory) -> ConditionCueRouting:
    storage = LocalModelStorage(tmp_path_factory.mktemp("condition"))
    context = ExecutionContext(GraphSchema({}), "test-model")
    return ConditionCueRouting.create({}, storage, Resource("condition"), context)


def parsed(
    routing: ConditionCueRouting, text: str, intent: dict = TREATMENTS, full_text: str = ""
) -> Message:
    message = Message({TEXT: text})
    if full_text:
        message.set(FULL_TEXT, full_text)
    message.set(INTENT, dict(intent))
    message.set(INTENT_RANKING_KEY, [dict(intent), {"name": "ask_opioids", "confidence": 0.2}])
    return routing.process([message])[0]


@pytest.mark.parametrize(
    "text",
    [
        "I have knee arthritis, what can I do for the pain without surgery?",
        "what else is there for my sciatica besides pills",
        "i've had shingles pain for months, what treatments are there",
    ],
)
def test_a_treatments_question_naming_a_condition_gets_the_condition_answer(routing, text):
    message = parsed(routing, text)
    assert message.get(INTENT) == {"name": "ask_condition_help", "confidence": 1.0}
    assert [e["name"] for e in message.get(INTENT_RANKING_KEY)] == [
        "ask_condition_help",
        "ask_treatments",
        "ask_opioids",
    ]


def test_the_condition_may_be_named_outside_the_question_sentence(routing):
    story = "My sciatica has been bad since spring. What are my options besides pills?"
    message = parsed(routing, "What are my options besides pills?", full_text=story)
    assert message.get(INTENT)["name"] == "ask_condition_help"


def test_a_general_treatments_question_stays(routing):
    assert parsed(routing, "what treatments are there besides shots").get(INTENT) == TREATMENTS


def test_other_intents_are_left_alone_even_with_a_condition(routing):
    risks = {"name": "ask_risks", "confidence": 0.9}
    assert parsed(routing, "is an epidural risky for my knee arthritis", risks).get(INTENT) == risks
