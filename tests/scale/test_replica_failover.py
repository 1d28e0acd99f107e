"""A Rasa replica going down mid-conversation: another one carries on from the shared store."""

from __future__ import annotations

import pytest

from bot.knowledge import KnowledgeBase

pytestmark = pytest.mark.scale

KNOWLEDGE = KnowledgeBase.load()


def test_conversation_continues_on_another_replica_when_one_stops(stack, conversations, sender):
    first = conversations.say(stack.replica_url(0), sender, "tell me about radiofrequency ablation")
    assert KNOWLEDGE.answer("radiofrequency_ablation", "what_is").text in first

    stack.stop_replica(0)

    # Through nginx, as a patient would: the stopped replica is skipped, turns in a row included.
    relief = conversations.say(stack.public_url, sender, "how long does it last?")
    risks = conversations.say(stack.public_url, sender, "what are the risks?")
    assert KNOWLEDGE.answer("radiofrequency_ablation", "relief").text in relief
    assert KNOWLEDGE.answer("radiofrequency_ablation", "risks").text in risks
    assert conversations.stored_user_texts(sender) == [
        "tell me about radiofrequency ablation",
        "how long does it last?",
        "what are the risks?",
    ]
