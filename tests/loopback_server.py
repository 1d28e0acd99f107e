"""One aiohttp route served on a loopback port, for tests that need a real HTTP round trip."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@asynccontextmanager
async def serving_route(
    handler: Handler, path: str = "/webhook", method: str = "POST", port: int = 0
) -> AsyncIterator[str]:
    """Serve `handler` at `path` on 127.0.0.1 (a free port unless given) until the block ends;
    yield the route's URL."""
    app = web.Application()
    app.router.add_route(method, path, handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    bound_port = site._server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{bound_port}{path}"
    finally:
        await runner.cleanup()
