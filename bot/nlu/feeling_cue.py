"""Rasa NLU component: a message still "not sure" that shares a feeling is `share_feeling`.

"My doctor wants to burn the nerves in my back and that really scares me" mixes a procedure, a
story and a feeling; DIET spreads its confidence over them and the patient would get "not sure"
at the moment a warm word matters most. The feeling cues in content/conversation/feelings.yml
(the ones the actions use to say the warm line first) find the feeling deterministically, so a
message the model and the nearest examples left unsure gets `share_feeling`, whose action
acknowledges the feeling and then answers about the procedure named. Runs after
NearestExampleFallback; the red-flag rules and the safety net run after it and still win.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

import bot.conversation.cues
from bot.conversation.cues import Feeling, first_match, load_feelings
from bot.nlu.data_file_component import DataFileComponent
from bot.nlu.intent_choice import choose_intent
from bot.nlu.question_focus import FULL_TEXT

FEELING_INTENT = "share_feeling"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FeelingCueFallback(DataFileComponent, IntentClassifier):
    """Turns `nlu_fallback` into `share_feeling` when a feeling cue matches the message."""

    file_key = "feelings_file"
    default_file = "content/conversation/feelings.yml"

    def __init__(self, feelings: tuple[Feeling, ...]) -> None:
        self.feelings = feelings

    @classmethod
    def from_data_file(cls, path: Path) -> FeelingCueFallback:
        return cls(load_feelings(path))

    @classmethod
    def code_files(cls) -> Iterable[Path]:
        return (Path(__file__), Path(bot.conversation.cues.__file__))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME:
                continue
            text = message.get(FULL_TEXT) or message.get(TEXT)
            if first_match(self.feelings, text) is not None:
                choose_intent(message, FEELING_INTENT, 1.0)
        return messages
