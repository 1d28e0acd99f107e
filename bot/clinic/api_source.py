"""Clinic data from a clinic's own HTTP API, cached, and kept when the API is down or wrong."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable

import httpx

from bot.clinic.schema import Clinic
from bot.clinic.validation import parse_clinic
from bot.errors import ClinicFileError, ClinicUnavailableError

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 3.0
DEFAULT_CACHE_SECONDS = 60.0


class ClinicApiSource:
    """Fetches the clinic JSON (same shape as clinic.yml) at most once per cache period."""

    def __init__(
        self,
        url: str,
        procedure_ids: Iterable[str] | None = None,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
        cache_seconds: float = DEFAULT_CACHE_SECONDS,
        headers: dict[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.procedure_ids = None if procedure_ids is None else frozenset(procedure_ids)
        self.cache_seconds = cache_seconds
        self.last_error: str | None = None
        self._client = httpx.AsyncClient(
            timeout=timeout_seconds, headers=headers or {}, transport=transport
        )
        self._clock = clock
        self._clinic: Clinic | None = None
        self._fetched_at: float | None = None
        self._lock = asyncio.Lock()

    def describe(self) -> str:
        """Where the data comes from, for start-up logs."""
        return f"clinic API {self.url}"

    async def current(self) -> Clinic:
        """The cached clinic, refreshed when stale; on API failure stale data beats no answer."""
        if self._is_fresh():
            return self._clinic
        async with self._lock:
            if self._is_fresh():  # another request refreshed it while we waited
                return self._clinic
            return await self._refresh()

    async def aclose(self) -> None:
        """Close the HTTP connection pool (call on shutdown)."""
        await self._client.aclose()

    def _is_fresh(self) -> bool:
        return (
            self._clinic is not None
            and self._fetched_at is not None
            and self._clock() - self._fetched_at < self.cache_seconds
        )

    async def _refresh(self) -> Clinic:
        try:
            clinic = await self._fetch()
        except (httpx.HTTPError, ValueError, ClinicFileError) as error:
            self.last_error = _explain(error)
            if self._clinic is None:
                raise ClinicUnavailableError(
                    f"{self.url}: no clinic data yet ({self.last_error}); check that "
                    "PAINPATH_CLINIC_URL is right and the API answers with the clinic JSON"
                ) from error
            # retry after another cache period rather than on every message
            self._fetched_at = self._clock()
            log.warning("Clinic API failed, serving the last good copy: %s", self.last_error)
            return self._clinic
        self._clinic, self._fetched_at, self.last_error = clinic, self._clock(), None
        return clinic

    async def _fetch(self) -> Clinic:
        response = await self._client.get(self.url, headers={"Accept": "application/json"})
        response.raise_for_status()
        return parse_clinic(response.json(), self.url, self.procedure_ids)


def _explain(error: Exception) -> str:
    if isinstance(error, httpx.TimeoutException):
        return "the API did not answer in time"
    if isinstance(error, httpx.HTTPStatusError):
        return f"the API answered HTTP {error.response.status_code}"
    if isinstance(error, ClinicFileError):
        return f"the API sent invalid clinic data: {error}"
    if isinstance(error, ValueError):
        return "the API answer is not valid JSON"
    return f"cannot reach the API ({type(error).__name__}: {error})"
