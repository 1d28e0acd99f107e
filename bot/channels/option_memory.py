"""Where numbered options are kept: Redis when replicas share them, else this process."""

from __future__ import annotations

import os
from collections.abc import Mapping

from bot.channels.numbered_options import OptionMemory
from bot.channels.numbered_replies import NumberedReplyMemory
from bot.channels.shared_numbered_replies import SharedNumberedReplies


def numbered_reply_memory(environ: Mapping[str, str] | None = None) -> OptionMemory:
    """Redis-backed when REDIS_HOST is set (replicas share it), else this process's memory."""
    env = os.environ if environ is None else environ
    if env.get("REDIS_HOST"):
        return SharedNumberedReplies.from_env(env)
    return NumberedReplyMemory.from_settings()
