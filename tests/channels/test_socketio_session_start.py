"""The Socket.IO channel: a session-start event without a message is not answered.

rasa-webchat, with no initPayload set, sends `user_uttered` with no `message` key when a patient
opens it; Rasa's own handler passes that on as an empty message, and the patient read "I didn't
find any words in that message" before typing anything. Real messages still go through.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import UserMessage

from bot.channels.socketio import GuardedSocketIOInput


async def handler_and_received() -> tuple[Any, list[UserMessage]]:
    received: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)

    channel = GuardedSocketIOInput(bot_message_evt="bot_uttered", session_persistence=True)
    channel.blueprint(on_new_message)
    return channel.sio.handlers["/"]["user_uttered"], received


async def test_session_start_without_a_message_gets_no_reply() -> None:
    handle, received = await handler_and_received()
    await handle("sid-1", {"session_id": "9f1c0d"})
    await handle("sid-1", {"session_id": "9f1c0d", "message": None, "customData": {}})
    await handle("sid-1", None)
    assert received == []


async def test_a_message_is_answered_through_the_guard() -> None:
    handle, received = await handler_and_received()
    await handle("sid-1", {"session_id": "9f1c0d", "message": "what is a nerve block"})
    await handle("sid-1", {"session_id": "9f1c0d", "message": "/get_started"})
    assert [message.sender_id for message in received] == ["9f1c0d", "9f1c0d"]
    assert [message.text for message in received] == ["what is a nerve block", "/greet"]
