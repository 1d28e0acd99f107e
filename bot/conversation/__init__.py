"""What a conversation needs beyond one answer: feelings, decisions, conditions (spaCy-free).

The cue files in content/conversation/ say how patients word these, and what to answer with;
the actions read them through `bot.conversation.cues`.
"""

from bot.conversation.cues import (
    Condition,
    CueFileError,
    Decision,
    Feeling,
    load_conditions,
    load_decisions,
    load_feelings,
)

__all__ = [
    "Condition",
    "CueFileError",
    "Decision",
    "Feeling",
    "load_conditions",
    "load_decisions",
    "load_feelings",
]
