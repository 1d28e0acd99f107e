"""One asynchronous, time-bounded, retrying HTTP client for the messaging platforms' APIs.

Rasa's connectors send through blocking clients (Messenger's `requests` without a timeout,
Twilio's SDK) on the server's event loop, so one slow platform stalls every patient on every
channel. This client is aiohttp on the loop, with a timeout per attempt and bounded retries with
exponential backoff and jitter for what may pass (connection errors, timeouts, 429, 5xx); other
4xx answers are not retried. Secrets travel in headers (or, for Telegram's API, in the URL path,
the only place it takes the bot token); nothing here logs a URL, and the channels register their
secrets with the log filter (bot/privacy/log_filter.py) as a second guard.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.channels.platform_settings import MAX_BACKOFF_SECONDS, RetryPolicy
from bot.errors import PainPathError
from bot.privacy.log_filter import hide_secret, mask_secrets
from bot.speed.action_session import SessionPerLoop

logger = logging.getLogger(__name__)

TOO_MANY_REQUESTS = 429


class PlatformCallFailed(PainPathError):
    """A platform call did not succeed; `reason` is safe to log (no URL, no secret)."""

    def __init__(self, what: str, reason: str, attempts: int, *, permanent: bool) -> None:
        self.what = what
        self.reason = reason
        self.attempts = attempts
        self.permanent = permanent
        tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
        super().__init__(f"{what} failed after {tries}: {reason}")


@dataclass(frozen=True)
class Outcome:
    """What one attempt ended with: success, or a failure that may or may not pass."""

    ok: bool
    reason: str = ""
    transient: bool = False
    retry_after: float | None = None


class PlatformClient:
    """Posts to one platform's API with this process's retry policy; one session per loop."""

    def __init__(
        self,
        platform: str,
        policy: RetryPolicy,
        headers: dict[str, str] | None = None,
        auth: aiohttp.BasicAuth | None = None,
        secrets: tuple[str | None, ...] = (),
    ) -> None:
        self.platform = platform
        self.policy = policy
        self._sessions = SessionPerLoop(headers, auth)
        for secret in secrets:
            hide_secret(secret)

    async def post(
        self, url: str, what: str, *, json: Any = None, data: Any = None
    ) -> dict[str, Any]:
        """POST and return the JSON answer; raise PlatformCallFailed once retrying is over.

        `what` names the call in logs ("Graph API send"); the URL never appears there.
        """
        for attempt in range(1, self.policy.attempts + 1):
            outcome, body = await self._attempt(url, json, data)
            if outcome.ok:
                return body
            last = attempt == self.policy.attempts
            if not outcome.transient or last:
                raise PlatformCallFailed(
                    what, outcome.reason, attempt, permanent=not outcome.transient
                )
            if outcome.retry_after is not None and outcome.retry_after > MAX_BACKOFF_SECONDS:
                reason = f"{outcome.reason}; asked to wait {outcome.retry_after:g} s"
                raise PlatformCallFailed(what, reason, attempt, permanent=False)
            delay = self.policy.backoff(attempt, outcome.retry_after)
            logger.warning(
                "%s: %s (attempt %d of %d); trying again in %.1f s",
                what,
                outcome.reason,
                attempt,
                self.policy.attempts,
                delay,
            )
            await asyncio.sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    async def _attempt(self, url: str, json: Any, data: Any) -> tuple[Outcome, dict[str, Any]]:
        timeout = aiohttp.ClientTimeout(total=self.policy.timeout_seconds)
        try:
            async with (
                self._sessions.kept() as session,
                session.post(url, json=json, data=data, timeout=timeout) as response,
            ):
                body = await _json_body(response)
                return judge(response.status, response.headers, body), body
        except asyncio.TimeoutError:
            reason = f"no answer within {self.policy.timeout_seconds:g} s"
            return Outcome(ok=False, reason=reason, transient=True), {}
        except aiohttp.ClientError as error:
            return Outcome(ok=False, reason=connection_problem(error), transient=True), {}

    async def close(self) -> None:
        """Close this loop's session (when the server stops)."""
        await self._sessions.close()


async def _json_body(response: aiohttp.ClientResponse) -> dict[str, Any]:
    try:
        body = await response.json(content_type=None)
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def judge(status: int, headers: Any, body: dict[str, Any]) -> Outcome:
    """Success, a failure worth retrying (429, 5xx, Slack's `ratelimited`) or a final one."""
    problem = platform_error(body)
    if 200 <= status < 300 and body.get("ok") is not False:
        return Outcome(ok=True)
    if 200 <= status < 300:
        return Outcome(ok=False, reason=problem, transient=problem == "ratelimited")
    reason = f"HTTP {status}" + (f": {problem}" if problem else "")
    if status == TOO_MANY_REQUESTS:
        return Outcome(
            ok=False, reason=reason, transient=True, retry_after=retry_after(headers, body)
        )
    return Outcome(ok=False, reason=reason, transient=status >= 500)


def platform_error(body: dict[str, Any]) -> str:
    """The platform's own words for a failure: Graph, Telegram, Slack and Twilio differ."""
    error = body.get("error")
    if isinstance(error, dict):  # Graph API: {"error": {"message", "code", ...}}
        return mask_secrets(f"{error.get('message', '')} (code {error.get('code')})")
    if isinstance(error, str):  # Slack: {"ok": false, "error": "channel_not_found"}
        return mask_secrets(error)
    if "description" in body:  # Telegram: {"ok": false, "error_code": 400, "description"}
        return mask_secrets(str(body["description"]))
    if "message" in body:  # Twilio: {"code": 21211, "message": "...", "status": 400}
        return mask_secrets(f"{body['message']} (code {body.get('code')})")
    return ""


def retry_after(headers: Any, body: dict[str, Any]) -> float | None:
    """Seconds the platform asked us to wait: Retry-After, or Telegram's parameters."""
    raw = headers.get("Retry-After") if headers is not None else None
    if raw is None:
        raw = (body.get("parameters") or {}).get("retry_after")
    try:
        return max(0.0, float(raw)) if raw is not None else None
    except (TypeError, ValueError):
        return None


def connection_problem(error: aiohttp.ClientError) -> str:
    """A short description of a connection failure that never includes the URL."""
    if isinstance(error, aiohttp.ClientConnectorError):
        return f"cannot connect ({error.os_error.strerror or type(error.os_error).__name__})"
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return "the server closed the connection"
    return f"connection failed ({type(error).__name__})"
