"""With replicas, a reply of "2" to an SMS list works on whichever replica receives it."""

from __future__ import annotations

import time

import pytest
import redis

from bot.channels.numbered_options import NumberedOption
from bot.channels.option_memory import numbered_reply_memory
from bot.channels.shared_numbered_replies import REDIS_DB, SharedNumberedReplies

pytestmark = pytest.mark.scale

PHONE = "+15555550123"
OPTIONS = [
    NumberedOption(1, "How to prepare", "/ask_prepare"),
    NumberedOption(2, "Recovery", "/ask_recovery"),
]


@pytest.fixture
def environment(redis_port: int, tmp_path) -> dict[str, str]:
    return {
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": str(redis_port),
        "REDIS_PASSWORD": "",
        "PAINPATH_SENDER_KEY": "k" * 40,
    }


def test_options_sent_by_one_replica_are_resolved_by_another(environment) -> None:
    first, second = numbered_reply_memory(environment), numbered_reply_memory(environment)
    assert isinstance(first, SharedNumberedReplies)

    first.remember(PHONE, OPTIONS)

    assert second.resolve(PHONE, "2") == "/ask_recovery"
    assert first.resolve(PHONE, "1") is None, "a reply uses the options up"


def test_redis_never_holds_the_phone_number(environment, redis_port: int) -> None:
    numbered_reply_memory(environment).remember(PHONE, OPTIONS)
    client = redis.Redis(host="127.0.0.1", port=redis_port, db=REDIS_DB)
    stored = b"".join(key + (client.get(key) or b"") for key in client.keys("painpath:*"))
    assert stored and b"5550123" not in stored


def test_options_expire_like_the_in_memory_ones(redis_port: int) -> None:
    client = redis.Redis(host="127.0.0.1", port=redis_port, db=REDIS_DB)
    memory = SharedNumberedReplies(client, ttl_seconds=1, key=b"k" * 40)
    memory.remember(PHONE, OPTIONS)
    time.sleep(1.5)
    assert memory.resolve(PHONE, "1") is None
