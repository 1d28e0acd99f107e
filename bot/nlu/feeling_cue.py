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

from pathlib import Path

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME

from bot.conversation.cues import load_feelings
from bot.nlu.cue_routing import CueRouting

FEELING_INTENT = "share_feeling"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FeelingCueFallback(CueRouting):
    """Turns `nlu_fallback` into `share_feeling` when a feeling cue matches the message."""

    file_key = "feelings_file"
    default_file = "content/conversation/feelings.yml"
    from_intent = DEFAULT_NLU_FALLBACK_INTENT_NAME
    to_intent = FEELING_INTENT

    @classmethod
    def from_data_file(cls, path: Path) -> FeelingCueFallback:
        return cls(load_feelings(path))
