"""Work a webhook accepts now and does after answering: patients' turns and the replies' delivery.

A platform retries (and may in the end switch off) a webhook that answers slowly or with an
error, so the messaging channels answer 200 once the signature is checked and the message is
handed over here. Jobs for one key (one patient) run one after another in the order they came,
so a conversation's turns and reply parts stay in order; different patients run side by side.
The number of waiting jobs is bounded, and the server waits for what is left when it stops.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from sanic import Blueprint

logger = logging.getLogger(__name__)

Job = Callable[[], Awaitable[Any]]
DEFAULT_MAX_PENDING = 10_000
# How long a stopping server waits for accepted turns and replies to finish.
DRAIN_SECONDS = 10.0


class WorkQueueFull(Exception):
    """More jobs are waiting than the bound allows; the caller should answer 503."""


class OrderedWork:
    """Background jobs, in arrival order per key, alongside each other across keys."""

    def __init__(self, name: str, max_pending: int = DEFAULT_MAX_PENDING) -> None:
        self.name = name
        self.max_pending = max_pending
        self._queues: dict[str, deque[Job]] = {}
        self._workers: set[asyncio.Task] = set()
        self._pending = 0

    @property
    def pending(self) -> int:
        """Jobs accepted and not finished yet."""
        return self._pending

    def submit(self, key: str, job: Job) -> None:
        """Queue the job behind the key's earlier ones; raise WorkQueueFull past the bound."""
        if self._pending >= self.max_pending:
            raise WorkQueueFull(f"{self.name}: {self._pending} jobs are already waiting")
        self._pending += 1
        queue = self._queues.get(key)
        if queue is not None:
            queue.append(job)
            return
        self._queues[key] = deque([job])
        worker = asyncio.get_running_loop().create_task(self._run(key))
        self._workers.add(worker)
        worker.add_done_callback(self._workers.discard)

    async def _run(self, key: str) -> None:
        queue = self._queues[key]
        try:
            while queue:
                job = queue.popleft()
                try:
                    await job()
                except Exception:  # noqa: BLE001 - one failed job must not stop the key's others
                    logger.exception("%s: a background job failed", self.name)
                finally:
                    self._pending -= 1
        finally:
            self._pending -= len(queue)
            del self._queues[key]

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait until every accepted job has run (or `timeout` passed); True when all are done."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while self._workers:
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                return False
            await asyncio.wait(set(self._workers), timeout=remaining)
        return True


class ChannelWork:
    """One messaging channel's background work: the patients' turns and the replies' delivery."""

    def __init__(self, channel: str, max_pending: int = DEFAULT_MAX_PENDING) -> None:
        self.turns = OrderedWork(f"{channel} turns", max_pending)
        self.deliveries = OrderedWork(f"{channel} replies", max_pending)

    async def drain(self, timeout: float | None = None) -> bool:
        """Finish the turns, then the replies they queued (tests wait for both with this)."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        turns_done = await self.turns.drain(timeout)
        left = None if timeout is None else max(0.0, timeout - (loop.time() - started))
        return await self.deliveries.drain(left) and turns_done

    def finish_on_stop(
        self, blueprint: Blueprint, close: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        """When the server stops: let accepted work finish (up to DRAIN_SECONDS), then `close`."""

        @blueprint.listener("before_server_stop")
        async def finish(_app: Any, _loop: Any) -> None:
            if not await self.drain(DRAIN_SECONDS):
                left = self.turns.pending + self.deliveries.pending
                logger.warning("Stopping with %d messages or replies not finished", left)
            if close is not None:
                await close()
