"""A call a channel must make once at start-up (Telegram's setWebhook), made in the background
until it works, so that one unreachable platform never keeps the server, and so every other
channel, from starting.

Each failure is logged with what to check; the channel shows `registering` (GET /health, the
launcher's status lines) until a try succeeds. The pause between tries doubles, from
PAINPATH_REGISTRATION_RETRY_SECONDS up to five minutes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from sanic import Blueprint

from bot.channels.platform_api import PlatformCallFailed
from bot.channels.platform_settings import MAX_REGISTRATION_PAUSE_SECONDS
from bot.channels.status import ChannelStatus

logger = logging.getLogger(__name__)


class KeepRegistering:
    """Runs `call` after the server starts, again and again until it succeeds."""

    def __init__(
        self,
        what: str,
        call: Callable[[], Awaitable[Any]],
        status: ChannelStatus,
        check: str,
        first_pause_seconds: float,
    ) -> None:
        self.what = what
        self.call = call
        self.status = status
        self.check = check
        self.first_pause_seconds = first_pause_seconds
        self.attempts = 0
        self._task: asyncio.Task | None = None
        status.registration_problem = f"{what}: not done yet"

    def pause_after(self, failed_attempt: int) -> float:
        """Seconds before the next try: doubling, at most MAX_REGISTRATION_PAUSE_SECONDS."""
        pause = self.first_pause_seconds * 2 ** (failed_attempt - 1)
        return min(MAX_REGISTRATION_PAUSE_SECONDS, pause)

    async def run(self) -> None:
        """Try until the call succeeds (or the task is cancelled when the server stops)."""
        while True:
            self.attempts += 1
            try:
                await self.call()
            except PlatformCallFailed as failure:
                pause = self.pause_after(self.attempts)
                self.status.registration_problem = f"{failure}; next try in {pause:g} s"
                log = logger.error if self.attempts == 1 else logger.warning
                log(
                    "%s (%s). Every other channel keeps serving; trying again in %g s.",
                    failure,
                    self.check,
                    pause,
                )
                await asyncio.sleep(pause)
                continue
            self.status.registration_problem = None
            logger.info("%s done (try %d)", self.what, self.attempts)
            return

    def run_while_serving(self, blueprint: Blueprint) -> None:
        """Start trying once the server is up; stop trying when it stops."""

        @blueprint.listener("after_server_start")
        async def start(_app: Any, _loop: Any) -> None:
            self._task = asyncio.get_running_loop().create_task(self.run())

        @blueprint.listener("before_server_stop")
        async def stop(_app: Any, _loop: Any) -> None:
            if self._task is not None and not self._task.done():
                self._task.cancel()
