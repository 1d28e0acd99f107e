"""Telegram: the X-Telegram-Bot-Api-Secret-Token header checked when secret_token is configured.

Rasa's TelegramInput calls setWebhook while the server is built (an unreachable Telegram stops
the whole server, and with it the website chat and SMS), asks Telegram who the bot is (getMe) on
every message while the webhook waits, and only compares the bot's username with `verify`,
which anyone who knows the webhook URL can pass. This channel registers the webhook (with the
secret Telegram then echoes in a header) in the background until it works, answers 200 once a
message is accepted, and sends with the time-bounded, retrying client. Telegram's Bot API takes
the bot token only in the URL path; that URL is never logged, and the token is masked in logs.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa.core.channels.channel import InputChannel
from rasa.core.channels.telegram import TelegramInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.inbound import OnNewMessage
from bot.channels.messaging_channel import MessagingChannel
from bot.channels.platform_api import PlatformClient
from bot.channels.platform_settings import PlatformSettings
from bot.channels.queued_output import QueuedOutput
from bot.channels.registration import KeepRegistering
from bot.channels.signatures import verify_telegram
from bot.errors import ContentError

logger = logging.getLogger(__name__)

SECRET_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
SET_WEBHOOK_CHECK = "check access_token, and that webhook_url is a public https URL"


class FormattedTelegramOutput(QueuedOutput):
    """Sends replies fitted to Telegram: 4,096 characters, one inline button per row."""

    channel_name = "telegram"
    profile_name = "telegram"

    async def _send_part(self, recipient_id: str, text: str, buttons: list[dict[str, str]]) -> None:
        """One sendMessage; buttons as an inline keyboard, one per row."""
        body: dict[str, Any] = {"chat_id": recipient_id, "text": text}
        if buttons:
            rows = [[{"text": b["title"], "callback_data": b["payload"]}] for b in buttons]
            body["reply_markup"] = {"inline_keyboard": rows}
        await self.client.post(f"{self.api_url}/sendMessage", "Telegram sendMessage", json=body)


def update_message(update: Any) -> tuple[str, str] | None:
    """(chat id, text) of a patient's update: typed text, a button's data, an edited message;
    "" for a photo or sticker (the guard answers it with a hint); None for other updates."""
    if not isinstance(update, dict):
        return None
    callback = update.get("callback_query")
    if isinstance(callback, dict):
        chat = ((callback.get("message") or {}).get("chat") or {}).get("id")
        return (str(chat), str(callback.get("data") or "")) if chat is not None else None
    message = update.get("message") or update.get("edited_message")
    if not isinstance(message, dict):
        return None
    chat = (message.get("chat") or {}).get("id")
    if chat is None:
        return None
    return str(chat), str(message.get("text") or message.get("caption") or "")


class SignedTelegramInput(TelegramInput, MessagingChannel):
    """Telegram webhook that answers 403 when the secret-token header is missing or wrong."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Read the credentials.yml block (see README.md, "Channels")."""
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials.get("access_token"),
            credentials.get("verify"),
            credentials.get("webhook_url"),
            secret_token=credentials.get("secret_token"),
        )

    def __init__(
        self,
        access_token: str | None,
        verify: str | None,
        webhook_url: str | None,
        debug_mode: bool = True,
        secret_token: str | None = None,
    ) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode)
        if secret_token and not SECRET_TOKEN_PATTERN.match(secret_token):
            raise ContentError(
                "credentials.yml", "telegram.secret_token", "use 1-256 letters, digits, _ or -"
            )
        self.secret_token = secret_token or None
        self._set_up_messaging(
            lambda settings: PlatformClient("telegram", settings.retry, secrets=(access_token,)),
            (secret_token,),
        )
        self.api_url = f"{self.platform.telegram_api_url}/bot{access_token}"
        self.registration = self._webhook_registration(self.platform)

    def _webhook_registration(self, settings: PlatformSettings) -> KeepRegistering | None:
        if not self.webhook_url:
            logger.warning(
                "credentials.yml telegram: webhook_url is empty, so the webhook is not "
                "registered; set it to https://HOST/webhooks/telegram/webhook"
            )
            return None
        return KeepRegistering(
            "Telegram setWebhook",
            self.set_webhook,
            self.status,
            SET_WEBHOOK_CHECK,
            settings.registration_retry_seconds,
        )

    async def set_webhook(self) -> None:
        """Register the webhook, with the secret Telegram will echo in every request."""
        body = {"url": self.webhook_url}
        if self.secret_token:
            body["secret_token"] = self.secret_token
        await self.client.post(f"{self.api_url}/setWebhook", "Telegram setWebhook", json=body)

    def _verify(self, request: Request) -> None:
        verify_telegram(self.secret_token, request.headers.get("X-Telegram-Bot-Api-Secret-Token"))

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """The webhook behind the secret-token check; registered in the background; guarded."""
        verify = self._verify if self.secret_token else None
        if verify is None:
            logger.warning(
                "credentials.yml telegram: secret_token is not set, so anyone who knows the "
                "webhook URL can post to it. Set secret_token to a long random string."
            )
        webhook = self._webhook(self._updates_webhook, on_new_message, verify)
        if self.registration is not None:
            self.registration.run_while_serving(webhook)
        return webhook

    def _updates_webhook(self, accept: OnNewMessage) -> Blueprint:
        webhook = self._blueprint_with_health("telegram_webhook")

        @webhook.route("/webhook", methods=["POST"])
        async def update(request: Request) -> HTTPResponse:
            found = update_message(request.json)
            if found is None:
                return response.text("success")
            return await self._accept(accept, request, [found], response.text("success"))

        return webhook

    def get_output_channel(self) -> FormattedTelegramOutput:
        """Our queued output, sharing this channel's numbered-reply memory and client."""
        return FormattedTelegramOutput(**self._delivery(self.api_url))
