"""Which sentences of a long message hold the question (bot.question_sentences)."""

from __future__ import annotations

import pytest

from bot.question_sentences import focus_spans, is_question, sentence_spans


def focused(text: str) -> str | None:
    spans = focus_spans(text)
    return None if spans is None else " | ".join(text[start:end] for start, end in spans)


def test_the_question_sentence_is_kept_and_the_story_dropped() -> None:
    text = (
        "We moved here last year, and my new doctor thinks the burning procedure I had on my "
        "neck is worth doing again. How long will it take me to get back on my feet this time?"
    )
    assert focused(text) == "How long will it take me to get back on my feet this time?"


@pytest.mark.parametrize(
    "text",
    [
        "how long does the epidural last?",  # one sentence
        "Is it painful? How often will I need them?",  # every sentence asks
        "My back hurts a lot. I had surgery in 2019.",  # nothing asks: read it all
        "",
    ],
)
def test_the_whole_message_is_read_when_focus_would_not_help(text: str) -> None:
    assert focus_spans(text) is None


def test_a_thin_question_keeps_the_sentence_before_it() -> None:
    # "Is it safe?" says nothing of the topic alone; the sentence before names what "it" is.
    text = "I have had neck pain for years. My doctor wants to try the nerve burning. Is it safe?"
    assert focused(text) == "My doctor wants to try the nerve burning. | Is it safe?"


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "my mom had her shot monday\nshe still hurts\nhow long until it works",
            "how long until it works",
        ),
        (
            "I had an RFA in May. I'm wondering if it can be done again this year.",
            "I'm wondering if it can be done again this year.",
        ),
        (
            "Dr. Lee did my epidural in March. So how soon can I have another epidural?",
            "So how soon can I have another epidural?",
        ),
        (
            "Thanks for all the info. Could you explain the stimulator trial to my husband",
            "Could you explain the stimulator trial to my husband",
        ),
    ],
)
def test_questions_without_a_question_mark_are_found(text: str, question: str) -> None:
    assert focused(text) == question


def test_abbreviations_do_not_end_a_sentence() -> None:
    text = "Dr. Smith said e.g. a block first. Then what?"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Dr. Smith said e.g. a block first.",
        "Then what?",
    ]


def test_a_question_mark_without_a_space_ends_a_sentence() -> None:
    text = "is it safe?My husband wants to know"
    sentences = [text[a:b] for a, b in sentence_spans(text)]
    assert sentences == ["is it safe?", "My husband wants to know"]


@pytest.mark.parametrize(
    ("sentence", "asks"),
    [
        ("How long does it last", True),
        ("My question is: will it hurt", True),
        ("Can you explain the trial", True),
        ("Had an epidural last week.", False),
        ("I want to know how long it lasts.", True),
        ("The pain is in my lower back.", False),
    ],
)
def test_is_question(sentence: str, asks: bool) -> None:
    assert is_question(sentence) is asks
