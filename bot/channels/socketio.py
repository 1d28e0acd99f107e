"""Rasa's Socket.IO channel (same path and events; the website widget), answering every message
kindly.

credentials.yml names it instead of `socketio:`. Every message goes through a TurnGuard, so a
down or slow action server, an error or an empty answer still gives the patient a reply with the
clinic's phone. A `user_uttered` event without a `message` (what rasa-webchat sends when a
session starts and no initPayload is set) is "a session started", not an empty message to answer.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from bot.channels.status import track_channel
from bot.resilience.turn_guard import OnNewMessage, TurnGuard
from bot.server import close_action_session_on_stop

logger = logging.getLogger(__name__)


class GuardedSocketIOInput(SocketIOInput):
    """Rasa's Socket.IO channel (same path and events, for the widget) with the guard."""

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        track_channel(self.name())
        blueprint = super().blueprint(TurnGuard.from_env(on_new_message))
        close_action_session_on_stop(blueprint)
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
