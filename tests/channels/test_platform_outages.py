"""When a platform's API hangs or fails, the webhook still answers at once, other patients are
still answered, the reply is retried and then dropped with a log line, and no token is logged."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time

import pytest
from channel_test_support import hex_hmac, payload_bytes, twilio_signature

from bot.channels.messenger import SignedMessengerInput
from bot.channels.rest import GuardedRestInput
from bot.channels.status import all_channels
from bot.channels.twilio import SignedTwilioInput
from tests.fake_platforms import Answer, FakePlatforms

APP_SECRET = "meta-app-secret-0123456789"
PAGE_TOKEN = "EAAGpainpathPAGEtoken0123456789"
TWILIO_TOKEN = "test-auth-token-0123456789"
TWILIO_URL = "https://bot.riverbend.example/webhooks/twilio/webhook"
JSON = {"Content-Type": "application/json"}


def messenger_channel() -> SignedMessengerInput:
    credentials = {
        "verify": "riverbend-verify",
        "secret": APP_SECRET,
        "page-access-token": PAGE_TOKEN,
    }
    return SignedMessengerInput.from_credentials(credentials)


def twilio_channel() -> SignedTwilioInput:
    return SignedTwilioInput.from_credentials(
        {
            "account_sid": "AC0123456789abcdef0123456789abcdef",
            "auth_token": TWILIO_TOKEN,
            "twilio_number": "+15555550100",
            "webhook_url": TWILIO_URL,
        }
    )


def signed(body: bytes) -> dict[str, str]:
    return {**JSON, "X-Hub-Signature-256": "sha256=" + hex_hmac(APP_SECRET, body, hashlib.sha256)}


async def test_signed_webhook_gets_200_while_the_graph_api_hangs_and_rest_is_answered(
    channel_client, agent, platforms: FakePlatforms, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    platforms.hang("graph")
    agent.replies = [{"text": "A nerve block takes about 15 to 30 minutes."}]
    channel = messenger_channel()
    body = payload_bytes("messenger_message.json")
    async with channel_client(channel, GuardedRestInput()) as client:
        started = time.monotonic()
        webhook = await client.post(
            "/webhooks/facebook/webhook", content=body, headers=signed(body), settle=False
        )
        webhook_seconds = time.monotonic() - started
        await asyncio.sleep(0.1)  # the reply is now waiting on the hanging Graph API

        started = time.monotonic()
        rest = await client.post(
            "/webhooks/rest/webhook",
            json={"sender": "another-patient", "message": "what are your hours?"},
            settle=False,
        )
        rest_seconds = time.monotonic() - started
        assert channel.work.deliveries.pending == 1, "Messenger's reply is still being tried"
        await client.settle()

    assert webhook.status_code == 200 and webhook_seconds < 1.0
    assert rest.status_code == 200 and rest_seconds < 1.0
    assert rest.json() == [{"recipient_id": "another-patient", "text": agent.replies[0]["text"]}], (
        "another patient is answered while the Graph API hangs"
    )

    sends = platforms.calls_to("graph")
    assert len(sends) == 3, "tried once and retried twice (PAINPATH_PLATFORM_ATTEMPTS=3)"
    assert all(call.path == "/v26.0/me/messages" for call in sends)
    assert all(call.headers["Authorization"] == f"Bearer {PAGE_TOKEN}" for call in sends)
    assert sends[0].body["recipient"] == {"id": "7012345678901234"}
    drop = [r for r in caplog.records if "a reply to a patient was dropped" in r.getMessage()]
    assert len(drop) == 1 and drop[0].levelno == logging.ERROR
    assert "Graph API send failed after 3 attempts: no answer within 0.5 s" in drop[0].getMessage()
    assert all_channels()["facebook"]["state"] == "failing"
    assert PAGE_TOKEN not in caplog.text
    assert APP_SECRET not in caplog.text


async def test_a_failed_send_is_never_a_5xx_to_the_platform(
    channel_client, agent, platforms: FakePlatforms, caplog: pytest.LogCaptureFixture
) -> None:
    platforms.always("graph", Answer(500, {"error": {"message": "An unknown error", "code": 1}}))
    body = payload_bytes("messenger_batch.json")
    async with channel_client(messenger_channel()) as client:
        response = await client.post(
            "/webhooks/facebook/webhook", content=body, headers=signed(body)
        )
    assert response.status_code == 200
    assert agent.texts == ["hello", "what are your hours?"]
    assert len(platforms.calls_to("graph")) == 6, "each patient's fallback tried 3 times"
    assert "HTTP 500: An unknown error (code 1)" in caplog.text


async def test_a_rejected_send_is_not_retried(
    channel_client, agent, platforms: FakePlatforms, caplog: pytest.LogCaptureFixture
) -> None:
    rejection = {"code": 21211, "message": "The 'To' number is not a valid phone number."}
    platforms.always("twilio", Answer(400, rejection))
    form = payload_bytes("twilio_sms.form")
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": twilio_signature(TWILIO_TOKEN, TWILIO_URL, form),
    }
    async with channel_client(twilio_channel()) as client:
        response = await client.post("/webhooks/twilio/webhook", content=form, headers=headers)
    assert response.status_code == 204
    assert len(platforms.calls_to("twilio")) == 1
    assert "failed after 1 attempt: HTTP 400: The 'To' number is not a valid" in caplog.text
    assert TWILIO_TOKEN not in caplog.text


async def test_rate_limited_send_waits_as_asked_then_goes_through(
    channel_client, agent, platforms: FakePlatforms
) -> None:
    platforms.answer(
        "twilio", Answer(429, {"message": "Too Many Requests"}, {"Retry-After": "0.3"})
    )
    agent.replies = [{"text": "Yes, we take Medicare."}]
    form = payload_bytes("twilio_sms.form")
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": twilio_signature(TWILIO_TOKEN, TWILIO_URL, form),
    }
    async with channel_client(twilio_channel()) as client:
        started = time.monotonic()
        await client.post("/webhooks/twilio/webhook", content=form, headers=headers)
        took = time.monotonic() - started
    first, second = platforms.calls_to("twilio")
    assert (
        first.body
        == second.body
        == {
            "To": "+15555550123",
            "From": "+15555550100",
            "Body": "Yes, we take Medicare.",
        }
    )
    assert second.path == "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json"
    assert second.headers["Authorization"].startswith("Basic ")
    assert took >= 0.3, "Retry-After was honoured"


async def test_the_parts_of_a_long_reply_arrive_in_order_even_when_one_needs_retries(
    channel_client, agent, platforms: FakePlatforms
) -> None:
    platforms.answer("twilio", Answer(503), Answer(503))
    sentence = "Keep a short pain diary for the first few hours after the block. "
    agent.replies = [{"text": sentence * 40}, {"text": "Call us with any questions."}]
    form = payload_bytes("twilio_sms.form")
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": twilio_signature(TWILIO_TOKEN, TWILIO_URL, form),
    }
    async with channel_client(twilio_channel()) as client:
        await client.post("/webhooks/twilio/webhook", content=form, headers=headers)
    bodies = [call.body["Body"] for call in platforms.calls_to("twilio")]
    assert len(bodies) == 5, "the first part failed twice, then each of the 3 parts went once"
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[3].endswith("block.") and bodies[4] == "Call us with any questions."


async def test_a_full_queue_answers_503_so_the_platform_retries_later(
    channel_client, agent, platforms: FakePlatforms
) -> None:
    channel = messenger_channel()
    channel.work.turns.max_pending = 0
    body = payload_bytes("messenger_message.json")
    async with channel_client(channel) as client:
        response = await client.post(
            "/webhooks/facebook/webhook", content=body, headers=signed(body)
        )
    assert response.status_code == 503
    assert agent.received == []


async def test_health_shows_every_channels_state(channel_client, agent, platforms) -> None:
    platforms.always("twilio", Answer(503))
    form = payload_bytes("twilio_sms.form")
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": twilio_signature(TWILIO_TOKEN, TWILIO_URL, form),
    }
    async with channel_client(twilio_channel(), GuardedRestInput()) as client:
        healthy = (await client.get("/health")).json()
        await client.post("/webhooks/twilio/webhook", content=form, headers=headers)
        degraded = (await client.get("/health")).json()
    assert healthy["status"] == "ok"
    assert healthy["channels"]["rest"] == {
        "state": "ok",
        "detail": "",
        "delivered": 0,
        "dropped": 0,
    }
    assert degraded["status"] == "degraded"
    assert degraded["channels"]["twilio"]["state"] == "failing"
    assert degraded["channels"]["twilio"]["dropped"] == 1
    assert "HTTP 503" in degraded["channels"]["twilio"]["detail"]
    assert degraded["channels"]["rest"]["state"] == "ok"
