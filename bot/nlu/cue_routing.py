"""What the cue-routing components share: when the chosen intent is `from_intent` and a cue of
the component's data file matches the whole message, the intent becomes `to_intent`.

The cues are the same regular expressions the actions use (bot/conversation/cues.py), so the
intent and the answer agree on what the patient said. These components run after the intent is
chosen and before the red-flag rules and the safety net, which still win.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

import bot.conversation.cues
from bot.conversation.cues import first_match
from bot.nlu.data_file_component import DataFileComponent
from bot.nlu.intent_choice import choose_intent
from bot.nlu.question_focus import FULL_TEXT


class CueRouting(DataFileComponent, IntentClassifier):
    """Turns `from_intent` into `to_intent` when one of the file's cues matches the message."""

    from_intent: ClassVar[str]
    to_intent: ClassVar[str]

    def __init__(self, kinds: Sequence[Any]) -> None:
        self.kinds = tuple(kinds)

    @classmethod
    def code_files(cls) -> Iterable[Path]:
        return (Path(__file__), Path(bot.conversation.cues.__file__))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) != self.from_intent:
                continue
            text = message.get(FULL_TEXT) or message.get(TEXT)
            if first_match(self.kinds, text) is not None:
                choose_intent(message, self.to_intent, 1.0)
        return messages
