"""A message still "not sure" that shares a feeling (content/conversation/feelings.yml) gets
share_feeling, so the patient hears a warm word instead of "not sure"; others keep theirs."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.feeling_cue import FeelingCueFallback

UNSURE = {"name": "nlu_fallback", "confidence": 0.35}


@pytest.fixture(scope="module")
def cue(tmp_path_factory: pytest.TempPathFactory) -> FeelingCueFallback:
    storage = LocalModelStorage(tmp_path_factory.mktemp("feeling"))
    context = ExecutionContext(GraphSchema({}), "test-model")
    return FeelingCueFallback.create({}, storage, Resource("feeling"), context)


def parsed(cue: FeelingCueFallback, text: str, intent: dict = UNSURE) -> Message:
    message = Message({TEXT: text})
    message.set(INTENT, dict(intent))
    message.set(INTENT_RANKING_KEY, [dict(intent), {"name": "ask_who_helps", "confidence": 0.3}])
    return cue.process([message])[0]


@pytest.mark.parametrize(
    "text",
    [
        "my doctor wants to burn the nerves in my back and that really scares me",
        "the thought of a needle in my spine terrifies me",
        "honestly i'm just so nervous about tuesday",
    ],
)
def test_an_unsure_message_with_a_feeling_is_share_feeling(cue, text):
    message = parsed(cue, text)
    assert message.get(INTENT) == {"name": "share_feeling", "confidence": 1.0}
    assert [e["name"] for e in message.get(INTENT_RANKING_KEY)] == [
        "share_feeling",
        "ask_who_helps",
    ]


def test_an_unsure_message_without_a_feeling_stays_unsure(cue):
    assert parsed(cue, "burn the nerves in my back").get(INTENT) == UNSURE


def test_a_sure_intent_is_kept_even_with_a_feeling(cue):
    sure = {"name": "ask_pain_sedation", "confidence": 0.8}
    assert parsed(cue, "i'm scared, will i be asleep", sure).get(INTENT) == sure
