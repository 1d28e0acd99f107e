"""Shapes one bot reply for one messaging channel: Markdown, length limits and buttons."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.channels.numbered_options import NumberedOption
from bot.channels.profiles import ChannelProfile, load_numbered_option_settings

MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
ITALIC_STAR = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
ITALIC_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
INLINE_CODE = re.compile(r"`([^`\n]+)`")
HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
STAR_BULLET = re.compile(r"^([ \t]*)[*+][ \t]+", re.MULTILINE)

# Split points, from the gentlest to the harshest: paragraphs, sentence ends, words.
SPLIT_POINTS = ((re.compile(r"\n[ \t]*\n\s*"), "\n\n"), (re.compile(r"(?<=[.!?])\s+"), " "))
WORD_GAP = re.compile(r"\s+")


@dataclass(frozen=True)
class FormattedReply:
    """What to send: text parts in order, native buttons for the last part, options to remember."""

    parts: list[str]
    native_buttons: list[dict[str, str]] = field(default_factory=list)
    options: list[NumberedOption] = field(default_factory=list)


def _link_as_text(match: re.Match[str]) -> str:
    label, url = match.group(1).strip(), match.group(2)
    return url if label in (url, url.split("://", 1)[-1]) else f"{label} ({url})"


def strip_markdown(text: str) -> str:
    """Plain text for channels that would show Markdown symbols as they are."""
    text = MARKDOWN_LINK.sub(_link_as_text, text)
    text = HEADING.sub(r"\1", text)
    text = STAR_BULLET.sub(r"\1- ", text)
    text = BOLD.sub(r"\2", text)
    text = STRIKE.sub(r"\1", text)
    text = ITALIC_STAR.sub(r"\1", text)
    text = ITALIC_UNDERSCORE.sub(r"\1", text)
    return INLINE_CODE.sub(r"\1", text)


def to_slack_mrkdwn(text: str) -> str:
    """Slack's own markup: escaped &<>, <url|label> links, single-star bold."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = MARKDOWN_LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1).strip()}>", text)
    text = HEADING.sub(r"**\1**", text)
    text = STAR_BULLET.sub(r"\1• ", text)
    return BOLD.sub(r"*\2*", text)


def render_markdown(profile: ChannelProfile, text: str) -> str:
    """Text as this channel should receive it."""
    return to_slack_mrkdwn(text) if profile.markdown == "slack" else strip_markdown(text)


def _pack(pieces: list[str], joiner: str, max_chars: int) -> list[str]:
    parts: list[str] = []
    current = ""
    for piece in pieces:
        for chunk in split_message(piece, max_chars):
            candidate = f"{current}{joiner}{chunk}" if current else chunk
            if len(candidate) <= max_chars:
                current = candidate
            else:
                parts.append(current)
                current = chunk
    if current:
        parts.append(current)
    return parts


def split_message(text: str, max_chars: int) -> list[str]:
    """Parts of at most max_chars, cut between paragraphs, then sentences, then words."""
    text = text.strip()
    if len(text) <= max_chars:
        return [text] if text else []
    for pattern, joiner in (*SPLIT_POINTS, (WORD_GAP, " ")):
        pieces = [piece for piece in pattern.split(text) if piece.strip()]
        if len(pieces) > 1:
            return _pack(pieces, joiner, max_chars)
    return [text[start : start + max_chars] for start in range(0, len(text), max_chars)]


def _options_from(buttons: list[dict[str, Any]]) -> list[NumberedOption]:
    options = []
    for button in buttons:
        title = str(button.get("title") or button.get("payload") or "").strip()
        payload = str(button.get("payload") or title).strip()
        if title:
            options.append(NumberedOption(len(options) + 1, title, payload))
    return options


def _native_button(option: NumberedOption, profile: ChannelProfile) -> dict[str, str]:
    limit = profile.max_payload_bytes
    fits = limit is None or len(option.payload.encode("utf-8")) <= limit
    return {"title": option.title, "payload": option.payload if fits else str(option.number)}


def format_reply(
    profile: ChannelProfile, text: str | None, buttons: list[dict[str, Any]] | None = None
) -> FormattedReply:
    """Fit a reply to the channel: native buttons up to its limit, the rest as numbered lines."""
    options = _options_from(buttons or [])
    native_count = len(options)
    if profile.max_native_buttons is not None:
        native_count = min(native_count, profile.max_native_buttons)
    native = [_native_button(option, profile) for option in options[:native_count]]
    line = load_numbered_option_settings().line
    numbered = [line.format(number=o.number, title=o.title) for o in options[native_count:]]
    body = render_markdown(profile, text or "").strip()
    if numbered:
        body = "\n\n".join(filter(None, [body, "\n".join(numbered)]))
    parts = split_message(body, profile.max_chars)
    if native:
        last = parts.pop() if parts else ""
        parts.extend(split_message(last, profile.max_chars_with_buttons) or [""])
    return FormattedReply(parts=parts, native_buttons=native, options=options)
