"""Rasa's REST channel at the usual URL (`/webhooks/rest/webhook`), answering every message kindly.

credentials.yml names it instead of `rest:`. Malformed requests get a 400
(bot/resilience/message_checks.py), and every message goes through a TurnGuard, so a down or slow
action server, an error or an empty answer still gives the patient a reply with the clinic's
phone. It also answers `GET /health` at the server's root with every channel's state
(bot/channels/status.py).
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.request import Request

from bot.channels.status import WithRootHealth, track_channel
from bot.resilience.message_checks import rest_payload
from bot.resilience.turn_guard import OnNewMessage, TurnGuard
from bot.server import close_action_session_on_stop


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
        blueprint = super().blueprint(TurnGuard.from_env(on_new_message))
        close_action_session_on_stop(blueprint)
        return WithRootHealth(blueprint)
