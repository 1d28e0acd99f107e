"""In-process HTTP client for any Sanic app, for tests: runs the ASGI lifespan, then uses httpx.

Sanic's own `app.asgi_client` needs the sanic-testing package, which is not pinned; this does the
same job with httpx (already a dependency) and the standard ASGI lifespan messages.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from sanic import Sanic


@asynccontextmanager
async def asgi_client(
    app: Sanic, base_url: str = "http://painpath.test"
) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app's lifespan, yield an httpx client bound to it, then shut the app down."""
    to_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    from_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    lifespan = asyncio.create_task(
        app({"type": "lifespan", "asgi": {"version": "3.0"}}, to_app.get, from_app.put)
    )
    await to_app.put({"type": "lifespan.startup"})
    started = await from_app.get()
    if started["type"] != "lifespan.startup.complete":
        raise RuntimeError(f"Sanic app {app.name} did not start: {started.get('message')}")
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            yield client
    finally:
        await to_app.put({"type": "lifespan.shutdown"})
        await from_app.get()
        # Sanic 21.12 goes on to treat the finished lifespan scope as a request and fails
        # with AttributeError; the app has already shut down cleanly by then.
        with contextlib.suppress(AttributeError):
            await lifespan
