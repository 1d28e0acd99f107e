"""Bounded REST load: N concurrent patients replay scripted conversations; errors counted."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import httpx

REQUEST_TIMEOUT_S = 30.0


@dataclass
class LoadResult:
    """What one load level measured: latencies of good replies, and every failure by kind."""

    concurrency: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    wall_seconds: float = 0.0

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


async def _send(client: httpx.AsyncClient, url: str, sender: str, text: str, result: LoadResult):
    start = time.perf_counter()
    try:
        response = await client.post(url, json={"sender": sender, "message": text})
        failure = classify_reply(
            response.status_code, response.json() if response.content else None
        )
    except httpx.TimeoutException:
        failure = "timeout"
    except (httpx.HTTPError, ValueError) as error:
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
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def patient(client: httpx.AsyncClient) -> None:
        while time.monotonic() < deadline:
            number = next(conversation_ids)
            script = conversations[number % len(conversations)]
            for text in script:
                if next(budget) >= total_messages or time.monotonic() >= deadline:
                    return
                await _send(client, url, f"{sender_prefix}-{number}", text, result)

    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT_S, limits=limits) as client:
        start = time.perf_counter()
        await asyncio.gather(*(patient(client) for _ in range(concurrency)))
        result.wall_seconds = time.perf_counter() - start
    return result
