"""Rasa NLU component: a bare procedure follow-up ("what about rfa?") is `inform_procedure`.

A message that names a procedure and says nothing else but follow-up words ("what about",
"and the", "same question for", "then") asks the last question again about that procedure. The
procedure tagger has found the name deterministically, so the intent need not wait for the
model's confidence: DIET spreads such short messages over the topics it was last asked about and
the fallback threshold turned them into "Did you mean". Runs after DIET and before the
FallbackClassifier; any other word (a topic, a symptom) leaves the message to the model.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.procedure_tagger import ENTITY_NAME
from bot.nlu.question_focus import FULL_TEXT

FOLLOW_UP_INTENT = "inform_procedure"
# Words that carry no topic of their own in a follow-up; anything else leaves it to the model.
_FOLLOW_UP_WORD_LIST = (
    "what about how and the a an for then ok okay so same question now also too "
    "one ones please pls hmm um well but or abt"
)
FOLLOW_UP_WORDS = frozenset(_FOLLOW_UP_WORD_LIST.split())
WORD = re.compile(r"[a-z']+")


def is_bare_follow_up(text: str, entities: list[dict]) -> bool:
    """True when the text names a procedure and, apart from the names, only follow-up words."""
    spans = [
        (int(e["start"]), int(e["end"]))
        for e in entities
        if e.get("entity") == ENTITY_NAME and "start" in e and "end" in e
    ]
    if not spans:
        return False
    rest = list(text)
    for start, end in spans:
        rest[start:end] = " " * (end - start)
    words = WORD.findall("".join(rest).lower())
    return all(word in FOLLOW_UP_WORDS for word in words)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ProcedureFollowUp(GraphComponent, IntentClassifier):
    """Sets `inform_procedure` for a bare procedure follow-up, above every model guess."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ProcedureFollowUp:
        """No configuration and no training: the word list is above."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            # The tagger's offsets are the whole message's (the question focus may have cut it).
            text = message.get(FULL_TEXT) or message.get(TEXT) or ""
            if is_bare_follow_up(text, message.get(ENTITIES) or []):
                _choose_follow_up(message)
        return messages


def _choose_follow_up(message: Message) -> None:
    chosen = {INTENT_NAME_KEY: FOLLOW_UP_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
    ranking = [
        entry
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get(INTENT_NAME_KEY) != FOLLOW_UP_INTENT
    ]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [dict(chosen), *ranking], add_to_output=True)
