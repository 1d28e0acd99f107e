"""Mount one input channel in a Sanic app, as Rasa does, with a fake agent instead of a model."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from channel_test_support import BASE_URL, FakeAgent
from rasa.core.channels.channel import InputChannel, register
from sanic import Sanic

from bot.channels.twilio import FormattedTwilioOutput
from bot.web.asgi_client import asgi_client

Sanic.test_mode = True


@pytest.fixture(autouse=True)
def sender_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test key for conversation pseudonyms, so no key file is written under var/."""
    monkeypatch.setenv("PAINPATH_SENDER_KEY", "test-key-" + "0" * 32)


@pytest.fixture
def agent() -> FakeAgent:
    return FakeAgent()


@pytest.fixture
def channel_client(
    agent: FakeAgent,
) -> Callable[[InputChannel], Any]:
    """`async with channel_client(channel) as client:` posts to /webhooks/<name>/webhook."""
    count = 0

    @asynccontextmanager
    async def start(channel: InputChannel) -> AsyncIterator[httpx.AsyncClient]:
        nonlocal count
        count += 1
        app = Sanic(f"channel_test_{channel.name()}_{count}")
        app.ctx.agent = agent
        register([channel], app, route="/webhooks/")
        async with asgi_client(app, base_url=BASE_URL) as client:
            yield client

    return start


class TwilioOutbox:
    """Replaces Twilio's REST client: records every SMS instead of sending it."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def create(self, **message: Any) -> dict[str, Any]:
        self.sent.append(message)
        return message


@pytest.fixture
def outbox(monkeypatch: pytest.MonkeyPatch) -> TwilioOutbox:
    messages = TwilioOutbox()
    monkeypatch.setattr(FormattedTwilioOutput, "messages", property(lambda self: messages))
    return messages
