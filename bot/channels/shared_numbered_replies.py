"""Numbered options kept in Redis, so a reply of "1" works on whichever replica receives it.

Keys are the address's pseudonym (bot/privacy/sender_ids.py) under the name `painpath:numbered`,
so Redis never holds a phone number; values are the options as JSON (titles and payloads only)
and expire after the same `ttl_seconds` as in memory. A reply consumes them with GETDEL, atomic
even when two replicas receive two replies at once.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from bot.channels.numbered_options import NumberedOption, chosen_payload
from bot.channels.profiles import load_numbered_option_settings
from bot.privacy.sender_ids import SenderPseudonyms, sender_key

KEY_NAMESPACE = "painpath:numbered"
REDIS_DB = 2  # db 1 holds the lock store's tickets (endpoints.scale.yml)


class SharedNumberedReplies:
    """Same interface as NumberedReplyMemory: `remember` after sending, `resolve` on a reply."""

    def __init__(self, client: Any, ttl_seconds: float, key: bytes) -> None:
        self._redis = client
        self._ttl = max(1, math.ceil(ttl_seconds))
        self._pseudonyms = SenderPseudonyms(KEY_NAMESPACE, key)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SharedNumberedReplies:
        import redis

        client = redis.Redis(
            host=env["REDIS_HOST"],
            port=int(env.get("REDIS_PORT") or 6379),
            password=env.get("REDIS_PASSWORD") or None,
            db=REDIS_DB,
            socket_timeout=2,
        )
        settings = load_numbered_option_settings()
        return cls(client, settings.ttl_seconds, sender_key(env))

    def _redis_key(self, sender_id: object) -> str:
        return self._pseudonyms.for_address(str(sender_id))

    def remember(self, sender_id: object, options: list[NumberedOption]) -> None:
        key = self._redis_key(sender_id)
        if not options:
            self._redis.delete(key)
            return
        value = json.dumps([[o.number, o.title, o.payload] for o in options])
        self._redis.set(key, value, ex=self._ttl)

    def resolve(self, sender_id: object, text: str) -> str | None:
        raw = self._redis.getdel(self._redis_key(sender_id))
        if raw is None:
            return None
        options = [
            NumberedOption(number, title, payload) for number, title, payload in json.loads(raw)
        ]
        return chosen_payload(options, text)
