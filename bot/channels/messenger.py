"""Facebook Messenger: X-Hub-Signature-256 checked, at most 3 buttons, the rest as numbered text.

Rasa's FacebookInput checks only the SHA-1 X-Hub-Signature header (with a plain ==), answers 200
to a bad one, handles only the first event of a batch and drops every button when there are
more than three; this channel fixes those and reuses Rasa's event parsing.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from fbmessenger import MessengerClient
from fbmessenger.elements import Text as FBText
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.formatting import format_reply
from bot.channels.inbound import OnNewMessage, answer_every_message, reject_unsigned_posts
from bot.channels.numbered_replies import OptionMemory, numbered_reply_memory
from bot.channels.profiles import channel_profile
from bot.channels.signatures import verify_meta

logger = logging.getLogger(__name__)


class FormattedMessengerOutput(MessengerBot):
    """Sends replies fitted to Messenger: 2,000 characters, button template of up to 3."""

    def __init__(self, messenger_client: MessengerClient, numbered_replies: OptionMemory):
        super().__init__(messenger_client)
        self.numbered_replies = numbered_replies
        self.profile = channel_profile("messenger")

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Plain text, split at sentence ends under 2,000 characters."""
        for part in format_reply(self.profile, text).parts:
            self.send(recipient_id, FBText(text=part))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Up to 3 postback buttons; extra options become numbered lines the patient can answer."""
        reply = format_reply(self.profile, text, buttons)
        self.numbered_replies.remember(recipient_id, reply.options)
        *before, last = reply.parts or [""]
        for part in before:
            self.send(recipient_id, FBText(text=part))
        if not reply.native_buttons:
            self.send(recipient_id, FBText(text=last))
            return
        template_buttons = [{"type": "postback", **button} for button in reply.native_buttons]
        payload = {
            "attachment": {
                "type": "template",
                "payload": {"template_type": "button", "text": last, "buttons": template_buttons},
            }
        }
        self.messenger_client.send(payload, recipient_id, "RESPONSE")


class SignedMessengerInput(FacebookInput):
    """Messenger webhook that answers 403 to requests without a valid Meta signature."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.numbered_replies = numbered_reply_memory()

    def _verify(self, request: Request) -> None:
        verify_meta(
            self.fb_secret,
            request.body,
            request.headers.get("X-Hub-Signature-256"),
            request.headers.get("X-Hub-Signature"),
        )

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Health check, Meta's subscribe handshake and the signed event webhook, guarded."""
        return answer_every_message(
            self.name(),
            self._webhook,
            on_new_message,
            self.numbered_replies,
            self.get_output_channel,
        )

    def _webhook(self, handle_message: OnNewMessage) -> Blueprint:
        webhook = Blueprint("fb_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        async def subscribe(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token") or ""
            if self.fb_verify and hmac.compare_digest(token, self.fb_verify):
                return response.text(request.args.get("hub.challenge") or "")
            logger.warning("facebook subscribe rejected with 403: hub.verify_token != 'verify'")
            return response.text("Forbidden: wrong verify token.", status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def events(request: Request) -> HTTPResponse:
            messenger = Messenger(self.fb_access_token, handle_message)
            metadata = self.get_metadata(request)
            for entry in (request.json or {}).get("entry", []):
                for event in entry.get("messaging", []):
                    await messenger.handle({"entry": [{"messaging": [event]}]}, metadata)
            return response.text("success")

        reject_unsigned_posts(webhook, self.name(), self._verify)
        return webhook

    def get_output_channel(self) -> FormattedMessengerOutput:
        """Our formatting output, sharing this channel's numbered-reply memory."""
        client = MessengerClient(self.fb_access_token)
        return FormattedMessengerOutput(client, self.numbered_replies)
