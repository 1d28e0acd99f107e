"""What every PainPath input channel does to inbound webhooks: verify them, map numbered replies,
and answer every message (a kind fallback with the clinic's phone when the turn fails)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.numbered_replies import NumberedReplyMemory
from bot.channels.signatures import WebhookSignatureError
from bot.resilience.channels import ServerHandle, guarded

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


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
    on_new_message: OnNewMessage,
    memory: NumberedReplyMemory,
    output_channel: Callable[[], OutputChannel] | None = None,
) -> OnNewMessage:
    """Turn a reply like "1" into the payload of option 1; optionally swap in our output channel."""

    async def handle(message: UserMessage) -> Any:
        payload = memory.resolve(message.sender_id, message.text or "")
        if payload is not None:
            message.text = payload
        if output_channel is not None:
            message.output_channel = output_channel()
        return await on_new_message(message)

    return handle


def answer_every_message(
    build_blueprint: Callable[[OnNewMessage], Blueprint],
    on_new_message: OnNewMessage,
    memory: NumberedReplyMemory,
    output_channel: Callable[[], OutputChannel] | None = None,
) -> Blueprint:
    """The channel's webhook with numbered replies and the TurnGuard REST and Socket.IO use.

    The guard runs after the output channel is swapped, so it watches (and sends its fallback
    through) the channel that really reaches the patient's phone or app.
    """
    server = ServerHandle()
    handler = with_numbered_replies(guarded(on_new_message, server), memory, output_channel)
    blueprint = build_blueprint(handler)
    server.attach(blueprint)
    return blueprint
