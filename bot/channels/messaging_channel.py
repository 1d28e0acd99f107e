"""What every messaging input channel (Twilio, Messenger, Slack, Telegram) builds once and wires
the same way: numbered-reply memory, background work, status, and one platform API client."""

from __future__ import annotations

from collections.abc import Callable

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.background import ChannelWork
from bot.channels.inbound import (
    OnNewMessage,
    accept_all,
    answer_every_message,
    reject_unsigned_posts,
)
from bot.channels.option_memory import numbered_reply_memory
from bot.channels.platform_api import PlatformClient
from bot.channels.platform_settings import PlatformSettings
from bot.channels.status import track_channel
from bot.privacy.log_filter import hide_secret


class MessagingChannel:
    """Mixin, listed after Rasa's InputChannel class (which gives `name`); call
    `_set_up_messaging` from `__init__`."""

    def _set_up_messaging(
        self,
        client: Callable[[PlatformSettings], PlatformClient],
        secrets: tuple[str | None, ...] = (),
    ) -> None:
        """Build what the channel needs; the `secrets` (signing secrets, verify tokens) join
        the client's own in being masked in every log line."""
        for secret in secrets:
            hide_secret(secret)
        self.platform = PlatformSettings.from_env()
        self.client = client(self.platform)
        self.numbered_replies = numbered_reply_memory()
        self.work = ChannelWork(self.name())
        self.status = track_channel(self.name())

    def _delivery(self, api_url: str) -> dict:
        """What each of this channel's output channels needs to queue and deliver replies."""
        return {
            "client": self.client,
            "api_url": api_url,
            "deliveries": self.work.deliveries,
            "numbered_replies": self.numbered_replies,
            "status": self.status,
        }

    def _blueprint_with_health(self, name: str) -> Blueprint:
        """A webhook blueprint that answers `GET /` (Rasa's per-channel health check)."""
        blueprint = Blueprint(name, __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        return blueprint

    async def _accept(
        self,
        accept: OnNewMessage,
        request: Request,
        messages: list[tuple[str, str]],
        answer: HTTPResponse,
    ) -> HTTPResponse:
        """Hand each (sender, text) of one webhook call over, then give the platform `answer`
        (or a 503 when too many messages are waiting)."""
        metadata = self.get_metadata(request)
        incoming = [
            UserMessage(
                text,
                self.get_output_channel(),
                sender,
                input_channel=self.name(),
                metadata=metadata,
            )
            for sender, text in messages
        ]
        return await accept_all(accept, incoming, self.name()) or answer

    def _webhook(
        self,
        build_blueprint: Callable[[OnNewMessage], Blueprint],
        on_new_message: OnNewMessage,
        verify: Callable[[Request], None] | None,
    ) -> Blueprint:
        """The platform's webhook: signed requests only (when `verify` is given), accepted at
        once, answered in the background through the turn guard."""
        webhook = answer_every_message(
            self.name(),
            build_blueprint,
            on_new_message,
            self.numbered_replies,
            self.work,
            self.client.close,
        )
        if verify is not None:
            reject_unsigned_posts(webhook, self.name(), verify)
        return webhook
