"""SMS and WhatsApp through Twilio: signed webhooks, numbered options, sentence-aware splitting.

Rasa's TwilioInput does not check X-Twilio-Signature and sends every button as its own SMS; this
subclass verifies each request and sends options as one numbered list ("Reply 1 for ...").
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint
from sanic.request import Request
from twilio.base.exceptions import TwilioRestException

from bot.channels.formatting import FormattedReply, format_reply
from bot.channels.inbound import OnNewMessage, answer_every_message, reject_unsigned_posts
from bot.channels.numbered_replies import OptionMemory, numbered_reply_memory
from bot.channels.profiles import ChannelProfile, channel_profile
from bot.channels.signatures import verify_twilio

logger = logging.getLogger(__name__)

WHATSAPP_PREFIX = "whatsapp:"


def is_whatsapp(address: object) -> bool:
    """Twilio marks WhatsApp numbers as 'whatsapp:+1...'; plain numbers are SMS."""
    return str(address).startswith(WHATSAPP_PREFIX)


class FormattedTwilioOutput(TwilioOutput):
    """Sends replies fitted to SMS or WhatsApp, one Twilio message per part."""

    def __init__(
        self,
        account_sid: str | None,
        auth_token: str | None,
        twilio_number: str | None,
        numbered_replies: OptionMemory,
        whatsapp_number: str | None = None,
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.whatsapp_number = whatsapp_number
        self.numbered_replies = numbered_replies

    @staticmethod
    def profile_for(recipient_id: str) -> ChannelProfile:
        """WhatsApp and SMS have their own limits."""
        return channel_profile("whatsapp" if is_whatsapp(recipient_id) else "sms")

    def _sender_for(self, recipient_id: str) -> str | None:
        if is_whatsapp(recipient_id) and self.whatsapp_number:
            return self.whatsapp_number
        return self.twilio_number

    async def _send_message(self, message_data: dict[str, Any]) -> Any:
        """Send in a worker thread: the Twilio client blocks, and Twilio waits only 15 s for us."""
        try:
            return await asyncio.to_thread(self.messages.create, **message_data)
        except TwilioRestException as error:
            logger.error("Twilio refused a message (code %s): %s", error.code, error.msg)
            return None

    async def _send_reply(self, recipient_id: str, reply: FormattedReply) -> None:
        for part in reply.parts:
            await self._send_message(
                {"to": recipient_id, "from_": self._sender_for(recipient_id), "body": part}
            )

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Plain text, split at sentence ends under the channel limit."""
        await self._send_reply(recipient_id, format_reply(self.profile_for(recipient_id), text))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Text followed by numbered options, remembered so that "1" maps back."""
        reply = format_reply(self.profile_for(recipient_id), text, buttons)
        self.numbered_replies.remember(recipient_id, reply.options)
        await self._send_reply(recipient_id, reply)


class SignedTwilioInput(TwilioInput):
    """Twilio webhook that answers 403 to requests without a valid X-Twilio-Signature."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Read the credentials.yml block (see README.md, "Channels")."""
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials.get("account_sid"),
            credentials.get("auth_token"),
            credentials.get("twilio_number"),
            whatsapp_number=credentials.get("whatsapp_number"),
            webhook_url=credentials.get("webhook_url"),
        )

    def __init__(
        self,
        account_sid: str | None,
        auth_token: str | None,
        twilio_number: str | None,
        debug_mode: bool = True,
        whatsapp_number: str | None = None,
        webhook_url: str | None = None,
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode)
        self.whatsapp_number = whatsapp_number
        self.webhook_url = webhook_url
        self.numbered_replies = numbered_reply_memory()
        if not webhook_url:
            logger.warning(
                "credentials.yml twilio: webhook_url is not set; signatures are checked against "
                "the URL this server sees, which fails behind a proxy. Set it to the console URL."
            )

    def _verify(self, request: Request) -> None:
        verify_twilio(
            self.auth_token,
            self.webhook_url or request.url,
            request.form,
            request.headers.get("X-Twilio-Signature"),
        )

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Rasa's webhook behind a signature check; numbered replies; fallback guard."""
        webhook = answer_every_message(
            self.name(), super().blueprint, on_new_message, self.numbered_replies
        )
        reject_unsigned_posts(webhook, self.name(), self._verify)
        return webhook

    def get_output_channel(self) -> OutputChannel:
        """Our formatting output, sharing this channel's numbered-reply memory."""
        return FormattedTwilioOutput(
            self.account_sid,
            self.auth_token,
            self.twilio_number,
            self.numbered_replies,
            whatsapp_number=self.whatsapp_number,
        )
