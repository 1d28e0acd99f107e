"""Per-channel display limits, loaded from channel_profiles.yml so they can change without code."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.errors import ContentError
from bot.yaml_files import read_yaml

PROFILES_FILE = Path(__file__).with_name("channel_profiles.yml")
MARKDOWN_MODES = ("strip", "slack")


@dataclass(frozen=True)
class ChannelProfile:
    """What one channel can show: text length, native buttons, payload size, Markdown."""

    name: str
    max_chars: int
    max_chars_with_buttons: int
    max_native_buttons: int | None
    max_payload_bytes: int | None
    markdown: str


@dataclass(frozen=True)
class NumberedOptionSettings:
    """Wording and memory bounds for options sent as numbered text."""

    line: str
    max_senders: int
    ttl_seconds: float


def _positive_int(raw: dict[str, Any], key: str, where: str, file: Path, allow_null: bool) -> Any:
    value = raw.get(key)
    if value is None and allow_null:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        fix = "give a whole number of 0 or more" + (" (or null)" if allow_null else "")
        raise ContentError(file, f"{where}.{key}", fix)
    return value


def _parse_profile(name: str, raw: Any, file: Path) -> ChannelProfile:
    where = f"channels.{name}"
    if not isinstance(raw, dict):
        raise ContentError(file, where, "give a mapping with max_chars, max_native_buttons, ...")
    max_chars = _positive_int(raw, "max_chars", where, file, allow_null=False)
    if max_chars < 20:
        raise ContentError(file, f"{where}.max_chars", "give at least 20 characters")
    with_buttons = _positive_int(raw, "max_chars_with_buttons", where, file, allow_null=True)
    markdown = raw.get("markdown")
    if markdown not in MARKDOWN_MODES:
        raise ContentError(file, f"{where}.markdown", f"use one of {', '.join(MARKDOWN_MODES)}")
    return ChannelProfile(
        name=name,
        max_chars=max_chars,
        max_chars_with_buttons=min(with_buttons or max_chars, max_chars),
        max_native_buttons=_positive_int(raw, "max_native_buttons", where, file, True),
        max_payload_bytes=_positive_int(raw, "max_payload_bytes", where, file, True),
        markdown=markdown,
    )


def _read(file: Path) -> dict[str, Any]:
    data = read_yaml(file)
    if not isinstance(data, dict):
        raise ContentError(file, "(file)", "start with the keys 'channels' and 'numbered_options'")
    return data


@lru_cache(maxsize=4)
def load_channel_profiles(file: Path = PROFILES_FILE) -> dict[str, ChannelProfile]:
    """Read every channel's limits once, failing early with the field to fix."""
    channels = _read(file).get("channels")
    if not isinstance(channels, dict) or not channels:
        raise ContentError(file, "channels", "list at least one channel (sms, telegram, ...)")
    return {name: _parse_profile(name, raw, file) for name, raw in channels.items()}


@lru_cache(maxsize=4)
def load_numbered_option_settings(file: Path = PROFILES_FILE) -> NumberedOptionSettings:
    """Read how numbered options are worded and how long they are remembered."""
    raw = _read(file).get("numbered_options")
    if not isinstance(raw, dict):
        raise ContentError(file, "numbered_options", "give line, max_senders and ttl_seconds")
    line = raw.get("line")
    if not isinstance(line, str) or "{number}" not in line or "{title}" not in line:
        raise ContentError(file, "numbered_options.line", "include {number} and {title}")
    max_senders = _positive_int(raw, "max_senders", "numbered_options", file, allow_null=False)
    ttl = raw.get("ttl_seconds")
    if isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or ttl <= 0:
        raise ContentError(file, "numbered_options.ttl_seconds", "give a number of seconds above 0")
    return NumberedOptionSettings(line=line, max_senders=max(1, max_senders), ttl_seconds=ttl)


def channel_profile(name: str) -> ChannelProfile:
    """The limits for one channel; a missing channel is a set-up error worth failing on."""
    profiles = load_channel_profiles()
    if name not in profiles:
        fix = f"add a '{name}' entry (known: {', '.join(sorted(profiles))})"
        raise ContentError(PROFILES_FILE, f"channels.{name}", fix)
    return profiles[name]
