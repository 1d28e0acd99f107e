"""The widget server under test, built from settings as `python -m bot.web` would build it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from sanic import Sanic

from bot.web import WebConfig, create_app
from tests.asgi_client import asgi_client

Sanic.test_mode = True


@pytest.fixture
def web_client() -> Callable[..., Any]:
    """`async with web_client(env) as client:` serves the app built from that environment."""
    count = 0

    @asynccontextmanager
    async def start(
        env: dict[str, str] | None = None, **overrides: Any
    ) -> AsyncIterator[httpx.AsyncClient]:
        nonlocal count
        count += 1
        config = WebConfig.from_env(env or {})
        if overrides:
            config = WebConfig(**{**config.__dict__, **overrides})
        app = create_app(config, name=f"painpath_web_test_{count}")
        async with asgi_client(app, base_url="http://clinic.test:8000") as client:
            yield client

    return start
