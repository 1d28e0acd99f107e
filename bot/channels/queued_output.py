"""The output side every messaging channel shares: fit the reply, queue it, deliver it.

`send_text_message` and `send_text_with_buttons` return at once: the reply is cut to the
channel's limits (bot/channels/formatting.py), its extra options remembered for a numbered
answer, and its parts queued for the patient in order. Each part is one platform API call
(`_send_part`, written by each channel) made by the time-bounded, retrying PlatformClient; a part
that still fails is logged and dropped, never raised into the conversation.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.channels.channel import OutputChannel

from bot.channels.background import OrderedWork
from bot.channels.formatting import FormattedReply, format_reply
from bot.channels.numbered_options import OptionMemory
from bot.channels.platform_api import PlatformCallFailed, PlatformClient
from bot.channels.profiles import ChannelProfile, channel_profile
from bot.channels.status import ChannelStatus

logger = logging.getLogger(__name__)


class QueuedOutput(OutputChannel):
    """Formats replies for one platform and delivers them in the background, in order."""

    channel_name = "messaging"
    profile_name = "sms"

    def __init__(
        self,
        client: PlatformClient,
        api_url: str,
        deliveries: OrderedWork,
        numbered_replies: OptionMemory,
        status: ChannelStatus,
    ) -> None:
        """`api_url`: where `_send_part` posts (or, for Telegram, the base its methods add to)."""
        self.client = client
        self.api_url = api_url
        self.deliveries = deliveries
        self.numbered_replies = numbered_replies
        self.status = status

    @classmethod
    def name(cls) -> str:
        return cls.channel_name

    def profile_for(self, recipient_id: str) -> ChannelProfile:
        """The display limits for this recipient (SMS and WhatsApp differ; others do not)."""
        return channel_profile(self.profile_name)

    async def _send_part(self, recipient_id: str, text: str, buttons: list[dict[str, str]]) -> None:
        """One API call: `text` with these native buttons (title, payload) under it."""
        raise NotImplementedError

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Plain text, split at sentence ends under the channel's limit."""
        self._queue(recipient_id, format_reply(self.profile_for(recipient_id), text))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Native buttons up to the channel's limit, the other options as numbered lines."""
        reply = format_reply(self.profile_for(recipient_id), text, buttons)
        self.numbered_replies.remember(recipient_id, reply.options)
        self._queue(recipient_id, reply)

    def _queue(self, recipient_id: str, reply: FormattedReply) -> None:
        *before, last = reply.parts or [""]
        for part in before:
            self._queue_part(recipient_id, part, [])
        if last or reply.native_buttons:
            self._queue_part(recipient_id, last, reply.native_buttons)

    def _queue_part(self, recipient_id: str, text: str, buttons: list[dict[str, str]]) -> None:
        async def deliver() -> None:
            try:
                await self._send_part(recipient_id, text, buttons)
            except PlatformCallFailed as failure:
                self.status.reply_dropped(failure.reason)
                logger.error("%s: a reply to a patient was dropped: %s", self.name(), failure)
                return
            self.status.reply_delivered()

        self.deliveries.submit(recipient_id, deliver)
