"""Stand-ins for the messaging platforms' APIs (Graph API, Telegram, Slack, Twilio) on loopback.

One aiohttp server answers under /graph, /telegram, /slack and /twilio, the base URLs a test
sets in PAINPATH_*_API_URL. It records every call (path, headers, body) and answers as each
test scripts it: the platform's usual success, an error status, or no answer at all (a hang,
released when the server stops). `FakePlatforms.env()` gives the variables to point PainPath at
it; `in_thread()` runs it beside a server in another process (the end-to-end tests).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import deque
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

PLATFORMS = ("graph", "telegram", "slack", "twilio")
ENV_NAMES = {
    "graph": "PAINPATH_GRAPH_API_URL",
    "telegram": "PAINPATH_TELEGRAM_API_URL",
    "slack": "PAINPATH_SLACK_API_URL",
    "twilio": "PAINPATH_TWILIO_API_URL",
}
SUCCESS = {
    "graph": (200, {"recipient_id": "7012345678901234", "message_id": "m_fake"}),
    "telegram": (200, {"ok": True, "result": True}),
    "slack": (200, {"ok": True, "ts": "1764253900.000100"}),
    "twilio": (201, {"sid": "SM00000000000000000000000000000000", "status": "queued"}),
}
HANG = "hang"


@dataclass(frozen=True)
class Answer:
    """What the fake answers to one call: a status with a JSON body and headers, or a hang."""

    status: int = 200
    body: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False


@dataclass(frozen=True)
class Call:
    """One request the fake received."""

    platform: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


class FakePlatforms:
    """The four platform APIs on one loopback port; script answers per platform."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._scripted: dict[str, deque[Answer]] = {name: deque() for name in PLATFORMS}
        self._always: dict[str, Answer | None] = dict.fromkeys(PLATFORMS)
        self._release = asyncio.Event()
        self.base_url = ""

    def answer(self, platform: str, *answers: Answer) -> None:
        """The next calls to this platform get these answers, in order, then the default."""
        self._scripted[platform].extend(answers)

    def always(self, platform: str, answer: Answer | None) -> None:
        """Every call to this platform gets this answer (None: the platform's success)."""
        self._always[platform] = answer

    def hang(self, platform: str) -> None:
        """Every call to this platform waits for an answer that never comes."""
        self.always(platform, Answer(hang=True))

    def calls_to(self, platform: str) -> list[Call]:
        return [call for call in self.calls if call.platform == platform]

    def url(self, platform: str) -> str:
        return f"{self.base_url}/{platform}"

    def env(self) -> dict[str, str]:
        """PainPath's API base URL variables, pointing here."""
        return {ENV_NAMES[name]: self.url(name) for name in PLATFORMS}

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        platform, _, path = request.match_info["tail"].partition("/")
        raw = await request.read()
        if request.content_type == "application/x-www-form-urlencoded":
            body: dict[str, Any] = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        else:
            body = json.loads(raw or b"{}")
        self.calls.append(Call(platform, "/" + path, dict(request.headers), body))
        scripted = self._scripted.get(platform)
        answer = (scripted.popleft() if scripted else None) or self._always.get(platform)
        if answer is None:
            status, success = SUCCESS[platform]
            answer = Answer(status, success)
        if answer.hang:
            await self._release.wait()
            return web.json_response({"error": "released"}, status=503)
        return web.json_response(answer.body, status=answer.status, headers=answer.headers)

    @asynccontextmanager
    async def serving(self) -> AsyncIterator[FakePlatforms]:
        """Serve on a free loopback port until the block ends (hanging calls are released)."""
        self._release = asyncio.Event()
        app = web.Application()
        app.router.add_route("POST", "/{tail:.*}", self._handle)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, shutdown_timeout=1.0)
        await site.start()
        self.base_url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
        try:
            yield self
        finally:
            self._release.set()
            await runner.cleanup()

    @contextmanager
    def in_thread(self) -> Iterator[FakePlatforms]:
        """Serve from a background thread's event loop (for tests that are not async)."""
        loop = asyncio.new_event_loop()
        started = threading.Event()
        stop: asyncio.Event | None = None

        async def main() -> None:
            nonlocal stop
            stop = asyncio.Event()
            async with self.serving():
                started.set()
                await stop.wait()

        thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
        thread.start()
        started.wait(10)
        try:
            yield self
        finally:
            loop.call_soon_threadsafe(stop.set)
            thread.join(10)
            loop.close()
