"""Remembers the numbered options last sent to each sender, so a reply of "1" means option 1.

One process keeps them in memory: the options are a convenience for the very next reply, not a
record. If they are lost (restart, eviction) or expire, "1" simply reaches the assistant as text
and it asks again; nothing is kept but button titles and payloads (intent names, no patient
words); and the memory is bounded by sender count and age. With replicas (REDIS_HOST set, as in
the scale-out profile) the reply may reach another replica, so the options are kept in Redis
instead (bot/channels/shared_numbered_replies.py). Each inbound message consumes the sender's
options, so an old "2" never selects a stale choice after the conversation has moved on.
"""

from __future__ import annotations

import os
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.channels.profiles import load_numbered_option_settings

NUMBER_REPLY = re.compile(r"^\s*#?\s*(\d{1,3})\s*[.)]?\s*$")


class OptionMemory(Protocol):
    """Where the options last sent to each sender are kept: this process, or Redis."""

    def remember(self, sender_id: object, options: list[NumberedOption]) -> None: ...

    def resolve(self, sender_id: object, text: str) -> str | None: ...


@dataclass(frozen=True)
class NumberedOption:
    """One choice the patient can reply with: its number, the words shown and the payload sent."""

    number: int
    title: str
    payload: str


class NumberedReplyMemory:
    """Last options per sender, bounded in count and age (see the module docstring for why)."""

    def __init__(
        self,
        max_senders: int,
        ttl_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_senders = max_senders
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        self._options: OrderedDict[str, tuple[float, tuple[NumberedOption, ...]]] = OrderedDict()

    @classmethod
    def from_settings(cls) -> NumberedReplyMemory:
        """Build with the bounds from channel_profiles.yml."""
        settings = load_numbered_option_settings()
        return cls(settings.max_senders, settings.ttl_seconds)

    def __len__(self) -> int:
        return len(self._options)

    def remember(self, sender_id: object, options: list[NumberedOption]) -> None:
        """Keep the options just sent to this sender, dropping the oldest sender when full."""
        key = str(sender_id)
        self._options.pop(key, None)
        if not options:
            return
        self._options[key] = (self._clock(), tuple(options))
        while len(self._options) > self.max_senders:
            self._options.popitem(last=False)

    def resolve(self, sender_id: object, text: str) -> str | None:
        """The payload a reply like "1" (or an option's exact title) stands for; consumes them."""
        entry = self._options.pop(str(sender_id), None)
        if entry is None:
            return None
        sent_at, options = entry
        if self._clock() - sent_at > self.ttl_seconds:
            return None
        return chosen_payload(options, text)


def chosen_payload(options: Sequence[NumberedOption], text: str) -> str | None:
    """The payload of the option a reply names, by number ("2", "#2", "2.") or by exact title."""
    match = NUMBER_REPLY.match(text or "")
    wanted = (text or "").strip().casefold()
    for option in options:
        if match and int(match.group(1)) == option.number:
            return option.payload
        if not match and wanted and option.title.strip().casefold() == wanted:
            return option.payload
    return None


def numbered_reply_memory(environ: Mapping[str, str] | None = None) -> OptionMemory:
    """Redis-backed when REDIS_HOST is set (replicas share it), else this process's memory."""
    env = os.environ if environ is None else environ
    if env.get("REDIS_HOST"):
        from bot.channels.shared_numbered_replies import SharedNumberedReplies

        return SharedNumberedReplies.from_env(env)
    return NumberedReplyMemory.from_settings()
