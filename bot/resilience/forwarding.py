"""An output channel that sends through another one, so a wrapper changes only what it must."""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import OutputChannel


class ForwardingOutputChannel(OutputChannel):
    """Forwards every send to `inner`. Subclasses override `_recipient` (who gets it) or
    `_on_send` (note that something was sent)."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner

    def name(self) -> str:  # type: ignore[override] - the real channel's name picks responses
        return self.inner.name()

    def _recipient(self, recipient_id: str) -> str:
        return recipient_id

    def _on_send(self) -> None:
        return None

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self._on_send()
        await self.inner.send_response(self._recipient(recipient_id), message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        self._on_send()
        await self.inner.send_text_message(self._recipient(recipient_id), text, **kwargs)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        self._on_send()
        await self.inner.send_image_url(self._recipient(recipient_id), image, **kwargs)

    async def send_attachment(self, recipient_id: str, attachment: str, **kwargs: Any) -> None:
        self._on_send()
        await self.inner.send_attachment(self._recipient(recipient_id), attachment, **kwargs)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        self._on_send()
        await self.inner.send_text_with_buttons(
            self._recipient(recipient_id), text, buttons, **kwargs
        )

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        self._on_send()
        await self.inner.send_quick_replies(
            self._recipient(recipient_id), text, quick_replies, **kwargs
        )

    async def send_elements(self, recipient_id: str, elements: Any, **kwargs: Any) -> None:
        self._on_send()
        await self.inner.send_elements(self._recipient(recipient_id), elements, **kwargs)

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        self._on_send()
        await self.inner.send_custom_json(self._recipient(recipient_id), json_message, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
