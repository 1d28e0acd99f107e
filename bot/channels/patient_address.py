"""The output channel of one message whose conversation id is a pseudonym: replies addressed to
the pseudonym go to the patient's real address (bot/privacy/sender_ids.py says why)."""

from __future__ import annotations

from rasa.core.channels.channel import OutputChannel

from bot.resilience.forwarding import ForwardingOutputChannel


class RepliesToPatient(ForwardingOutputChannel):
    """Wraps the channel's own output; swaps the pseudonym for the real address on every send."""

    def __init__(self, inner: OutputChannel, pseudonym: str, address: str) -> None:
        super().__init__(inner)
        self._pseudonym = pseudonym
        self._address = address

    def _recipient(self, recipient_id: str) -> str:
        return self._address if recipient_id == self._pseudonym else recipient_id
