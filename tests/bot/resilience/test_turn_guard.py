"""Whatever goes wrong while answering, the patient reads a kind reply with the clinic's phone."""

from __future__ import annotations

import asyncio
import time

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.clinic.file_source import load_clinic_file
from bot.paths import REPO_ROOT
from bot.resilience.fallback_reply import FallbackReplies
from bot.resilience.settings import ResilienceSettings
from bot.resilience.turn_guard import TurnGuard, current_turn

EMERGENCY_LINE = "This could be an emergency. Call 911 now."

SAMPLE_CLINIC = load_clinic_file(REPO_ROOT / "clinic.yml", None)


def guard_for(handler, replies: FallbackReplies, deadline: float = 5.0, max_chars: int = 100):
    return TurnGuard(handler, replies, ResilienceSettings(deadline, max_chars))


async def say(guard: TurnGuard, text: str) -> list[str]:
    channel = CollectingOutputChannel()
    await guard(UserMessage(text, channel, "patient-1"))
    return [message.get("text", "") for message in channel.messages]


async def answers_normally(message: UserMessage) -> None:
    await message.output_channel.send_response(message.sender_id, {"text": "An answer."})


async def test_a_normal_answer_gets_nothing_added(replies: FallbackReplies) -> None:
    assert await say(guard_for(answers_normally, replies), "hi") == ["An answer."]


async def test_no_bot_message_gets_the_fallback(replies: FallbackReplies) -> None:
    async def says_nothing(message: UserMessage) -> None:
        return None

    [reply] = await say(guard_for(says_nothing, replies), "hi")
    assert SAMPLE_CLINIC.phone in reply and "911" in reply


async def test_an_error_gets_the_fallback(replies: FallbackReplies) -> None:
    async def breaks(message: UserMessage) -> None:
        raise RuntimeError("tracker store is down")

    [reply] = await say(guard_for(breaks, replies), "hi")
    assert SAMPLE_CLINIC.phone in reply


async def test_a_failed_action_adds_the_fallback_after_the_911_line(
    replies: FallbackReplies,
) -> None:
    async def red_flag_then_action_server_down(message: UserMessage) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": EMERGENCY_LINE})
        current_turn().action_failures += 1

    replies_read = await say(guard_for(red_flag_then_action_server_down, replies), "legs numb")
    assert replies_read[0] == EMERGENCY_LINE
    assert SAMPLE_CLINIC.phone in replies_read[1]


async def test_a_slow_answer_gets_the_fallback_by_the_deadline_and_still_finishes(
    replies: FallbackReplies,
) -> None:
    finished = asyncio.Event()

    async def slow(message: UserMessage) -> None:
        await asyncio.sleep(0.6)
        finished.set()

    started = time.monotonic()
    [reply] = await say(guard_for(slow, replies, deadline=0.2), "hi")
    assert time.monotonic() - started < 0.5
    assert SAMPLE_CLINIC.phone in reply
    await asyncio.wait_for(finished.wait(), 2)  # the turn is saved, not cut off


async def test_text_is_cleaned_before_the_assistant_sees_it(replies: FallbackReplies) -> None:
    seen = []

    async def records(message: UserMessage) -> None:
        seen.append(message.text)
        await answers_normally(message)

    await say(guard_for(records, replies), "  hi\x00 \ud800 ")
    assert seen == ["hi ?"]


async def test_a_too_long_message_gets_a_kind_limit_and_is_not_processed(
    replies: FallbackReplies,
) -> None:
    seen = []

    async def records(message: UserMessage) -> None:
        seen.append(message.text)

    [reply] = await say(guard_for(records, replies, max_chars=100), "x" * 101)
    assert seen == []
    assert "100 characters" in reply and SAMPLE_CLINIC.phone in reply


async def test_a_message_without_words_gets_a_kind_hint_and_is_not_guessed_at(
    replies: FallbackReplies,
) -> None:
    seen = []

    async def records(message: UserMessage) -> None:
        seen.append(message.text)

    for text in ("", "   ", "😀😀😀", "<script>alert(1)</script>", "?!"):
        [reply] = await say(guard_for(records, replies), text)
        assert "didn't find any words" in reply and SAMPLE_CLINIC.phone in reply
    assert seen == []
    await say(guard_for(records, replies), "911")
    assert seen == ["911"], "digits are words: a number still reaches the assistant"
