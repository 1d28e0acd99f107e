"""Messaging channels for Rasa: signed webhooks and replies shaped for each app's limits."""

from bot.channels.formatting import FormattedReply, format_reply, split_message, strip_markdown
from bot.channels.messenger import SignedMessengerInput
from bot.channels.numbered_replies import NumberedOption, NumberedReplyMemory
from bot.channels.signatures import WebhookSignatureError
from bot.channels.slack import SignedSlackInput
from bot.channels.telegram import SignedTelegramInput
from bot.channels.twilio import SignedTwilioInput

__all__ = [
    "FormattedReply",
    "NumberedOption",
    "NumberedReplyMemory",
    "SignedMessengerInput",
    "SignedSlackInput",
    "SignedTelegramInput",
    "SignedTwilioInput",
    "WebhookSignatureError",
    "format_reply",
    "split_message",
    "strip_markdown",
]
