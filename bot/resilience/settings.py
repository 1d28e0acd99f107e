"""How long a patient may wait and how long a message may be; read from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from bot.environment import positive_number


@dataclass(frozen=True)
class ResilienceSettings:
    """`reply_deadline_seconds`: a kind reply is sent if the answer takes longer than this."""

    reply_deadline_seconds: float = 12.0
    max_message_chars: int = 20_000

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ResilienceSettings:
        """PAINPATH_REPLY_DEADLINE_SECONDS and PAINPATH_MAX_MESSAGE_CHARS, else the defaults."""
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            reply_deadline_seconds=positive_number(
                env, "PAINPATH_REPLY_DEADLINE_SECONDS", defaults.reply_deadline_seconds
            ),
            max_message_chars=int(
                positive_number(env, "PAINPATH_MAX_MESSAGE_CHARS", defaults.max_message_chars)
            ),
        )
