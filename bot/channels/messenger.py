"""Facebook Messenger: X-Hub-Signature-256 checked, at most 3 buttons, the rest as numbered text.

Rasa's FacebookInput checks only the SHA-1 X-Hub-Signature header (with a plain ==), answers 200
to a bad one, handles only the first event of a batch, drops every button when there are more
than three, and sends through `fbmessenger` (blocking `requests`, no timeout, Graph API v2.12,
the page token in the URL) while the webhook waits, so an unreachable Graph API turned a signed
event into a 500. This channel answers 200 as soon as the events are accepted and sends with the
Graph API version from PAINPATH_GRAPH_API_VERSION, the token in the Authorization header.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from rasa.core.channels.facebook import FacebookInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.inbound import OnNewMessage
from bot.channels.messaging_channel import MessagingChannel
from bot.channels.platform_api import PlatformClient
from bot.channels.platform_settings import PlatformSettings
from bot.channels.queued_output import QueuedOutput
from bot.channels.signatures import verify_meta

logger = logging.getLogger(__name__)


class FormattedMessengerOutput(QueuedOutput):
    """Sends replies fitted to Messenger: 2,000 characters, button template of up to 3."""

    channel_name = "facebook"
    profile_name = "messenger"

    async def _send_part(self, recipient_id: str, text: str, buttons: list[dict[str, str]]) -> None:
        """One Send API call: a text message, or a button template when there are buttons."""
        message: dict[str, Any] = {"text": text}
        if buttons:
            template_buttons = [{"type": "postback", **button} for button in buttons]
            message = {
                "attachment": {
                    "type": "template",
                    "payload": {
                        "template_type": "button",
                        "text": text,
                        "buttons": template_buttons,
                    },
                }
            }
        body = {"recipient": {"id": recipient_id}, "messaging_type": "RESPONSE", "message": message}
        await self.client.post(self.api_url, "Graph API send", json=body)


def graph_client(page_access_token: str | None, settings: PlatformSettings) -> PlatformClient:
    """The page access token goes in the Authorization header, never in the URL."""
    headers = {"Authorization": f"Bearer {page_access_token or ''}"}
    return PlatformClient("facebook", settings.retry, headers=headers, secrets=(page_access_token,))


def event_text(event: dict[str, Any]) -> str | None:
    """What the patient sent in one messaging event: typed text, a quick reply's or a button's
    payload, or "" for a photo or sticker (the guard answers it with a hint); None for events
    that are not from the patient (echoes, deliveries, reads)."""
    message = event.get("message")
    if isinstance(message, dict):
        if message.get("is_echo"):
            return None
        quick_reply = message.get("quick_reply")
        if isinstance(quick_reply, dict) and quick_reply.get("payload"):
            return str(quick_reply["payload"])
        return str(message.get("text") or "")
    postback = event.get("postback")
    if isinstance(postback, dict):
        return str(postback.get("payload") or postback.get("title") or "")
    return None


def patient_events(body: Any) -> list[tuple[str, str]]:
    """(sender PSID, text) of every patient event in a webhook body, in order."""
    found = []
    entries = body.get("entry", []) if isinstance(body, dict) else []
    for entry in entries if isinstance(entries, list) else []:
        for event in entry.get("messaging", []) if isinstance(entry, dict) else []:
            sender = (event.get("sender") or {}).get("id") if isinstance(event, dict) else None
            text = event_text(event) if sender else None
            if text is not None:
                found.append((str(sender), text))
    return found


class SignedMessengerInput(FacebookInput, MessagingChannel):
    """Messenger webhook that answers 403 to requests without a valid Meta signature."""

    def __init__(self, fb_verify: str, fb_secret: str, fb_access_token: str) -> None:
        super().__init__(fb_verify, fb_secret, fb_access_token)
        self._set_up_messaging(
            lambda settings: graph_client(fb_access_token, settings), (fb_secret, fb_verify)
        )

    def _verify(self, request: Request) -> None:
        verify_meta(
            self.fb_secret,
            request.body,
            request.headers.get("X-Hub-Signature-256"),
            request.headers.get("X-Hub-Signature"),
        )

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Health check, Meta's subscribe handshake and the signed event webhook, guarded."""
        return self._webhook(self._events_webhook, on_new_message, self._verify)

    def _events_webhook(self, accept: OnNewMessage) -> Blueprint:
        webhook = self._blueprint_with_health("fb_webhook")

        @webhook.route("/webhook", methods=["GET"])
        async def subscribe(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token") or ""
            if self.fb_verify and hmac.compare_digest(token, self.fb_verify):
                return response.text(request.args.get("hub.challenge") or "")
            logger.warning("facebook subscribe rejected with 403: hub.verify_token != 'verify'")
            return response.text("Forbidden: wrong verify token.", status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def events(request: Request) -> HTTPResponse:
            events = patient_events(request.json)
            return await self._accept(accept, request, events, response.text("EVENT_RECEIVED"))

        return webhook

    def get_output_channel(self) -> FormattedMessengerOutput:
        """Our queued output, sharing this channel's numbered-reply memory and client."""
        send_url = f"{self.platform.graph_api_url}/{self.platform.graph_api_version}/me/messages"
        return FormattedMessengerOutput(**self._delivery(send_url))
