"""The safety-mention word list (content/safety/safety_mentions.yml): a message about a wound or
its dressing carries the safety line even when it is misspelt past every rule."""

from __future__ import annotations

import pytest

from bot.safety.mentions import SafetyMentions


@pytest.fixture(scope="module")
def mentions() -> SafetyMentions:
    return SafetyMentions.load()


@pytest.mark.parametrize(
    "text",
    ["theres some yelow stuff on my dressing", "gunk on the bandage", "crusty bit on my scar"],
)
def test_a_message_about_a_dressing_or_wound_is_a_symptom_mention(mentions, text):
    assert "symptom" in mentions.kinds_in(text)


@pytest.mark.parametrize("text", ["bye", "what are your hours on friday"])
def test_an_ordinary_message_is_no_mention(mentions, text):
    assert mentions.kinds_in(text) == ()
