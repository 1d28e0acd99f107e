"""REST and Socket.IO input channels, at the usual URLs, that answer every message kindly.

credentials.yml names them instead of `rest:` and `socketio:`. Each wraps Rasa's channel: the
REST webhook rejects malformed requests with a 400, and every message goes through a TurnGuard,
so a down or slow action server, an error or an empty answer still gives the patient a reply
with the clinic's phone. The REST channel also answers `GET /health` at the server's root with
every channel's state (bot/channels/status.py). The Socket.IO channel treats a `user_uttered`
event without a `message` (what rasa-webchat sends when a session starts and no initPayload is
set) as "a session started", not as an empty message to answer.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint
from sanic.request import Request

from bot.channels.status import WithRootHealth, track_channel
from bot.resilience.fallback_reply import FallbackReplies
from bot.resilience.message_checks import rest_payload
from bot.resilience.settings import ResilienceSettings
from bot.resilience.turn_guard import OnNewMessage, TurnGuard

logger = logging.getLogger(__name__)


def guarded(on_new_message: OnNewMessage) -> TurnGuard:
    """A TurnGuard configured from the environment and the clinic file."""
    return TurnGuard(on_new_message, FallbackReplies.from_env(), ResilienceSettings.from_env())


class GuardedRestInput(RestInput):
    """Rasa's REST channel (same `/webhooks/rest/webhook` URL) with request checks and a guard."""

    async def _extract_sender(self, req: Request) -> str:
        return rest_payload(req).sender

    def _extract_message(self, req: Request) -> str:
        return rest_payload(req).message

    def _extract_input_channel(self, req: Request) -> str:
        return rest_payload(req).input_channel or self.name()

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        return rest_payload(request).metadata

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Rasa's REST webhook with the guard, mounted together with the root `/health`."""
        track_channel(self.name())
        blueprint = super().blueprint(guarded(on_new_message))
        return WithRootHealth(blueprint)


class GuardedSocketIOInput(SocketIOInput):
    """Rasa's Socket.IO channel (same path and events, for the widget) with the guard."""

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        track_channel(self.name())
        blueprint = super().blueprint(guarded(on_new_message))
        self._ignore_session_start_events()
        return blueprint

    def _ignore_session_start_events(self) -> None:
        """Let Rasa's handler see only `user_uttered` events that carry a message."""
        handlers = self.sio.handlers[self.namespace or "/"]
        rasa_handler = handlers[self.user_message_evt]

        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict) or data.get("message") is None:
                logger.debug("Socket.IO session started without a message: nothing to answer")
                return
            await rasa_handler(sid, data)

        self.sio.on(self.user_message_evt, handle_message, namespace=self.namespace)
