"""Failed sign-ins are limited per staff name and per address, in this process's memory.

The widget server runs as one process, so memory is enough; with several processes each would
keep its own count (a limit per process, not per clinic). A success clears the name's count.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field


@dataclass
class SlidingWindow:
    """How many failures a key had within the last `window` seconds."""

    limit: int
    window: float
    failures: dict[str, deque[float]] = field(default_factory=dict)
    max_keys: int = 10_000

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self.failures.get(key)
        if times is None:
            if len(self.failures) >= self.max_keys:
                self._forget_stale(now)
            times = self.failures[key] = deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def _forget_stale(self, now: float) -> None:
        for key in [k for k, t in self.failures.items() if not t or t[-1] <= now - self.window]:
            del self.failures[key]
        while len(self.failures) >= self.max_keys:  # still full: drop the oldest entry
            self.failures.pop(next(iter(self.failures)))

    def retry_after(self, key: str, now: float) -> float:
        """Seconds until another try is allowed (0 when allowed now)."""
        times = self._recent(key, now)
        if len(times) < self.limit:
            return 0.0
        return times[0] + self.window - now

    def fail(self, key: str, now: float) -> None:
        self._recent(key, now).append(now)

    def clear(self, key: str) -> None:
        self.failures.pop(key, None)


class LoginRateLimiter:
    """At most `per_user` failed sign-ins per name and `per_address` per address in `window`."""

    def __init__(self, per_user: int = 5, per_address: int = 20, window: float = 900.0) -> None:
        self.by_user = SlidingWindow(per_user, window)
        self.by_address = SlidingWindow(per_address, window)

    def retry_after(self, user: str, address: str, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        return max(self.by_user.retry_after(user, now), self.by_address.retry_after(address, now))

    def failed(self, user: str, address: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        self.by_user.fail(user, now)
        self.by_address.fail(address, now)

    def succeeded(self, user: str) -> None:
        self.by_user.clear(user)
