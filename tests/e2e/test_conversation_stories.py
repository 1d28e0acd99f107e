"""The conversation set is well formed, the stories in data/stories/ are its training copies,
and none of its patient lines is in the NLU training data (so e2e measures new wording)."""

from __future__ import annotations

from tests.e2e.conversation_set import (
    STORIES_DIR,
    actions_by_intent,
    domain_intents,
    load_conversations,
    stories_by_area,
)
from tests.nlu.nlu_examples import load_training, normalise

CONVERSATIONS = load_conversations()
KNOWN_INTENTS = domain_intents()
MIN_WORDS_KEPT_APART = 6
REWRITE = "run `python -m tests.e2e.conversation_set` to write them again"


def test_there_are_at_least_60_conversations_of_4_to_8_turns_in_many_voices():
    assert len(CONVERSATIONS) >= 60
    assert all(4 <= len(c.turns) <= 8 for c in CONVERSATIONS)
    personas = {c.persona for c in CONVERSATIONS}
    for persona in (
        "nervous first-timer",
        "caregiver",
        "after a procedure",
        "comparing",
        "resched",
    ):
        assert any(persona in p for p in personas), persona


def test_every_turn_names_known_intents_that_a_rule_answers():
    actions = actions_by_intent()
    problems = [
        f"{c.name}: {turn.say!r} -> {intent}"
        for c in CONVERSATIONS
        if not c.missing_intents(KNOWN_INTENTS)
        for turn in c.turns
        for intent in turn.intents
        if intent not in KNOWN_INTENTS or intent not in actions
    ]
    assert not problems


def test_data_stories_are_the_training_copies_of_the_conversations():
    expected = stories_by_area(CONVERSATIONS, KNOWN_INTENTS)
    written = {path.stem: path.read_text(encoding="utf-8") for path in STORIES_DIR.glob("*.yml")}
    assert written == expected, REWRITE


def test_no_long_conversation_line_is_in_the_nlu_training_data():
    """Short everyday questions ("what are the risks") are bound to be in both; a longer line in
    a patient's own words must be new to the model."""
    training = load_training(STORIES_DIR.parent / "nlu")
    trained = {normalise(line) for lines in training.values() for line in lines}
    copied = [
        turn.say
        for conversation in CONVERSATIONS
        for turn in conversation.turns
        if len(turn.say.split()) >= MIN_WORDS_KEPT_APART and normalise(turn.say) in trained
    ]
    assert not copied, f"reword these in data/nlu or in the conversations: {copied}"
