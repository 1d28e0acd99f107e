"""Calls to the action server time out after a few seconds, and a failure is reported to the turn.

Rasa 3.6 calls the action server with a fixed 300 s timeout and ignores a `timeout` key in
endpoints.yml. This endpoint reads that key (default 5 s), applies it, tells the turn guard when
the action server failed, and skips further calls in the same turn so the patient is not kept
waiting once per action. A conversation still starts without the action server: the session
start falls back to what actions/session.py returns, so rules (red flags first) keep working.
"""

from __future__ import annotations

import asyncio
import copy
import logging
from typing import Any

import aiohttp
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from bot.errors import ContentError
from bot.resilience.turn_guard import current_turn
from bot.speed.action_session import KeptSession, SessionPerLoop

logger = logging.getLogger(__name__)

DEFAULT_ACTION_TIMEOUT_SECONDS = 5.0
TIMEOUT_KEY = "timeout"
ENDPOINTS_FIELD = "action_endpoint.timeout"
# The action server answers 400 when an action (a form) rejects itself: that is not a fault.
REJECTED_STATUS = 400
SESSION_START_ACTION = "action_session_start"
# What actions/session.py answers (tests/bot/resilience checks they stay the same). Without a
# session start, Rasa's rules do not match the first message and even red flags get no rule.
SESSION_START_STAND_IN: dict[str, Any] = {
    "events": [
        {"event": "session_started"},
        {"event": "action", "name": "action_listen"},
    ],
    "responses": [{"response": "utter_first_turn_notice"}],
}


class ActionServerSkipped(aiohttp.ClientConnectionError):
    """Raised instead of calling the action server again after it failed in this turn."""


class GuardedActionEndpoint(EndpointConfig):
    """The action endpoint from endpoints.yml, with its own timeout and failure reporting, and
    one kept HTTP session per event loop (bot/speed/action_session.py)."""

    def __init__(self, original: EndpointConfig, timeout_seconds: float) -> None:
        super().__init__(
            url=original.url,
            params=original.params,
            headers=original.headers,
            basic_auth=original.basic_auth,
            token=original.token,
            token_name=original.token_name,
            cafile=original.cafile,
            **original.kwargs,
        )
        self.type = original.type
        self.timeout_seconds = timeout_seconds
        auth = (
            aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
            if self.basic_auth
            else None
        )
        self._sessions = SessionPerLoop(self.headers, auth)

    @classmethod
    def wrap(cls, original: EndpointConfig, source: str = "endpoints.yml") -> GuardedActionEndpoint:
        """Read `timeout` (seconds) from the endpoint's settings; a bad value names the fix."""
        raw = original.kwargs.get(TIMEOUT_KEY, DEFAULT_ACTION_TIMEOUT_SECONDS)
        try:
            seconds = float(raw)
        except (TypeError, ValueError):
            seconds = -1.0
        if seconds <= 0:
            raise ContentError(
                source,
                ENDPOINTS_FIELD,
                f"set a few seconds, like {DEFAULT_ACTION_TIMEOUT_SECONDS:g}",
            )
        return cls(original, seconds)

    def copy(self) -> GuardedActionEndpoint:
        return GuardedActionEndpoint(super().copy(), self.timeout_seconds)

    def session(self) -> KeptSession:  # type: ignore[override]
        """What Rasa's `request` opens with `async with`: the loop's kept session."""
        return self._sessions.kept()

    async def close(self) -> None:
        """Close the kept session of the running loop (when the server stops)."""
        await self._sessions.close()

    async def request(
        self,
        method: str = "post",
        subpath: str | None = None,
        content_type: str | None = "application/json",
        compress: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Call the action server within `timeout_seconds`; report a failure to the turn."""
        starts_session = (kwargs.get("json") or {}).get("next_action") == SESSION_START_ACTION
        turn = current_turn()
        if turn is not None and turn.action_failures:
            if starts_session:
                return copy.deepcopy(SESSION_START_STAND_IN)
            raise ActionServerSkipped(
                "the action server already failed while answering this message"
            )
        kwargs[TIMEOUT_KEY] = aiohttp.ClientTimeout(total=self.timeout_seconds)
        try:
            return await super().request(method, subpath, content_type, compress, **kwargs)
        except ClientResponseError as error:
            if error.status == REJECTED_STATUS:
                raise
            _report_failure(error)
            if starts_session:
                return copy.deepcopy(SESSION_START_STAND_IN)
            raise
        except (asyncio.TimeoutError, aiohttp.ClientError, OSError) as error:
            _report_failure(error)
            if starts_session:
                return copy.deepcopy(SESSION_START_STAND_IN)
            raise


def _report_failure(error: BaseException) -> None:
    turn = current_turn()
    if turn is not None:
        turn.action_failures += 1
    reason = "timed out" if isinstance(error, asyncio.TimeoutError) else repr(error)
    logger.warning("Action server call failed (%s); the patient gets the fallback reply", reason)
