"""Bounded REST load: N concurrent patients replay scripted conversations; errors counted.

The load runs on the same cores as the bots, so it uses aiohttp (already installed by Rasa):
it costs about half the CPU per message of httpx, which would otherwise be taken from the bots.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import aiohttp

REQUEST_TIMEOUT_S = 30.0


@dataclass
class LoadResult:
    """What one load level measured: latencies of good replies, and every failure by kind."""

    concurrency: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    wall_seconds: float = 0.0

    def add(self, other: LoadResult) -> None:
        """Count another run at the same concurrency as part of this one."""
        self.latencies_ms.extend(other.latencies_ms)
        self.errors.update(other.errors)
        self.wall_seconds += other.wall_seconds

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def throughput_per_s(self) -> float:
        """Good replies per second of wall time."""
        return len(self.latencies_ms) / self.wall_seconds if self.wall_seconds else 0.0


def classify_reply(status_code: int, body: object) -> str | None:
    """None for a reply a patient can read; otherwise the kind of failure they would notice."""
    if status_code != 200:
        return f"HTTP {status_code}"
    if not isinstance(body, list) or not body:
        return "empty reply"
    return None


async def _send(
    client: aiohttp.ClientSession, url: str, sender: str, text: str, result: LoadResult
) -> None:
    start = time.perf_counter()
    try:
        async with client.post(url, json={"sender": sender, "message": text}) as response:
            body = await response.json(content_type=None) if response.status == 200 else None
            failure = classify_reply(response.status, body)
    except asyncio.TimeoutError:
        failure = "timeout"
    except (aiohttp.ClientError, ValueError) as error:
        failure = type(error).__name__
    if failure is None:
        result.latencies_ms.append((time.perf_counter() - start) * 1000)
    else:
        result.errors[failure] += 1


async def run_load(
    url: str,
    conversations: Sequence[Sequence[str]],
    concurrency: int,
    total_messages: int,
    max_seconds: float,
    sender_prefix: str,
) -> LoadResult:
    """`concurrency` patients each run whole conversations (fresh sender id each) until
    total_messages are sent or max_seconds pass, whichever comes first."""
    result = LoadResult(concurrency)
    budget = itertools.count()
    conversation_ids = itertools.count()
    deadline = time.monotonic() + max_seconds
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)

    async def patient(client: aiohttp.ClientSession) -> None:
        while time.monotonic() < deadline:
            number = next(conversation_ids)
            script = conversations[number % len(conversations)]
            for text in script:
                if next(budget) >= total_messages or time.monotonic() >= deadline:
                    return
                await _send(client, url, f"{sender_prefix}-{number}", text, result)

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as client:
        start = time.perf_counter()
        await asyncio.gather(*(patient(client) for _ in range(concurrency)))
        result.wall_seconds = time.perf_counter() - start
    return result
