"""RedFlagChecker: the category a patient's message gets, negation, bad input and speed."""

from __future__ import annotations

import statistics
import time

import pytest

from bot.safety import NO_RED_FLAG, RedFlagChecker, RedFlagResult


@pytest.mark.parametrize(
    ("text", "category", "rule"),
    [
        ("I can't feel my legs after the shot", "emergency", "leg_weakness_or_numbness"),
        ("I lost control of my bladder", "emergency", "bowel_or_bladder_control"),
        ("numbness between my legs", "emergency", "saddle_numbness"),
        ("I have a fever and a stiff neck", "emergency", "fever_with_stiff_neck"),
        ("worst headache of my life", "emergency", "worst_headache_ever"),
        (
            "my husband won't wake up after his pain pills",
            "emergency",
            "unresponsive_after_pain_medicine",
        ),
        ("I want to kill myself", "crisis", "kill_myself"),
        ("I have no reason to live", "crisis", "want_to_die"),
        ("the injection site is red, hot and swollen", "urgent", "site_infection"),
        ("I have chills since the procedure", "urgent", "fever_or_chills"),
        ("my blood sugar is really high after the steroid shot", "urgent", "very_high_blood_sugar"),
    ],
)
def test_each_category_is_found_with_the_rule_that_fired(
    checker: RedFlagChecker, text: str, category: str, rule: str
) -> None:
    result = checker.check(text)
    assert (result.category, result.rule, result.lookalike) == (category, rule, False)


def test_matched_text_and_offsets_point_into_the_original_message(checker: RedFlagChecker) -> None:
    text = "Hi.   After   my epidural I CANT BREATH well"
    result = checker.check(text)
    assert result.category == "emergency"
    assert result.matched_text == "CANT BREATH"
    assert text[result.start : result.end] == result.matched_text


@pytest.mark.parametrize(
    "text",
    [
        "cant breath",
        "CAN'T BREATHE",
        "can’t   breathe",
        "i cannot breathe",
        "numbnes in my legs",
        "my bladdr is leaking",
        "sucide",
        "I'm having a siezure",
    ],
)
def test_casing_spacing_and_common_typos_still_match(checker: RedFlagChecker, text: str) -> None:
    assert checker.check(text).category is not None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I want to die, and I can't breathe", "crisis"),
        ("I have a fever and I can't feel my legs", "emergency"),
        ("fever and chills and my face is drooping", "emergency"),
    ],
)
def test_most_serious_category_wins(checker: RedFlagChecker, text: str, category: str) -> None:
    assert checker.check(text).category == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a question cue, but the message says it is happening
        ("what should i do if my husband took all his pills", "crisis"),
        ("what do i do if my legs went numb after the shot", "emergency"),
        ("how long will my legs be numb, i cant feel them at all and its been 2 days", "emergency"),
        ("what should i do if i got a fever after my epidural yesterday", "emergency"),
        ("what if i already took too many of my oxycodone", "emergency"),
        ("what if my legs have been numb for 9 hours", "emergency"),
        # still only asked about: the report is in another sentence, or is about years
        ("how long will my legs be numb after the block? it's been a good week otherwise", None),
        ("what should i do if i get a fever after my epidural yesterday", None),
        ("does the epidural help with leg numbness i've had since 2019", None),
        # a denial is not a question: what happened since does not undo it
        ("no fever since the shot", None),
    ],
)
def test_a_question_cue_does_not_cover_a_red_flag_reported_as_happening(
    checker: RedFlagChecker, text: str, category: str | None
) -> None:
    assert checker.check(text).category == category


@pytest.mark.parametrize(
    "text",
    [
        "I don't have a fever or stiff neck",
        "no fever, no chills",
        "I haven't had any chills or fever",
        "she denies chest pain",
        "my legs are not weak",
        "I'm not having trouble breathing",
        "what if I get a fever after the shot?",
        "what are the signs of an overdose",
        # a modal right after the question's own subject still only asks
        "what if I can't pee after the procedure, who do I call?",
        "what should I do if he can't walk after the block",
    ],
)
def test_denied_or_hypothetical_red_flags_are_look_alikes(
    checker: RedFlagChecker, text: str
) -> None:
    result = checker.check(text)
    assert result.category is None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("no fever but I can't feel my legs", "emergency"),
        ("no fever. my legs are numb", "emergency"),
        ("no fever, cant feel my legs", "emergency"),
        ("no fever and I can't move my legs", "emergency"),
        ("No I can't feel my legs", "emergency"),
        ("I don't know why but I can't breathe", "emergency"),
        ("I'm not sure, I think I have a fever", "urgent"),
        ("I don't have a fever and I feel suicidal", "crisis"),
        ("I'm not suicidal but I want to die", "crisis"),
        # a red flag that itself starts a new statement ("i ...", "who ...") after a cue
        ("no energy i just give up", "crisis"),
        ("doesnt matter who cares if im dead", "crisis"),
        ("without my meds i will soon be gone", "crisis"),
        ("no pain relief suddenly cant walk", "emergency"),
    ],
)
def test_negation_stops_where_the_sentence_turns(
    checker: RedFlagChecker, text: str, category: str
) -> None:
    assert checker.check(text).category == category


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("this pain is killing me", "figure_of_speech"),
        (
            "my foot feels warm after the lumbar sympathetic block",
            "warm_limb_after_sympathetic_block",
        ),
        ("my eyelid is droopy after the stellate block", "stellate_block_expected"),
        ("my face is red and hot after the steroid shot", "flushing_after_steroid"),
    ],
)
def test_expected_after_effects_are_recognised_as_look_alikes(
    checker: RedFlagChecker, text: str, rule: str
) -> None:
    assert checker.check(text) == RedFlagResult(
        category=None,
        rule=rule,
        matched_text=checker.check(text).matched_text,
        lookalike=True,
        start=checker.check(text).start,
        end=checker.check(text).end,
    )


def test_plain_question_is_neither_red_flag_nor_look_alike(checker: RedFlagChecker) -> None:
    assert checker.check("how long does a nerve block last?") == NO_RED_FLAG


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "🙂🔥💉" * 50,
        "<script>alert('x')</script><b>chest pain</b>",
        "\x00\x01\xff\ufffd garbage \udcff",
        "a" * 10_000,
        "no " * 5_000,
        "can't " * 3_000,
        None,
        12345,
        b"I can't breathe",
    ],
)
def test_any_input_gets_an_answer_never_an_exception(checker: RedFlagChecker, text: object) -> None:
    result = checker.check(text)  # type: ignore[arg-type]
    assert isinstance(result, RedFlagResult)


def test_red_flag_inside_html_or_long_text_is_still_found(checker: RedFlagChecker) -> None:
    assert checker.check("<p>I have <b>chest pain</b></p>").category == "emergency"
    long_text = "I had the shot on Monday and things were fine. " * 200 + "Now I can't breathe."
    assert checker.check(long_text).category == "emergency"


def test_the_rules_stay_far_cheaper_than_the_model(checker: RedFlagChecker) -> None:
    messages = [
        "I have a fever after my injection",
        "what is an epidural?",
        "I don't have chest pain but my legs are numb",
        "this pain is killing me",
    ]
    timings = []
    for _ in range(50):
        for text in messages:
            started = time.perf_counter()
            checker.check(text)
            timings.append(time.perf_counter() - started)
    median_ms = statistics.median(timings) * 1000
    print(f"median {median_ms:.3f} ms per message")
    # ~0.5 ms on an idle core. Not a benchmark (`make bench` measures speed): the loose bound only
    # catches a rule change that makes every message pay for something slow (a model call, a
    # backtracking pattern), even on a busy shared machine.
    assert median_ms < 25


def test_a_crisis_told_with_a_body_red_flag_says_which_it_also_is(
    checker: RedFlagChecker,
) -> None:
    both = checker.check("my legs went numb after the shot and i feel hopeless")
    assert (both.category, both.also) == ("crisis", ("emergency",))
    assert checker.check("my legs went numb after the shot").also == ()
