"""Helpers for channel tests: recorded payloads, independent signature code, a fake Rasa agent."""

from __future__ import annotations

import base64
import hashlib
import hmac
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from rasa.core.channels.channel import UserMessage

PAYLOADS = Path(__file__).with_name("payloads")
BASE_URL = "http://painpath.test"


def payload_bytes(name: str) -> bytes:
    """A recorded webhook body, byte for byte (signatures cover the exact bytes)."""
    return (PAYLOADS / name).read_bytes().strip()


def twilio_signature(auth_token: str, url: str, form_body: bytes) -> str:
    """Twilio's documented scheme, written out here so the test does not trust our code."""
    fields = sorted(parse_qsl(form_body.decode("utf-8"), keep_blank_values=True))
    signed = url + "".join(key + value for key, value in fields)
    digest = hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def hex_hmac(secret: str, body: bytes, algorithm: Any) -> str:
    """Hex HMAC as Meta and Slack use it."""
    return hmac.new(secret.encode(), body, algorithm).hexdigest()


class FakeAgent:
    """Stands in for Rasa's agent: records messages and, if told, answers through the channel."""

    def __init__(self) -> None:
        self.received: list[UserMessage] = []
        self.replies: list[dict[str, Any]] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.received.append(message)
        for reply in self.replies:
            await message.output_channel.send_response(message.sender_id, dict(reply))

    @property
    def texts(self) -> list[str]:
        return [message.text for message in self.received]
