"""Clean what a patient typed and reject malformed REST requests with a 400 that says the fix."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sanic.exceptions import InvalidUsage
from sanic.request import Request

# The SQL tracker store keeps sender ids in a 255-character column.
MAX_SENDER_CHARS = 255
KEPT_CONTROL_CHARACTERS = {"\n", "\t"}
REQUEST_SHAPE = '{"sender": "<conversation id>", "message": "<text>"}'
PAYLOAD_KEY = "painpath_rest_payload"
# Code blocks whose content is not the patient's words, then any tag (a letter or / after the <,
# so "<3" and "pain < 5" stay as typed).
_CODE_BLOCK = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_SPACES = re.compile(r"[ \t]+")
# What chat clients send by convention when a patient opens a conversation: rasa-webchat's
# documented initPayload, Telegram's Start button, the payload pages give Messenger's Get
# Started button. The assistant answers them as the greeting they stand for.
CONVERSATION_START_PAYLOADS = frozenset({"/get_started", "get_started", "/start"})
GREETING_PAYLOAD = "/greet"


def clean_text(text: Any) -> str:
    """Text safe to parse and store: no lone surrogates, NULs or other control characters."""
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    elif not isinstance(text, str):
        text = str(text) if isinstance(text, (int, float)) else ""
    text = text.encode("utf-8", errors="replace").decode("utf-8")
    return "".join(
        ch
        for ch in text.replace("\r\n", "\n").replace("\r", "\n")
        if ch in KEPT_CONTROL_CHARACTERS or unicodedata.category(ch) not in {"Cc", "Cs"}
    )


def strip_markup(text: str) -> str:
    """The words of a message pasted or typed with HTML: tags and scripts out, entities decoded.

    Text without tags is returned as it is. The red-flag check blanks tags on its own
    (`bot.safety.red_flags._normalise`): it must stand alone and keep character offsets, so it
    replaces each tag with spaces of the same length instead of calling this."""
    if not _TAG.search(text):
        return text
    words = _TAG.sub(" ", _CODE_BLOCK.sub(" ", text))
    return _SPACES.sub(" ", html.unescape(words)).strip()


def readable_text(text: Any) -> str:
    """What the assistant reads of a message: clean, without markup, without outer spaces;
    a conversation-start payload ("/get_started", Telegram's "/start") reads as the greeting."""
    readable = strip_markup(clean_text(text)).strip()
    return GREETING_PAYLOAD if readable.casefold() in CONVERSATION_START_PAYLOADS else readable


@dataclass(frozen=True)
class RestPayload:
    """A REST webhook request that passed the checks."""

    sender: str
    message: str
    input_channel: str | None
    metadata: dict[str, Any] | None


def rest_payload(request: Request) -> RestPayload:
    """The checked request body; raises InvalidUsage (400) naming the field and the fix."""
    cached = getattr(request.ctx, PAYLOAD_KEY, None)
    if cached is not None:
        return cached
    body = request.json  # Sanic answers 400 itself when the body is not valid JSON
    if not isinstance(body, dict):
        raise InvalidUsage(f"The request body must be a JSON object like {REQUEST_SHAPE}.")
    payload = RestPayload(
        sender=_sender(body.get("sender")),
        message=_message(body.get("message")),
        input_channel=_optional_text(body, "input_channel"),
        metadata=_metadata(body.get("metadata")),
    )
    setattr(request.ctx, PAYLOAD_KEY, payload)
    return payload


def _sender(raw: Any) -> str:
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise InvalidUsage(
            f"Field 'sender' is missing or not text: send one id per conversation, {REQUEST_SHAPE}."
        )
    sender = clean_text(raw).strip()
    if not sender:
        raise InvalidUsage(
            f"Field 'sender' is empty: send one id per conversation, {REQUEST_SHAPE}."
        )
    if len(sender) > MAX_SENDER_CHARS:
        raise InvalidUsage(
            f"Field 'sender' is {len(sender)} characters long: use at most {MAX_SENDER_CHARS}."
        )
    return sender


def _message(raw: Any) -> str:
    if not isinstance(raw, str):
        raise InvalidUsage(f"Field 'message' is missing or not text: send {REQUEST_SHAPE}.")
    return clean_text(raw)


def _optional_text(body: dict[str, Any], field: str) -> str | None:
    raw = body.get(field)
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise InvalidUsage(f"Field '{field}' must be text or left out.")
    return clean_text(raw) or None


def _metadata(raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InvalidUsage("Field 'metadata' must be a JSON object or left out.")
    return raw
