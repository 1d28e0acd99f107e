"""One HTTP session per event loop for calls to the action server, so connections are reused.

Rasa 3.6 opens a new aiohttp session, and so a new TCP connection, for every action call:
connection set-up on both servers for each custom action. A session kept per event loop
(each Sanic worker has one) reuses its connections. Idle connections are dropped after
`IDLE_SECONDS`, before the action server (Sanic closes idle connections after 5 s) would drop
them, so a kept connection is not found closed when a patient's next message comes.
"""

from __future__ import annotations

import asyncio
import weakref
from types import TracebackType

import aiohttp

IDLE_SECONDS = 4.0


class KeptSession:
    """`async with` gives the loop's shared session and leaves it open afterwards."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        return None


class SessionPerLoop:
    """Creates a session the first time a loop asks, with the given headers and auth."""

    def __init__(self, headers: dict | None, auth: aiohttp.BasicAuth | None) -> None:
        self._headers = headers
        self._auth = auth
        self._sessions: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, aiohttp.ClientSession
        ] = weakref.WeakKeyDictionary()

    def kept(self) -> KeptSession:
        loop = asyncio.get_running_loop()
        session = self._sessions.get(loop)
        if session is None or session.closed:
            connector = aiohttp.TCPConnector(keepalive_timeout=IDLE_SECONDS)
            session = aiohttp.ClientSession(
                connector=connector, headers=self._headers, auth=self._auth
            )
            self._sessions[loop] = session
        return KeptSession(session)

    async def close(self) -> None:
        """Close this loop's session (when the server stops)."""
        session = self._sessions.pop(asyncio.get_running_loop(), None)
        if session is not None:
            await session.close()
