"""The Redis lock store gives each turn of a conversation its own ticket, in order, even when
replicas ask at the same moment, and keeps the lock in the format Rasa's own store reads."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from rasa.core.lock_store import RedisLockStore

from bot.scale.lock_store import AtomicRedisLockStore

pytestmark = pytest.mark.scale


@pytest.fixture
def replicas(redis_port: int) -> tuple[AtomicRedisLockStore, AtomicRedisLockStore]:
    """Two lock stores on one Redis, as two Rasa replicas have."""
    return (
        AtomicRedisLockStore(host="127.0.0.1", port=redis_port, db=1),
        AtomicRedisLockStore(host="127.0.0.1", port=redis_port, db=1),
    )


@pytest.fixture
def conversation(request: pytest.FixtureRequest) -> str:
    return f"lock-{request.node.name[:30]}-{time.monotonic_ns()}"


def test_turns_get_tickets_in_order_that_rasa_reads(replicas, conversation, redis_port) -> None:
    first, second = replicas
    numbers = [first.issue_ticket(conversation), second.issue_ticket(conversation)]
    numbers.append(first.issue_ticket(conversation))

    assert numbers == [0, 1, 2]
    rasa_view = RedisLockStore(
        host="127.0.0.1", port=first.red.connection_pool.connection_kwargs["port"], db=1
    )
    lock = rasa_view.get_lock(conversation)
    assert lock is not None and lock.now_serving == 0 and lock.last_issued == 2


def test_replicas_asking_at_once_never_share_a_ticket(replicas, conversation) -> None:
    first, second = replicas
    stores = [first, second] * 20
    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(lambda store: store.issue_ticket(conversation), stores))

    assert sorted(numbers) == list(range(40))


def test_a_served_ticket_hands_over_and_the_last_one_removes_the_lock(replicas, conversation):
    first, second = replicas
    served, waiting = first.issue_ticket(conversation), second.issue_ticket(conversation)

    first.cleanup(conversation, served)
    lock = second.get_lock(conversation)
    assert lock is not None and lock.now_serving == waiting

    second.cleanup(conversation, waiting)
    assert second.get_lock(conversation) is None


def test_expired_tickets_do_not_block_the_next_turn(replicas, conversation) -> None:
    first, second = replicas
    first.issue_ticket(conversation, lock_lifetime=-1)  # a crashed replica's ticket, expired

    ticket = second.issue_ticket(conversation)

    lock = second.get_lock(conversation)
    assert lock is not None and lock.now_serving == ticket
    first.issue_ticket(conversation, lock_lifetime=-1)
    second.update_lock(conversation)
    assert [t.number for t in second.get_lock(conversation).tickets] == [ticket]


async def test_a_second_turn_waits_until_the_first_is_done(replicas, conversation) -> None:
    first, second = replicas
    order: list[str] = []

    async def turn(store: AtomicRedisLockStore, name: str, delay: float) -> None:
        await asyncio.sleep(delay)
        async with store.lock(conversation, wait_time_in_seconds=0.05):
            order.append(f"{name} starts")
            await asyncio.sleep(0.3)
            order.append(f"{name} ends")

    await asyncio.gather(turn(first, "first", 0), turn(second, "second", 0.05))

    assert order == ["first starts", "first ends", "second starts", "second ends"]
    assert first.get_lock(conversation) is None
