"""SMS and WhatsApp through Twilio: signed webhooks, numbered options, sentence-aware splitting.

Rasa's TwilioInput does not check X-Twilio-Signature, answers a message without a body (a photo)
with a 500, sends every button as its own SMS and sends through Twilio's blocking SDK while the
webhook waits. This channel verifies each request, answers 204 at once, sends options as one
numbered list ("Reply 1 for ...") and calls Twilio's Messages API asynchronously, in order,
with a timeout and retries.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from rasa.core.channels.channel import InputChannel
from rasa.core.channels.twilio import TwilioInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.inbound import OnNewMessage
from bot.channels.messaging_channel import MessagingChannel
from bot.channels.platform_api import PlatformClient
from bot.channels.platform_settings import PlatformSettings
from bot.channels.profiles import ChannelProfile, channel_profile
from bot.channels.queued_output import QueuedOutput
from bot.channels.signatures import verify_twilio

logger = logging.getLogger(__name__)

WHATSAPP_PREFIX = "whatsapp:"


def is_whatsapp(address: object) -> bool:
    """Twilio marks WhatsApp numbers as 'whatsapp:+1...'; plain numbers are SMS."""
    return str(address).startswith(WHATSAPP_PREFIX)


class FormattedTwilioOutput(QueuedOutput):
    """Sends replies fitted to SMS or WhatsApp, one Twilio message per part."""

    channel_name = "twilio"

    def __init__(
        self, twilio_number: str | None, whatsapp_number: str | None = None, **delivery: Any
    ) -> None:
        super().__init__(**delivery)
        self.twilio_number = twilio_number
        self.whatsapp_number = whatsapp_number

    def profile_for(self, recipient_id: str) -> ChannelProfile:
        """WhatsApp and SMS have their own limits."""
        return channel_profile("whatsapp" if is_whatsapp(recipient_id) else "sms")

    def _sender_for(self, recipient_id: str) -> str | None:
        if is_whatsapp(recipient_id) and self.whatsapp_number:
            return self.whatsapp_number
        return self.twilio_number

    async def _send_part(self, recipient_id: str, text: str, buttons: list[dict[str, str]]) -> None:
        """One Messages API call (SMS and WhatsApp have no native buttons here)."""
        form = {"To": recipient_id, "From": self._sender_for(recipient_id) or "", "Body": text}
        await self.client.post(self.api_url, "Twilio Messages API send", data=form)


def twilio_client(
    account_sid: str | None, auth_token: str | None, settings: PlatformSettings
) -> PlatformClient:
    """Twilio takes the account SID and auth token as HTTP basic auth."""
    auth = aiohttp.BasicAuth(account_sid or "", auth_token or "")
    return PlatformClient("twilio", settings.retry, auth=auth, secrets=(auth_token,))


class SignedTwilioInput(TwilioInput, MessagingChannel):
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
        self._set_up_messaging(lambda settings: twilio_client(account_sid, auth_token, settings))
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
        """The signed webhook, answered 204 at once; numbered replies; fallback guard."""
        return self._webhook(self._messages_webhook, on_new_message, self._verify)

    def _messages_webhook(self, accept: OnNewMessage) -> Blueprint:
        webhook = self._blueprint_with_health("twilio_webhook")

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            sender = request.form.get("From")
            if not sender:
                logger.warning("twilio webhook: a request without 'From' was ignored")
                return response.text("", status=204)
            # A photo or a sticker comes without a Body: the guard answers it with a hint.
            # Some carriers turn @ into ¡.
            text = (request.form.get("Body") or "").replace("¡", "@")
            return await self._accept(
                accept, request, [(sender, text)], response.text("", status=204)
            )

        return webhook

    def get_output_channel(self) -> FormattedTwilioOutput:
        """Our queued output, sharing this channel's numbered-reply memory and client."""
        messages_url = (
            f"{self.platform.twilio_api_url}/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        )
        return FormattedTwilioOutput(
            self.twilio_number, self.whatsapp_number, **self._delivery(messages_url)
        )
