"""The red-flag gate reads each message's first reply the way the dialogue rules do, and counts a
red flag as caught only when that reply carries the right number."""

from __future__ import annotations

from bot.safety_gate import Score, first_reply


def reply_to(intent: str, entities: list[dict] | None = None):
    return first_reply({"intent": {"name": intent}, "entities": entities or []})


def test_the_first_reply_is_read_as_the_dialogue_rules_read_it() -> None:
    check_in = reply_to("red_flag_check_in")
    assert (check_in.reply, check_in.source) == ("check_in", "net")
    assert reply_to("ask_recovery").reply is None


def test_an_urgent_red_flag_is_caught_by_the_911_reply_too() -> None:
    score = Score("dev")
    score.add({"expect": "urgent", "text": "wound oozing"}, reply_to("red_flag_emergency"))
    assert score.recall("urgent") == 1.0


def test_a_crisis_answered_with_the_911_reply_is_a_miss() -> None:
    score = Score("dev")
    score.add({"expect": "crisis", "text": "no one would miss me"}, reply_to("red_flag_emergency"))
    assert score.recall("crisis") == 0.0
    assert score.misses == ["missed crisis (got emergency): no one would miss me"]


def test_any_safety_reply_to_a_look_alike_counts_as_escalated() -> None:
    score = Score("dev")
    score.add({"expect": "none", "text": "what if my legs go numb?"}, reply_to("red_flag_urgent"))
    score.add({"expect": "none", "text": "when can i drive"}, reply_to("ask_return_activity"))
    assert score.escalation() == 0.5
