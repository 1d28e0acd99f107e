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

import time
from collections import OrderedDict
from collections.abc import Callable

from bot.channels.numbered_options import NumberedOption, chosen_payload
from bot.channels.profiles import load_numbered_option_settings


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
