"""Telegram: X-Telegram-Bot-Api-Secret-Token checked when secret_token is configured.

Rasa's TelegramInput only compares the bot's own username (fetched with get_me) with `verify`,
which anyone who knows the webhook URL can pass. Telegram sends the secret_token given to
setWebhook in a header; aiogram 2 cannot pass it, so set_webhook here sends it itself.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from aiogram.bot import api
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import InputChannel
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint
from sanic.request import Request

from bot.channels.formatting import format_reply
from bot.channels.inbound import OnNewMessage, answer_every_message, reject_unsigned_posts
from bot.channels.numbered_replies import OptionMemory, numbered_reply_memory
from bot.channels.profiles import channel_profile
from bot.channels.signatures import verify_telegram
from bot.errors import ContentError

logger = logging.getLogger(__name__)

SECRET_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class FormattedTelegramOutput(TelegramOutput):
    """Sends replies fitted to Telegram: 4,096 characters, one inline button per row."""

    def __init__(self, access_token: str | None, numbered_replies: OptionMemory) -> None:
        super().__init__(access_token)
        self.numbered_replies = numbered_replies
        self.profile = channel_profile("telegram")

    async def set_webhook(self, url: str, secret_token: str | None = None, **kwargs: Any) -> bool:
        """Register the webhook, with the secret Telegram will echo in every request."""
        payload = {"url": url, **{key: value for key, value in kwargs.items() if value is not None}}
        if secret_token:
            payload["secret_token"] = secret_token
        return await self.request(api.Methods.SET_WEBHOOK, payload)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Plain text, split at sentence ends under 4,096 characters."""
        for part in format_reply(self.profile, text).parts:
            await self.send_message(recipient_id, part)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Inline buttons under the last part; long payloads travel as the option number."""
        reply = format_reply(self.profile, text, buttons)
        self.numbered_replies.remember(recipient_id, reply.options)
        *before, last = reply.parts or [""]
        for part in before:
            await self.send_message(recipient_id, part)
        markup = InlineKeyboardMarkup()
        for button in reply.native_buttons:
            markup.row(InlineKeyboardButton(button["title"], callback_data=button["payload"]))
        await self.send_message(recipient_id, last, reply_markup=markup)


class SignedTelegramInput(TelegramInput):
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
        self.numbered_replies = numbered_reply_memory()
        self._webhook_registered = False

    def _verify(self, request: Request) -> None:
        verify_telegram(self.secret_token, request.headers.get("X-Telegram-Bot-Api-Secret-Token"))

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Rasa's webhook behind the secret-token check; numbered replies; fallback guard."""
        webhook = answer_every_message(
            self.name(), super().blueprint, on_new_message, self.numbered_replies
        )
        if self.secret_token:
            reject_unsigned_posts(webhook, self.name(), self._verify)
        else:
            logger.warning(
                "credentials.yml telegram: secret_token is not set, so anyone who knows the "
                "webhook URL can post to it. Set secret_token to a long random string."
            )
        return webhook

    def get_output_channel(self) -> FormattedTelegramOutput:
        """Our formatting output; registers the webhook (with the secret) once, at start-up."""
        channel = FormattedTelegramOutput(self.access_token, self.numbered_replies)
        if not self._webhook_registered:
            self._webhook_registered = True
            self._register_webhook(channel)
        return channel

    def _register_webhook(self, channel: FormattedTelegramOutput) -> None:
        registration = channel.set_webhook(self.webhook_url, secret_token=self.secret_token)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is not None:
            # Built inside a running server (Rasa builds channels before its loop starts, so
            # this is the unusual path): register in the background and log a failure.
            loop.create_task(registration).add_done_callback(_log_registration_failure)
            return
        try:
            asyncio.run(registration)
        except TelegramAPIError as error:
            raise RasaException(f"{SET_WEBHOOK_FAILED} ({error})") from error


SET_WEBHOOK_FAILED = (
    "credentials.yml telegram: setWebhook failed; check access_token and that webhook_url "
    "is a public https URL"
)


def _log_registration_failure(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("%s (%s)", SET_WEBHOOK_FAILED, task.exception())
