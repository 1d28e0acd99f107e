"""How our components set an intent over the model's guess (the bare-question rules, the nearest
examples, the feeling cues, the language check, the red-flag rules and the safety net): the chosen
intent first in the ranking, its old entry and the "not sure" label dropped, the rest kept."""

from __future__ import annotations

from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message


def choose_intent(message: Message, intent: str, confidence: float) -> None:
    chosen = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: float(confidence)}
    ranking = [
        entry
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get(INTENT_NAME_KEY) not in (intent, DEFAULT_NLU_FALLBACK_INTENT_NAME)
    ]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [dict(chosen), *ranking], add_to_output=True)
