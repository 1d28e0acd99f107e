"""The database going away and coming back does not cost a patient their conversation."""

from __future__ import annotations

import pytest

from bot.knowledge import KnowledgeBase

pytestmark = pytest.mark.scale

KNOWLEDGE = KnowledgeBase.load()


def test_conversation_continues_after_postgres_restarts(stack, conversations, sender):
    first = conversations.say(stack.public_url, sender, "what is an epidural steroid injection")
    assert KNOWLEDGE.answer("epidural_steroid_injection", "what_is").text in first

    stack.postgres.restart(down_seconds=1.0)

    # One turn on each replica: each had pooled connections that the restart cut.
    relief = conversations.say(stack.replica_url(0), sender, "how long does it last?")
    risks = conversations.say(stack.replica_url(1), sender, "what are the risks?")
    assert KNOWLEDGE.answer("epidural_steroid_injection", "relief").text in relief
    assert KNOWLEDGE.answer("epidural_steroid_injection", "risks").text in risks
    assert conversations.stored_user_texts(sender) == [
        "what is an epidural steroid injection",
        "how long does it last?",
        "what are the risks?",
    ]
