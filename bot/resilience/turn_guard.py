"""Every message gets a reply: when the answer fails, times out or is empty, a kind one is added."""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.resilience.forwarding import ForwardingOutputChannel
from bot.resilience.message_checks import readable_text

if TYPE_CHECKING:
    from bot.resilience.fallback_reply import FallbackReplies
    from bot.resilience.settings import ResilienceSettings

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


@dataclass
class TurnOutcome:
    """What happened while answering one message: bot messages sent, action-server failures."""

    messages_sent: int = 0
    action_failures: int = 0


_current_turn: contextvars.ContextVar[TurnOutcome | None] = contextvars.ContextVar(
    "painpath_current_turn", default=None
)


def current_turn() -> TurnOutcome | None:
    """The turn being answered in this task, if a TurnGuard started it."""
    return _current_turn.get()


class WatchedOutputChannel(ForwardingOutputChannel):
    """Passes every bot message to the real channel and counts it for the turn."""

    def __init__(self, inner: OutputChannel, outcome: TurnOutcome) -> None:
        super().__init__(inner)
        self.outcome = outcome

    def _on_send(self) -> None:
        self.outcome.messages_sent += 1


class TurnGuard:
    """Wraps a channel's `on_new_message` so the patient always reads something kind."""

    def __init__(
        self,
        on_new_message: OnNewMessage,
        replies: FallbackReplies,
        settings: ResilienceSettings,
    ) -> None:
        self._on_new_message = on_new_message
        self._replies = replies
        self._settings = settings

    @classmethod
    def from_env(cls, on_new_message: OnNewMessage) -> TurnGuard:
        """A guard configured from the environment and the clinic file (what channels use)."""
        from bot.resilience.fallback_reply import FallbackReplies
        from bot.resilience.settings import ResilienceSettings

        return cls(on_new_message, FallbackReplies.from_env(), ResilienceSettings.from_env())

    async def __call__(self, message: UserMessage) -> None:
        """Answer the message; add the fallback when the answer failed, was late or was empty."""
        channel = message.output_channel
        message.text = readable_text(message.text)
        if len(message.text) > self._settings.max_message_chars:
            logger.info("Message of %d characters not processed (too long)", len(message.text))
            text = await self._replies.message_too_long(self._settings.max_message_chars)
            await channel.send_text_message(message.sender_id, text)
            return
        if not any(character.isalnum() for character in message.text):
            # Nothing the model could read (empty, emoji, markup only): its guess would be noise.
            await channel.send_text_message(message.sender_id, await self._replies.no_words())
            return
        outcome = TurnOutcome()
        message.output_channel = WatchedOutputChannel(channel, outcome)
        problem = await self._answer(message, outcome)
        if problem is not None:
            logger.warning(
                "No proper answer for sender %s (%s): fallback sent", message.sender_id, problem
            )
            await _send_fallback(channel, message.sender_id, await self._replies.service_trouble())

    async def _answer(self, message: UserMessage, outcome: TurnOutcome) -> str | None:
        """Run the turn within the deadline; return why the patient needs the fallback, if so."""
        token = _current_turn.set(outcome)
        try:
            task = asyncio.ensure_future(self._on_new_message(message))
        finally:
            _current_turn.reset(token)
        try:
            # shield: past the deadline the turn still finishes, so the conversation is saved.
            await asyncio.wait_for(asyncio.shield(task), self._settings.reply_deadline_seconds)
        except asyncio.TimeoutError:
            task.add_done_callback(_log_late_failure)
            return f"no answer within {self._settings.reply_deadline_seconds:g} s"
        except Exception:  # noqa: BLE001 - whatever broke, the patient still gets a reply
            logger.exception("Answering a message failed")
            return "error while answering"
        if outcome.action_failures:
            return "action server failed"
        if outcome.messages_sent == 0:
            return "no bot message"
        return None


async def _send_fallback(channel: OutputChannel, recipient_id: str, text: str) -> None:
    """Send the kind reply; if the channel itself is down (SMS API unreachable), log it."""
    try:
        await channel.send_text_message(recipient_id, text)
    except Exception:  # noqa: BLE001 - nothing more can reach the patient; the log must say so
        logger.exception("The fallback reply could not be sent to %s", recipient_id)


def _log_late_failure(task: asyncio.Future) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("A late answer failed", exc_info=task.exception())
