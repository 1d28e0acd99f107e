"""Telegram: secret-token header required when configured; long payloads travel as numbers; the
webhook is registered in the background, so an unreachable Telegram never stops the server."""

from __future__ import annotations

import asyncio
import logging

import pytest
from channel_test_support import payload_bytes

from bot.channels.status import FAILING, OK, REGISTERING, all_channels
from bot.channels.telegram import SignedTelegramInput
from bot.errors import ContentError
from tests.fake_platforms import Answer, FakePlatforms

SECRET = "riverbend_Secret-0123456789"
TOKEN = "123456:TEST-token-riverbend"
JSON = {"Content-Type": "application/json"}
WEBHOOK_URL = "https://bot.riverbend.example/webhooks/telegram/webhook"


def telegram_channel(secret_token: str | None = SECRET) -> SignedTelegramInput:
    return SignedTelegramInput.from_credentials(
        {
            "access_token": TOKEN,
            "verify": "painpath_demo_bot",
            "webhook_url": WEBHOOK_URL,
            "secret_token": secret_token,
        }
    )


def sent_messages(platforms: FakePlatforms) -> list[dict]:
    return [c.body for c in platforms.calls_to("telegram") if c.path.endswith("/sendMessage")]


async def test_secret_header_lets_the_message_through(channel_client, agent, platforms) -> None:
    headers = {**JSON, "X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with channel_client(telegram_channel()) as client:
        response = await client.post(
            "/webhooks/telegram/webhook",
            content=payload_bytes("telegram_message.json"),
            headers=headers,
        )
    assert response.status_code == 200
    assert agent.texts == ["What is radiofrequency ablation?"]
    (registration,) = [c for c in platforms.calls_to("telegram") if "setWebhook" in c.path]
    assert registration.path == f"/bot{TOKEN}/setWebhook"
    assert registration.body == {"url": WEBHOOK_URL, "secret_token": SECRET}


@pytest.mark.parametrize("secret_header", [None, "guessed-secret"])
async def test_missing_or_wrong_secret_gets_403(
    channel_client, agent, caplog, secret_header
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
    channel_client, agent, caplog
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


def test_malformed_secret_token_is_a_set_up_error() -> None:
    with pytest.raises(ContentError, match="secret_token.*letters, digits"):
        telegram_channel(secret_token="has spaces and ünïcode")


async def test_long_payload_button_is_sent_as_its_number_and_mapped_back(
    channel_client, agent, platforms
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

    keyboard = sent_messages(platforms)[0]["reply_markup"]["inline_keyboard"]
    assert [row[0]["callback_data"] for row in keyboard] == ["/ask_what_is", "2"]
    assert agent.texts[1] == long_payload


async def test_the_start_button_is_answered_as_a_greeting(channel_client, agent) -> None:
    start = payload_bytes("telegram_message.json").replace(
        b"What is radiofrequency ablation?", b"/start"
    )
    headers = {**JSON, "X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with channel_client(telegram_channel()) as client:
        await client.post("/webhooks/telegram/webhook", content=start, headers=headers)
    assert agent.texts == ["/greet"]


async def test_an_unreachable_telegram_leaves_the_channel_registering_and_serving(
    channel_client, agent, platforms, caplog
) -> None:
    caplog.set_level(logging.INFO)
    platforms.always("telegram", Answer(503, {"ok": False, "description": "Bad Gateway"}))
    headers = {**JSON, "X-Telegram-Bot-Api-Secret-Token": SECRET}
    channel = telegram_channel()
    async with channel_client(channel) as client:
        for _ in range(200):
            if channel.registration.attempts >= 2:
                break
            await client.settle()
            await asyncio.sleep(0.02)
        status = all_channels()["telegram"]
        assert status["state"] == REGISTERING
        assert "Telegram setWebhook failed" in status["detail"]
        assert "HTTP 503: Bad Gateway" in status["detail"]
        response = await client.post(
            "/webhooks/telegram/webhook",
            content=payload_bytes("telegram_message.json"),
            headers=headers,
        )
        assert response.status_code == 200
        assert agent.texts == ["What is radiofrequency ablation?"]

        platforms.always("telegram", None)  # Telegram is back
        for _ in range(200):
            if all_channels()["telegram"]["state"] != REGISTERING:
                break
            await asyncio.sleep(0.02)
        status = all_channels()["telegram"]
        assert status["state"] == FAILING, "the reply sent while Telegram was down was dropped"
        assert status["dropped"] == 1 and "HTTP 503" in status["detail"]
        await client.post(
            "/webhooks/telegram/webhook",
            content=payload_bytes("telegram_message.json"),
            headers=headers,
        )
    assert all_channels()["telegram"]["state"] == OK
    assert all_channels()["telegram"]["delivered"] == 1
    assert "Every other channel keeps serving" in caplog.text
    assert "check access_token" in caplog.text
    assert TOKEN not in caplog.text
