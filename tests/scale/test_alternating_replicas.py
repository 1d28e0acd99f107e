"""A conversation keeps its context whichever Rasa replica answers each turn."""

from __future__ import annotations

import pytest

from bot.knowledge import KnowledgeBase

pytestmark = pytest.mark.scale

KNOWLEDGE = KnowledgeBase.load()


def test_turns_alternating_between_replicas_keep_the_procedure(stack, conversations, sender):
    replica_a, replica_b = stack.replica_url(0), stack.replica_url(1)
    turns = [
        (replica_a, "what is an epidural steroid injection", "what_is"),
        (replica_b, "how long does it last?", "relief"),
        (replica_a, "what are the risks?", "risks"),
    ]
    for url, text, topic in turns:
        reply = conversations.say(url, sender, text)
        assert KNOWLEDGE.answer("epidural_steroid_injection", topic).text in reply, (url, text)
    assert conversations.stored_user_texts(sender) == [text for _, text, _ in turns]
