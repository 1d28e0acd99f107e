"""Mount one input channel in a Sanic app, as Rasa does, with a fake agent instead of a model, and
the platforms' APIs faked on loopback (tests/fake_platforms.py)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from channel_test_support import BASE_URL, FakeAgent
from rasa.core.channels.channel import InputChannel, register
from sanic import Sanic

from bot.privacy import log_filter
from tests.asgi_client import asgi_client
from tests.fake_platforms import FakePlatforms

Sanic.test_mode = True
# Fast enough for tests, slow enough to tell a hang from an answer.
FAST_RETRIES = {
    "PAINPATH_PLATFORM_TIMEOUT_SECONDS": "0.5",
    "PAINPATH_PLATFORM_ATTEMPTS": "3",
    "PAINPATH_PLATFORM_BACKOFF_SECONDS": "0.02",
    "PAINPATH_REGISTRATION_RETRY_SECONDS": "0.05",
}


@pytest.fixture(autouse=True)
def sender_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test key for conversation pseudonyms, so no key file is written under var/."""
    monkeypatch.setenv("PAINPATH_SENDER_KEY", "test-key-" + "0" * 32)


@pytest.fixture(autouse=True)
def forget_secrets() -> Iterator[None]:
    """Channels register their tokens with the log filter; undo that after each test."""
    yield
    log_filter.uninstall()


@pytest.fixture(autouse=True)
async def platforms(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakePlatforms]:
    """Graph API, Telegram, Slack and Twilio on loopback, with short timeouts and backoff, for
    every test here (channels read these settings when they are built)."""
    fake = FakePlatforms()
    async with fake.serving():
        for name, value in {**fake.env(), **FAST_RETRIES}.items():
            monkeypatch.setenv(name, value)
        yield fake


@pytest.fixture
def agent() -> FakeAgent:
    return FakeAgent()


class ChannelClient:
    """Posts to the mounted channel; by default waits until the accepted turns and their
    replies are done, so a test can look at what the patient got."""

    def __init__(self, http: httpx.AsyncClient, channel: InputChannel) -> None:
        self.http = http
        self.channel = channel

    async def settle(self) -> None:
        for _ in range(3):  # Rasa's Slack webhook hands the message over in a task of its own
            await asyncio.sleep(0)
        work = getattr(self.channel, "work", None)
        if work is not None:
            assert await work.drain(timeout=10), "background work did not finish"

    async def post(self, url: str, *, settle: bool = True, **kwargs: Any) -> httpx.Response:
        response = await self.http.post(url, **kwargs)
        if settle:
            await self.settle()
        return response

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.http.get(url, **kwargs)


@pytest.fixture
def channel_client(agent: FakeAgent) -> Callable[..., Any]:
    """`async with channel_client(channel, *more) as client:` posts to /webhooks/<name>/webhook."""
    count = 0

    @asynccontextmanager
    async def start(channel: InputChannel, *more: InputChannel) -> AsyncIterator[ChannelClient]:
        nonlocal count
        count += 1
        app = Sanic(f"channel_test_{channel.name()}_{count}")
        app.ctx.agent = agent
        register([channel, *more], app, route="/webhooks/")
        try:
            async with asgi_client(app, base_url=BASE_URL) as http:
                yield ChannelClient(http, channel)
        finally:
            for mounted in (channel, *more):
                client = getattr(mounted, "client", None)
                if client is not None:
                    await client.close()

    return start


class TwilioOutbox:
    """The SMS and WhatsApp messages the fake Twilio API received, as {to, from_, body}."""

    def __init__(self, platforms: FakePlatforms) -> None:
        self.platforms = platforms

    @property
    def sent(self) -> list[dict[str, Any]]:
        return [
            {"to": call.body["To"], "from_": call.body["From"], "body": call.body["Body"]}
            for call in self.platforms.calls_to("twilio")
        ]


@pytest.fixture
def outbox(platforms: FakePlatforms) -> TwilioOutbox:
    return TwilioOutbox(platforms)
