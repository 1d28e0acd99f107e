"""Missed questions grouped by meaning with the real sentence encoder (all-MiniLM-L6-v2)."""

from __future__ import annotations

import pytest
import yaml

from bot.nlu.sentence_encoder import SentenceEncoder
from bot.staff.grouping import CHOOSE_INTENT, CachedEmbed, group_by_meaning, nlu_block

PETS = ("can I bring my dog to my appointment", "is my dog allowed in the clinic")
INTERPRETER = (
    "do you have a spanish interpreter",
    "can I get an interpreter for my appointment",
    "I need an interpreter",
)
WIFI = ("do you have wifi in the waiting room", "is there wifi I can use while I wait")


@pytest.fixture(scope="module")
def embed() -> CachedEmbed:
    return CachedEmbed(SentenceEncoder.shared().embed)


def test_questions_that_mean_the_same_share_a_group_largest_first(embed: CachedEmbed) -> None:
    missed = [*WIFI, *INTERPRETER, *PETS, "Can I bring my  DOG to my appointment"]
    groups = group_by_meaning([(text, "utter_default") for text in missed], embed)
    assert [sorted(g.texts) for g in groups] == [
        sorted(PETS),  # 3 messages: the same wording twice (case and spacing aside) counts twice
        sorted(INTERPRETER),
        sorted(WIFI),
    ]
    assert [g.size for g in groups] == [3, 3, 2]
    assert groups[0].texts[0] == PETS[0] and groups[0].counts[0] == 2
    assert [g.number for g in groups] == [1, 2, 3]


def test_without_the_encoder_only_identical_wordings_group(embed: CachedEmbed) -> None:
    groups = group_by_meaning([(text, "utter_default") for text in (*PETS, PETS[0])], None)
    assert [(g.texts, g.size) for g in groups] == [([PETS[0]], 2), ([PETS[1]], 1)]


def test_a_group_downloads_as_nlu_data_with_the_intent_left_to_a_person(
    embed: CachedEmbed,
) -> None:
    group = group_by_meaning([(text, "utter_no_answer") for text in INTERPRETER], embed)[0]
    data = yaml.safe_load(nlu_block(group, "missed in November"))
    assert data["nlu"][0]["intent"] == CHOOSE_INTENT
    assert sorted(line.removeprefix("- ") for line in data["nlu"][0]["examples"].splitlines()) == (
        sorted(INTERPRETER)
    )
