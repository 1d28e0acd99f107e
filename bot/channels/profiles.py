"""Per-channel display limits, loaded from channel_profiles.yml so they can change without code."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, confloat, conint, validator

from bot.content_models import ContentModel, Text, load_model
from bot.errors import ContentError

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


Count = conint(strict=True, ge=0)
COUNT_OR_NULL = "a whole number of 0 or more (or null)"


class ChannelProfileEntry(ContentModel):
    """One channel's limits as written under `channels:`."""

    max_chars: conint(strict=True, ge=20) = Field(description="a whole number, 20 or more")
    max_chars_with_buttons: Count | None = Field(None, description=COUNT_OR_NULL)
    max_native_buttons: Count | None = Field(None, description=COUNT_OR_NULL)
    max_payload_bytes: Count | None = Field(None, description=COUNT_OR_NULL)
    markdown: Literal["strip", "slack"] = Field(description=" or ".join(MARKDOWN_MODES))


class NumberedOptionsEntry(ContentModel):
    """The `numbered_options:` section as written."""

    line: Text = Field(description="a line with {number} and {title}")
    max_senders: Count = Field(description="a whole number of 0 or more")
    ttl_seconds: confloat(gt=0) = Field(description="a number of seconds above 0")

    @validator("line")
    def _names_number_and_title(cls, line: str) -> str:  # noqa: N805
        if "{number}" not in line or "{title}" not in line:
            raise ValueError("include {number} and {title}")
        return line


class ProfilesFile(ContentModel):
    """channel_profiles.yml as written."""

    channels: dict[str, ChannelProfileEntry] = Field(
        description="at least one channel (sms, telegram, ...)"
    )
    numbered_options: NumberedOptionsEntry | None = Field(
        None, description="line, max_senders and ttl_seconds"
    )

    @validator("channels")
    def _some_channels(cls, channels: dict) -> dict:  # noqa: N805
        if not channels:
            raise ValueError("list at least one channel (sms, telegram, ...)")
        return channels


@lru_cache(maxsize=4)
def load_channel_profiles(file: Path = PROFILES_FILE) -> dict[str, ChannelProfile]:
    """Read every channel's limits once, failing early with the field to fix."""
    channels = load_model(ProfilesFile, file).channels
    return {
        name: ChannelProfile(
            name=name,
            max_chars=entry.max_chars,
            max_chars_with_buttons=min(
                entry.max_chars_with_buttons or entry.max_chars, entry.max_chars
            ),
            max_native_buttons=entry.max_native_buttons,
            max_payload_bytes=entry.max_payload_bytes,
            markdown=entry.markdown,
        )
        for name, entry in channels.items()
    }


def _with_buttons(entry: ChannelProfileEntry) -> int:
    return min(entry.max_chars_with_buttons or entry.max_chars, entry.max_chars)


@lru_cache(maxsize=4)
def load_numbered_option_settings(file: Path = PROFILES_FILE) -> NumberedOptionSettings:
    """Read how numbered options are worded and how long they are remembered."""
    entry = load_model(ProfilesFile, file).numbered_options
    if entry is None:
        raise ContentError(file, "numbered_options", "give line, max_senders and ttl_seconds")
    return NumberedOptionSettings(
        line=entry.line, max_senders=max(1, entry.max_senders), ttl_seconds=entry.ttl_seconds
    )


def channel_profile(name: str) -> ChannelProfile:
    """The limits for one channel; a missing channel is a set-up error worth failing on."""
    profiles = load_channel_profiles()
    if name not in profiles:
        fix = f"add a '{name}' entry (known: {', '.join(sorted(profiles))})"
        raise ContentError(PROFILES_FILE, f"channels.{name}", fix)
    return profiles[name]
