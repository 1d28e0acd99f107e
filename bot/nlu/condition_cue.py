"""Rasa NLU component: a treatments question that names the patient's condition is
`ask_condition_help`.

"I have knee arthritis, what can I do for the pain without surgery?" asks what a pain clinic can
offer for that condition; the condition answer (content/knowledge/conditions/) says it, with the
procedures for it as buttons. `ask_treatments` is the general answer (medicines, PT, OT, CBT):
none of its training examples name a condition, but DIET reads "what can I do for the pain" and
picks it. The condition cues of content/conversation/conditions.yml (the ones the condition
action uses to pick its answer) find the condition deterministically. Runs after
FeelingCueFallback; the red-flag rules and the safety net run after it and still win.
"""

from __future__ import annotations

from pathlib import Path

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.conversation.cues import load_conditions
from bot.nlu.cue_routing import CueRouting


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ConditionCueRouting(CueRouting):
    """Turns `ask_treatments` into `ask_condition_help` when a condition cue matches."""

    file_key = "conditions_file"
    default_file = "content/conversation/conditions.yml"
    from_intent = "ask_treatments"
    to_intent = "ask_condition_help"

    @classmethod
    def from_data_file(cls, path: Path) -> ConditionCueRouting:
        return cls(load_conditions(path))
