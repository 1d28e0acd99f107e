"""What every PainPath messaging channel does to inbound webhooks: verify them, accept the message
at once, then (in the background) map numbered replies, name the conversation by a pseudonym
instead of the patient's address, and answer every message (a kind fallback with the clinic's
phone when the turn fails)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.background import ChannelWork, WorkQueueFull
from bot.channels.numbered_options import OptionMemory
from bot.channels.patient_address import RepliesToPatient
from bot.channels.signatures import WebhookSignatureError
from bot.privacy.sender_ids import SenderPseudonyms
from bot.resilience.turn_guard import TurnGuard
from bot.server import close_action_session_on_stop

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
BUSY = "Busy: too many messages are waiting. Please retry later."


def reject_unsigned_posts(
    blueprint: Blueprint, channel: str, verify: Callable[[Request], None]
) -> None:
    """Answer 403 (and log why) to any POST to the webhook that fails `verify`."""

    @blueprint.middleware("request")
    async def check_signature(request: Request) -> HTTPResponse | None:
        if request.method != "POST" or not request.path.rstrip("/").endswith("/webhook"):
            return None
        try:
            verify(request)
        except WebhookSignatureError as error:
            logger.warning("%s webhook rejected with 403: %s", channel, error.log_reason)
            return response.text(error.user_message, status=error.status_code)
        return None


def with_numbered_replies(
    on_new_message: OnNewMessage, memory: OptionMemory, pseudonyms: SenderPseudonyms | None = None
) -> OnNewMessage:
    """Turn a reply like "1" into the payload of option 1; optionally replace the patient's
    address (phone number, chat id) by its pseudonym."""

    async def handle(message: UserMessage) -> Any:
        payload = memory.resolve(message.sender_id, message.text or "")
        if payload is not None:
            message.text = payload
        if pseudonyms is not None:
            address = message.sender_id
            message.sender_id = pseudonyms.for_address(address)
            message.output_channel = RepliesToPatient(
                message.output_channel, message.sender_id, address
            )
        return await on_new_message(message)

    return handle


def accepted_now(handle: OnNewMessage, work: ChannelWork) -> OnNewMessage:
    """Hand the message to the channel's background turns and return at once, so the webhook
    answers the platform before the turn (and its replies) run. WorkQueueFull when overloaded."""

    async def accept(message: UserMessage) -> None:
        work.turns.submit(str(message.sender_id), lambda: handle(message))

    return accept


def answer_every_message(
    channel: str,
    build_blueprint: Callable[[OnNewMessage], Blueprint],
    on_new_message: OnNewMessage,
    memory: OptionMemory,
    work: ChannelWork,
    close: Callable[[], Awaitable[None]] | None = None,
) -> Blueprint:
    """The channel's webhook: accepted at once, then numbered replies, pseudonymous conversation
    ids and the TurnGuard REST and Socket.IO use, in the background.

    The guard runs after the output channel is wrapped, so it watches (and sends its fallback
    through) the channel that really reaches the patient's phone or app. When the server stops,
    accepted turns and replies get a few seconds to finish, then `close` runs.
    """
    pseudonyms = SenderPseudonyms.for_channel(channel)
    handler = with_numbered_replies(TurnGuard.from_env(on_new_message), memory, pseudonyms)
    blueprint = build_blueprint(accepted_now(handler, work))
    close_action_session_on_stop(blueprint)
    work.finish_on_stop(blueprint, close)
    return blueprint


async def accept_all(
    accept: OnNewMessage, messages: list[UserMessage], channel: str
) -> HTTPResponse | None:
    """Accept each message of one webhook call; a 503 (the platform retries later) if full."""
    try:
        for message in messages:
            await accept(message)
    except WorkQueueFull as error:
        logger.error("%s webhook answered 503: %s", channel, error)
        return response.text(BUSY, status=503)
    return None
