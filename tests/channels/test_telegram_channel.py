"""Telegram: secret-token header required when configured; long payloads travel as numbers."""

from __future__ import annotations

import logging
from types import SimpleNamespace
from unittest.mock import AsyncMock

import pytest
from channel_test_support import payload_bytes
from rasa.core.channels.telegram import TelegramOutput

from bot.channels.telegram import FormattedTelegramOutput, SignedTelegramInput
from bot.errors import ContentError

SECRET = "riverbend_Secret-0123456789"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def telegram_api(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Stands in for api.telegram.org: webhook registration, get_me and sent messages."""
    api = SimpleNamespace(
        set_webhook=AsyncMock(return_value=True),
        send_message=AsyncMock(),
        get_me=AsyncMock(return_value=SimpleNamespace(username="painpath_demo_bot")),
    )
    monkeypatch.setattr(FormattedTelegramOutput, "set_webhook", api.set_webhook)
    monkeypatch.setattr(TelegramOutput, "send_message", api.send_message)
    monkeypatch.setattr(TelegramOutput, "get_me", api.get_me)
    return api


def telegram_channel(secret_token: str | None = SECRET) -> SignedTelegramInput:
    return SignedTelegramInput.from_credentials(
        {
            "access_token": "123456:TEST-token",
            "verify": "painpath_demo_bot",
            "webhook_url": "https://bot.riverbend.example/webhooks/telegram/webhook",
            "secret_token": secret_token,
        }
    )


async def test_secret_header_lets_the_message_through(channel_client, agent, telegram_api) -> None:
    headers = {**JSON, "X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with channel_client(telegram_channel()) as client:
        response = await client.post(
            "/webhooks/telegram/webhook",
            content=payload_bytes("telegram_message.json"),
            headers=headers,
        )
    assert response.status_code == 200
    assert agent.texts == ["What is radiofrequency ablation?"]
    telegram_api.set_webhook.assert_awaited_once_with(
        "https://bot.riverbend.example/webhooks/telegram/webhook", secret_token=SECRET
    )


@pytest.mark.parametrize("secret_header", [None, "guessed-secret"])
async def test_missing_or_wrong_secret_gets_403(
    channel_client, agent, telegram_api, caplog, secret_header
) -> None:
    caplog.set_level(logging.WARNING)
    headers = dict(JSON)
    if secret_header:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret_header
    async with channel_client(telegram_channel()) as client:
        response = await client.post(
            "/webhooks/telegram/webhook",
            content=payload_bytes("telegram_message.json"),
            headers=headers,
        )
    assert response.status_code == 403
    assert agent.received == []
    assert "X-Telegram-Bot-Api-Secret-Token" in caplog.text


async def test_without_secret_token_requests_pass_with_a_warning(
    channel_client, agent, telegram_api, caplog
) -> None:
    caplog.set_level(logging.WARNING)
    async with channel_client(telegram_channel(secret_token=None)) as client:
        await client.post(
            "/webhooks/telegram/webhook",
            content=payload_bytes("telegram_message.json"),
            headers=JSON,
        )
    assert len(agent.received) == 1
    assert "secret_token is not set" in caplog.text


def test_malformed_secret_token_is_a_set_up_error(telegram_api) -> None:
    with pytest.raises(ContentError, match="secret_token.*letters, digits"):
        telegram_channel(secret_token="has spaces and ünïcode")


async def test_long_payload_button_is_sent_as_its_number_and_mapped_back(
    channel_client, agent, telegram_api
) -> None:
    long_payload = (
        '/ask_prepare{"procedure":"transforaminal_esi","topic":"prepare_with_blood_thinners"}'
    )
    agent.replies = [
        {
            "text": "What would you like to know?",
            "buttons": [
                {"title": "What it is", "payload": "/ask_what_is"},
                {"title": "How to prepare", "payload": long_payload},
            ],
        }
    ]
    headers = {**JSON, "X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with channel_client(telegram_channel()) as client:
        await client.post(
            "/webhooks/telegram/webhook",
            content=payload_bytes("telegram_message.json"),
            headers=headers,
        )
        agent.replies = []
        await client.post(
            "/webhooks/telegram/webhook",
            content=payload_bytes("telegram_callback.json"),
            headers=headers,
        )

    keyboard = telegram_api.send_message.await_args_list[0].kwargs["reply_markup"].inline_keyboard
    assert [row[0].callback_data for row in keyboard] == ["/ask_what_is", "2"]
    assert agent.texts[1] == long_payload
