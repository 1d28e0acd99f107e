"""What every PainPath messaging channel does to inbound webhooks: verify them, map numbered
replies, name the conversation by a pseudonym instead of the patient's address, and answer every
message (a kind fallback with the clinic's phone when the turn fails)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.numbered_replies import OptionMemory
from bot.channels.patient_address import RepliesToPatient
from bot.channels.signatures import WebhookSignatureError
from bot.privacy.sender_ids import SenderPseudonyms
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
    memory: OptionMemory,
    output_channel: Callable[[], OutputChannel] | None = None,
    pseudonyms: SenderPseudonyms | None = None,
) -> OnNewMessage:
    """Turn a reply like "1" into the payload of option 1; optionally swap in our output channel
    and replace the patient's address (phone number, chat id) by its pseudonym."""

    async def handle(message: UserMessage) -> Any:
        payload = memory.resolve(message.sender_id, message.text or "")
        if payload is not None:
            message.text = payload
        if output_channel is not None:
            message.output_channel = output_channel()
        if pseudonyms is not None:
            address = message.sender_id
            message.sender_id = pseudonyms.for_address(address)
            message.output_channel = RepliesToPatient(
                message.output_channel, message.sender_id, address
            )
        return await on_new_message(message)

    return handle


def answer_every_message(
    channel: str,
    build_blueprint: Callable[[OnNewMessage], Blueprint],
    on_new_message: OnNewMessage,
    memory: OptionMemory,
    output_channel: Callable[[], OutputChannel] | None = None,
) -> Blueprint:
    """The channel's webhook with numbered replies, pseudonymous conversation ids, and the
    TurnGuard REST and Socket.IO use.

    The guard runs after the output channel is swapped, so it watches (and sends its fallback
    through) the channel that really reaches the patient's phone or app.
    """
    server = ServerHandle()
    pseudonyms = SenderPseudonyms.for_channel(channel)
    guarded_turn = guarded(on_new_message, server)
    handler = with_numbered_replies(guarded_turn, memory, output_channel, pseudonyms)
    blueprint = build_blueprint(handler)
    server.attach(blueprint)
    return blueprint
