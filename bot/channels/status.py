"""What each channel of this server is doing, for `GET /health` and the launcher's status lines.

A channel is `ok`, `registering` (it could not register with its platform at start-up, Telegram's
webhook, and keeps trying in the background) or `failing` (its last reply could not be delivered
after every retry). One channel's trouble never stops the others; this makes it visible.
Each server process (Sanic worker) keeps its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

OK = "ok"
REGISTERING = "registering"
FAILING = "failing"


@dataclass
class ChannelStatus:
    """One channel's state; counts replies delivered and dropped since start-up."""

    name: str
    registration_problem: str | None = None
    last_drop: str | None = None
    delivered: int = 0
    dropped: int = 0

    @property
    def state(self) -> str:
        if self.registration_problem is not None:
            return REGISTERING
        return FAILING if self.last_drop is not None else OK

    @property
    def detail(self) -> str:
        if self.registration_problem is not None:
            return self.registration_problem
        return f"last reply dropped: {self.last_drop}" if self.last_drop is not None else ""

    def reply_delivered(self) -> None:
        self.delivered += 1
        self.last_drop = None

    def reply_dropped(self, reason: str) -> None:
        self.dropped += 1
        self.last_drop = reason

    def as_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "detail": self.detail,
            "delivered": self.delivered,
            "dropped": self.dropped,
        }


_channels: dict[str, ChannelStatus] = {}


def track_channel(name: str) -> ChannelStatus:
    """A fresh status for a channel being built (replacing one of an earlier build)."""
    status = ChannelStatus(name)
    _channels[name] = status
    return status


def all_channels() -> dict[str, dict[str, Any]]:
    """Every tracked channel's state, by name."""
    return {name: status.as_json() for name, status in sorted(_channels.items())}


def health() -> dict[str, Any]:
    """`ok` when every channel is, else `degraded`; the server itself answers either way."""
    channels = all_channels()
    everything_ok = all(channel["state"] == OK for channel in channels.values())
    return {"status": "ok" if everything_ok else "degraded", "channels": channels}


class WithRootHealth(Blueprint):
    """Rasa mounts each channel's blueprint under /webhooks/<name>/; this wrapper mounts it so,
    and also answers `GET /health` at the server's root with every channel's state."""

    def __init__(self, inner: Blueprint) -> None:
        super().__init__(f"{inner.name}_with_health")
        self.ctx.inner = inner

        @self.get("/health")
        async def channel_health(_: Request) -> HTTPResponse:
            return response.json(health())

    def register(self, app: Any, options: dict[str, Any]) -> None:
        super().register(app, {**options, "url_prefix": ""})
        app.blueprint(self.ctx.inner, **options)
