"""Slack: Rasa's SlackInput already verifies the signing secret; we answer 403 and log why.

Rasa's check is sound (HMAC-SHA256, 5-minute window, constant-time compare) but answers 400 without
a log line; a middleware runs the same check first so bad requests get 403 and a logged reason.
Output: Markdown becomes Slack mrkdwn, and buttons beyond Slack's 5 become numbered text.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint
from sanic.request import Request

from bot.channels.formatting import format_reply
from bot.channels.inbound import OnNewMessage, answer_every_message, reject_unsigned_posts
from bot.channels.numbered_replies import OptionMemory, numbered_reply_memory
from bot.channels.profiles import channel_profile
from bot.channels.signatures import verify_slack


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


class FormattedSlackOutput(SlackBot):
    """Sends replies fitted to Slack: mrkdwn, 3,000-character sections, up to 5 buttons."""

    def __init__(
        self,
        token: str,
        numbered_replies: OptionMemory,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        proxy: str | None = None,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.numbered_replies = numbered_replies
        self.profile = channel_profile("slack")

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Plain mrkdwn text, split at sentence ends under 3,000 characters."""
        recipient = self.slack_channel or recipient_id
        for part in format_reply(self.profile, text).parts:
            await self._post_message(channel=recipient, as_user=True, text=part, type="mrkdwn")

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Buttons under the last part; extra options as numbered lines."""
        recipient = self.slack_channel or recipient_id
        reply = format_reply(self.profile, text, buttons)
        self.numbered_replies.remember(recipient_id, reply.options)
        *before, last = reply.parts or [""]
        for part in before:
            await self._post_message(channel=recipient, as_user=True, text=part, type="mrkdwn")
        blocks = [_section(last)] if last else []
        if reply.native_buttons:
            elements = [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": button["title"]},
                    "value": button["payload"],
                }
                for button in reply.native_buttons
            ]
            blocks.append({"type": "actions", "elements": elements})
        await self._post_message(channel=recipient, as_user=True, text=last, blocks=blocks)


class SignedSlackInput(SlackInput):
    """Slack webhook answering 403 (with a logged reason) to unsigned or stale requests."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.numbered_replies = numbered_reply_memory()

    def _verify(self, request: Request) -> None:
        verify_slack(
            self.slack_signing_secret,
            request.body,
            request.headers.get("X-Slack-Request-Timestamp"),
            request.headers.get("X-Slack-Signature"),
        )

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Rasa's webhook behind the logged 403 check; numbered replies; fallback guard."""
        webhook = answer_every_message(
            self.name(), super().blueprint, on_new_message, self.numbered_replies
        )
        reject_unsigned_posts(webhook, self.name(), self._verify)
        return webhook

    def get_output_channel(
        self, channel: str | None = None, thread_id: str | None = None
    ) -> FormattedSlackOutput:
        """Our formatting output, sharing this channel's numbered-reply memory."""
        return FormattedSlackOutput(
            self.slack_token,
            self.numbered_replies,
            channel or self.slack_channel,
            thread_id,
            self.proxy,
        )
