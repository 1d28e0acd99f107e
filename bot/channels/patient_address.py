"""The output channel of one message whose conversation id is a pseudonym: replies addressed to
the pseudonym go to the patient's real address (bot/privacy/sender_ids.py says why)."""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import OutputChannel


class RepliesToPatient(OutputChannel):
    """Wraps the channel's own output; swaps the pseudonym for the real address on every send."""

    def __init__(self, inner: OutputChannel, pseudonym: str, address: str) -> None:
        self.inner = inner
        self._pseudonym = pseudonym
        self._address = address

    def name(self) -> str:  # type: ignore[override]  # the wrapped channel's, for its responses
        return self.inner.name()

    def _to(self, recipient_id: str) -> str:
        return self._address if recipient_id == self._pseudonym else recipient_id

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        await self.inner.send_response(self._to(recipient_id), message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.inner.send_text_message(self._to(recipient_id), text, **kwargs)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.inner.send_image_url(self._to(recipient_id), image, **kwargs)

    async def send_attachment(self, recipient_id: str, attachment: str, **kwargs: Any) -> None:
        await self.inner.send_attachment(self._to(recipient_id), attachment, **kwargs)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.inner.send_text_with_buttons(self._to(recipient_id), text, buttons, **kwargs)

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.inner.send_quick_replies(self._to(recipient_id), text, quick_replies, **kwargs)

    async def send_elements(self, recipient_id: str, elements: Any, **kwargs: Any) -> None:
        await self.inner.send_elements(self._to(recipient_id), elements, **kwargs)

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        await self.inner.send_custom_json(self._to(recipient_id), json_message, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
